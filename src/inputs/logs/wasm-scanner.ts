import { MAX_ANCHOR } from './anchor-cover.js';
import { CHUNK_BYTES } from './line-assembler.js';
import { SCANNER_WASM_BASE64 } from './scanner-wasm.js';
import type { TrafficTally } from './traffic-tally.js';

/**
 * The WebAssembly scanner (wasm/scanner.c): the per-byte loops of `updoc logs` — the anchor
 * prefilter, newline counting, request-log field location and traffic counts, which keywords a line holds — run
 * there, and JavaScript only sees the lines that may matter. One engine per thread; scanners share
 * it block by block (each block reconfigures it if another scanner used it last).
 *
 * Set `UPDOC_LOG_WASM=0` to use the JavaScript implementation of the same steps instead.
 */

/** Words per output record: kind, start, end, line index, flags, keyword start, keyword count, unused, then the spans. */
export const RECORD_WORDS = 42;
export const RECORD_SPANS = 8;
export const KIND_TEXT = 1;
export const KIND_ACCESS = 2;
/** The line is not ASCII, or holds too many keywords: JavaScript searches its keywords itself. */
export const FLAG_NO_KEYWORDS = 1 | 2;

/**
 * Tests of a request record's spans that make it a candidate failure: clauses are OR-ed, except that a
 * clause with `andNext` must hold together with the one after it. `listToken`: a comma-separated list
 * holds one of `tokens`; `numberEquals`: the field's parseInt may equal `value`.
 */
export const SPAN_TEST = { notDash: 1, listGatewayError: 2, statusGatewayError: 3, any: 4, listToken: 5, numberEquals: 6 } as const;

/** One may-fail test of a {@link ScanProgram}. */
export interface SpanClause {
  test: number;
  slot: number;
  /** For `listToken`. */
  tokens?: readonly string[];
  /** For `numberEquals`. */
  value?: number;
  /** AND-ed with the next clause. */
  andNext?: boolean;
}

/**
 * A request-log layout in a form the engine runs: the template (literals, and variables with the
 * span slot they fill), an optional ` key=value` tail, the status slot a record must have, the may-fail
 * tests (a superset of the layout's `mayFail`, which JavaScript applies to what the engine hands over)
 * and where the upstream is for traffic counts.
 */
export interface ScanProgram {
  parts: readonly { literal?: Buffer; slot: number; list: boolean }[];
  keyValues: readonly { key: Buffer; slot: number }[];
  requiredSlot: number;
  clauses: readonly SpanClause[];
  peersSlot: number;
  poolSlot: number;
}

/** What a file is searched for. */
export interface ScanPlan {
  /** Prefilter anchors, latin1 view of their bytes (ASCII letters match either case). */
  anchors: readonly string[];
  /** Keywords reported per line by id (lower-case; those that are not ASCII are never reported). */
  keywords: readonly string[];
  /**
   * For request logs. Their lines that are not request records are handed over when they hold a keyword (found by
   * the keyword automaton, not by anchors: a request log's plan has none).
   */
  program: ScanProgram | null;
}

/** The parts of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

interface ScannerExports {
  memory: { buffer: ArrayBuffer };
  input_region_ptr(): number;
  scratch_region_ptr(): number;
  region_bytes(): number;
  out_records_ptr(): number;
  out_keywords_ptr(): number;
  keyword_bytes_ptr(): number;
  keyword_table_ptr(): number;
  anchor_bytes_ptr(): number;
  anchor_length_ptr(): number;
  program_ptr(): number;
  program_bytes_ptr(): number;
  counters_ptr(): number;
  configure_anchors(n: number, assigned: number): number;
  anchor_bucket_ptr(): number;
  buckets_tuned(): number;
  configure_keywords(n: number): number;
  configure_program(): number;
  begin_block(base: number, start: number, end: number): void;
  scan_text(): number;
  scan_access(): number;
  tally_entries_count(): number;
  tally_overflow_count(): number;
  tally_entry_offset_ptr(): number;
  tally_entry_length_ptr(): number;
  tally_entry_count_ptr(): number;
  tally_arena_ptr(): number;
  tally_reset(): void;
  keywords_from_anchors(): number;
}

const OUT_RECORDS = 4096;
const OUT_KEYWORDS = 1 << 16;
const MAX_ANCHORS = 512;
const MAX_KEYWORDS = 4096;
const KEYWORD_BYTES = 1 << 17;
const MAX_PARTS = 128;
const MAX_KEY_VALUES = 32;
const PROGRAM_BYTES = 8192;
const MAX_CLAUSES = 8;
const TALLY_MAX_KEYS = 20000;

/** Per-block results: where the scan stopped, newlines, overlong lines, request records, NUL bytes. */
export interface BlockCounters {
  newlines: number;
  longLines: number;
  accessLines: number;
  nulBytes: number;
}

export class ScanEngine {
  private readonly x: ScannerExports;
  private readonly bytes: Uint8Array;
  private readonly inputPtr: number;
  private readonly scratchPtr: number;
  private readonly regionBytes: number;
  /** Output records of the last scan call (offsets are engine addresses: add `delta`). */
  readonly records: Int32Array;
  /** Keyword ids the records point into. */
  readonly keywordIds: Int32Array;
  private readonly counters: Uint32Array;
  private configured: ScanPlan | null = null;
  private configuredOk = false;
  private leased = false;
  private blockEnd = 0;
  private access = false;

  constructor(exports: object) {
    this.x = exports as ScannerExports;
    const buffer = this.x.memory.buffer;
    this.bytes = new Uint8Array(buffer);
    this.inputPtr = this.x.input_region_ptr();
    this.scratchPtr = this.x.scratch_region_ptr();
    this.regionBytes = this.x.region_bytes();
    if (this.regionBytes < CHUNK_BYTES) throw new Error('scanner region smaller than a read block');
    this.records = new Int32Array(buffer, this.x.out_records_ptr(), OUT_RECORDS * RECORD_WORDS);
    this.keywordIds = new Int32Array(buffer, this.x.out_keywords_ptr(), OUT_KEYWORDS);
    this.counters = new Uint32Array(buffer, this.x.counters_ptr(), 8);
  }

  /**
   * The engine's input region as a read buffer (no copy per block), if no other reader holds it.
   * Give it back with `releaseInput`.
   */
  leaseInput(): Buffer | null {
    if (this.leased) return null;
    this.leased = true;
    return Buffer.from(this.x.memory.buffer, this.inputPtr, CHUNK_BYTES);
  }

  releaseInput(): void {
    this.leased = false;
  }

  /** Configures the engine for a plan (a no-op when it already is). False when the plan does not fit the engine. */
  use(plan: ScanPlan): boolean {
    if (this.configured === plan) return this.configuredOk;
    this.configured = plan;
    this.configuredOk = this.configureAnchors(plan.anchors) && this.configureKeywords(plan.keywords) && this.configureProgram(plan.program);
    return this.configuredOk;
  }

  private configureAnchors(anchors: readonly string[]): boolean {
    if (anchors.length > MAX_ANCHORS) return false;
    // Sorted, so that anchors with similar fingerprints share a bucket.
    const encoded = anchors.map((a) => Buffer.from(a, 'latin1').subarray(0, MAX_ANCHOR)).sort(Buffer.compare);
    const bytesAt = this.x.anchor_bytes_ptr();
    const lengthAt = this.x.anchor_length_ptr();
    encoded.forEach((a, i) => {
      this.bytes.set(a, bytesAt + 8 * i);
      this.bytes[lengthAt + i] = a.length;
    });
    this.anchorKey = encoded.map((a) => a.toString('latin1')).join('\n');
    this.anchorCount = encoded.length;
    const tuned = tunedBuckets.get(this.anchorKey);
    this.bucketsKept = tuned !== undefined;
    if (tuned) this.bytes.set(tuned, this.x.anchor_bucket_ptr());
    return encoded.every((a) => a.length > 0) && this.x.configure_anchors(encoded.length, tuned ? 1 : 0) === 1;
  }

  /** The anchors configured (sorted, one per line): the key of their tuned buckets. */
  private anchorKey = '';
  private anchorCount = 0;

  /** Keeps the buckets the engine tuned for these anchors, for the next time they are configured (another file, or this one after another). */
  private bucketsKept = false;

  private keepTunedBuckets(): void {
    if (this.anchorKey === '' || this.x.buckets_tuned() !== 1) return;
    this.bucketsKept = true;
    if (tunedBuckets.size >= 16) tunedBuckets.clear();
    tunedBuckets.set(this.anchorKey, this.bytes.slice(this.x.anchor_bucket_ptr(), this.x.anchor_bucket_ptr() + this.anchorCount));
  }

  private configureKeywords(keywords: readonly string[]): boolean {
    if (keywords.length > MAX_KEYWORDS) return false;
    const lengths = new Int32Array(this.x.memory.buffer, this.x.keyword_table_ptr(), MAX_KEYWORDS);
    const bytesAt = this.x.keyword_bytes_ptr();
    let used = 0;
    for (let k = 0; k < keywords.length; k++) {
      const word = keywords[k];
      // Keywords with other than ASCII bytes cannot occur in the ASCII lines the engine searches.
      const ascii = /^[\x00-\x7f]*$/.test(word) && word === word.toLowerCase();
      if (ascii && used + word.length > KEYWORD_BYTES) return false;
      lengths[k] = ascii ? word.length : 0;
      if (!ascii) continue;
      this.bytes.set(Buffer.from(word, 'latin1'), bytesAt + used);
      used += word.length;
    }
    return this.x.configure_keywords(keywords.length) === 1;
  }

  private configureProgram(program: ScanProgram | null): boolean {
    if (!program) return true;
    if (program.parts.length > MAX_PARTS || program.keyValues.length > MAX_KEY_VALUES || program.clauses.length > MAX_CLAUSES) return false;
    const words = new Int32Array(this.x.memory.buffer, this.x.program_ptr(), 4 * MAX_PARTS + 3 * MAX_KEY_VALUES + 5 * MAX_CLAUSES + 16);
    const bytesAt = this.x.program_bytes_ptr();
    let used = 0;
    const store = (b: Buffer): number => {
      if (used + b.length > PROGRAM_BYTES) throw new RangeError('program too large');
      this.bytes.set(b, bytesAt + used);
      used += b.length;
      return used - b.length;
    };
    let w = 0;
    try {
      words[w++] = program.parts.length;
      for (const p of program.parts) {
        const literal = p.literal && p.literal.length > 0 ? p.literal : null;
        words[w++] = literal ? store(literal) : 0;
        words[w++] = literal ? literal.length : 0;
        words[w++] = literal ? -1 : p.slot;
        words[w++] = p.list ? 1 : 0;
      }
      words[w++] = program.keyValues.length;
      for (const kv of program.keyValues) {
        words[w++] = store(kv.key);
        words[w++] = kv.key.length;
        words[w++] = kv.slot;
      }
      words[w++] = program.requiredSlot;
      words[w++] = program.clauses.length;
      for (const [k, c] of program.clauses.entries()) {
        const tokens = c.test === SPAN_TEST.listToken ? Buffer.from((c.tokens ?? []).join(','), 'latin1') : null;
        if (tokens && (tokens.length === 0 || !(c.tokens ?? []).every((t) => t !== '-' && /^[\x21-\x2b\x2d-\x7e]+$/.test(t)))) return false;
        if (c.andNext && k === program.clauses.length - 1) return false;
        words[w++] = c.test;
        words[w++] = c.slot;
        words[w++] = tokens ? store(tokens) : (c.value ?? 0);
        words[w++] = tokens ? tokens.length : 0;
        words[w++] = c.andNext ? 1 : 0;
      }
      words[w++] = program.peersSlot;
      words[w++] = program.poolSlot;
    } catch {
      return false;
    }
    return this.x.configure_program() === 1;
  }

  /**
   * Starts scanning `buf[start, end)` (whole lines) with the configured plan. Returns the number to add
   * to the engine's addresses to get offsets in `buf`, or null when the block does not fit the engine.
   */
  begin(buf: Buffer, start: number, end: number): number | null {
    const memory = this.x.memory.buffer;
    this.access = this.configured?.program != null;
    let base: number;
    let delta: number;
    if (buf.buffer === memory && buf.byteOffset + start >= this.inputPtr && buf.byteOffset + end <= this.inputPtr + this.regionBytes) {
      // The block was read into the input region: scan it in place.
      base = buf.byteOffset;
      delta = -buf.byteOffset;
      this.blockEnd = buf.byteOffset + end;
      this.x.begin_block(base, buf.byteOffset + start, this.blockEnd);
      return delta;
    }
    if (end - start > this.regionBytes) return null;
    this.bytes.set(buf.subarray(start, end), this.scratchPtr);
    base = this.scratchPtr;
    delta = start - this.scratchPtr;
    this.blockEnd = this.scratchPtr + (end - start);
    this.x.begin_block(base, this.scratchPtr, this.blockEnd);
    return delta;
  }

  /** Scans on until the output is full or the block ends; returns the number of records written. */
  scan(): number {
    return this.access ? this.x.scan_access() : this.x.scan_text();
  }

  /**
   * Whether the configured plan's keywords are found from the anchors in each line rather than with the
   * automaton (every keyword contains one of its few anchors); both give the same keywords.
   */
  get keywordsFromAnchors(): boolean {
    return this.x.keywords_from_anchors() === 1;
  }

  /** Whether the anchors' buckets were tuned on this file's text (or given as tuned before). */
  get bucketsTuned(): boolean {
    return this.x.buckets_tuned() === 1;
  }

  /** Whether the block has been scanned to its end. */
  get finished(): boolean {
    return this.counters[0] >= this.blockEnd;
  }

  /** Counts of the block so far. */
  blockCounters(): BlockCounters {
    if (!this.access && !this.bucketsKept) this.keepTunedBuckets();
    return { newlines: this.counters[1], longLines: this.counters[2], accessLines: this.counters[3], nulBytes: this.counters[4] };
  }

  /** Moves the requests counted per upstream into `tally` and clears them here. */
  drainTally(tally: TrafficTally): void {
    const n = this.x.tally_entries_count();
    const memory = this.x.memory.buffer;
    const offsets = new Uint32Array(memory, this.x.tally_entry_offset_ptr(), TALLY_MAX_KEYS);
    const lengths = new Uint32Array(memory, this.x.tally_entry_length_ptr(), TALLY_MAX_KEYS);
    const counts = new Float64Array(memory, this.x.tally_entry_count_ptr(), TALLY_MAX_KEYS);
    const arena = Buffer.from(memory, this.x.tally_arena_ptr(), 1 << 21);
    for (let e = 0; e < n; e++) tally.add(arena, offsets[e], offsets[e] + lengths[e], counts[e]);
    const overflow = this.x.tally_overflow_count();
    if (overflow > 0) tally.overflow += overflow;
    this.x.tally_reset();
  }
}

let shared: ScanEngine | null | undefined;
/**
 * Anchor buckets an engine of this thread tuned, by anchor list (see tune_buckets in scanner.c): a plan
 * configured again (the next file of a format, or a scanner taking the engine back) starts tuned.
 */
const tunedBuckets = new Map<string, Uint8Array>();

/** This thread's engine, or null when WebAssembly is unavailable or `UPDOC_LOG_WASM=0`. */
export function scanEngine(): ScanEngine | null {
  if (shared === undefined) shared = process.env.UPDOC_LOG_WASM === '0' ? null : createEngine();
  return shared;
}

let compiled: object | null = null;

function createEngine(): ScanEngine | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return null;
  try {
    compiled ??= new wasm.Module(Buffer.from(SCANNER_WASM_BASE64, 'base64'));
    return new ScanEngine(new wasm.Instance(compiled, {}).exports);
  } catch {
    return null;
  }
}
