/**
 * The verdict check: runs updoc's own analyses on what a scenario produced, exactly as a user would — `updoc logs`
 * on the collected logs, `updoc lint` on the rendered project, `updoc probe --from netns:<proxy>` on the path the
 * proxy is configured to take, `updoc diagnose` on all three at once — and compares each one's first cause with the
 * scenario's (diagnose's comparison is the verdict). It also checks the reproduction itself: the client saw what
 * the failure looks like and the logs hold the messages users see.
 */
import { SEVERITY_RANK } from '../core/define-rule.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnBounded } from '../probes/local/spawn-bounded.js';
import { updocBinPath } from '../probes/vantage.js';
import type { CheckName, ScenarioSpec } from './model.js';
import { proxyConfigPath } from './render/project.js';
import type { LabLayout } from './runtime/state.js';
import { type DriveResult, unmetExpectations } from './traffic.js';

const CLI_TIMEOUT_MS = 60_000;
const PROBE_TIMEOUT = '2s';
const PROBE_DEADLINE = '20s';

export interface RankedCause {
  id: string;
  score?: number;
}

export interface AnalysisResult {
  check: CheckName;
  /** The command as a user would type it (updoc …). */
  command: string[];
  /** Decides `lab run`'s verdict: true for `diagnose` only. */
  gate: boolean;
  /** One of the scenario's `namedBy`: held to naming the cause first by the end-to-end tests. */
  namesCause: boolean;
  exitCode: number | null;
  /** Causes best first (lint: by most severe finding, then number of findings). */
  ranked: RankedCause[];
  /** For the healthy baseline: whether the analysis reported no problem. */
  clean: boolean;
  matched: boolean;
  detail: string;
  /** logs: the signatures it classified lines as. */
  signatures?: string[];
  /** The scenario records this analysis as a known miss (a finding about updoc): why. */
  knownMiss?: string;
}

export interface ReproductionResult {
  ok: boolean;
  problems: string[];
  /** Evidence lines found, one per declared pattern. */
  found: { source: string; line: string; signature?: string; classified?: boolean }[];
}

export interface Verdict {
  scenario: string;
  expected: string | null;
  reproduction: ReproductionResult;
  analyses: AnalysisResult[];
  /** Reproduced, and `diagnose` named the expected cause first (or found no problem on the baseline). */
  matched: boolean;
}

async function updoc(args: string[]): Promise<{ code: number | null; json: unknown; stderr: string }> {
  const run = await spawnBounded(process.execPath, [updocBinPath(), ...args], {
    timeoutMs: CLI_TIMEOUT_MS,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let json: unknown = null;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    // reported through the detail below
  }
  return { code: run.timedOut ? null : run.code, json, stderr: run.stderr.trim().slice(0, 2000) };
}

/** Log files of a service, recursively (nginx error+access, HAProxy's stdout, a backend's output). */
export function logFiles(layout: LabLayout, service: string): string[] {
  const dir = join(layout.stateDir, 'logs', service);
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out.push(path);
  }
  return out;
}

/** The log directories a user would hand updoc: the proxy's, and the backends' where the evidence lives there. */
function logDirs(scenario: ScenarioSpec, layout: LabLayout): string[] {
  return [scenario.proxy.service, ...(scenario.checks.logsBackends ?? [])].map((s) => join(layout.stateDir, 'logs', s));
}

function proxyNamespace(scenario: ScenarioSpec, layout: LabLayout): string {
  return layout.hosts.find((h) => h.name === scenario.proxy.host)?.namespace ?? '';
}

/** The causes of a report, best first, as the lab compares them. */
function rankedOf(causes: RankedCause[] | undefined): RankedCause[] {
  return (causes ?? []).map((c) => ({ id: c.id, score: c.score }));
}

export async function runLogs(scenario: ScenarioSpec, layout: LabLayout): Promise<AnalysisResult> {
  const args = ['logs', ...logDirs(scenario, layout), '--platform', scenario.platform];
  // Kubernetes keeps nginx.conf inside a ConfigMap: the same text is the runtime's file.
  if (scenario.proxy.kind === 'nginx')
    args.push(
      '--nginx-conf',
      scenario.platform === 'kubernetes'
        ? join(layout.stateDir, 'runtime', scenario.proxy.host, 'nginx.conf')
        : join(layout.stateDir, 'project', proxyConfigPath(scenario).project),
    );
  args.push('--json');
  const r = await updoc(args);
  const report = r.json as { causes?: RankedCause[]; totals?: { failures?: number }; bySignature?: { signature: string }[] } | null;
  const ranked = rankedOf(report?.causes);
  const clean = (report?.totals?.failures ?? -1) === 0 && ranked.length === 0;
  const result = analysis(scenario, 'logs', args, r, ranked, clean, report ? `${report.totals?.failures ?? 0} upstream failures` : `no JSON: ${r.stderr}`);
  result.signatures = (report?.bySignature ?? []).map((s) => s.signature);
  return result;
}

/** Severities as lint's JSON spells them; anything else ranks below info. */
const SEVERITY: Readonly<Record<string, number>> = SEVERITY_RANK;

export async function runLint(scenario: ScenarioSpec, layout: LabLayout): Promise<AnalysisResult> {
  const args = ['lint', join(layout.stateDir, 'project'), '--json'];
  const r = await updoc(args);
  const report = r.json as { findings?: { rule: string; cause: string; severity: string }[] } | null;
  const findings = report?.findings ?? [];
  const byCause = new Map<string, { severity: number; count: number; rules: Set<string> }>();
  for (const f of findings) {
    const entry = byCause.get(f.cause) ?? { severity: 0, count: 0, rules: new Set<string>() };
    entry.severity = Math.max(entry.severity, SEVERITY[f.severity] ?? 0);
    entry.count++;
    entry.rules.add(f.rule);
    byCause.set(f.cause, entry);
  }
  const order = [...byCause.entries()].sort((a, b) => b[1].severity - a[1].severity || b[1].count - a[1].count);
  // A tie for first place is not "first".
  const tied = order.length > 1 && order[0][1].severity === order[1][1].severity && order[0][1].count === order[1][1].count;
  const ranked = order.map(([id]) => ({ id }));
  const clean = findings.every((f) => (SEVERITY[f.severity] ?? 0) < SEVERITY.warning);
  const detail = report ? findings.map((f) => `${f.severity} ${f.rule} (${f.cause})`).join('; ') || 'no findings' : `no JSON: ${r.stderr}`;
  const result = analysis(scenario, 'lint', args, r, ranked, clean, detail);
  if (tied && scenario.cause !== null) result.matched = false;
  return result;
}

export async function runProbe(scenario: ScenarioSpec, layout: LabLayout): Promise<AnalysisResult> {
  const from = `netns:${proxyNamespace(scenario, layout)}`;
  const args = ['probe', scenario.checks.probeTarget, '--from', from, '--timeout', PROBE_TIMEOUT, '--deadline', PROBE_DEADLINE, '--json'];
  const r = await updoc(args);
  const report = r.json as { targets?: { ok: boolean; summary?: string; causes?: RankedCause[] }[] } | null;
  const target = report?.targets?.[0];
  const ranked = rankedOf(target?.causes);
  const clean = Boolean(report?.targets?.length) && (report?.targets ?? []).every((t) => t.ok);
  return analysis(scenario, 'probe', args, r, ranked, clean, target?.summary ?? `no JSON: ${r.stderr}`);
}

export async function runDiagnose(scenario: ScenarioSpec, layout: LabLayout): Promise<AnalysisResult> {
  const logs = logDirs(scenario, layout).flatMap((dir) => ['--logs', dir]);
  const from = `netns:${proxyNamespace(scenario, layout)}`;
  const args = ['diagnose', join(layout.stateDir, 'project'), ...logs, '--from', from, '--platform', scenario.platform, '--json'];
  const r = await updoc(args);
  const report = r.json as { verdict?: { status?: string; headline?: string }; causes?: RankedCause[] } | null;
  const ranked = rankedOf(report?.causes);
  const clean = report?.verdict?.status === 'no-problem';
  return analysis(scenario, 'diagnose', args, r, ranked, clean, report?.verdict?.headline ?? `no JSON: ${r.stderr}`);
}

function analysis(
  scenario: ScenarioSpec,
  check: CheckName,
  args: string[],
  r: { code: number | null },
  ranked: RankedCause[],
  clean: boolean,
  detail: string,
): AnalysisResult {
  const matched = scenario.cause === null ? clean : ranked[0]?.id === scenario.cause;
  const gate = check === 'diagnose';
  const namesCause = !gate && scenario.checks.namedBy.includes(check);
  // A known miss is always one of namedBy's (test/lab/scenarios.test.ts).
  const knownMiss = gate ? undefined : scenario.checks.knownMisses?.[check];
  return { check, command: ['updoc', ...args], gate, namesCause, exitCode: r.code, ranked, clean, matched, detail, ...(knownMiss ? { knownMiss } : {}) };
}

/** The client's outcomes and the evidence lines (with the signature `updoc logs` gave them) against the scenario. */
export function checkReproduction(
  scenario: ScenarioSpec,
  layout: LabLayout,
  traffic: DriveResult | null,
  logs: AnalysisResult | undefined,
): ReproductionResult {
  const problems: string[] = [];
  if (!traffic) problems.push('the traffic driver produced no result');
  else {
    problems.push(...unmetExpectations(traffic, scenario.traffic.expect));
    if (traffic.deadlineReached) problems.push('the traffic deadline was reached before every request was sent');
  }
  const signatures = new Set(logs?.signatures ?? []);
  const found: ReproductionResult['found'] = [];
  for (const evidence of scenario.evidence) {
    const line = logFiles(layout, evidence.source === 'proxy' ? scenario.proxy.service : evidence.source)
      .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
      .find((l) => evidence.pattern.test(l));
    if (!line) {
      problems.push(`no line in ${evidence.source}'s logs matches ${evidence.pattern}`);
      continue;
    }
    const entry: ReproductionResult['found'][number] = { source: evidence.source, line };
    if (evidence.signature) {
      entry.signature = evidence.signature;
      entry.classified = signatures.has(evidence.signature);
      if (logs && !entry.classified) problems.push(`updoc logs did not classify any line as ${evidence.signature}`);
    }
    found.push(entry);
  }
  return { ok: problems.length === 0, problems, found };
}
