import { isLoopbackHost } from '../../core/loopback.js';
import type { ListenAnnouncement } from '../diagnose/listen-announcements.js';
import { type FailureKind, failureKindOf } from '../setup-facts.js';
import { commonSeconds, type DurationStats, emptyDurations, mergeDurations, quantile } from './duration-stats.js';
import type { Timeline } from './timeline.js';
import type { ProxyConfigFacts } from './proxy-config.js';
import type { FailureGroup, LogEvent, UpstreamSummary } from './types.js';
import { addressOf, OTHER_UPSTREAM, UNKNOWN_UPSTREAM } from './upstream-key.js';

/** How fast requests failed: a refusal answers at once, a timeout only after the configured limit. */
export interface TimingPattern {
  immediate: number;
  delayed: number;
  unknown: number;
  byKind: Partial<Record<FailureKind, number>>;
  elapsedMedianMs: number | null;
  elapsedP95Ms: number | null;
  connectMedianMs: number | null;
  /** Delayed failures that took the same whole number of seconds: a configured timeout. */
  commonTimeout: { seconds: number; count: number; share: number } | null;
}

/** Failure share of request-log traffic. */
export interface SpreadPattern {
  requests: number;
  requestFailures: number;
  ratio: number | null;
  verdict: 'all' | 'most' | 'intermittent' | 'unknown';
}

/** One upstream failing while its peers are healthy. */
export interface OutlierPattern {
  upstream: string;
  ratio: number;
  requests: number;
  /** Other upstreams with traffic, and their pooled failure ratio. */
  others: number;
  othersRatio: number;
}

export interface Burst {
  start: number;
  end: number;
  count: number;
  /** Typical failures per bucket outside bursts. */
  baseline: number;
  /** Restarts, reloads and deploys shortly before or during the burst. */
  events: LogEvent[];
}

/** A backend announced it listens on a loopback address, on the port the proxy is refused on at another address. */
export interface LoopbackListenerPattern {
  /** The refused upstream (`10.0.0.5:3000`). */
  upstream: string;
  address: string;
  port: number;
  /** The backend's words and where (`logs/api.log:1`). */
  said: string;
  where: string;
}

/** The same port refused on one loopback address family and served on the other: `localhost` resolves to both. */
export interface LocalhostSplitPattern {
  /** `[::1]:3000` */
  refused: string;
  /** `127.0.0.1:3000` */
  served: string;
  refusals: number;
  servedRequests: number;
}

/** Closes before any response header on an upstream whose pool keeps idle connections, among successes. */
export interface KeepaliveClosesPattern {
  upstream: string;
  pool: string;
  idleSeconds: number;
  failures: number;
  /** Failed share of the upstream's requests, when request logs counted them. */
  ratio: number | null;
}

/** Every failure came within seconds of a start or reload, then the same upstreams served the rest of the traffic. */
export interface FailuresStoppedPattern {
  event: { label: string; time: number; where: string };
  /** From the event to the last failure. */
  withinMs: number;
  failures: number;
  /** Requests to the failing upstreams that did not fail, and how long the request logs go on after the last failure. */
  served: number;
  afterMs: number;
}

/** The proxy had no server left to choose, and the servers it had taken out of the pool had connected and answered. */
export interface PoolExhaustedPattern {
  pool: string;
  /** Failures with no server chosen (`no live upstreams`, `<NOSRV>`, `ua="pool_name"`). */
  noServer: number;
  share: number;
  /** Servers whose own failed attempts got past connecting (an error status, a timeout or close while reading). */
  servers: string[];
}

export interface LogPatterns {
  timing: TimingPattern;
  spread: SpreadPattern;
  outlier: OutlierPattern | null;
  /** Without traffic counts: one upstream holds most failures. */
  concentration: { upstream: string; share: number; upstreams: number } | null;
  bursts: Burst[];
  bucketMs: number;
  /** Share of timed failures within five minutes after a restart/reload/deploy. */
  afterEvents: { share: number; events: number } | null;
  loopbackListener: LoopbackListenerPattern | null;
  localhostSplit: LocalhostSplitPattern | null;
  keepaliveCloses: KeepaliveClosesPattern | null;
  failuresStopped: FailuresStoppedPattern | null;
  poolExhausted: PoolExhaustedPattern | null;
}

/** What else the patterns read besides the failures: the proxy's configuration and the backends' own start-up lines. */
export interface PatternInputs {
  /** From `--nginx-conf`. */
  proxyConfig?: ProxyConfigFacts | null;
  /** Where backends whose logs were given say they listen. */
  listeners?: readonly ListenAnnouncement[];
  /** Time of the last record of the request logs: whether traffic went on after the failures. */
  requestLogEnd?: number;
}

const DELAYED_KINDS: ReadonlySet<FailureKind> = new Set(['connect-timeout', 'read-timeout']);
const DELAYED_MS = 1000;
const MIN_REQUESTS = 20;
const EVENT_WINDOW_MS = 5 * 60_000;
const CHANGE_KINDS = new Set(['restart', 'reload', 'start', 'stop', 'deploy']);
const START_KINDS = new Set(['restart', 'reload', 'start', 'deploy']);
/** "Shortly after a start": the first failure within this of the event, the last within the event window. */
const START_GRACE_MS = 30_000;
/** A backend still starting refuses, is not in DNS yet, or leaves the proxy no server; it does not time out or reset. */
const NOT_YET_THERE: ReadonlySet<FailureKind> = new Set(['refused', 'dns', 'no-upstream', 'unreachable']);
const NEVER_CONNECTED: ReadonlySet<FailureKind> = new Set(['refused', 'connect-timeout', 'unreachable', 'dns', 'permission']);

/** Each group's failure kind, read once for every pattern. */
type Kinds = ReadonlyMap<FailureGroup, FailureKind | null>;

export function computePatterns(
  groups: readonly FailureGroup[],
  upstreams: readonly UpstreamSummary[],
  timeline: Timeline,
  events: readonly LogEvent[],
  inputs: PatternInputs = {},
): LogPatterns {
  const series = timeline.series(120);
  const kinds = new Map(groups.map((g) => [g, groupFailureKind(g)]));
  return {
    timing: timingOf(groups, kinds),
    spread: spreadOf(upstreams),
    outlier: outlierOf(upstreams),
    concentration: concentrationOf(upstreams),
    bursts: burstsOf(series.buckets, series.bucketMs, events),
    bucketMs: series.bucketMs,
    afterEvents: afterEventsOf(timeline, events),
    loopbackListener: loopbackListenerOf(groups, kinds, inputs.listeners ?? []),
    localhostSplit: localhostSplitOf(groups, kinds, upstreams),
    keepaliveCloses: keepaliveClosesOf(groups, kinds, upstreams, inputs.proxyConfig ?? null),
    failuresStopped: failuresStoppedOf(groups, kinds, upstreams, events, inputs.requestLogEnd),
    poolExhausted: poolExhaustedOf(groups, kinds),
  };
}

/** The failure kind (refused, timeout, reset…) setup-facts reads from a group's signature, fields and first sample. */
export function groupFailureKind(g: FailureGroup): FailureKind | null {
  return failureKindOf({ signature: g.signature, record: 0, incident: 0, line: g.samples[0]?.line ?? 1, text: g.samples[0]?.text ?? '', fields: g.fields });
}

function timingOf(groups: readonly FailureGroup[], kinds: Kinds): TimingPattern {
  const timing: TimingPattern = {
    immediate: 0,
    delayed: 0,
    unknown: 0,
    byKind: {},
    elapsedMedianMs: null,
    elapsedP95Ms: null,
    connectMedianMs: null,
    commonTimeout: null,
  };
  const elapsed = emptyDurations();
  const delayedElapsed = emptyDurations();
  const connect = emptyDurations();
  for (const g of groups) {
    const kind = kinds.get(g) ?? null;
    if (kind) timing.byKind[kind] = (timing.byKind[kind] ?? 0) + g.count;
    mergeDurations(elapsed, g.elapsed);
    mergeDurations(connect, g.connect);
    const median = quantile(g.elapsed, 0.5);
    const delayed = median !== null ? median >= DELAYED_MS : kind ? DELAYED_KINDS.has(kind) : null;
    if (delayed === null) timing.unknown += g.count;
    else if (delayed) {
      timing.delayed += g.count;
      mergeDurations(delayedElapsed, g.elapsed);
    } else timing.immediate += g.count;
  }
  timing.elapsedMedianMs = quantile(elapsed, 0.5);
  timing.elapsedP95Ms = quantile(elapsed, 0.95);
  timing.connectMedianMs = quantile(connect, 0.5);
  timing.commonTimeout = timeoutOf(delayedElapsed);
  return timing;
}

function timeoutOf(delayed: DurationStats): TimingPattern['commonTimeout'] {
  const common = commonSeconds(delayed);
  if (!common || delayed.count < 3) return null;
  // Neighbouring seconds belong to the same limit (60.02 s rounds either way).
  const near = common.count + (delayed.seconds.get(common.seconds - 1) ?? 0) + (delayed.seconds.get(common.seconds + 1) ?? 0);
  const share = near / delayed.count;
  return share >= 0.5 ? { seconds: common.seconds, count: near, share } : null;
}

function spreadOf(upstreams: readonly UpstreamSummary[]): SpreadPattern {
  let requests = 0;
  let requestFailures = 0;
  for (const u of upstreams) {
    if (u.requests === 0) continue;
    requests += u.requests;
    requestFailures += Math.min(u.requestFailures, u.requests);
  }
  if (requests < MIN_REQUESTS) return { requests, requestFailures, ratio: requests ? requestFailures / requests : null, verdict: 'unknown' };
  const ratio = requestFailures / requests;
  return { requests, requestFailures, ratio, verdict: ratio >= 0.95 ? 'all' : ratio >= 0.5 ? 'most' : 'intermittent' };
}

function named(u: UpstreamSummary): boolean {
  return u.upstream !== UNKNOWN_UPSTREAM && u.upstream !== OTHER_UPSTREAM;
}

function outlierOf(upstreams: readonly UpstreamSummary[]): OutlierPattern | null {
  const busy = upstreams.filter((u) => named(u) && u.requests >= MIN_REQUESTS);
  if (busy.length < 3) return null;
  const ratio = (u: UpstreamSummary) => Math.min(1, u.requestFailures / u.requests);
  const worst = busy.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
  const others = busy.filter((u) => u !== worst);
  const otherRequests = others.reduce((a, u) => a + u.requests, 0);
  const otherFailures = others.reduce((a, u) => a + Math.min(u.requestFailures, u.requests), 0);
  const othersRatio = otherFailures / otherRequests;
  if (ratio(worst) < 0.5 || othersRatio > 0.05) return null;
  return { upstream: worst.upstream, ratio: ratio(worst), requests: worst.requests, others: others.length, othersRatio };
}

function concentrationOf(upstreams: readonly UpstreamSummary[]): LogPatterns['concentration'] {
  if (upstreams.some((u) => u.requests > 0)) return null;
  const failing = upstreams.filter((u) => named(u) && u.failures > 0);
  if (failing.length < 3) return null;
  const total = failing.reduce((a, u) => a + u.failures, 0);
  const top = failing.reduce((a, b) => (b.failures > a.failures ? b : a));
  const share = top.failures / total;
  return share >= 0.8 ? { upstream: top.upstream, share, upstreams: failing.length } : null;
}

function burstsOf(buckets: readonly { start: number; total: number }[], bucketMs: number, events: readonly LogEvent[]): Burst[] {
  if (buckets.length < 5) return [];
  const totals = buckets.map((b) => b.total);
  const sorted = [...totals].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  const sd = Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / totals.length);
  const threshold = Math.max(5, 3 * Math.max(1, median), mean + 2 * sd);
  const bursts: Burst[] = [];
  let current: Burst | null = null;
  for (const b of buckets) {
    if (b.total >= threshold) {
      if (current && current.end === b.start) {
        current.end = b.start + bucketMs;
        current.count += b.total;
      } else {
        current = { start: b.start, end: b.start + bucketMs, count: b.total, baseline: median, events: [] };
        bursts.push(current);
      }
    } else current = null;
  }
  for (const burst of bursts) {
    burst.events = events
      .filter((e) => Number.isFinite(e.time) && e.time >= burst.start - Math.max(EVENT_WINDOW_MS, bucketMs) && e.time < burst.end)
      .sort((a, b) => a.time - b.time)
      .slice(0, 5);
  }
  return bursts
    .sort((a, b) => b.count - a.count)
    .slice(0, 10)
    .sort((a, b) => a.start - b.start);
}

function afterEventsOf(timeline: Timeline, events: readonly LogEvent[]): LogPatterns['afterEvents'] {
  const range = timeline.range;
  // In a log shorter than a few windows every failure is "after" its first start-up line.
  if (!range || range.last - range.first < 3 * EVENT_WINDOW_MS) return null;
  const changes = events.filter((e) => CHANGE_KINDS.has(e.kind) && Number.isFinite(e.time)).sort((a, b) => a.time - b.time);
  if (changes.length === 0) return null;
  // Merge overlapping windows so no failure is counted twice.
  const windows: [number, number][] = [];
  for (const e of changes) {
    const last = windows[windows.length - 1];
    if (last && e.time <= last[1]) last[1] = Math.max(last[1], e.time + EVENT_WINDOW_MS);
    else windows.push([e.time, e.time + EVENT_WINDOW_MS]);
  }
  const { total, inside } = timeline.countInside(windows);
  return total > 0 ? { share: inside / total, events: changes.length } : null;
}

const isV6Loopback = (host: string) => isLoopbackHost(host) && host.includes(':') && !host.includes('.');
const isV4Loopback = (host: string) => isLoopbackHost(host) && /^\d/.test(host);

function loopbackListenerOf(groups: readonly FailureGroup[], kinds: Kinds, listeners: readonly ListenAnnouncement[]): LoopbackListenerPattern | null {
  if (listeners.length === 0) return null;
  for (const g of groups) {
    if (kinds.get(g) !== 'refused') continue;
    const target = addressOf(g.upstream);
    if (!target || isLoopbackHost(target.host)) continue;
    // The latest announcement for that port is where the backend listens now (a restart may have fixed the bind).
    const last = listeners.filter((l) => l.port === target.port).at(-1);
    if (!last?.address || !isLoopbackHost(last.address)) continue;
    return { upstream: g.upstream, address: last.address, port: last.port, said: last.said, where: `${last.file}:${last.line}` };
  }
  return null;
}

function localhostSplitOf(groups: readonly FailureGroup[], kinds: Kinds, upstreams: readonly UpstreamSummary[]): LocalhostSplitPattern | null {
  const refusals = new Map<string, number>();
  for (const g of groups) if (kinds.get(g) === 'refused') refusals.set(g.upstream, (refusals.get(g.upstream) ?? 0) + g.count);
  for (const bad of upstreams) {
    const a = addressOf(bad.upstream);
    const refused = refusals.get(bad.upstream) ?? 0;
    if (!a || refused === 0 || !isLoopbackHost(a.host)) continue;
    if (bad.requests > 0 && bad.requestFailures / bad.requests < 0.5) continue;
    const otherFamily = isV6Loopback(a.host) ? isV4Loopback : isV4Loopback(a.host) ? isV6Loopback : null;
    if (!otherFamily) continue;
    const good = upstreams.find((u) => {
      const b = addressOf(u.upstream);
      return b && b.port === a.port && otherFamily(b.host) && u.requests > 0 && u.requestFailures / u.requests <= 0.05;
    });
    if (good) return { refused: bad.upstream, served: good.upstream, refusals: refused, servedRequests: good.requests - good.requestFailures };
  }
  return null;
}

function keepaliveClosesOf(
  groups: readonly FailureGroup[],
  kinds: Kinds,
  upstreams: readonly UpstreamSummary[],
  config: ProxyConfigFacts | null,
): KeepaliveClosesPattern | null {
  if (!config?.keepalivePools.length) return null;
  let best: KeepaliveClosesPattern | null = null;
  for (const g of groups) {
    // Closed or reset before any response header, at once: the request met a connection already being closed. A
    // backend that takes its time and then dies is another story (a crash, a timeout).
    if (kinds.get(g) !== 'reset' || (g.signature.phase !== 'read-headers' && g.signature.phase !== 'send')) continue;
    const median = quantile(g.elapsed, 0.5);
    if (median !== null && median >= DELAYED_MS) continue;
    const target = addressOf(g.upstream);
    if (!target) continue;
    const pool = config.keepalivePools.find((p) => p.servers.some((s) => s.port === target.port || s.host === target.host));
    if (!pool) continue;
    const stats = upstreams.find((u) => u.upstream === g.upstream);
    const ratio = stats && stats.requests > 0 ? Math.min(1, stats.requestFailures / stats.requests) : null;
    // Every request failing is no race: something about every connection is wrong (TLS, protocol).
    if (ratio !== null && ratio >= 0.5) continue;
    if (!best || g.count > best.failures) best = { upstream: g.upstream, pool: pool.name, idleSeconds: pool.idleSeconds, failures: g.count, ratio };
  }
  return best;
}

function failuresStoppedOf(
  groups: readonly FailureGroup[],
  kinds: Kinds,
  upstreams: readonly UpstreamSummary[],
  events: readonly LogEvent[],
  requestLogEnd: number | undefined,
): FailuresStoppedPattern | null {
  if (requestLogEnd === undefined || groups.length === 0) return null;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let failures = 0;
  for (const g of groups) {
    const kind = kinds.get(g);
    if (kind && !NOT_YET_THERE.has(kind)) return null;
    if (!Number.isFinite(g.first) || !Number.isFinite(g.last)) return null;
    first = Math.min(first, g.first);
    last = Math.max(last, g.last);
    failures += g.count;
  }
  // The latest start before the first failure (log times are often whole seconds: the same second counts).
  const start = events
    .filter((e) => START_KINDS.has(e.kind) && Number.isFinite(e.time) && e.time <= first + 1000)
    .reduce<LogEvent | null>((a, e) => (!a || e.time > a.time ? e : a), null);
  if (!start || first - start.time > START_GRACE_MS || last - start.time > EVENT_WINDOW_MS) return null;
  // The same upstreams served requests afterwards: the request logs go on past the last failure, with successes.
  const failing = new Set(groups.map((g) => g.upstream));
  const served = upstreams.filter((u) => failing.has(u.upstream)).reduce((a, u) => a + Math.max(0, u.requests - u.requestFailures), 0);
  const afterMs = requestLogEnd - last;
  if (served === 0 || afterMs < 1000) return null;
  const where = start.source === 'events-file' ? '--events' : `${start.file ?? 'the log'}${start.line ? `:${start.line}` : ''}`;
  return { event: { label: start.label, time: start.time, where }, withinMs: last - start.time, failures, served, afterMs };
}

function poolExhaustedOf(groups: readonly FailureGroup[], kinds: Kinds): PoolExhaustedPattern | null {
  let total = 0;
  const noServer = new Map<string, number>();
  const servers = new Set<string>();
  for (const g of groups) {
    total += g.count;
    const kind = kinds.get(g);
    const address = addressOf(g.upstream);
    if (!address) {
      if (kind === 'no-upstream' || (g.upstream !== UNKNOWN_UPSTREAM && g.upstream !== OTHER_UPSTREAM && g.connect.count === 0 && !kind))
        noServer.set(g.upstream, (noServer.get(g.upstream) ?? 0) + g.count);
      continue;
    }
    // A server refused or unreachable is not running or not reachable: "no server left" then follows from that.
    if (kind && NEVER_CONNECTED.has(kind)) return null;
    if (g.connect.count > 0 || / while (?:reading|sending)\b/.test(g.samples[0]?.text ?? '')) servers.add(g.upstream);
  }
  const [pool, count] = [...noServer].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (!pool || !count || servers.size === 0) return null;
  const share = [...noServer.values()].reduce((a, b) => a + b, 0) / total;
  return share >= 0.5 ? { pool, noServer: count, share, servers: [...servers].sort() } : null;
}
