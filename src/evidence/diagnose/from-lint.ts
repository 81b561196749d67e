import type { Finding } from '../../core/define-rule.js';
import { isLoopbackHost } from '../../core/loopback.js';
import type { CauseId } from '../../core/ids.js';
import type { LintResult } from '../../diagnosis/lint.js';
import type { PathStep, ResolvedPath } from '../topology/model.js';
import type { DecisionStage, EvidenceCollector } from './model.js';
import { targetKey } from './upstream-match.js';

/**
 * Configuration evidence: every lint finding is an observation of a defect written in a file (strength by
 * severity), and every followed proxy → backend path that resolves end to end is an observation that the proxy is
 * configured to reach its backend, which rules out the configuration causes for that path. Input problems
 * (unreadable, too large, unparsable files) become "could not read" entries.
 */

export const SEVERITY_STRENGTH = { error: 0.95, warning: 0.7, info: 0.3 } as const;

/** Which decision-tree question a finding of this cause answers, and how. */
const CAUSE_STAGE: Partial<Record<CauseId, DecisionStage>> = {
  'dns-failure': 'resolves',
  'network-blocked': 'reachable',
  'bind-loopback': 'reachable',
  'no-endpoints': 'running',
  'not-listening': 'running',
  'startup-order': 'running',
  'no-healthy-upstream': 'running',
};

/**
 * What a finding of this cause says cannot be the cause: a backend configured to listen on 127.0.0.1 is configured
 * to run (the spec's example: "refused" + "listens on 127.0.0.1 only" settles bind-loopback, not not-listening).
 */
const CAUSE_RULES_OUT: Partial<Record<CauseId, CauseId[]>> = {
  'bind-loopback': ['not-listening'],
};

export interface LintEvidenceOptions {
  /** Files `diagnose` reads as logs: lint's complaints about them (a JSON-lines log is not JSON) are not config problems. */
  logFiles: ReadonlySet<string>;
}

/** Adds the configs' evidence; returns notes for the report (parts updoc itself failed on). */
export function addLintEvidence(collector: EvidenceCollector, result: LintResult, options: LintEvidenceOptions): string[] {
  const facts = result.facts;
  const notes = result.findings.filter((f) => f.rule === 'input/internal-error').map((f) => `${f.at.file}: ${f.message}`);
  const unreadByFile = new Map<string, string>();
  for (const f of result.findings) {
    if (!f.rule.startsWith('input/') || options.logFiles.has(f.at.file)) continue;
    if (f.rule === 'input/internal-error') continue;
    const reason = `${f.rule === 'input/parse-error' ? `parse error at line ${f.at.line}: ` : ''}${f.message}`;
    if (!unreadByFile.has(f.at.file)) unreadByFile.set(f.at.file, reason);
  }
  for (const [file, reason] of unreadByFile) collector.unread.push({ kind: 'config', name: file, reason });
  for (const file of facts.files) {
    if (options.logFiles.has(file.path) || unreadByFile.has(file.path)) continue;
    collector.read.push({ kind: 'config', name: file.path, detail: configKind(result, file.path) });
  }

  const pathOfFinding = (f: Finding): ResolvedPath | undefined => findingPath(f, facts.topology.paths);
  const explained = new Set<ResolvedPath>();
  for (const f of result.findings) {
    if (f.rule.startsWith('input/') || options.logFiles.has(f.at.file)) continue;
    const path = pathOfFinding(f);
    if (path) explained.add(path);
    const stage = CAUSE_STAGE[f.cause] ?? 'configured';
    collector.add({
      stage,
      answer: 'no',
      source: { kind: 'lint', where: `${f.at.file}:${f.at.line}`, file: f.at.file, line: f.at.line, step: f.rule },
      strength: SEVERITY_STRENGTH[f.severity],
      weights: { [f.cause]: 1 },
      rulesOut: CAUSE_RULES_OUT[f.cause] ?? [],
      summary: `${f.rule} (${f.severity}): ${f.message}`,
      group: `lint:${f.cause}`,
      ...(path ? { upstream: targetKey(path.target), target: path.target.id } : {}),
    });
  }

  for (const path of facts.topology.paths) {
    const upstream = targetKey(path.target);
    if (path.status === 'broken' && !explained.has(path) && path.problem) {
      collector.add({
        stage: CAUSE_STAGE[path.problem.cause] ?? 'configured',
        answer: 'no',
        source: { kind: 'topology', where: `${path.target.at.file}:${path.target.at.line}`, file: path.target.at.file, line: path.target.at.line },
        strength: 0.8,
        weights: { [path.problem.cause]: 1 },
        summary: `${describePath(path)}: ${path.problem.reason}`,
        group: `lint:${path.problem.cause}`,
        target: path.target.id,
        ...(upstream ? { upstream } : {}),
      });
    }
    if (path.status !== 'resolved') continue;
    // Followed to a listening port: the configuration causes of this path are ruled out (softly: the files
    // may not be what runs).
    const rulesOut: CauseId[] = ['wrong-host-localhost', 'port-mismatch', 'dns-failure'];
    const listen = path.listen;
    if (listen && listen.address !== undefined && !isLoopbackHost(listen.address)) rulesOut.push('bind-loopback');
    if (path.steps.some((s) => s.kind === 'network' && s.status === 'resolved')) rulesOut.push('network-blocked');
    if (path.steps.some((s) => s.kind === 'endpoints' && s.status === 'resolved')) rulesOut.push('no-endpoints');
    collector.add({
      stage: 'configured',
      answer: 'yes',
      source: { kind: 'topology', where: `${path.target.at.file}:${path.target.at.line}`, file: path.target.at.file, line: path.target.at.line },
      strength: 0.6,
      weights: {},
      rulesOut,
      summary: `${describePath(path)}: followed to a listening port`,
      group: `path:${path.target.id}`,
      target: path.target.id,
      ...(upstream ? { upstream } : {}),
    });
  }
  return notes;
}

/** The topology path a finding is about (its `path` shares step objects with the resolved path). */
export function findingPath(f: Finding, paths: readonly ResolvedPath[]): ResolvedPath | undefined {
  if (f.path?.length) {
    const steps = new Set<PathStep>(f.path);
    const byStep = paths.find((p) => p.steps.some((s) => steps.has(s)));
    if (byStep) return byStep;
  }
  const exact = paths.find(
    (p) =>
      p.target.at.file === f.at.file &&
      p.target.at.line === f.at.line &&
      f.at.column >= p.target.at.column &&
      f.at.column <= (p.target.at.endColumn ?? p.target.at.column + p.target.text.length),
  );
  if (exact) return exact;
  // A Kubernetes or Compose object on the way (a Service's targetPort, a bind address): the path that steps on it.
  const onTheWay = paths.filter((p) => p.steps.some((s) => s.at?.file === f.at.file && s.at.line === f.at.line));
  if (onTheWay.length === 1) return onTheWay[0];
  const broken = onTheWay.filter((p) => p.status === 'broken' && p.problem?.cause === f.cause);
  if (broken.length >= 1) return broken[0];
  // A setting of the proxy (a timeout, a keep-alive) in a config with a single path is about that path.
  const inFile = paths.filter((p) => p.proxy.configFile === f.at.file || p.target.at.file === f.at.file);
  return inFile.length === 1 ? inFile[0] : undefined;
}

/** `nginx (Compose service `proxy`), location /api/ → http://localhost:3000` */
function describePath(path: ResolvedPath): string {
  const where = path.proxy.runtime ? ` (${path.proxy.runtime.label})` : '';
  const route = path.target.route ? `, ${path.target.route}` : '';
  return `${path.proxy.product}${where}${route} → ${path.target.text}`;
}

function configKind(result: LintResult, file: string): string {
  const f = result.facts;
  if (f.compose.projects.some((p) => p.files.includes(file))) return 'Compose file';
  const proxy = f.topology.proxies.find((p) => p.configFile === file);
  if (proxy) return `${proxy.product} configuration`;
  const kinds = [...new Set(f.kubernetes.objects.filter((o) => o.file === file).map((o) => o.kind))];
  if (kinds.length) return `Kubernetes ${kinds.slice(0, 4).join(', ')}${kinds.length > 4 ? ', …' : ''}`;
  if (f.spring.apps.some((a) => file.startsWith(a.directory))) return 'Spring configuration';
  return 'configuration';
}
