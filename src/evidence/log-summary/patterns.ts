import { type FailureKind, failureKindOf } from '../setup-facts.js';
import { commonSeconds, type DurationStats, emptyDurations, mergeDurations, quantile } from './duration-stats.js';
import type { Timeline } from './timeline.js';
import type { FailureGroup, LogEvent, UpstreamSummary } from './types.js';
import { OTHER_UPSTREAM, UNKNOWN_UPSTREAM } from './upstream-key.js';

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
}

const DELAYED_KINDS: ReadonlySet<FailureKind> = new Set(['connect-timeout', 'read-timeout']);
const DELAYED_MS = 1000;
const MIN_REQUESTS = 20;
const EVENT_WINDOW_MS = 5 * 60_000;
const CHANGE_KINDS = new Set(['restart', 'reload', 'start', 'stop', 'deploy']);

export function computePatterns(
  groups: readonly FailureGroup[],
  upstreams: readonly UpstreamSummary[],
  timeline: Timeline,
  events: readonly LogEvent[],
): LogPatterns {
  const series = timeline.series(120);
  return {
    timing: timingOf(groups),
    spread: spreadOf(upstreams),
    outlier: outlierOf(upstreams),
    concentration: concentrationOf(upstreams),
    bursts: burstsOf(series.buckets, series.bucketMs, events),
    bucketMs: series.bucketMs,
    afterEvents: afterEventsOf(timeline, events),
  };
}

/** The failure kind (refused, timeout, reset…) setup-facts reads from a group's signature, fields and first sample. */
export function groupFailureKind(g: FailureGroup): FailureKind | null {
  return failureKindOf({ signature: g.signature, record: 0, incident: 0, line: g.samples[0]?.line ?? 1, text: g.samples[0]?.text ?? '', fields: g.fields });
}

function timingOf(groups: readonly FailureGroup[]): TimingPattern {
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
    const kind = groupFailureKind(g);
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
