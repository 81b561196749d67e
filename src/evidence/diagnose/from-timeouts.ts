import type { Finding } from '../../core/define-rule.js';
import type { CauseId } from '../../core/ids.js';
import type { LogPatterns } from '../log-summary/patterns.js';
import type { LintFacts } from '../lint-facts.js';
import type { EvidenceCollector } from './model.js';
import { firstSegment, type RequestDuration, requestPath } from './request-durations.js';
import { targetKey } from './upstream-match.js';

/**
 * Logs and configs together on timeouts: when the slow failures all take the same number of seconds and that is a
 * timeout the proxy is configured with (nginx `proxy_read_timeout`, HAProxy `timeout server`, an Envoy route's `timeout`), it is the proxy's
 * limit that cuts requests — the backend is still working (timeout-misaligned) or is too slow (slow-upstream).
 * What decides between them: lint's finding that the backend is allowed longer, or the backend's own log saying
 * it finished those requests after the proxy's limit (request-durations.ts) — the work outlives the timeout, it is
 * not failing. Without a common duration in the logs (an nginx error log says none), read timeouts in the logs and
 * backend requests that finished after every limit the proxies are configured with say the same.
 */
/** Envoy's route timeout when a route sets none (RouteAction.timeout). */
const ENVOY_DEFAULT_ROUTE_TIMEOUT_S = 15;

/** What the backends themselves say about the requests: how long finished ones took, and which requests failed. */
export interface BackendWork {
  durations: readonly RequestDuration[];
  /** The failing requests' lines (the logs' samples, a pasted message), for their paths. */
  failedLines: readonly string[];
}

interface Limit {
  seconds: number;
  what: string;
  file: string;
  line: number;
  target?: string;
}

export function addTimeoutEvidence(
  collector: EvidenceCollector,
  patterns: LogPatterns | undefined,
  facts: LintFacts | undefined,
  findings: readonly Finding[],
  work: BackendWork = { durations: [], failedLines: [] },
): void {
  const common = patterns?.timing.commonTimeout;
  const limits = facts ? configuredLimits(facts) : [];
  if (!common) {
    if (facts) addOutlivedLimits(collector, patterns, facts, limits, work);
    return;
  }
  const first = limits.find((l) => Math.abs(l.seconds - common.seconds) <= 1);
  const outlived = outlivedRequests(work, common.seconds);
  if (!first) {
    if (outlived)
      collector.add({
        stage: 'over-time',
        source: durationSource(outlived),
        strength: outlived.strength,
        weights: outlived.weights,
        summary: `the slow failures take ${common.seconds} s, and ${outlived.said}${outlived.reading}; something in front of the backend gives up at ${common.seconds} s while the backend completes the work`,
        group: 'timeouts',
      });
    return;
  }
  // The configs also say the backend may take longer: the requests really outlive the proxy's limit.
  const longer = findings.find((f) => f.cause === 'timeout-misaligned' && f.at.file === first.file);
  collector.add({
    stage: 'over-time',
    source: { kind: 'config', where: `${first.file}:${first.line}`, file: first.file, line: first.line },
    strength: 0.75,
    weights:
      outlived && (outlived.consistent !== undefined || !longer)
        ? outlived.weights
        : longer
          ? { 'timeout-misaligned': 0.85, 'slow-upstream': 0.15 }
          : { 'timeout-misaligned': 0.5, 'slow-upstream': 0.5 },
    summary: `the slow failures take ${common.seconds} s, which is the proxy's own ${first.what}: the proxy gives up while the backend is still working${longer ? ', and the backend is allowed longer (see the timeout finding)' : ''}${outlived ? `, and ${outlived.said}${outlived.reading}` : ''}`,
    group: 'timeouts',
    ...(facts ? pathOf(facts, [first]) : {}),
  });
}

/**
 * No common duration in the logs, but read timeouts: when the backend finished requests after every limit the
 * proxies are configured with, those limits are shorter than the work.
 */
function addOutlivedLimits(
  collector: EvidenceCollector,
  patterns: LogPatterns | undefined,
  facts: LintFacts,
  limits: readonly Limit[],
  work: BackendWork,
): void {
  if (!patterns?.timing.byKind['read-timeout'] || limits.length === 0) return;
  const longest = limits.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const outlived = outlivedRequests(work, longest.seconds);
  if (!outlived) return;
  const all =
    [...new Set(limits.map((l) => l.seconds))].length === 1
      ? `the proxy's ${longest.what}`
      : `every timeout the proxies are configured with (the longest: ${longest.what})`;
  collector.add({
    stage: 'over-time',
    source: { kind: 'config', where: `${longest.file}:${longest.line}`, file: longest.file, line: longest.line },
    strength: outlived.strength,
    weights: outlived.weights,
    summary: `the proxy's reads time out, and ${outlived.said}, longer than ${all}${outlived.reading}`,
    group: 'timeouts',
    ...pathOf(facts, limits),
  });
}

/** The proxy path the limits are about, when they are all about one, to relate the evidence to the failing upstream. */
function pathOf(facts: LintFacts, limits: readonly Limit[]): { target?: string; upstream?: string } {
  const ids = new Set(limits.map((l) => l.target));
  const id = ids.size === 1 ? [...ids][0] : undefined;
  const target = id ? facts.topology.targets.find((t) => t.id === id) : undefined;
  if (!target) return {};
  const upstream = targetKey(target);
  return { target: target.id, ...(upstream ? { upstream } : {}) };
}

/** Timeouts the proxies are configured with (defaults included), each with where it is written. */
function configuredLimits(facts: LintFacts): Limit[] {
  const found: Limit[] = [];
  for (const config of facts.nginx.configs)
    for (const pass of config.passes) {
      const read = pass.settings.readTimeout;
      found.push({
        seconds: read.value,
        what: `${pass.directive.replace(/_pass$/, '')}_read_timeout ${read.value}s${read.at ? '' : ' (the default)'} for ${pass.route}`,
        file: (read.at ?? pass.at).file,
        line: (read.at ?? pass.at).line,
        target: pass.id,
      });
    }
  for (const config of facts.haproxy.configs)
    for (const backend of config.backends) {
      const server = backend.timeouts.server;
      if (server)
        found.push({
          seconds: server.value / 1000,
          what: `timeout server ${server.value / 1000}s of backend ${backend.name.value}`,
          file: (server.at ?? backend.at).file,
          line: (server.at ?? backend.at).line,
        });
    }
  // Envoy's route timeout covers the whole response; unset it is 15 s (Istio turns it off), 0 disables it.
  for (const config of facts.envoy.configs)
    for (const listener of config.listeners)
      for (const route of listener.routes) {
        if (route.kind !== 'route') continue;
        const seconds = route.timeout?.value ?? ENVOY_DEFAULT_ROUTE_TIMEOUT_S;
        if (seconds > 0)
          found.push({
            seconds,
            what: `route timeout ${seconds}s${route.timeout ? '' : ' (the default)'} for ${route.route}`,
            file: (route.timeout ?? route.cluster).at.file,
            line: (route.timeout ?? route.cluster).at.line,
          });
      }
  return found;
}

interface Outlived {
  /** "the backend's own log says 3 requests finished after 36.9–41.3 s (logs/app.log:2)" */
  said: string;
  /** What that says about the work (", and none … finished sooner: …"), or ''. */
  reading: string;
  first: RequestDuration;
  /**
   * What the backend's log says about those endpoints: every request to them took that long (the work is long by
   * nature: timeout-misaligned), or the same endpoints also finished quickly (usually fast, slower now:
   * slow-upstream); unknown when the lines name no path.
   */
  consistent?: boolean;
  weights: Partial<Record<CauseId, number>>;
  strength: number;
}

/**
 * The backend's finished requests that took clearly longer than `limit` seconds (by a second and a tenth at least),
 * on the endpoints that fail when both sides name their paths; undefined when there are none.
 */
function outlivedRequests(work: BackendWork, limit: number): Outlived | undefined {
  const failing = new Set(work.failedLines.flatMap((l) => firstSegment(requestPath(l)) ?? []));
  let long = work.durations.filter((d) => d.seconds >= limit + Math.max(1, 0.1 * limit));
  if (failing.size > 0 && long.some((d) => d.path)) long = long.filter((d) => !d.path || failing.has(firstSegment(d.path) ?? ''));
  const first = long[0];
  if (!first) return undefined;
  const paths = new Set(long.flatMap((d) => (d.path ? [d.path] : [])));
  const fast = work.durations.filter((d) => d.path && paths.has(d.path) && d.seconds < limit / 2);
  const consistent = paths.size > 0 ? fast.length === 0 : undefined;
  const low = Math.min(...long.map((d) => d.seconds));
  const high = Math.max(...long.map((d) => d.seconds));
  const range = low === high ? `${round(low)} s` : `${round(low)}–${round(high)} s`;
  const where = first.line > 0 ? `${first.file}:${first.line}` : first.file;
  const said = `the backend's own log says ${long.length} request${long.length === 1 ? '' : 's'} finished after ${range} (${where})`;
  if (consistent === true)
    return {
      said,
      reading: `, and none to ${paths.size === 1 ? 'that endpoint' : 'those endpoints'} finished sooner: the work takes that long`,
      first,
      consistent,
      weights: { 'timeout-misaligned': 0.9, 'slow-upstream': 0.1 },
      strength: 0.8,
    };
  if (consistent === false) {
    const quickest = Math.min(...fast.map((d) => d.seconds));
    return {
      said,
      reading: `, while the same endpoints also finished in ${round(quickest)} s: they are usually fast, and the backend is slower than usual`,
      first,
      consistent,
      weights: { 'slow-upstream': 0.7, 'timeout-misaligned': 0.3 },
      strength: 0.6,
    };
  }
  return { said, reading: '', first, weights: { 'timeout-misaligned': 0.8, 'slow-upstream': 0.2 }, strength: 0.65 };
}

function durationSource(outlived: { first: RequestDuration }) {
  const d = outlived.first;
  return { kind: 'log' as const, where: d.line > 0 ? `${d.file}:${d.line}` : d.file, file: d.file, ...(d.line > 0 ? { line: d.line } : {}) };
}

function round(seconds: number): string {
  return seconds >= 10 ? String(Math.round(seconds * 10) / 10) : String(Math.round(seconds * 100) / 100);
}
