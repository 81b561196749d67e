import { isUtf8 } from 'node:buffer';
import type { Signature } from '../../core/define-signature.js';
import { matchWith } from '../../evidence/match-signatures.js';
import { jsonMessages } from '../text/records.js';
import { type EventMarker, markerOf } from './event-markers.js';
import { decodeSpans, newSpans, sliceSpans, spanOf } from './formats/access-fields.js';
import { detectFormat, UNKNOWN_FORMAT } from './formats/registry.js';
import type { AccessFailure, AccessLayout, LogFormat, TimeContext } from './formats/types.js';
import type { KeywordIndex, Prefilter, PrefilterChoice } from './keyword-index.js';
import { type LineSink, MAX_LINE_BYTES } from './line-assembler.js';
import { findDatedTimestamp, findTimestamp } from './timestamps.js';
import { matchLine, type RecordMatch, upstreamFieldsOfMatch } from './line-match.js';
import { TrafficTally, tallyListItems } from './traffic-tally.js';
import { FLAG_NO_KEYWORDS, KIND_ACCESS, RECORD_SPANS, RECORD_WORDS, type ScanEngine, type ScanPlan, scanEngine } from './wasm-scanner.js';

export type { RecordMatch } from './line-match.js';

/** A log record (one line, or a line with its stack trace) that matched signatures or is a request failure. */
export interface ScannedRecord {
  line: number;
  /** Epoch ms, NaN when the record has no timestamp we can read. */
  time: number;
  /** The record's text (untrusted: sanitise before display), at most a few KiB. */
  text: string;
  /** Matching signatures, sharpest (the primary one) first. */
  matches: RecordMatch[];
  /** Set for request-log lines that failed upstream. */
  access?: AccessFailure;
  /** How many occurrences the record stands for (kubectl "x12"). */
  repeat: number;
  /**
   * Why the record's other matches (facets) were looked for: the 0-based occurrence of its primary
   * signature, among the first few of each (`FACET_SAMPLES`), or -1 when its primary names no upstream;
   * undefined when they were not looked for. A parallel scan uses it to keep what one pass would find.
   */
  facetOccurrence?: number;
}

export interface ScannedEvent {
  line: number;
  time: number;
  marker: EventMarker;
  text: string;
}

export interface ScanReceiver {
  record(record: ScannedRecord): void;
  event(event: ScannedEvent): void;
}

/** Everything a scanner needs besides the bytes. */
export interface ScanSetup {
  /** Forced format (--log-format-name, --log-format), else detected from the first lines. */
  format?: LogFormat;
  /** Formats to choose from when detecting (built-ins, plus those of --nginx-conf). */
  candidates?: readonly LogFormat[];
  /** The keyword index for a format (signatures of its platforms, event markers). */
  indexFor(format: LogFormat): KeywordIndex;
  /** The chunk prefilter for a format, built from the first file's sample (or given as another thread chose it) and reused. */
  prefilterFor(format: LogFormat, index: KeywordIndex, sample: readonly string[], access: boolean, choice?: PrefilterChoice): Prefilter;
  time: TimeContext;
  /** Scan with the WebAssembly engine when there is one (default true; false forces the JavaScript path). */
  engine?: boolean;
  /**
   * For a scanner that starts in the middle of a file (a piece of a parallel scan): the file's first
   * lines, from which the prefilter is built. The format must be given; the file was already checked
   * for binary data and its year read.
   */
  sample?: readonly string[];
  /** With `sample`: what the thread that prepared the file chose from it (see `Prefilter.choice`). */
  prefilterChoice?: PrefilterChoice;
}

export interface FileStats {
  lines: number;
  format: LogFormat;
  /** Share of the first lines the format accepted (1 when forced). */
  confidence: number;
  /** Records that matched a signature or failed upstream. */
  matched: number;
  accessLines: number;
  /** Lines longer than 64 KiB, matched on their first 64 KiB only. */
  longLines: number;
  nulBytes: number;
  /** Lines shown (records, events) that are not valid UTF-8. */
  invalidUtf8Lines: number;
  binary: boolean;
}

export const SAMPLE_LINES = 200;
export const SAMPLE_BYTES = 256 * 1024;
const MAX_RECORD_TEXT = 4096;
/** How far back a stack-trace line looks for the line that started its record. */
const MAX_LOOKBACK_LINES = 200;
const NUL_COUNT_CAP = 4096;
/** Facets (the other signatures of a record) are looked for on this many occurrences of each primary signature. */
export const FACET_SAMPLES = 16;

interface RecordHead {
  line: number;
  time: number;
  text: string;
}

interface PendingRecord extends RecordHead {
  matches: RecordMatch[];
  parts: string[];
}

/**
 * Scans one input: detects its format on the first block, then per block runs the chunk prefilter
 * (and, for request logs, the byte-level field locator on every line), decoding only the lines that
 * may matter. Both run in the WebAssembly engine when there is one (wasm-scanner.ts), which also finds
 * each handed-over line's keywords; else in JavaScript (a RegExp of anchors, the layouts' locators),
 * with the same results (test/logs/scan-parity.test.ts).
 */
export class FileScanner implements LineSink {
  readonly stats: FileStats;
  readonly traffic = new TrafficTally();
  private format: LogFormat | null;
  private index: KeywordIndex | null = null;
  private prefilter: Prefilter | null = null;
  /** This scanner's copy of the prefilter RegExp (it keeps `lastIndex`), for the JavaScript path. */
  private regex: RegExp | null = null;
  private layout: AccessLayout | null = null;
  /** The WebAssembly engine and what it is told to look for; null: everything in JavaScript. */
  private readonly engine: ScanEngine | null;
  private plan: ScanPlan | null = null;
  /** Where the engine's keyword ids for the line being matched are. */
  private knownStart = 0;
  private knownCount = 0;
  private readonly spans = newSpans();
  private pending: PendingRecord | null = null;
  /** The last record head seen in an earlier block, for stack traces that continue across blocks. */
  private carriedHead: RecordHead | null = null;
  private lastByteNewline = true;
  /** How often each signature was the primary match, to stop looking for its facets after a few. */
  private readonly facetChecks = new Map<Signature, { seen: number }>();
  done = false;

  constructor(
    private readonly setup: ScanSetup,
    private readonly receiver: ScanReceiver,
  ) {
    this.format = setup.format ?? null;
    this.engine = setup.engine === false ? null : scanEngine();
    this.stats = {
      lines: 0,
      format: setup.format ?? UNKNOWN_FORMAT,
      confidence: setup.format ? 1 : 0,
      matched: 0,
      accessLines: 0,
      longLines: 0,
      nulBytes: 0,
      invalidUtf8Lines: 0,
      binary: false,
    };
  }

  lines(buf: Buffer, start: number, end: number): void {
    if (this.done || end <= start) return;
    if (!this.prefilter) this.prepare(buf, start, end);
    if (this.done) return;
    if (!this.scanWithEngine(buf, start, end)) {
      this.countNuls(buf, start, end);
      if (this.layout) this.scanAccessBlock(buf, start, end);
      else this.scanText(buf, start, end, this.stats.lines, true);
    }
    this.carryHead(buf, start, end);
    this.lastByteNewline = buf[end - 1] === 10;
  }

  /** Whether this scanner's blocks go through the WebAssembly engine. */
  get usesEngine(): boolean {
    return this.plan !== null;
  }

  overlongLine(buf: Buffer, start: number, end: number): void {
    if (this.done) return;
    if (!this.prefilter) this.prepare(buf, start, end);
    this.stats.lines++;
    this.stats.longLines++;
    this.lastByteNewline = true;
    const lineNo = this.stats.lines;
    if (this.layout) {
      this.spans.fill(-1);
      this.layout.begin(buf, end);
      if (this.layout.locate(buf, start, end, this.spans)) {
        if (this.layout.mayFail(buf, this.spans)) this.accessLine(buf, start, end, lineNo);
        return;
      }
    }
    const pattern = this.pattern();
    pattern.lastIndex = 0;
    if (pattern.test(buf.toString('latin1', start, end))) this.candidate(buf, start, end, lineNo, start);
    pattern.lastIndex = 0;
  }

  private pattern(): RegExp {
    if (!this.regex) {
      const shared = (this.prefilter as Prefilter).pattern;
      this.regex = new RegExp(shared.source, shared.flags);
    }
    return this.regex;
  }

  /** Requests per upstream as the log spells them (after the layout's own normalisation); see `traffic.overflow`. */
  trafficEntries(): [string, number][] {
    const peerKey = this.layout?.peerKey?.bind(this.layout);
    const entries = this.traffic.entries();
    return peerKey ? entries.map(([k, n]) => [peerKey(k) ?? k, n]) : entries;
  }

  /** Flushes the last record; call after the last block. */
  finish(): void {
    if (!this.lastByteNewline) this.stats.lines++;
    this.flushPending();
  }

  private prepare(buf: Buffer, start: number, end: number): void {
    const given = this.setup.sample;
    if (given && this.format) {
      // A piece of a file: the whole file's preparation was done before.
      this.stats.format = this.format;
      this.prepareSearch(given);
      return;
    }
    const sample = sampleLines(buf, start, end);
    const sampleEnd = Math.min(end, start + SAMPLE_BYTES);
    if (looksBinary(buf, start, sampleEnd)) {
      this.stats.binary = true;
      this.done = true;
      return;
    }
    // Year-less timestamps (syslog, klog) take the year of the file's dated lines, when it has some.
    const year = referenceYearOf(sample);
    if (year !== null) this.setup.time.referenceYear = year;
    if (!this.format) {
      const detection = detectFormat(sample, this.setup.candidates);
      this.format = detection.format;
      this.stats.confidence = detection.confidence;
    }
    this.stats.format = this.format;
    this.prepareSearch(sample);
  }

  private prepareSearch(sample: readonly string[]): void {
    const format = this.format as LogFormat;
    this.index = this.setup.indexFor(format);
    this.layout = format.access ? format.access() : null;
    this.prefilter = this.setup.prefilterFor(format, this.index, sample, this.layout !== null, this.setup.prefilterChoice);
    if (this.engine) {
      const program = this.layout ? (this.layout.program?.() ?? null) : null;
      // Request logs whose layout the engine cannot run are read in JavaScript.
      if (!this.layout || program) this.plan = this.prefilter.plan(program);
    }
  }

  /**
   * Scans a block with the WebAssembly engine: it counts lines (and request records per upstream)
   * and hands over the lines that may matter, with the keywords they contain. False when there is no
   * engine for this scanner (the caller scans in JavaScript).
   */
  private scanWithEngine(buf: Buffer, start: number, end: number): boolean {
    const engine = this.engine;
    if (!engine || !this.plan || !engine.use(this.plan)) return false;
    const delta = engine.begin(buf, start, end);
    if (delta === null) return false;
    const layout = this.layout;
    const records = engine.records;
    const spans = this.spans;
    const lineBase = this.stats.lines;
    for (;;) {
      const n = engine.scan();
      for (let i = 0; i < n; i++) {
        const r = i * RECORD_WORDS;
        const ls = records[r + 1] + delta;
        const le = records[r + 2] + delta;
        const lineNo = lineBase + records[r + 3] + 1;
        // ASCII lines come with the keywords they contain; others are searched in JavaScript.
        const known = (records[r + 4] & FLAG_NO_KEYWORDS) === 0;
        this.knownStart = records[r + 5];
        this.knownCount = records[r + 6];
        if (records[r] === KIND_ACCESS && layout) {
          for (let k = 0; k < spans.length; k++) {
            const v = records[r + RECORD_SPANS + k];
            spans[k] = v < 0 ? -1 : v + delta;
          }
          if (layout.mayFail(buf, spans)) this.accessLine(buf, ls, le, lineNo, known);
        } else {
          this.candidate(buf, ls, le, lineNo, start, known);
        }
      }
      if (engine.finished) break;
    }
    const counts = engine.blockCounters();
    this.stats.lines = lineBase + counts.newlines;
    this.stats.longLines += counts.longLines;
    this.stats.accessLines += counts.accessLines;
    this.stats.nulBytes = Math.min(NUL_COUNT_CAP, this.stats.nulBytes + counts.nulBytes);
    if (layout) engine.drainTally(this.traffic);
    return true;
  }

  private scanAccessBlock(buf: Buffer, start: number, end: number): void {
    const layout = this.layout as AccessLayout;
    const spans = this.spans;
    layout.begin(buf, end);
    let lineNo = this.stats.lines;
    // Runs of lines that are not request records (error lines mixed into a controller log) go
    // through the keyword prefilter like a text log.
    let runStart = -1;
    let runLine = 0;
    let ls = start;
    while (ls < end) {
      let le = buf.indexOf(10, ls);
      if (le < 0 || le >= end) le = end;
      lineNo++;
      let lineEnd = le > ls && buf[le - 1] === 13 ? le - 1 : le;
      if (lineEnd - ls > MAX_LINE_BYTES) {
        this.stats.longLines++;
        lineEnd = ls + MAX_LINE_BYTES;
      }
      spans.fill(-1);
      if (lineEnd > ls && layout.locate(buf, ls, lineEnd, spans)) {
        if (runStart >= 0) {
          this.scanText(buf, runStart, ls, runLine, false);
          runStart = -1;
        }
        this.stats.accessLines++;
        this.tallyTraffic(buf, spans);
        if (layout.mayFail(buf, spans)) this.accessLine(buf, ls, lineEnd, lineNo);
      } else if (runStart < 0) {
        runStart = ls;
        runLine = lineNo - 1;
      }
      ls = le + 1;
    }
    if (runStart >= 0) this.scanText(buf, runStart, end, runLine, false);
    // A last line without "\n" is counted once, by finish().
    this.stats.lines = buf[end - 1] === 10 ? lineNo : lineNo - 1;
  }

  private tallyTraffic(buf: Buffer, spans: Int32Array): void {
    const peers = spanOf(spans, 'peers');
    if (peers && tallyListItems(this.traffic, buf, peers[0], peers[1]) > 0) return;
    const pool = spanOf(spans, 'pool');
    if (pool && pool[1] > pool[0] && !(pool[1] - pool[0] === 1 && buf[pool[0]] === 45)) this.traffic.add(buf, pool[0], pool[1]);
    else this.traffic.add(buf, 0, 0);
  }

  /**
   * Runs the chunk prefilter over whole lines decoded as latin1 (one string for the region, indices
   * equal byte offsets) and hands each line with a hit to `candidate`. `lineBase` is the number of
   * lines before the region; with `count` this pass also owns the file's line count.
   */
  private scanText(buf: Buffer, start: number, end: number, lineBase: number, count: boolean): void {
    const text = buf.toString('latin1', start, end);
    const pattern = this.pattern();
    pattern.lastIndex = 0;
    let lineNo = lineBase;
    let counted = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const s = m.index === 0 ? 0 : text.lastIndexOf('\n', m.index - 1) + 1;
      let e = text.indexOf('\n', m.index);
      if (e < 0) e = text.length;
      lineNo += this.countNewlines(buf, start + counted, start + s, count);
      counted = s;
      const lineEnd = e > s && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
      this.candidate(buf, start + s, start + Math.min(lineEnd, s + MAX_LINE_BYTES), lineNo + 1, start);
      pattern.lastIndex = e + 1;
      if (e >= text.length) break;
    }
    if (count) this.stats.lines = lineNo + this.countNewlines(buf, start + counted, end, true);
  }

  /** Newlines in [from, to) (`from` is a line start); optionally counts lines over the length limit. */
  private countNewlines(buf: Buffer, from: number, to: number, checkLength: boolean): number {
    let n = 0;
    let lineStart = from;
    for (let p = buf.indexOf(10, from); p >= 0 && p < to; p = buf.indexOf(10, p + 1)) {
      n++;
      if (checkLength && p - lineStart > MAX_LINE_BYTES) this.stats.longLines++;
      lineStart = p + 1;
    }
    return n;
  }

  /** `known`: the engine found the line's keywords (`knownStart`, `knownCount` in its output); the line is ASCII. */
  private accessLine(buf: Buffer, start: number, end: number, lineNo: number, known = false): void {
    const layout = this.layout as AccessLayout;
    // An ASCII line is decoded once and its fields are slices of it.
    const ascii = known ? this.decodeLine(buf, start, end, true) : null;
    const fields = ascii === null ? decodeSpans(buf, this.spans) : sliceSpans(ascii, start, this.spans);
    const failure = layout.failure(fields);
    if (!failure) return;
    if (layout.peerKey) {
      for (const a of failure.attempts) if (a.peer) a.peer = layout.peerKey(a.peer);
      if (failure.pool) failure.pool = layout.peerKey(failure.pool) ?? undefined;
    }
    const text = ascii ?? this.decodeLine(buf, start, end);
    if (this.decodedInvalid) this.stats.invalidUtf8Lines++;
    const time = fields.time ? this.fieldTime(fields.time) : Number.NaN;
    const matches = this.match(text, known);
    this.stats.matched++;
    const record: ScannedRecord = { line: lineNo, time: Number.isNaN(time) ? this.timeOf(text) : time, text: clip(text), matches, access: failure, repeat: 1 };
    if (this.facetOccurrence !== undefined) record.facetOccurrence = this.facetOccurrence;
    this.receiver.record(record);
  }

  /** A line the prefilter let through: match it, and group stack-trace lines with their record. */
  private candidate(buf: Buffer, start: number, end: number, lineNo: number, blockStart: number, known = false): void {
    const text = this.decodeLine(buf, start, end, known);
    const invalid = this.decodedInvalid;
    const matches = this.match(text, known);
    const marker = this.marker;
    const format = this.format as LogFormat;
    if (marker) this.receiver.event({ line: lineNo, time: this.timeOf(text), marker, text: clip(text) });
    const failure = matches.length > 0 && !format.notFailure?.test(text);
    // Counted when the line is shown (as a record or an event), whatever the prefilter let through.
    if (invalid && (failure || marker)) this.stats.invalidUtf8Lines++;
    if (!failure) return;
    if (!format.continuation) {
      this.stats.matched++;
      const record: ScannedRecord = { line: lineNo, time: this.timeOf(text), text: clip(text), matches, repeat: format.repeat?.(text) ?? 1 };
      if (this.facetOccurrence !== undefined) record.facetOccurrence = this.facetOccurrence;
      this.receiver.record(record);
      return;
    }
    const head = format.continuation.test(text) ? this.findHead(buf, start, lineNo, blockStart) : { line: lineNo, time: this.timeOf(text), text };
    if (this.pending && this.pending.line === head.line) {
      for (const m of matches) if (!this.pending.matches.some((p) => p.signature === m.signature)) this.pending.matches.push(m);
      if (head.line !== lineNo) this.pending.parts.push(text);
      return;
    }
    this.flushPending();
    this.pending = { ...head, matches, parts: head.line === lineNo ? [text] : [head.text, text] };
  }

  private flushPending(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.stats.matched++;
    p.matches.sort((a, b) => this.rank(a.signature) - this.rank(b.signature));
    this.receiver.record({ line: p.line, time: p.time, text: clip(p.parts.join('\n')), matches: p.matches, repeat: 1 });
  }

  private rank(signature: Signature): number {
    return (this.index as KeywordIndex).signatures.indexOf(signature);
  }

  /** The line that starts the record a continuation line belongs to (looking back in this block). */
  private findHead(buf: Buffer, start: number, lineNo: number, blockStart: number): RecordHead {
    const continuation = (this.format as LogFormat).continuation as RegExp;
    let pos = start;
    let n = lineNo;
    for (let k = 0; k < MAX_LOOKBACK_LINES && pos > blockStart; k++) {
      const prevEnd = pos - 1;
      const prevStart = prevEnd > blockStart ? buf.lastIndexOf(10, prevEnd - 1) + 1 : blockStart;
      const from = Math.max(prevStart, blockStart);
      n--;
      if (this.pending && this.pending.line === n) return this.pending;
      const text = this.decodeLine(buf, from, Math.min(prevEnd, from + MAX_RECORD_TEXT));
      if (!continuation.test(text)) return { line: n, time: this.timeOf(text), text };
      pos = from;
    }
    if (pos <= blockStart && this.carriedHead) return this.carriedHead;
    return { line: lineNo, time: Number.NaN, text: '' };
  }

  /** Remembers the last record head of a block for continuation lines in the next block. */
  private carryHead(buf: Buffer, start: number, end: number): void {
    const continuation = this.format?.continuation;
    if (!continuation) return;
    let pos = end;
    let n = this.stats.lines + (buf[end - 1] === 10 ? 1 : 0);
    for (let k = 0; k < MAX_LOOKBACK_LINES && pos > start; k++) {
      const lineEnd = buf[pos - 1] === 10 ? pos - 1 : pos;
      const lineStart = lineEnd > start ? Math.max(start, buf.lastIndexOf(10, lineEnd - 1) + 1) : start;
      n--;
      const text = this.decodeLine(buf, lineStart, Math.min(lineEnd, lineStart + MAX_RECORD_TEXT));
      if (!continuation.test(text)) {
        this.carriedHead = { line: n, time: this.timeOf(text), text };
        return;
      }
      pos = lineStart;
    }
  }

  /** Set by `match`: see `ScannedRecord.facetOccurrence`. */
  private facetOccurrence: number | undefined = undefined;

  /** How often each signature was a record's primary one so far, by signature id (see `ScannedRecord.facetOccurrence`). */
  primaryCounts(): Map<string, number> {
    return new Map([...this.facetChecks].map(([signature, n]) => [signature.id, n.seen]));
  }

  /**
   * Signatures are tried sharpest first, so the first to match is the record's primary one. The
   * others (facets of the same event, like the errno entry under nginx's message) are looked for on
   * the first occurrences of each primary only: they do not change from one line to the next. The line's event
   * marker is left in `marker`.
   */
  private match(text: string, known = false): RecordMatch[] {
    // Lower-cased only when needed: to find the keywords here, or to order the markers of keywords found by the engine.
    const found = known
      ? (this.prefilter as Prefilter).targetsOfFound((this.engine as ScanEngine).keywordIds, this.knownStart, this.knownCount)
      : (this.index as KeywordIndex).lookup(text.toLowerCase());
    const matches: RecordMatch[] = [];
    const signatures = found.signatures;
    const matchers = found.matchers;
    // A JSON line's messages, parsed and lower-cased once, when a signature does not match the line itself.
    const json = this.format?.json === true && text.startsWith('{');
    let messages: { text: string; lower: string }[] | null = null;
    let complete = true;
    this.facetOccurrence = undefined;
    for (let i = 0; i < signatures.length; i++) {
      if (matches.length > 0 && complete) break;
      const signature = signatures[i];
      // The line's keywords were found, not those of a JSON message inside it.
      let match = matchLine(matchers[i], text, found.checks[i]);
      if (!match && json) {
        messages ??= jsonMessages(text).map((message) => ({ text: message, lower: message.toLowerCase() }));
        for (let v = 0; v < messages.length && !match; v++) {
          const fields = matchWith(matchers[i], messages[v].text, messages[v].lower);
          if (fields) match = { signature, fields };
        }
      }
      if (!match) continue;
      matches.push(match);
      if (matches.length === 1) {
        // One lookup per failing line: the count lives in a cell of the map.
        let checks = this.facetChecks.get(signature);
        if (!checks) {
          checks = { seen: 0 };
          this.facetChecks.set(signature, checks);
        }
        const seen = checks.seen++;
        // Keep looking when facets are still being learnt, or when the primary names no upstream.
        const upstream = upstreamFieldsOfMatch(match);
        const named = Boolean(upstream.upstream || upstream.host || upstream.backend);
        complete = seen >= FACET_SAMPLES && named;
        this.facetOccurrence = !named ? -1 : complete ? undefined : seen;
      }
    }
    this.marker = found.markers.length ? markerOf(text, known ? inLineOrder(found.markers, text.toLowerCase()) : found.markers) : null;
    return matches;
  }

  /** Set by `match`: the event marker of the line, if any (a field, not a returned pair: no allocation per line). */
  private marker: EventMarker | null = null;

  /** The time of a request record's time field (consecutive records often share it). */
  private fieldTime(value: string): number {
    if (value !== this.lastTimeField) {
      this.lastTimeField = value;
      this.lastFieldTime = (this.format as LogFormat).time(value, this.setup.time);
    }
    return this.lastFieldTime;
  }

  private lastTimeField = '';
  private lastFieldTime = Number.NaN;

  private timeOf(text: string): number {
    const t = (this.format as LogFormat).time(text, this.setup.time);
    return Number.isNaN(t) ? findTimestamp(text, this.setup.time.referenceYear) : t;
  }

  /**
   * A line as text; `decodedInvalid` tells whether it was valid UTF-8. `ascii`: known to be ASCII (then
   * valid UTF-8, and latin1 decoding is the same and cheaper).
   */
  private decodeLine(buf: Buffer, start: number, end: number, ascii = false): string {
    const e = end > start && buf[end - 1] === 13 ? end - 1 : end;
    this.decodedInvalid = false;
    if (ascii) return latin1(buf, start, e);
    this.decodedInvalid = !isUtf8(buf.subarray(start, e));
    return buf.toString('utf8', start, e);
  }

  private decodedInvalid = false;

  private countNuls(buf: Buffer, start: number, end: number): void {
    if (this.stats.nulBytes >= NUL_COUNT_CAP) return;
    for (let p = buf.indexOf(0, start); p >= 0 && p < end && this.stats.nulBytes < NUL_COUNT_CAP; p = buf.indexOf(0, p + 1)) this.stats.nulBytes++;
  }
}

/**
 * `buf.toString('latin1', start, end)`. Node's Buffer has the decoder itself as `latin1Slice`, which skips
 * the argument handling of `toString` (half the cost of a short line); `toString` where it is missing.
 */
const latin1Slice = (Buffer.prototype as { latin1Slice?: (start: number, end: number) => string }).latin1Slice;
function latin1(buf: Buffer, start: number, end: number): string {
  return latin1Slice ? latin1Slice.call(buf, start, end) : buf.toString('latin1', start, end);
}

/** Markers in the order their keywords first occur in the line (the order `KeywordIndex.lookup` gives). */
function inLineOrder(markers: readonly EventMarker[], lower: string): readonly EventMarker[] {
  if (markers.length < 2) return markers;
  const at = (m: EventMarker) => lower.indexOf(m.keyword);
  return [...markers].sort((a, b) => at(a) - at(b) || a.keyword.length - b.keyword.length);
}

/** The first lines of a block, for format detection and the prefilter. */
export function sampleLines(buf: Buffer, start: number, end: number): string[] {
  return buf
    .toString('utf8', start, Math.min(end, start + SAMPLE_BYTES))
    .split('\n', SAMPLE_LINES)
    .map((l) => l.replace(/\r$/, ''));
}

/** The year of the first dated timestamp in the sample, for year-less ones (syslog, klog). */
export function referenceYearOf(sample: readonly string[]): number | null {
  for (const line of sample) {
    const dated = findDatedTimestamp(line);
    if (Number.isFinite(dated)) return new Date(dated).getUTCFullYear();
  }
  return null;
}

/**
 * More than 10% control bytes in the first part: not a text log. (The first block's check, as a
 * function for whoever prepares a file before scanning it in pieces.)
 */
export function blockLooksBinary(buf: Buffer, start: number, end: number): boolean {
  return looksBinary(buf, start, Math.min(end, start + SAMPLE_BYTES));
}

function clip(text: string): string {
  return text.length > MAX_RECORD_TEXT ? `${text.slice(0, MAX_RECORD_TEXT - 1)}…` : text;
}

/**
 * More than 10% control bytes in the first part: not a text log. NUL is not counted: runs of NUL
 * bytes are what a log truncated under its writer (copytruncate) looks like, and its text still counts.
 */
function looksBinary(buf: Buffer, start: number, end: number): boolean {
  const stop = Math.min(end, start + 64 * 1024);
  let control = 0;
  let nul = 0;
  for (let i = start; i < stop; i++) {
    const b = buf[i];
    if (b === 0) nul++;
    else if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  const text = stop - start - nul;
  return text > 0 && control / text > 0.1;
}
