import type { Signature } from '../../core/define-signature.js';
import type { Fields, SignaturePlatform } from '../../core/ids.js';
import { FACET_SAMPLES, type ScannedEvent, type ScannedRecord, type ScanReceiver } from '../../inputs/logs/file-scanner.js';
import { type RecordMatch, upstreamFieldsOfMatch } from '../../inputs/logs/line-match.js';
import type { FailedAttempt } from '../../inputs/logs/formats/types.js';
import { splitUpstream } from '../match-signatures.js';
import { fallbackSignature, signatureById } from './classify.js';
import { addDuration, type DurationStats, emptyDurations, mergeDurations } from './duration-stats.js';
import { Timeline, type TimelineSnapshot } from './timeline.js';
import type { FailureGroup, LogEvent, Sample, UpstreamSummary } from './types.js';
import { OTHER_UPSTREAM, UNKNOWN_UPSTREAM, upstreamKey, upstreamOfFields } from './upstream-key.js';

// Memory bounds: distinct upstreams kept (the rest fold into "(other)"), groups, samples, events.
export const MAX_UPSTREAMS = 1000;
const MAX_GROUPS = 5000;
const MAX_SAMPLES = 3;
const MAX_FACETS = 8;
const MAX_EVENTS = 2000;
const MAX_FOLDED_NAMES = 200_000;

const NO_FACETS: Signature[] = [];

/** Counts failures per signature × upstream, per upstream and over time, within fixed memory. */
export class LogAggregator {
  readonly groups = new Map<string, FailureGroup>();
  /** `groups` by signature id and upstream. */
  private readonly groupIndex = new Map<string, Map<string, GroupSlot>>();
  readonly upstreams = new Map<string, UpstreamSummary>();
  readonly timeline = new Timeline();
  readonly events: LogEvent[] = [];
  droppedEvents = 0;
  foldedUpstreams = 0;
  failures = 0;
  requests = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  /** Names already folded into "(other)", so later failures on them fold too. */
  private readonly folded = new Set<string>();
  /** For each group's facets, the occurrence of the primary signature it was first seen on (see `addFacet`). */
  private readonly facetOccurrences = new WeakMap<FailureGroup, number[]>();

  /** The receiver for one file's scanner; `platform` names the product for status-only failures. */
  receiverFor(file: string, platform: () => SignaturePlatform): ScanReceiver {
    return {
      record: (record) => this.record(file, record, platform()),
      event: (event) => this.logEvent(file, event),
    };
  }

  record(file: string, record: ScannedRecord, platform: SignaturePlatform): void {
    // The scanner lists a record's matches sharpest first: the first is the one it is counted under.
    const primary = record.matches[0] ?? null;
    const access = record.access;
    const signature = primary?.signature ?? (access ? fallbackSignature(access, platform) : null);
    if (!signature) return;
    const facets = record.matches.length < 2 && primary ? NO_FACETS : record.matches.map((m) => m.signature).filter((s) => s !== signature);
    if (access) {
      for (const attempt of access.attempts) {
        const upstream = attempt.peer
          ? upstreamKey(attempt.peer)
          : access.pool
            ? upstreamKey(access.pool)
            : (this.upstreamOf(record, primary) ?? UNKNOWN_UPSTREAM);
        this.count(file, record, signature, facets, primary, upstream, 1, attempt, true);
      }
      return;
    }
    this.count(file, record, signature, facets, primary, this.upstreamOf(record, primary) ?? UNKNOWN_UPSTREAM, record.repeat, undefined, false);
  }

  /** The upstream a record names: the primary match's fields first, then any other match's. */
  private upstreamOf(record: ScannedRecord, primary: RecordMatch | null): string | null {
    const own = primary ? upstreamOfFields(upstreamFieldsOfMatch(primary)) : null;
    if (own) return own;
    for (const m of record.matches) {
      const u = upstreamOfFields(upstreamFieldsOfMatch(m));
      if (u) return u;
    }
    return null;
  }

  /** `primary`'s fields (with the attempt's peer for a request-log failure), read only for a new group. */
  private count(
    file: string,
    record: ScannedRecord,
    signature: Signature,
    facets: Signature[],
    primary: RecordMatch | null,
    rawUpstream: string,
    n: number,
    attempt: FailedAttempt | undefined,
    fromRequestLog: boolean,
  ): void {
    const upstream = this.folded.size > 0 && this.folded.has(rawUpstream) ? OTHER_UPSTREAM : rawUpstream;
    const time = record.time;
    this.failures += n;
    widen(this, time, time);
    this.timeline.add(time, signature.id, n);

    const slot =
      this.findGroup(signature, upstream) ??
      this.addGroup(signature, upstream, time, attempt ? withPeer(primary?.fields ?? {}, attempt) : (primary?.fields ?? {}));
    const group = slot.group;
    group.count += n;
    widen(group, time, time);
    if (group.samples.length < MAX_SAMPLES && !group.samples.some((s) => s.file === file && s.line === record.line))
      group.samples.push({ file, line: record.line, text: record.text });
    for (const f of facets) this.addFacet(group, f, record.facetOccurrence ?? -1);
    if (attempt?.elapsedMs !== undefined) addDuration(group.elapsed, attempt.elapsedMs, n);
    if (attempt?.connectMs !== undefined) addDuration(group.connect, attempt.connectMs, n);

    // The group's upstream counts, looked up once per slot (folding rebuilds the slots).
    slot.stats ??= this.upstreamStats(group.upstream);
    const stats = slot.stats;
    stats.failures += n;
    if (fromRequestLog) stats.requestFailures += n;
    widen(stats, time, time);
  }

  /** The group of a signature and upstream, created (with these first values) if new; "(other)" past the cap. */
  private groupFor(signature: Signature, upstream: string, time: number, fields: Fields): FailureGroup {
    return (this.findGroup(signature, upstream) ?? this.addGroup(signature, upstream, time, fields)).group;
  }

  /** The group a record of this signature and upstream is counted in, if there is one ("(other)" past the cap). */
  private findGroup(signature: Signature, upstream: string): GroupSlot | undefined {
    // Looked up by signature id, then upstream (no key string per record); `groups` keeps the insertion order.
    const bySignature = this.groupIndex.get(signature.id);
    const slot = bySignature?.get(upstream);
    if (!slot && this.groups.size >= MAX_GROUPS) return bySignature?.get(OTHER_UPSTREAM);
    return slot;
  }

  /** A new group (see `findGroup`), with these first values. */
  private addGroup(signature: Signature, upstream: string, time: number, fields: Fields): GroupSlot {
    const lookup = this.groups.size >= MAX_GROUPS ? OTHER_UPSTREAM : upstream;
    const group: FailureGroup = {
      signature,
      facets: [],
      upstream: lookup.endsWith(OTHER_UPSTREAM) ? OTHER_UPSTREAM : upstream,
      count: 0,
      first: time,
      last: time,
      samples: [],
      fields,
      elapsed: emptyDurations(),
      connect: emptyDurations(),
    };
    this.groups.set(`${signature.id}\u0000${lookup}`, group);
    let bySignature = this.groupIndex.get(signature.id);
    if (!bySignature) {
      bySignature = new Map();
      this.groupIndex.set(signature.id, bySignature);
    }
    const slot: GroupSlot = { group, stats: null };
    bySignature.set(lookup, slot);
    return slot;
  }

  /** `occurrence`: see `ScannedRecord.facetOccurrence` (kept per facet: the first one it was seen on). */
  private addFacet(group: FailureGroup, facet: Signature, occurrence: number): void {
    if (group.facets.length >= MAX_FACETS || group.facets.includes(facet)) return;
    group.facets.push(facet);
    let occurrences = this.facetOccurrences.get(group);
    if (!occurrences) {
      occurrences = [];
      this.facetOccurrences.set(group, occurrences);
    }
    occurrences.push(occurrence);
  }

  /** Requests per upstream from a request log's traffic counts (raw keys as the log spells them). */
  addTraffic(raw: string, count: number): void {
    const key = upstreamKey(raw);
    this.requests += count;
    this.upstreamStats(this.folded.has(key) ? OTHER_UPSTREAM : key).requests += count;
  }

  private upstreamStats(upstream: string): UpstreamSummary {
    let stats = this.upstreams.get(upstream);
    if (!stats) {
      if (this.upstreams.size >= 2 * MAX_UPSTREAMS) this.foldUpstreams();
      const name = this.folded.has(upstream) ? OTHER_UPSTREAM : upstream;
      stats = this.upstreams.get(name);
      if (!stats) {
        stats = { upstream: name, failures: 0, requestFailures: 0, requests: 0, first: Number.NaN, last: Number.NaN };
        this.upstreams.set(name, stats);
      }
    }
    return stats;
  }

  /** Called once at the end: folds down to the kept number of upstreams. */
  finish(): void {
    if (this.upstreams.size > MAX_UPSTREAMS + 1) this.foldUpstreams();
  }

  /** Keeps the busiest upstreams and folds the rest, with their groups, into "(other)". */
  private foldUpstreams(): void {
    const ranked = [...this.upstreams.values()]
      .filter((u) => u.upstream !== OTHER_UPSTREAM)
      .sort((a, b) => b.failures + b.requests - (a.failures + a.requests));
    const other = this.upstreams.get(OTHER_UPSTREAM) ?? {
      upstream: OTHER_UPSTREAM,
      failures: 0,
      requestFailures: 0,
      requests: 0,
      first: Number.NaN,
      last: Number.NaN,
    };
    for (const u of ranked.slice(MAX_UPSTREAMS)) {
      other.failures += u.failures;
      other.requestFailures += u.requestFailures;
      other.requests += u.requests;
      widen(other, u.first, u.last);
      this.upstreams.delete(u.upstream);
      if (this.folded.size < MAX_FOLDED_NAMES) this.folded.add(u.upstream);
      this.foldedUpstreams++;
    }
    this.upstreams.set(OTHER_UPSTREAM, other);
    for (const [key, group] of [...this.groups]) {
      if (!this.folded.has(group.upstream)) continue;
      this.groups.delete(key);
      const target = `${group.signature.id}\u0000${OTHER_UPSTREAM}`;
      const into = this.groups.get(target);
      if (!into) {
        // The same object, renamed: its facets' occurrences (kept by object) stay with it.
        group.upstream = OTHER_UPSTREAM;
        this.groups.set(target, group);
        continue;
      }
      into.count += group.count;
      widen(into, group.first, group.last);
      for (const sample of group.samples)
        if (into.samples.length < MAX_SAMPLES && !into.samples.some((x) => x.file === sample.file && x.line === sample.line)) into.samples.push(sample);
      const occurrences = this.facetOccurrences.get(group);
      for (const [i, facet] of group.facets.entries()) this.addFacet(into, facet, occurrences?.[i] ?? -1);
      mergeDurations(into.elapsed, group.elapsed);
      mergeDurations(into.connect, group.connect);
    }
    this.reindexGroups();
  }

  private reindexGroups(): void {
    this.groupIndex.clear();
    for (const [key, group] of this.groups) {
      const cut = key.indexOf('\u0000');
      const id = key.slice(0, cut);
      let bySignature = this.groupIndex.get(id);
      if (!bySignature) {
        bySignature = new Map();
        this.groupIndex.set(id, bySignature);
      }
      bySignature.set(key.slice(cut + 1), { group, stats: null });
    }
  }

  /**
   * What this aggregator counted, as plain data (signatures by id), for a parallel scan: each thread
   * counts pieces of a file on its own, and `merge` adds the pieces up in file order.
   */
  snapshot(): AggregatorSnapshot {
    return {
      groups: [...this.groups].map(([key, g]) => ({
        key,
        signature: g.signature.id,
        platform: g.signature.platform,
        upstream: g.upstream,
        count: g.count,
        first: g.first,
        last: g.last,
        samples: g.samples,
        fields: g.fields,
        facets: g.facets.map((f, i) => [f.id, this.facetOccurrences.get(g)?.[i] ?? -1]),
        elapsed: g.elapsed,
        connect: g.connect,
      })),
      upstreams: [...this.upstreams.values()],
      timeline: this.timeline.snapshot(),
      events: this.events,
      droppedEvents: this.droppedEvents,
      foldedUpstreams: this.foldedUpstreams,
      failures: this.failures,
      requests: this.requests,
      first: this.first,
      last: this.last,
    };
  }

  /**
   * Adds what another aggregator counted on a later part of the same input, as if its records had come
   * here: `lineOffset` lines precede that part, and `primaryBefore` says how often each signature was a
   * primary one before it (facets found on occurrences a single pass would not have searched are left
   * out, so the result is what one pass gives).
   */
  merge(snapshot: AggregatorSnapshot, lineOffset: number, primaryBefore: ReadonlyMap<string, number>): void {
    this.failures += snapshot.failures;
    this.requests += snapshot.requests;
    widen(this, snapshot.first, snapshot.last);
    this.timeline.merge(snapshot.timeline);
    for (const g of snapshot.groups) {
      const signature = signatureById(g.signature, g.platform);
      if (!signature) continue;
      const cut = g.key.indexOf('\u0000');
      const lookup = g.key.slice(cut + 1);
      const group = this.groupFor(signature, this.folded.has(lookup) ? OTHER_UPSTREAM : lookup, g.first, g.fields);
      group.count += g.count;
      widen(group, g.first, g.last);
      for (const sample of g.samples) {
        const line = sample.line + lineOffset;
        if (group.samples.length < MAX_SAMPLES && !group.samples.some((x) => x.file === sample.file && x.line === line))
          group.samples.push({ ...sample, line });
      }
      const before = primaryBefore.get(g.signature) ?? 0;
      for (const [id, occurrence] of g.facets) {
        if (occurrence >= 0 && occurrence + before >= FACET_SAMPLES) continue;
        const facet = signatureById(id, g.platform);
        if (facet) this.addFacet(group, facet, occurrence < 0 ? -1 : occurrence + before);
      }
      mergeDurations(group.elapsed, g.elapsed);
      mergeDurations(group.connect, g.connect);
    }
    for (const u of snapshot.upstreams) {
      const stats = this.upstreamStats(this.folded.has(u.upstream) ? OTHER_UPSTREAM : u.upstream);
      stats.failures += u.failures;
      stats.requestFailures += u.requestFailures;
      stats.requests += u.requests;
      widen(stats, u.first, u.last);
    }
    for (const e of snapshot.events) this.addEvent(e.line === undefined ? e : { ...e, line: e.line + lineOffset });
    this.droppedEvents += snapshot.droppedEvents;
    this.foldedUpstreams += snapshot.foldedUpstreams;
  }

  private logEvent(file: string, event: ScannedEvent): void {
    this.addEvent({ time: event.time, kind: event.marker.kind, label: event.marker.label, source: 'log', file, line: event.line, text: event.text });
  }

  addEvent(event: LogEvent): void {
    if (this.events.length >= MAX_EVENTS) {
      this.droppedEvents++;
      return;
    }
    this.events.push(event);
  }
}

/** A group as indexed, with its upstream's counts once looked up (valid until the next fold, which rebuilds the index). */
interface GroupSlot {
  group: FailureGroup;
  stats: UpstreamSummary | null;
}

/** A LogAggregator's counts as plain data (see `LogAggregator.snapshot`). */
export interface AggregatorSnapshot {
  groups: {
    key: string;
    signature: string;
    platform: SignaturePlatform;
    upstream: string;
    count: number;
    first: number;
    last: number;
    samples: Sample[];
    fields: Fields;
    facets: [string, number][];
    elapsed: DurationStats;
    connect: DurationStats;
  }[];
  upstreams: UpstreamSummary[];
  timeline: TimelineSnapshot;
  events: LogEvent[];
  droppedEvents: number;
  foldedUpstreams: number;
  failures: number;
  requests: number;
  first: number;
  last: number;
}

/** Request-log failures name their peer in the attempt; give the facts its host and port. */
function withPeer(fields: Fields, attempt: FailedAttempt): Fields {
  if (!attempt.peer || fields.host) return fields;
  return { ...splitUpstream(attempt.peer), ...fields, upstream: fields.upstream ?? attempt.peer };
}

/** Widens a first/last time range to include `first`…`last`. Empty ends (NaN, ±Infinity) take the new value; non-finite inputs are ignored. */
function widen(range: { first: number; last: number }, first: number, last: number): void {
  if (Number.isFinite(first)) range.first = Number.isFinite(range.first) ? Math.min(range.first, first) : first;
  if (Number.isFinite(last)) range.last = Number.isFinite(range.last) ? Math.max(range.last, last) : last;
}
