/**
 * Running statistics of durations in milliseconds with a log-scale histogram (factor-2 buckets from
 * 1 ms), enough to tell "refused in 2 ms" from "timed out after 60 s" in bounded memory.
 */
export interface DurationStats {
  count: number;
  min: number;
  max: number;
  sum: number;
  /** buckets[i] counts durations in [2^(i-1), 2^i) ms; bucket 0 is < 1 ms. */
  buckets: number[];
  /** Durations of a second or more, by whole second: a configured timeout shows up as one tall value. */
  seconds: Map<number, number>;
}

const BUCKETS = 24;
const MAX_SECOND_KEYS = 600;

export function emptyDurations(): DurationStats {
  return { count: 0, min: Number.POSITIVE_INFINITY, max: 0, sum: 0, buckets: new Array<number>(BUCKETS).fill(0), seconds: new Map() };
}

export function addDuration(stats: DurationStats, ms: number, times = 1): void {
  if (!Number.isFinite(ms) || ms < 0) return;
  stats.count += times;
  stats.sum += ms * times;
  stats.min = Math.min(stats.min, ms);
  stats.max = Math.max(stats.max, ms);
  const i = ms < 1 ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log2(ms)) + 1);
  stats.buckets[i] += times;
  if (ms >= 1000) addSecond(stats, Math.round(ms / 1000), times);
}

function addSecond(stats: DurationStats, second: number, times: number): void {
  if (stats.seconds.has(second) || stats.seconds.size < MAX_SECOND_KEYS) stats.seconds.set(second, (stats.seconds.get(second) ?? 0) + times);
}

export function mergeDurations(into: DurationStats, from: DurationStats): void {
  if (from.count === 0) return;
  into.count += from.count;
  into.sum += from.sum;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
  from.buckets.forEach((n, i) => {
    into.buckets[i] += n;
  });
  for (const [second, n] of from.seconds) addSecond(into, second, n);
}

/** The most common whole-second duration and how many failures took it, or null. */
export function commonSeconds(stats: DurationStats): { seconds: number; count: number } | null {
  let best: { seconds: number; count: number } | null = null;
  for (const [seconds, count] of stats.seconds) if (!best || count > best.count) best = { seconds, count };
  return best;
}

/** Approximate quantile (upper bound of the bucket that holds it), or null without data. */
export function quantile(stats: DurationStats, q: number): number | null {
  if (stats.count === 0) return null;
  const target = q * stats.count;
  let seen = 0;
  for (let i = 0; i < stats.buckets.length; i++) {
    seen += stats.buckets[i];
    if (seen >= target) return Math.min(stats.max, i === 0 ? 1 : 2 ** i);
  }
  return stats.max;
}
