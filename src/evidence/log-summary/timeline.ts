/**
 * Failures over time, per signature, in buckets that start at one second and coarsen (10 s, 1 min,
 * 10 min, 1 h, 1 d) whenever too many distinct buckets would be kept.
 */
const RESOLUTIONS_MS = [1_000, 10_000, 60_000, 600_000, 3_600_000, 86_400_000];
const MAX_BUCKETS = 20_000;
/** Bucket widths offered for display, smallest first. */
const NICE_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000);

export interface TimelineBucket {
  start: number;
  counts: Map<string, number>;
  total: number;
}

export interface TimelineSeries {
  bucketMs: number;
  start: number;
  buckets: TimelineBucket[];
}

/** A timeline as plain data (for another thread). */
export interface TimelineSnapshot {
  level: number;
  buckets: [number, [string, number][]][];
  untimed: number;
}

export class Timeline {
  private level = 0;
  private readonly buckets = new Map<number, Map<string, number>>();
  /** Failures without a readable timestamp. */
  untimed = 0;

  get resolutionMs(): number {
    return RESOLUTIONS_MS[this.level];
  }

  add(time: number, key: string, count: number): void {
    if (!Number.isFinite(time)) {
      this.untimed += count;
      return;
    }
    const start = Math.floor(time / this.resolutionMs) * this.resolutionMs;
    // Records come in time order: most land in the bucket of the one before.
    if (start === this.lastStart && this.lastBucket) {
      this.lastBucket.set(key, (this.lastBucket.get(key) ?? 0) + count);
      return;
    }
    let bucket = this.buckets.get(start);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS && this.level < RESOLUTIONS_MS.length - 1) {
        this.coarsen();
        this.add(time, key, count);
        return;
      }
      bucket = new Map();
      this.buckets.set(start, bucket);
    }
    this.lastStart = start;
    this.lastBucket = bucket;
    bucket.set(key, (bucket.get(key) ?? 0) + count);
  }

  private lastStart = Number.NaN;
  private lastBucket: Map<string, number> | null = null;

  snapshot(): TimelineSnapshot {
    return { level: this.level, buckets: [...this.buckets].map(([start, counts]) => [start, [...counts]]), untimed: this.untimed };
  }

  /**
   * Adds another timeline's counts. A timeline that had to coarsen did so because of its own buckets,
   * which this one now holds too: coarsening to its level first keeps the result what one timeline
   * fed with both would hold.
   */
  merge(other: TimelineSnapshot): void {
    while (this.level < other.level) this.coarsen();
    for (const [start, counts] of other.buckets) for (const [key, n] of counts) this.add(start, key, n);
    this.untimed += other.untimed;
  }

  private coarsen(): void {
    this.level++;
    this.lastBucket = null;
    const old = [...this.buckets];
    this.buckets.clear();
    for (const [start, counts] of old) {
      const merged = Math.floor(start / this.resolutionMs) * this.resolutionMs;
      let target = this.buckets.get(merged);
      if (!target) {
        target = new Map();
        this.buckets.set(merged, target);
      }
      for (const [k, n] of counts) target.set(k, (target.get(k) ?? 0) + n);
    }
  }

  get range(): { first: number; last: number } | null {
    if (this.buckets.size === 0) return null;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const start of this.buckets.keys()) {
      first = Math.min(first, start);
      last = Math.max(last, start + this.resolutionMs);
    }
    return { first, last };
  }

  /** Timed failures in total, and those in buckets that start inside one of the sorted, disjoint windows. */
  countInside(windows: readonly [number, number][]): { total: number; inside: number } {
    let total = 0;
    let inside = 0;
    for (const [start, counts] of this.buckets) {
      let n = 0;
      for (const c of counts.values()) n += c;
      total += n;
      let lo = 0;
      let hi = windows.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (windows[mid][1] <= start) lo = mid + 1;
        else if (windows[mid][0] > start) hi = mid - 1;
        else {
          inside += n;
          break;
        }
      }
    }
    return { total, inside };
  }

  /**
   * About `target` buckets of a round width over [first, last]; `keyOf` regroups keys (signature →
   * cause). Empty buckets are included so that gaps show.
   */
  series(target: number, keyOf: (key: string) => string = (k) => k, span?: { first: number; last: number }): TimelineSeries {
    const range = span ?? this.range;
    if (!range) return { bucketMs: this.resolutionMs, start: 0, buckets: [] };
    const wanted = Math.max(this.resolutionMs, (range.last - range.first) / Math.max(1, target));
    const bucketMs = NICE_MS.find((ms) => ms >= wanted && ms % this.resolutionMs === 0) ?? Math.ceil(wanted / this.resolutionMs) * this.resolutionMs;
    const start = Math.floor(range.first / bucketMs) * bucketMs;
    const count = Math.max(1, Math.ceil((range.last - start) / bucketMs));
    const buckets: TimelineBucket[] = Array.from({ length: count }, (_, i) => ({ start: start + i * bucketMs, counts: new Map(), total: 0 }));
    for (const [t, counts] of this.buckets) {
      const i = Math.floor((t - start) / bucketMs);
      const bucket = buckets[Math.min(Math.max(i, 0), buckets.length - 1)];
      for (const [k, n] of counts) {
        const key = keyOf(k);
        bucket.counts.set(key, (bucket.counts.get(key) ?? 0) + n);
        bucket.total += n;
      }
    }
    return { bucketMs, start, buckets };
  }
}
