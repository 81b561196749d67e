import type { CauseId } from '../../core/ids.js';
import type { ProbeStep, TargetReport } from '../../probes/run-probe.js';
import { classifyHost, type FailureKind } from '../setup-facts.js';
import type { DecisionStage, EvidenceCollector } from './model.js';
import { isLoopbackHost } from '../../core/loopback.js';

/**
 * Live evidence: what `updoc probe` saw for each target, from the vantage it ran in. A target that answers from
 * the proxy's own network namespace rules out the causes that would stop the proxy from reaching it (the second
 * question of the decision tree); one that fails brings the probe's own verdict (`diagnoseTarget`, which reads the
 * connect errno together with this machine's listeners and firewall) as its group, and each failing step as an item.
 */

/** Each probed target's evidence is the group `probe:<target>`. */
export const PROBE_GROUP = 'probe';

export interface ProbeContext {
  /** `current`, `netns:NAME`, `pid:PID`. */
  vantage: string;
  /** The vantage is where the proxy runs (given with --from, found from the configs, or the proxy runs on this host). */
  proxyVantage: boolean;
}

/** Ruled out for a target that answers from the proxy's own network: it runs, listens there, resolves and is reachable. */
const ANSWERS_RULES_OUT: CauseId[] = [
  'not-listening',
  'wrong-host-localhost',
  'bind-loopback',
  'port-mismatch',
  'dns-failure',
  'network-blocked',
  'no-endpoints',
];

const STEP_STAGE: Partial<Record<ProbeStep['step'], DecisionStage>> = {
  dns: 'resolves',
  'dns-direct': 'resolves',
  tcp: 'reachable',
  tls: 'reachable',
  http: 'reachable',
  grpc: 'reachable',
  health: 'running',
  local: 'running',
  'cross-check': 'configured',
};

export function addProbeEvidence(collector: EvidenceCollector, reports: readonly TargetReport[], context: ProbeContext): void {
  for (const report of reports) {
    const upstream = `${report.host.includes(':') ? `[${report.host}]` : report.host}:${report.port}`;
    const group = `${PROBE_GROUP}:${report.target}`;
    const where = (step?: string) => `probe ${report.target} from ${context.vantage}${step ? `, step ${step}` : ''}`;
    collector.read.push({ kind: 'probe', name: report.target, detail: `probed from ${context.vantage}: ${report.ok ? 'healthy' : 'failed'}` });
    if (report.ok) {
      collector.add({
        stage: 'reachable',
        answer: 'yes',
        source: { kind: 'probe', where: where(), step: 'http' },
        strength: context.proxyVantage ? 0.9 : 0.4,
        weights: {},
        rulesOut: context.proxyVantage ? ANSWERS_RULES_OUT : ['not-listening'],
        summary: `${report.target} answers from ${context.vantage}${context.proxyVantage ? " (the proxy's network)" : ''}: ${report.summary}`,
        group,
        upstream,
      });
      continue;
    }
    if (report.deadline && report.causes.length === 0) {
      collector.unread.push({ kind: 'probe', name: report.target, reason: report.summary });
      continue;
    }
    // What the name resolution said, even when it worked: the third question.
    const dns = report.steps.find((s) => s.step === 'dns');
    if (dns?.ok)
      collector.add({
        stage: 'resolves',
        answer: 'yes',
        source: { kind: 'probe', where: where('dns'), step: 'dns' },
        strength: context.proxyVantage ? 0.8 : 0.3,
        weights: {},
        rulesOut: context.proxyVantage ? ['dns-failure'] : [],
        summary: `${report.host} resolves from ${context.vantage}: ${dns.detail}`,
        group,
        upstream,
      });
    const reading = readingOf(report);
    if (reading.answered) {
      // The backend answered, with an error of its own: it runs and is reachable; the application (or its health) fails.
      collector.add({
        stage: 'reachable',
        answer: 'yes',
        source: { kind: 'probe', where: where('http'), step: 'http' },
        strength: context.proxyVantage ? 0.8 : 0.4,
        weights: { 'no-healthy-upstream': 0.5, other: 0.5 },
        rulesOut: context.proxyVantage ? ANSWERS_RULES_OUT : ['not-listening'],
        summary: `${report.target} answers from ${context.vantage}, with an error of its own: ${report.summary}`,
        group: `${group}#answered`,
        upstream,
      });
      continue;
    }
    for (const step of report.steps.filter((s) => !s.ok || s.step === 'local')) {
      const local = step.step === 'local' ? localReading(report, step) : undefined;
      const failure = step.ok ? undefined : failureOfStep(step);
      collector.add({
        ...(failure ? { failure } : {}),
        stage: STEP_STAGE[step.step] ?? 'reachable',
        answer: local?.answer ?? 'no',
        source: { kind: 'probe', where: where(`${step.step}${step.address ? ` ${step.address}` : ''}`), step: step.step },
        strength: local ? local.strength : 0.7,
        weights: local?.weights ?? reading.scores,
        rulesOut: local?.rulesOut ?? [],
        summary: `${step.step}${step.address ? ` ${step.address}` : ''}: ${step.detail}`,
        group,
        upstream,
      });
    }
    collector.addGroup({
      group,
      scores: reading.scores,
      strength: context.proxyVantage ? 0.95 : 0.5,
      label: `probe of ${report.target} from ${context.vantage}: ${report.summary}`,
    });
  }
}

/**
 * The probe's own verdict (`diagnoseTarget`), read with what only the whole picture knows:
 * - nothing listening on the probed port is what a stopped backend and a backend on another port both look like
 *   from the proxy (the local side sees one port): part of not-listening goes to port-mismatch;
 * - a refusal from a Kubernetes Service name or ClusterIP is kube-proxy rejecting a Service without ready endpoints;
 * - refused on one loopback address while a listener holds another loopback family (`localhost` → ::1, the server on
 *   127.0.0.1) is the localhost split of wrong-host-localhost, not a backend bound to loopback away from the proxy;
 * - an answer that is the application's own error (503 from a failing app) means reachable, not an unknown cause.
 */
function readingOf(report: TargetReport): { scores: Partial<Record<CauseId, number>>; answered: boolean } {
  const scores: Partial<Record<CauseId, number>> = {};
  for (const c of report.causes) scores[c.id] = c.score;
  const failing = report.addresses.filter((a) => !a.ok);
  const answered = failing.length > 0 && failing.every((a) => a.connect.ok && a.http?.status !== undefined && (!a.tls || a.tls.ok));
  if (answered && (report.causes[0]?.id ?? 'other') === 'other') return { scores, answered: true };
  const move = (from: CauseId, to: CauseId, share: number) => {
    const amount = (scores[from] ?? 0) * share;
    if (amount <= 0) return;
    scores[from] = (scores[from] ?? 0) - amount;
    scores[to] = (scores[to] ?? 0) + amount;
  };
  const refused = failing.filter((a) => a.connect.code === 'ECONNREFUSED');
  if (refused.length && refused.every((a) => a.local && a.local.listeners.length === 0)) move('not-listening', 'port-mismatch', 0.4);
  const kind = classifyHost(report.host).kind;
  if (refused.length && (kind === 'k8s-service-name' || kind === 'k8s-cluster-ip' || /\.svc(?:\.cluster\.local)?\.?$/.test(report.host))) {
    move('not-listening', 'no-endpoints', 0.6);
    move('port-mismatch', 'no-endpoints', 0.3);
  }
  const loopbackSplit =
    refused.length > 0 && refused.every((a) => isLoopbackHost(a.address) && a.local?.listeners.some((l) => l.scope === 'loopback' && l.family !== a.family));
  if (loopbackSplit) move('bind-loopback', 'wrong-host-localhost', 0.85);
  return { scores, answered: false };
}

const CODE_KIND: Record<string, FailureKind> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'connect-timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ECONNRESET: 'reset',
  EACCES: 'permission',
  EPERM: 'permission',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  NXDOMAIN: 'dns',
};

/** How a failed probe step failed, in the failure kinds logs and messages use. */
function failureOfStep(step: ProbeStep): FailureKind | undefined {
  if (step.step === 'dns' || step.step === 'dns-direct') return 'dns';
  if (step.step === 'tls') return 'tls';
  if (step.code && CODE_KIND[step.code]) return step.step === 'tcp' || step.code !== 'ETIMEDOUT' ? CODE_KIND[step.code] : 'read-timeout';
  if (step.step === 'http' || step.step === 'grpc') return step.code?.startsWith('HPE') ? 'protocol' : 'reset';
  return undefined;
}

/** This machine's side of a failed address: who listens where. A listener means the backend runs. */
function localReading(
  report: TargetReport,
  step: ProbeStep,
): { answer: 'yes' | 'no'; strength: number; weights: Partial<Record<CauseId, number>>; rulesOut: CauseId[] } | undefined {
  const address = report.addresses.find((a) => step.address?.startsWith(a.address.includes(':') ? `[${a.address}]` : a.address));
  const local = address?.local;
  if (!local) return undefined;
  // Nothing on this port: the backend is down, or listens on another port (the local side sees one port only).
  if (local.listeners.length === 0) return { answer: 'no', strength: 0.85, weights: { 'not-listening': 0.6, 'port-mismatch': 0.4 }, rulesOut: [] };
  const loopbackOnly = local.listeners.every((l) => l.scope === 'loopback');
  // The proxy on the same host, `localhost` resolved to the other loopback family: the localhost split.
  if (!local.accepts && loopbackOnly && address && isLoopbackHost(address.address) && local.listeners.every((l) => l.family !== address.family))
    return { answer: 'yes', strength: 0.9, weights: { 'wrong-host-localhost': 0.85, 'bind-loopback': 0.15 }, rulesOut: ['not-listening'] };
  if (!local.accepts && loopbackOnly) return { answer: 'yes', strength: 0.95, weights: { 'bind-loopback': 1 }, rulesOut: ['not-listening'] };
  return { answer: 'yes', strength: 0.6, weights: {}, rulesOut: ['not-listening'] };
}
