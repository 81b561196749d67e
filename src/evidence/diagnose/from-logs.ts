import type { CauseId } from '../../core/ids.js';
import type { LogsReport } from '../../diagnosis/logs.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { groupFailureKind } from '../log-summary/patterns.js';
import type { FailureGroup } from '../log-summary/types.js';
import { OTHER_UPSTREAM, UNKNOWN_UPSTREAM } from '../log-summary/upstream-key.js';
import type { FailureKind } from '../setup-facts.js';
import type { DecisionStage, EvidenceCollector } from './model.js';

/**
 * Log evidence: each counted failure group (signature × upstream) is one observation, the patterns over time
 * (every request fails, one bad upstream, a common timeout, failures after restarts) are more. Their combined
 * reading is the logs pipeline's own ranking (`diagnoseLogs`, which already mixes groups and applies the setup
 * and pattern inferences), added as one group so many lines of one failure count as one witness.
 */

export const LOGS_GROUP = 'logs';
const MAX_GROUP_ITEMS = 12;
/** An IP address and port as the logs print it (`10.0.0.5:3000`, `[::1]:3000`). */
const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\]):\d+$/i;

/** What a failure kind answers on the decision tree: a refusal means "not reachable there", a read timeout "reachable". */
const KIND_STAGE: Partial<Record<FailureKind, { stage: DecisionStage; answer: 'yes' | 'no' }>> = {
  dns: { stage: 'resolves', answer: 'no' },
  refused: { stage: 'reachable', answer: 'no' },
  'connect-timeout': { stage: 'reachable', answer: 'no' },
  unreachable: { stage: 'reachable', answer: 'no' },
  permission: { stage: 'reachable', answer: 'no' },
  'read-timeout': { stage: 'reachable', answer: 'yes' },
  reset: { stage: 'reachable', answer: 'yes' },
  tls: { stage: 'reachable', answer: 'yes' },
  protocol: { stage: 'reachable', answer: 'yes' },
  // "No server available": the proxy can use none of its servers; whether they run is another question.
  'no-upstream': { stage: 'reachable', answer: 'no' },
};

export function addLogEvidence(collector: EvidenceCollector, report: LogsReport): void {
  const s = report.summary;
  for (const f of s.files) {
    const errors = f.problems.filter((p) => p.severity === 'error');
    if (f.format === 'none' || errors.length > 0) {
      collector.unread.push({ kind: 'log', name: f.path, reason: errors.map((p) => p.message).join('; ') || 'not read' });
      continue;
    }
    const binary = f.problems.find((p) => /binary/.test(p.message));
    if (binary) {
      collector.unread.push({ kind: 'log', name: f.path, reason: binary.message });
      continue;
    }
    collector.read.push({ kind: 'log', name: f.path, detail: `${f.formatLabel}${f.gzip ? ' (gzip)' : ''}, ${f.lines} lines, ${f.matched} matched` });
  }
  for (const p of s.problems) collector.unread.push({ kind: 'log', name: p.path, reason: p.message });

  if (s.totals.failures === 0) {
    if (s.totals.requests > 0)
      collector.add({
        stage: 'over-time',
        source: { kind: 'log-pattern', where: 'request logs' },
        strength: Math.min(0.9, 0.3 + Math.log10(s.totals.requests) / 5),
        weights: {},
        summary: `${s.totals.requests} requests in the logs, none failed upstream`,
        group: LOGS_GROUP,
        answer: 'yes',
      });
    return;
  }

  for (const g of s.groups.slice(0, MAX_GROUP_ITEMS)) addGroup(collector, g);

  // A connection attempt to an address means the name (if any) resolved: the third question, answered by the logs.
  const kinds = s.groups.map((g) => ({ g, kind: groupFailureKind(g) }));
  const connected = kinds.find(({ g, kind }) => kind && kind !== 'dns' && kind !== 'no-upstream' && ADDRESS.test(g.upstream));
  if (connected && !kinds.some(({ kind }) => kind === 'dns'))
    collector.add({
      stage: 'resolves',
      answer: 'yes',
      source: { kind: 'log-pattern', where: 'the failing log lines' },
      strength: 0.5,
      weights: {},
      rulesOut: ['dns-failure'],
      summary: `the proxy tried the address ${connected.g.upstream}: its target resolved, and no log line says a name did not`,
      group: LOGS_GROUP,
      upstream: connected.g.upstream,
    });

  const p = s.patterns;
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  if (p.spread.verdict !== 'unknown' && p.spread.ratio !== null) {
    const verdict = p.spread.verdict === 'all' ? 'every request fails' : p.spread.verdict === 'most' ? 'most requests fail' : 'the failures are intermittent';
    collector.add({
      stage: 'over-time',
      source: { kind: 'log-pattern', where: 'request logs' },
      strength: 0.5,
      weights:
        p.spread.verdict === 'intermittent'
          ? { 'keepalive-race': 0.3, 'resource-exhaustion': 0.2, 'upstream-reset': 0.2, 'slow-upstream': 0.15, 'outlier-ejection': 0.15 }
          : { 'wrong-host-localhost': 0.2, 'port-mismatch': 0.2, 'bind-loopback': 0.2, 'not-listening': 0.2, 'dns-failure': 0.1, 'config-error': 0.1 },
      summary: `${pct(p.spread.ratio)} of ${p.spread.requests} upstream requests failed: ${verdict}`,
      group: LOGS_GROUP,
    });
  }
  if (p.outlier)
    collector.add({
      stage: 'over-time',
      source: { kind: 'log-pattern', where: 'request logs' },
      strength: 0.6,
      weights: {
        'not-listening': 0.35,
        'outlier-ejection': 0.2,
        'resource-exhaustion': 0.15,
        'port-mismatch': 0.1,
        'bind-loopback': 0.1,
        'startup-order': 0.1,
      },
      summary: `one bad upstream among healthy ones: ${p.outlier.upstream} failed ${pct(p.outlier.ratio)} of ${p.outlier.requests} requests, the ${p.outlier.others} others ${pct(p.outlier.othersRatio)}`,
      group: LOGS_GROUP,
      upstream: p.outlier.upstream,
    });
  if (p.timing.commonTimeout)
    collector.add({
      stage: 'over-time',
      source: { kind: 'log-pattern', where: 'failure durations' },
      strength: 0.6,
      weights: { 'slow-upstream': 0.45, 'timeout-misaligned': 0.4, 'resource-exhaustion': 0.15 },
      summary: `${pct(p.timing.commonTimeout.share)} of the slow failures took ${p.timing.commonTimeout.seconds} s: a configured timeout was hit`,
      group: LOGS_GROUP,
    });
  if (p.afterEvents && p.afterEvents.share >= 0.5)
    collector.add({
      stage: 'over-time',
      source: { kind: 'log-pattern', where: 'restarts and deploys in the logs' },
      strength: 0.5,
      weights: { 'startup-order': 0.5, 'no-endpoints': 0.25, 'upstream-reset': 0.15, 'dns-failure': 0.1 },
      summary: `${pct(p.afterEvents.share)} of the failures came within 5 minutes after a restart, reload or deploy`,
      group: LOGS_GROUP,
    });

  // The pipeline's ranking is the group's reading; how much it counts grows with how much it saw.
  const scores = withoutConsequences(report, kinds);
  const failures = s.totals.failures;
  collector.addGroup({
    group: LOGS_GROUP,
    scores,
    strength: failures >= 20 ? 0.97 : failures >= 3 ? 0.93 : 0.85,
    label: `the logs (${failures} upstream failure${failures === 1 ? '' : 's'})`,
  });
}

function addGroup(collector: EvidenceCollector, g: FailureGroup): void {
  const sample = g.samples[0];
  const kind = groupFailureKind(g);
  const tree = kind ? KIND_STAGE[kind] : undefined;
  const upstream = g.upstream === UNKNOWN_UPSTREAM || g.upstream === OTHER_UPSTREAM ? undefined : g.upstream;
  const weights: Partial<Record<CauseId, number>> = { ...g.signature.causes };
  for (const facet of g.facets) for (const [id, w] of Object.entries(facet.causes) as [CauseId, number][]) weights[id] = (weights[id] ?? 0) + w / 2;
  collector.add({
    stage: tree?.stage ?? 'symptom',
    ...(tree ? { answer: tree.answer } : {}),
    ...(kind ? { failure: kind } : {}),
    source: {
      kind: 'log',
      where: sample ? `${sample.file}:${sample.line}` : 'logs',
      ...(sample ? { file: sample.file, line: sample.line } : {}),
      step: g.signature.id,
    },
    strength: Math.min(0.95, 0.45 + 0.08 * Math.log2(Math.max(1, g.count))),
    weights,
    summary: `${g.signature.platform}: ${g.signature.title}${upstream ? ` on ${upstream}` : ''} (${g.count}×)`,
    ...(sample ? { quote: displayLine(sample.text, 600) } : {}),
    group: LOGS_GROUP,
    ...(upstream ? { upstream } : {}),
  });
}

/** Failure kinds that say why a server could not be used (as opposed to "none could be used"). */
const EXPLAINING: ReadonlySet<FailureKind> = new Set(['refused', 'connect-timeout', 'unreachable', 'dns', 'tls', 'permission', 'protocol']);

/**
 * "No server available" / "no live upstreams" / "no healthy upstream" are consequences: when the same logs also
 * say why the servers failed (a health check refused, a connect timed out), that reason is the better evidence of
 * the root cause (explain weighs such summaries down the same way). The logs' reading then becomes half the
 * pipeline's ranking, half the explaining groups' own cause weights, by how often each was seen.
 */
function withoutConsequences(report: LogsReport, kinds: readonly { g: FailureGroup; kind: FailureKind | null }[]): Partial<Record<CauseId, number>> {
  const scores: Partial<Record<CauseId, number>> = {};
  for (const c of report.causes) scores[c.id] = c.score;
  // A health check that timed out says why the servers are down: no SYN-ACK (Layer4, a connect timeout) or no answer
  // in time (Layer7, read as a read timeout in the health-check phase).
  const explaining = kinds.filter(({ g, kind }) => kind && (EXPLAINING.has(kind) || (kind === 'read-timeout' && g.signature.phase === 'health-check')));
  if (!kinds.some(({ kind }) => kind === 'no-upstream') || explaining.length === 0) return scores;
  const total = explaining.reduce((a, { g }) => a + g.count, 0);
  const mixed: Partial<Record<CauseId, number>> = {};
  for (const [id, score] of Object.entries(scores) as [CauseId, number][]) mixed[id] = score / 2;
  for (const { g } of explaining) {
    const sum = Object.values(g.signature.causes).reduce((a, w) => a + (w ?? 0), 0) || 1;
    for (const [id, w] of Object.entries(g.signature.causes) as [CauseId, number][]) mixed[id] = (mixed[id] ?? 0) + ((g.count / total) * w) / sum / 2;
  }
  return mixed;
}
