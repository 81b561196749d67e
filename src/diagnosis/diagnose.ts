import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { type Finding, SEVERITY_RANK } from '../core/define-rule.js';
import { isLoopbackHost } from '../core/loopback.js';
import type { CauseId, Environment } from '../core/ids.js';
import { discoverLogFiles, isLogFileName } from '../evidence/diagnose/discover-logs.js';
import { addHealthCheckEvidence } from '../evidence/diagnose/from-health-checks.js';
import { addKeepaliveEvidence } from '../evidence/diagnose/from-keepalive.js';
import { addLintEvidence, findingPath, SEVERITY_STRENGTH } from '../evidence/diagnose/from-lint.js';
import { addListenerEvidence } from '../evidence/diagnose/from-listeners.js';
import { addTimeoutEvidence } from '../evidence/diagnose/from-timeouts.js';
import { findListenAnnouncements, readListenAnnouncements } from '../evidence/diagnose/listen-announcements.js';
import { APPLICATION_LOG_FORMATS, findRequestDurations, readRequestDurations } from '../evidence/diagnose/request-durations.js';
import { addLogEvidence, LOGS_GROUP } from '../evidence/diagnose/from-logs.js';
import { addMessageEvidence, MESSAGE_GROUP } from '../evidence/diagnose/from-message.js';
import { addProbeEvidence, PROBE_GROUP } from '../evidence/diagnose/from-probe.js';
import { type Evidence, EvidenceCollector } from '../evidence/diagnose/model.js';
import { matchPath, pathsForUpstream } from '../evidence/diagnose/upstream-match.js';
import type { ResolvedPath, Topology } from '../evidence/topology/model.js';
import { addressOf, hostPort } from '../evidence/log-summary/upstream-key.js';
import { displayPath } from '../inputs/config/read-config-file.js';
import { displayLine } from '../inputs/text/sanitize.js';
import { causeById } from '../knowledge/causes/index.js';
import type { ProbeTarget } from '../probes/target.js';
import { combineEvidence, type Scored } from './diagnose/combine.js';
import { READS_AS } from './diagnose/compatibility.js';
import { fixesForCauses, lintFix } from './diagnose/fixes.js';
import { chooseVantage, planProbes, probeFrom } from './diagnose/live.js';
import { pathHeadline, productWords, runtimeWords } from './diagnose/narrative.js';
import { nextChecks } from './diagnose/next-checks.js';
import { reasoningSteps } from './diagnose/reasoning.js';
import { failingUpstreams, relevanceOf } from './diagnose/relevance.js';
import type { DiagnoseCheck, DiagnoseFix, DiagnoseReport, DiagnoseVerdict, RankedHypothesis, RuledOut } from './diagnose/report.js';
import type { ExplainReport } from './explain.js';
import type { LintResult } from './lint.js';
import type { LogsReport } from './logs.js';
import type { LogSummary } from '../evidence/log-summary/types.js';
import type { Placeholders } from './next-steps.js';

/**
 * `updoc diagnose`: one verdict from every kind of evidence. Discovers configs (lint's discovery) and logs in the
 * directory, reads `--logs`, `--message`, probes `--target`s and (with `--live`) what the configs point at from the
 * proxy's vantage; turns each observation into evidence (src/evidence/diagnose/), combines it over the taxonomy
 * (./diagnose/combine.ts) and follows the field guide's decision tree to a verdict, fixes and next checks.
 * Unreadable inputs are listed ("could not read X") and the rest is still used. The lab calls this function.
 */

export interface DiagnoseOptions {
  /** Project directories or files (configs; files named like logs are read as logs). */
  paths: readonly string[];
  /** Log files, directories or globs (`-` for standard input). */
  logs?: readonly string[];
  /** URLs to probe. */
  targets?: readonly string[];
  /** Where to probe from: `netns:NAME`, `pid:PID`; implies probing the configs' targets. */
  from?: string;
  /** Pasted error messages or log excerpts. */
  messages?: readonly string[];
  environment?: Environment;
  context?: string;
  /** Probe what the configs point at. */
  live?: boolean;
  /** Default: process.cwd(). Display paths are relative to it. */
  cwd?: string;
  stdin?: NodeJS.ReadableStream;
  /** Finds the process of a proxy's container (default: asks docker); tests replace it. */
  findProxyPid?: (proxy: import('../evidence/topology/model.js').ProxyNode) => Promise<number | string>;
  /** Replaces the real prober (tests). */
  probe?: (vantage: string, targets: readonly ProbeTarget[]) => Promise<{ reports: import('../probes/run-probe.js').TargetReport[] } | { error: string }>;
}

/** Nothing was given to diagnose (exit 2). */
export class DiagnoseUsageError extends Error {}

/** A problem is settled when its leading cause reaches this score. */
export const SETTLED_SCORE = 0.6;
const SHOWN_SCORE = 0.02;
const MAX_CAUSES = 6;

export async function diagnoseProject(options: DiagnoseOptions): Promise<DiagnoseReport> {
  const started = performance.now();
  const cwd = resolve(options.cwd ?? process.cwd());
  const collector = new EvidenceCollector();
  const notes: string[] = [];
  const messages = (options.messages ?? []).filter((m) => m.trim() !== '');
  if (options.paths.length === 0 && !options.logs?.length && messages.length === 0 && !options.targets?.length)
    throw new DiagnoseUsageError('nothing to diagnose: give a project directory, --logs FILE, --message TEXT or --target URL');

  // 1. Sort the positional paths: directories (configs and logs inside), log files, config files.
  const { configPaths, logPaths, directories } = sortInputs(options, cwd, collector, notes);
  const logFiles = new Set(logPaths.map((p) => (p === '-' ? p : displayPath(resolve(cwd, p), cwd))));

  // 2. Configs: lint's discovery, parsers, topology and rules.
  const lint = await readConfigs(configPaths, cwd, collector, notes);
  const topology = lint && lint.facts.topology.proxies.length + lint.facts.topology.backends.length > 0 ? lint.facts.topology : undefined;
  let environment = resolveEnvironment(options.environment, topology);
  // The pipelines are told the environment only when it is known (else they read the text's own hints).
  const knownEnvironment = environment.from.startsWith('default') ? undefined : environment.id;

  // 3. Logs: the streaming scanner and the logs pipeline's ranking.
  const logs = logPaths.length ? await readLogs(logPaths, { cwd, lint, options, knownEnvironment, environment }, collector) : undefined;

  // 4. Pasted messages: the explain pipeline.
  const { explained, vagueMessage, recognisedMessage } = messages.length
    ? await readMessages(messages, { environment: knownEnvironment, context: options.context }, collector)
    : { explained: [], vagueMessage: false, recognisedMessage: false };

  // Without --platform or configs that tell, the logs' and messages' own hints (a Compose prefix, kubectl output).
  if (environment.from.startsWith('default')) {
    const hinted = [logs?.environment, ...explained.map((r) => r.environment)].find((e) => e && !e.from.startsWith('default'));
    if (hinted) environment = { id: hinted.id, from: hinted.from };
  }

  // 5. Configuration evidence, and where backends say (or are configured to say) they listen.
  if (lint) notes.push(...addLintEvidence(collector, lint, { logFiles }));
  const scannedLogs = (logs?.summary.files ?? []).filter((f) => f.format !== 'none' && f.path !== '-');
  const announcements = [
    ...readListenAnnouncements(scannedLogs.map((f) => ({ display: f.path, path: resolve(cwd, f.path) }))),
    // A pasted excerpt often carries the backend's own start-up lines next to the proxy's error. A loopback bind that
    // the message's own reading already took into account (explain's `works-inside`) is not counted twice.
    ...messages.flatMap((text, i) =>
      findListenAnnouncements(i === 0 ? '--message' : `--message #${i + 1}`, text.slice(0, 256 * 1024)).filter(
        (a) => !(a.address && isLoopbackHost(a.address) && explained[i]?.setup.some((t) => t.tag === 'works-inside')),
      ),
    ),
  ];
  addListenerEvidence(collector, announcements, lint?.facts.spring, environment.id);
  // How long the backends say their finished requests took, against the proxies' limits (application logs only).
  const durations = [
    ...readRequestDurations(scannedLogs.filter((f) => APPLICATION_LOG_FORMATS.has(f.format)).map((f) => ({ display: f.path, path: resolve(cwd, f.path) }))),
    ...messages.flatMap((text, i) => findRequestDurations(i === 0 ? '--message' : `--message #${i + 1}`, text.slice(0, 256 * 1024))),
  ];
  const failedLines = [...(logs?.summary.groups ?? []).flatMap((g) => g.samples.map((s) => s.text)), ...messages.flatMap((m) => m.split('\n'))];
  addTimeoutEvidence(collector, logs?.summary.patterns, lint?.facts, lint?.findings ?? [], { durations, failedLines });
  addKeepaliveEvidence(collector, announcements, logs, lint?.facts);
  addHealthCheckEvidence(collector, lint?.facts);

  // 6. Live probes.
  const { proxyProbe, vantageProblem } =
    options.live || options.from || options.targets?.length ? await probeLive(options, topology, collector, notes) : { proxyProbe: false };

  for (const dir of directories) {
    const prefix = displayPath(resolve(cwd, dir), cwd);
    const inside = (name: string) => prefix === '.' || name === prefix || name.startsWith(`${prefix}/`);
    if (!collector.read.some((r) => r.kind !== 'directory' && inside(r.name)) && !collector.unread.some((u) => inside(u.name)))
      collector.unread.push({ kind: 'directory', name: prefix, reason: 'no configuration or log file in it' });
  }

  // 7. Combine.
  const symptomatic =
    (logs?.summary.totals.failures ?? 0) > 0 || recognisedMessage || collector.evidence.some((e) => e.source.kind === 'probe' && e.answer === 'no');
  const observed = new Set(collector.evidence.flatMap((e) => (e.failure ? [e.failure] : [])));
  const paths = topology?.paths ?? [];
  const relevance = relevanceOf(collector, { paths, symptomatic, observed });
  explainAway(collector, relevance);
  const scored = combineEvidence({ set: collector, relevance });
  const findings = (lint?.findings ?? []).filter((f) => !f.rule.startsWith('input/') && !logFiles.has(f.at.file));
  const defects = findings.filter((f) => f.severity === 'error');
  const risks = findings.filter((f) => f.severity !== 'error');

  const causes = hypotheses(scored, collector.evidence, [...(logs ? [logs.causes] : []), ...explained.map((r) => r.causes)]);
  const top = causes[0];

  // 8. Verdict.
  const status = statusOf({
    symptomatic,
    vagueMessage,
    defects: defects.length,
    warnings: risks.filter((f) => f.severity === 'warning').length,
    // Health seen: traffic in the logs without an upstream failure, or a target answering live.
    healthSeen:
      ((logs?.summary.totals.requests ?? 0) > 0 && (logs?.summary.totals.failures ?? 0) === 0) ||
      collector.evidence.some((e) => e.source.kind === 'probe' && e.stage === 'reachable' && e.answer === 'yes'),
    topScore: top?.score,
    readAnything: collector.read.some((r) => r.kind !== 'directory'),
  });

  const failing = failingUpstreams(collector.evidence, paths);
  const topFindings = top
    ? rankFindings(
        findings.filter((f) => f.cause === top.id),
        paths,
        failing,
      )
    : [];
  const focusPath = (topFindings[0] ? findingPath(topFindings[0], paths) : undefined) ?? focusOf(paths, failing);
  const brokenTargets =
    status === 'problem' ? [...new Set(topFindings.map((f) => findingPath(f, paths)?.target.id).filter((x): x is string => Boolean(x)))] : [];
  const values = placeholders(focusPath, failing[0], topology);

  const leading =
    status === 'no-problem'
      ? []
      : causes
          .filter((c, i) => i === 0 || c.score >= 0.15)
          .slice(0, 3)
          .map((c) => c.id);
  const fixes: DiagnoseFix[] = status === 'problem' ? fixesForCauses(leading.slice(0, 2), findings, lint, environment.id, values) : [];
  const checks: DiagnoseCheck[] =
    status === 'no-problem'
      ? []
      : nextChecks(scored, {
          environment: environment.id,
          values,
          have: { logs: Boolean(logs && logs.summary.totals.lines > 0), configs: Boolean(topology), proxyProbe, message: recognisedMessage },
          directory: directories[0],
          product: focusPath?.proxy.product ?? topology?.proxies[0]?.product,
          ...(vantageProblem ? { vantageProblem } : {}),
        });

  const verdict = verdictOf(status, causes, { topFinding: topFindings[0], focusPath, lint, fixes, collector, defects, risks, scored, logs, checks });
  const ruledOut = ruledOutOf(scored, collector, top?.id);
  const unread = collector.unread;
  if (unread.length) verdict.headline += ` (could not read ${unread.map((u) => displayLine(u.name, 120)).join(', ')})`;

  return {
    verdict,
    causes: status === 'no-problem' ? [] : causes,
    ruledOut,
    fixes,
    nextChecks: checks,
    reasoning: reasoningSteps(collector.evidence, relevance, logs),
    evidence: collector.evidence,
    inputs: { read: collector.read, unread, notes },
    environment,
    ...(topology ? { topology } : {}),
    ...(logs ? { logs } : {}),
    brokenTargets,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * Problem, no problem, or not enough evidence. A failure seen (logs, a recognised message, a failed probe) is a
 * problem once its leading cause is settled; without one, an error-level defect in the configs is a problem, and
 * warnings alone with nothing healthy seen are "not enough evidence" rather than a clean bill. Nothing read at all
 * is never "no problem".
 */
function statusOf(s: {
  symptomatic: boolean;
  vagueMessage: boolean;
  defects: number;
  warnings: number;
  healthSeen: boolean;
  topScore: number | undefined;
  readAnything: boolean;
}): DiagnoseVerdict['status'] {
  if (!s.symptomatic && s.defects === 0 && !s.vagueMessage) {
    if (s.warnings > 0 && !s.healthSeen) return 'insufficient-evidence';
    return s.readAnything ? 'no-problem' : 'insufficient-evidence';
  }
  if (s.topScore !== undefined && (s.topScore >= SETTLED_SCORE || (!s.symptomatic && !s.vagueMessage && s.defects > 0))) return 'problem';
  return 'insufficient-evidence';
}

/** Directories (configs and logs inside), log files by name, and config files, from the positional paths and --logs. */
function sortInputs(
  options: DiagnoseOptions,
  cwd: string,
  collector: EvidenceCollector,
  notes: string[],
): { configPaths: string[]; logPaths: string[]; directories: string[] } {
  const configPaths: string[] = [];
  const logPaths: string[] = [...(options.logs ?? [])];
  const directories: string[] = [];
  for (const given of options.paths) {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(resolve(cwd, given));
    } catch (error) {
      collector.unread.push({ kind: 'directory', name: given, reason: fsReason(error) });
      continue;
    }
    if (stat.isDirectory()) {
      directories.push(given);
      configPaths.push(given);
      collector.read.push({ kind: 'directory', name: displayPath(resolve(cwd, given), cwd) });
      const found = discoverLogFiles(given, cwd);
      logPaths.push(...found.files);
      notes.push(...found.notes);
    } else if (isLogFileName(basename(given), false)) logPaths.push(given);
    else configPaths.push(given);
  }
  return { configPaths, logPaths, directories };
}

/** Lint's discovery, parsers, topology and rules over the config paths; a usage problem becomes "could not read". */
async function readConfigs(configPaths: readonly string[], cwd: string, collector: EvidenceCollector, notes: string[]): Promise<LintResult | undefined> {
  if (!configPaths.length) return undefined;
  const { lint: runLint, LintUsageError } = await import('./lint.js');
  try {
    const lint = runLint({ paths: configPaths, cwd });
    notes.push(...lint.notes.filter((n) => !/^no configuration files found/.test(n)));
    return lint;
  } catch (error) {
    if (!(error instanceof LintUsageError)) throw error;
    collector.unread.push({ kind: 'config', name: configPaths.join(', '), reason: error.message });
    return undefined;
  }
}

interface LogReading {
  cwd: string;
  lint: LintResult | undefined;
  options: DiagnoseOptions;
  knownEnvironment: Environment | undefined;
  environment: { id: Environment; from: string };
}

/** The logs through the streaming scanner (as `updoc logs`), ranked by the logs pipeline, added as evidence. */
async function readLogs(logPaths: readonly string[], reading: LogReading, collector: EvidenceCollector): Promise<LogsReport | undefined> {
  const { cwd, lint, options } = reading;
  const [{ summariseLogs, LogsUsageError }, { diagnoseLogs }] = await Promise.all([import('../evidence/log-summary/summarise-logs.js'), import('./logs.js')]);
  try {
    // The project's own nginx log_format definitions read its custom access logs (as `--nginx-conf` does).
    const nginxConf = lint?.facts.topology.proxies.find(
      (p) => p.product === 'nginx' && p.configFile && /\blog_format\b/.test(lint?.sources.get(p.configFile) ?? ''),
    )?.configFile;
    // Read by absolute path (the working directory may not be `cwd`), shown relative to `cwd` like the configs.
    const shown = new Map<string, string>();
    const inputs = logPaths.map((p) => {
      if (p === '-' || /[*?[]/.test(p)) return p;
      const absolute = resolve(cwd, p);
      shown.set(absolute, displayPath(absolute, cwd));
      return absolute;
    });
    const summary = relabel(
      await summariseLogs({ inputs, stdin: options.stdin ?? process.stdin, ...(nginxConf ? { nginxConf: resolve(cwd, nginxConf) } : {}) }),
      (path) => shown.get(path) ?? (path.startsWith('/') ? displayPath(path, cwd) : path),
    );
    const logs = withEnvironmentSource(diagnoseLogs(summary, { environment: reading.knownEnvironment, context: options.context }), reading.environment);
    addLogEvidence(collector, logs);
    return logs;
  } catch (error) {
    if (!(error instanceof LogsUsageError)) throw error;
    collector.unread.push({ kind: 'log', name: logPaths.join(', '), reason: error.message });
    return undefined;
  }
}

/** Each pasted message through the explain pipeline; whether any was recognised, and whether any was too vague. */
async function readMessages(
  messages: readonly string[],
  options: { environment: Environment | undefined; context: string | undefined },
  collector: EvidenceCollector,
): Promise<{ explained: ExplainReport[]; vagueMessage: boolean; recognisedMessage: boolean }> {
  const { explainText } = await import('./explain.js');
  const explained: ExplainReport[] = [];
  let vagueMessage = false;
  let recognisedMessage = false;
  messages.forEach((text, i) => {
    const report = explainText(text.slice(0, 4 * 1024 * 1024), options);
    explained.push(report);
    if (addMessageEvidence(collector, report, i, text).recognised) recognisedMessage = true;
    else vagueMessage = true;
  });
  return { explained, vagueMessage, recognisedMessage };
}

/**
 * What a refusal or a DNS error usually means (the logs', the message's, the probe's own reading) matters less once
 * the configs show a defect on the very path that fails which produces exactly that failure: a port mismatch
 * explains the refusals that alone would say "not listening", a network the proxy does not share explains the names
 * that do not resolve. Each symptom reading then supports the defect as much as the cause it reads as
 * (`READS_AS`), and counts at half strength, so the defect decides; the readings still keep causes the defect
 * cannot explain from winning. When the failure cannot be placed on a path (several paths, no upstream named), a
 * defect on the only broken path is taken as that path's.
 */
function explainAway(collector: EvidenceCollector, relevance: (e: Evidence) => number): void {
  const defects = new Set<CauseId>();
  // Error-level lint findings (a broken path no finding explains, at 0.8, is not one).
  const errors = collector.evidence.filter((e) => e.source.kind === 'lint' && e.strength >= SEVERITY_STRENGTH.error && e.supports[0]);
  // On the failing path; or, when the failure names no path it can be placed on, the only path with a defect.
  const onePath = new Set(errors.map((e) => e.target ?? e.id)).size === 1;
  for (const e of errors) if (relevance(e) >= 0.9 || (onePath && relevance(e) >= 0.75)) defects.add(e.supports[0] as CauseId);
  if (!defects.size) return;
  for (const g of collector.groups) {
    if (!fromPipeline(g.group)) continue;
    g.strength = Math.min(g.strength, 0.5);
    for (const defect of defects) {
      const reading = Math.max(0, ...(READS_AS[defect] ?? []).map((id) => g.scores[id] ?? 0));
      if (reading > (g.scores[defect] ?? 0)) g.scores = { ...g.scores, [defect]: reading };
    }
  }
}

/**
 * Probes the `--target`s and (with --live/--from) what the configs point at, from the proxy's vantage. Says whether
 * the proxy's own vantage answered, or why no vantage could be used.
 */
async function probeLive(
  options: DiagnoseOptions,
  topology: Topology | undefined,
  collector: EvidenceCollector,
  notes: string[],
): Promise<{ proxyProbe: boolean; vantageProblem?: string }> {
  const plan = planProbes(options.targets ?? [], topology, Boolean(options.live || options.from));
  for (const bad of plan.invalid) collector.unread.push({ kind: 'target', name: bad.target, reason: bad.reason });
  for (const skipped of plan.skipped) notes.push(`not probed: ${skipped.target} (${skipped.reason})`);
  if (!plan.targets.length) return { proxyProbe: false };
  const unprobed = (vantageProblem: string, reason: string) => {
    collector.unread.push({ kind: 'probe', name: plan.targets.map((t) => t.display).join(', '), reason });
    return { proxyProbe: false, vantageProblem };
  };
  const vantage = await chooseVantage(options.from, topology, options.findProxyPid);
  if ('error' in vantage) return unprobed(vantage.error, `could not probe from the proxy's vantage: ${vantage.error}`);
  const run = await (options.probe ?? probeFrom)(vantage.text, plan.targets);
  if ('error' in run) return unprobed(run.error, `could not probe from ${vantage.text}: ${run.error}`);
  addProbeEvidence(collector, run.reports, { vantage: vantage.text, proxyVantage: vantage.proxyVantage });
  return { proxyProbe: vantage.proxyVantage && run.reports.length > 0 };
}

/** The summary with every file name as the user should see it. */
function relabel(summary: LogSummary, show: (path: string) => string): LogSummary {
  for (const f of summary.files) f.path = show(f.path);
  for (const p of summary.problems) p.path = show(p.path);
  for (const g of summary.groups) for (const sample of g.samples) sample.file = show(sample.file);
  for (const e of summary.events) if (e.file) e.file = show(e.file);
  return summary;
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'no such file or directory'
    : code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : ((error as Error).message ?? String(error));
}

/** The environment whose commands are printed: --platform, else where the configs place the proxy. */
function resolveEnvironment(explicit: Environment | undefined, topology: Topology | undefined): { id: Environment; from: string } {
  if (explicit) return { id: explicit, from: '--platform' };
  const proxy = topology?.proxies.find((p) => p.runtime && p.runtime.platform !== 'host');
  if (proxy?.runtime?.platform === 'compose') return { id: 'compose', from: `the configs: ${proxy.product} runs in ${proxy.runtime.label}` };
  if (
    proxy?.runtime?.platform === 'kubernetes' ||
    topology?.proxies.some((p) => p.product === 'kubernetes-ingress' || p.product === 'istio' || p.product === 'gateway-api')
  ) {
    const mesh = topology?.proxies.some((p) => p.product === 'istio');
    return { id: mesh ? 'istio' : 'kubernetes', from: 'the configs: Kubernetes manifests' };
  }
  if (topology?.backends.some((b) => b.runtime.platform === 'compose')) return { id: 'compose', from: 'the configs: a Compose file' };
  if (topology?.backends.some((b) => b.runtime.platform === 'kubernetes')) return { id: 'kubernetes', from: 'the configs: Kubernetes manifests' };
  return { id: 'vm', from: 'default (no hint about the environment; pass --platform)' };
}

/**
 * The logs pipeline was told the environment as if by --platform; when it came from the configs, its reasons
 * say so instead.
 */
function withEnvironmentSource(report: LogsReport, environment: { id: Environment; from: string }): LogsReport {
  if (environment.from === '--platform' || environment.id === 'vm') return report;
  const fix = (text: string) => text.replaceAll('(from --platform)', `(from ${environment.from})`);
  return {
    ...report,
    causes: report.causes.map((c) => ({ ...c, why: fix(c.why), reasons: c.reasons.map(fix) })),
    environment: report.environment.from === '--platform' ? { ...report.environment, from: environment.from } : report.environment,
  };
}

/** Evidence read by the logs' or a message's pipeline (the symptom), as opposed to a finding, a path, a probe, a listener. */
function fromSymptomPipeline(group: string): boolean {
  return group === LOGS_GROUP || group.startsWith(`${MESSAGE_GROUP}:`);
}

/** Evidence of a group some pipeline ranked as a whole (the logs, a message, a probed target). */
function fromPipeline(group: string): boolean {
  return fromSymptomPipeline(group) || group.startsWith(`${PROBE_GROUP}:`);
}

interface PipelineCause {
  id: CauseId;
  why: string;
}

/** Ranked hypotheses with their evidence chain and one sentence of why. */
function hypotheses(scored: readonly Scored[], evidence: readonly Evidence[], pipelines: readonly (readonly PipelineCause[])[]): RankedHypothesis[] {
  const out: RankedHypothesis[] = [];
  for (const s of scored) {
    if (out.length >= MAX_CAUSES || s.score < SHOWN_SCORE) break;
    const support = s.support.filter((x) => x.weight > 0.05);
    const fromPipeline = pipelines.some((p) => p.some((c) => c.id === s.id));
    // A cause nothing speaks for is only there by the floor of the others: listed only if still a real contender.
    if (support.length === 0 && !fromPipeline && s.score < 0.1 && out.length > 0) continue;
    const fromPipelines = pipelines.map((p) => p.find((c) => c.id === s.id)?.why).filter((w): w is string => Boolean(w));
    // The strongest observation from outside the symptom pipelines (a finding, a path, a probe, a listener), then the pipeline's own why.
    const config = support.find((x) => !fromSymptomPipeline(x.evidence.group));
    const reasons = [config?.evidence.summary, fromPipelines[0] ?? support.find((x) => x !== config)?.evidence.summary]
      .filter((r): r is string => Boolean(r))
      .map((r) => r.replace(/\.$/, ''));
    const against = s.against[0] ? `; against it: ${s.against[0].evidence.summary}` : '';
    const ids = [...new Set([...support.map((x) => x.evidence.id), ...evidenceOfGroups(s.id, evidence)])];
    out.push({
      id: s.id,
      title: causeById(s.id).title,
      score: Math.round(s.score * 1000) / 1000,
      why: reasons.length ? `${reasons.map((r) => displayLine(r, 320)).join('; ')}${against}` : 'consistent with what was seen, with no specific evidence',
      evidence: ids,
    });
  }
  return out;
}

/** Items of the pipelines' groups (logs, messages, probes) that speak for a cause (their group verdict scored it). */
function evidenceOfGroups(id: CauseId, evidence: readonly Evidence[]): string[] {
  return evidence.filter((e) => fromPipeline(e.group) && e.supports.slice(0, 4).includes(id)).map((e) => e.id);
}

/** Findings of the leading cause, those on the failing path first, errors before warnings. */
function rankFindings(findings: readonly Finding[], paths: readonly ResolvedPath[], failing: readonly string[]): Finding[] {
  const match = (f: Finding) => {
    const path = findingPath(f, paths);
    return path ? Math.max(0, ...failing.map((u) => matchPath(u, path))) : 0;
  };
  return [...findings].sort((a, b) => match(b) - match(a) || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/** The path the failure is about: the one the failing upstream matches, else a broken one, else the first. */
function focusOf(paths: readonly ResolvedPath[], failing: readonly string[]): ResolvedPath | undefined {
  for (const u of failing) {
    const found = pathsForUpstream(u, paths);
    if (found[0]) return found[0].path;
  }
  return paths.find((p) => p.status === 'broken') ?? paths[0];
}

function placeholders(path: ResolvedPath | undefined, failing: string | undefined, topology: Topology | undefined): Placeholders {
  const values: Placeholders = { scheme: 'http' };
  if (path) {
    const t = path.target;
    if (t.host) values.host = t.host;
    const port = t.port ?? t.defaultPort;
    if (port) values.port = String(port);
    if (t.scheme && /^(?:https?|grpcs?|h2c?)$/.test(t.scheme)) values.scheme = t.scheme;
    if (t.namespace) values.namespace = t.namespace;
    const runtime = path.proxy.runtime;
    const proxyName = runtime ? /^(?:compose:[^/]+\/|k8s:[^/]+\/[^/]+\/)(.+)$/.exec(runtime.id)?.[1] : undefined;
    if (proxyName) values.proxy = proxyName;
    const ns = runtime ? /^k8s:([^/]+)\//.exec(runtime.id)?.[1] : undefined;
    if (ns && !values.namespace) values.namespace = ns;
    const backend = path.backend ?? topology?.backends.find((b) => b.listens.some((l) => String(l.port) === values.port) && b.runtime.id !== runtime?.id);
    const service = backend ? /^(?:compose:[^/]+\/|k8s:[^/]+\/[^/]+\/)(.+)$/.exec(backend.runtime.id)?.[1] : undefined;
    if (service) values.service = service;
    else if (t.host && /^[a-z][-a-z0-9]*$/i.test(t.host) && t.host !== 'localhost') values.service = t.host;
    if (values.host && values.port) {
      // A loopback target is probed at the address that was meant, when the configs know it.
      const meantHost = values.host === 'localhost' || /^127\./.test(values.host) ? values.service : undefined;
      values.url = `${values.scheme}://${meantHost ?? values.host}:${values.port}/`;
      values.upstream = `${values.host}:${values.port}`;
    }
  } else if (failing) {
    const address = addressOf(failing);
    if (address) {
      values.host = hostPort(address.host, undefined);
      values.port = String(address.port);
      values.upstream = failing;
      values.url = `http://${values.host}:${values.port}/`;
    }
  }
  return values;
}

interface VerdictContext {
  topFinding?: Finding;
  focusPath?: ResolvedPath;
  lint?: LintResult;
  fixes: DiagnoseFix[];
  collector: EvidenceCollector;
  defects: Finding[];
  risks: Finding[];
  scored: readonly Scored[];
  logs?: LogsReport;
  checks: DiagnoseCheck[];
}

function verdictOf(status: DiagnoseVerdict['status'], causes: readonly RankedHypothesis[], ctx: VerdictContext): DiagnoseVerdict {
  const top = causes[0];
  const round = (x: number) => Math.round(x * 100) / 100;
  if (status === 'no-problem') {
    const seen: string[] = [];
    const resolved = ctx.focusPath ? (ctx.lint?.facts.topology.paths.filter((p) => p.status === 'resolved').length ?? 0) : 0;
    const paths = ctx.lint?.facts.topology.paths.length ?? 0;
    if (paths) seen.push(`${resolved} of ${paths} proxy → backend path${paths === 1 ? '' : 's'} followed to a listening port`);
    const requests = ctx.logs?.summary.totals.requests ?? 0;
    if (ctx.logs) seen.push(requests ? `${requests} requests in the logs without an upstream failure` : 'no upstream failure in the logs');
    const probes = ctx.collector.evidence.filter((e) => e.source.kind === 'probe' && e.answer === 'yes' && e.stage === 'reachable').length;
    if (probes) seen.push(`${probes} target${probes === 1 ? '' : 's'} answering live`);
    if (ctx.risks.length) seen.push(`${ctx.risks.length} lower-severity note${ctx.risks.length === 1 ? '' : 's'} in the configs (see below)`);
    // Confidence grows with how much was looked at: configs, logs with traffic, live probes.
    const coverage = 0.4 + (paths ? 0.2 : 0) + (ctx.logs ? (requests ? 0.25 : 0.1) : 0) + (probes ? 0.15 : 0);
    return { status, confidence: round(Math.min(0.95, coverage)), headline: `No problem found: ${seen.join('; ') || 'nothing failing in what was read'}.` };
  }
  if (status === 'problem' && top) {
    const finding = ctx.topFinding;
    const path = ctx.focusPath && finding && findingPath(finding, ctx.lint?.facts.topology.paths ?? []) === ctx.focusPath ? ctx.focusPath : undefined;
    const fix =
      finding && ctx.lint
        ? (ctx.fixes.find((f) => f.rule === finding.rule && f.line === (finding.fix?.line ?? finding.at.line)) ?? lintFix(finding, ctx.lint))
        : ctx.fixes[0];
    let headline: string;
    if (path) headline = pathHeadline(path, finding, fix);
    else if (finding)
      headline = `${finding.message.replace(/\.$/, '')}${fix?.before && fix.after ? ` → change \`${fix.before}\` to \`${fix.after}\` (${fix.file} line ${fix.line})` : ''}`;
    else {
      // No finding: the strongest observation outside the symptom pipelines, on the path the failure is about.
      const scoredTop = ctx.scored.find((x) => x.id === top.id);
      const observation = scoredTop?.support.find((x) => !fromSymptomPipeline(x.evidence.group))?.evidence.summary;
      const route = ctx.focusPath ? `${describeRoute(ctx.focusPath)}; ` : '';
      headline = `${route}${observation ?? top.why}${fix ? ` → ${lowerFirst(fix.description)}` : ''}`;
    }
    return { status, confidence: round(top.score), cause: top.id, headline: `${top.id} (${Math.round(top.score * 100)}%): ${headline}` };
  }
  // Not enough evidence: say what was seen, what is still open, and the best next check.
  const open = causes.slice(0, 3).map((c) => `${c.id} ${Math.round(c.score * 100)}%`);
  const symptom = ctx.collector.evidence.find((e) => e.source.kind === 'log' || e.source.kind === 'message' || e.source.kind === 'probe');
  // Nothing failing was read: what there is, is the configs' warnings.
  const seen = symptom?.summary ?? (ctx.risks[0] ? `no failure was read, but the configs warn: ${ctx.risks[0].message}` : undefined);
  const next = ctx.checks[0];
  const headline = [
    'Not enough evidence to name one cause',
    seen ? `: ${displayLine(seen, 240)}` : '',
    open.length ? `; still open: ${open.join(', ')}` : '',
    next ? `. Next: ${next.command}` : '',
  ].join('');
  return { status, confidence: round(top?.score ?? 0), headline };
}

/** `nginx (service `web`) sends `/api/` to `127.0.0.1:8080`` */
function describeRoute(path: ResolvedPath): string {
  const runtime = path.proxy.runtime ? runtimeWords(path.proxy.runtime.label) : '';
  return `${productWords(path.proxy.product)}${runtime} sends requests to \`${path.target.text}\``;
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function ruledOutOf(scored: readonly Scored[], collector: EvidenceCollector, leader: CauseId | undefined): RuledOut[] {
  const out: RuledOut[] = [];
  const scoreOf = new Map(scored.map((s) => [s.id, s.score]));
  const leaderSupport = scored.find((s) => s.id === leader)?.support[0]?.evidence;
  for (const s of scored) {
    if (s.id === leader || s.score >= 0.05) continue;
    const against = s.against.filter((a) => a.weight >= 0.4);
    if (against[0]) {
      out.push({ id: s.id, title: causeById(s.id).title, why: against[0].evidence.summary, evidence: against.map((a) => a.evidence.id) });
      continue;
    }
    // A cause one source alone found plausible, which the combined evidence no longer supports.
    for (const g of collector.groups) {
      const alone = g.scores[s.id] ?? 0;
      if (alone >= 0.1 && leaderSupport && (scoreOf.get(s.id) ?? 0) < alone / 3) {
        out.push({
          id: s.id,
          title: causeById(s.id).title,
          why: `${g.label} alone allowed it (${Math.round(alone * 100)}%), but ${leaderSupport.summary.replace(/\.$/, '')} explains the failure better`,
          evidence: [leaderSupport.id],
        });
        break;
      }
    }
  }
  return out;
}
