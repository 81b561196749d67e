import { closeSync, createReadStream, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { threadId, Worker } from 'node:worker_threads';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { blockLooksBinary, FileScanner, type FileStats, referenceYearOf, SAMPLE_BYTES, sampleLines, type ScanSetup } from '../../inputs/logs/file-scanner.js';
import { detectFormat } from '../../inputs/logs/formats/registry.js';
import type { LogFormat, TimeContext } from '../../inputs/logs/formats/types.js';
import { CHUNK_BYTES, LineAssembler } from '../../inputs/logs/line-assembler.js';
import type { PrefilterChoice } from '../../inputs/logs/keyword-index.js';
import { describeFsError, hasGzipMagic } from '../../inputs/logs/sources.js';
import { TrafficTally } from '../../inputs/logs/traffic-tally.js';
import { type ScanEngine, scanEngine } from '../../inputs/logs/wasm-scanner.js';
import { type AggregatorSnapshot, LogAggregator } from './aggregate.js';
import { LastBytes } from './last-bytes.js';

/**
 * Scanning one large file on several threads. The file is cut into pieces of whole lines; the main
 * thread and worker threads scan pieces, each piece on its own (FileScanner + LogAggregator), and the
 * pieces are added up in file order. The result is what one pass over the file gives: line numbers are
 * shifted by the lines of the pieces before, facets are kept as one pass would have found them,
 * requests per upstream keep their first-seen order.
 *
 * - Plain files: pieces are byte ranges (each owns the lines that start in it); every thread reads its
 *   own, taking the next from a shared counter.
 * - gzip files: one stream, inflated by zlib on the libuv thread pool while the main thread cuts it into
 *   pieces at line ends and hands them to idle workers (or scans them itself when all are busy).
 *
 * Not split: stdin, small files, binary files, and formats whose records span lines (stack traces: a
 * piece could start inside one). Threads: `UPDOC_LOG_JOBS` (default: the available cores, at most 3);
 * 1 scans on the main thread only.
 */

/**
 * Below this size a file is scanned on the main thread (starting a worker costs more than it saves).
 * Sizes can be lowered with UPDOC_LOG_PARALLEL_MIN_BYTES / UPDOC_LOG_PIECE_BYTES (tests use small
 * files cut in many pieces).
 */
// A worker costs 0.2-0.5 CPU-s to start and warm up: measured on 2 vCPU, two threads were slower than one on
// 100 MB, even on 256 MiB, and 8-23% faster on 1 GiB.
const MIN_PARALLEL_BYTES = sizeSetting('UPDOC_LOG_PARALLEL_MIN_BYTES', 256 * 1024 * 1024);
const PIECE_BYTES = sizeSetting('UPDOC_LOG_PIECE_BYTES', 32 * 1024 * 1024);
/** Set when UPDOC_LOG_PIECE_BYTES fixes the size of every piece (tests); else pieces shrink toward the end (see `pieceRanges`). */
const FIXED_PIECES = sizeSetting('UPDOC_LOG_PIECE_BYTES', 0) > 0;
/** The smallest piece of a plain file when sizes are guided. */
const MIN_PIECE_BYTES = 16 * 1024 * 1024;
/** gzip: compressed size worth splitting (logs compress 10-20×), and pieces of inflated data (smaller: they are copied to a worker). */
const MIN_PARALLEL_GZIP_BYTES = Math.max(1, Math.floor(MIN_PARALLEL_BYTES / 16));
const GZIP_PIECE_BYTES = Math.min(PIECE_BYTES, 4 * 1024 * 1024);
/** Threads for a gzip file: one stream inflates at about what two threads scan (and pieces in flight cost memory). */
const MAX_GZIP_JOBS = 2;
/** A gzip piece without a line end in this many bytes: the rest of the stream is scanned in one piece. */
const MAX_GZIP_PIECE_BYTES = 4 * GZIP_PIECE_BYTES;
/** Pieces queued per worker (more would only hold memory). */
const WORKER_QUEUE = 2;
/** Each worker thread costs about 40 MiB (its heap, its engine): more would break the 256 MiB budget. */
const MAX_JOBS = 3;
const PROBE_BYTES = 64 * 1024;
const GUNZIP_CHUNK = 1024 * 1024;

function sizeSetting(name: string, fallback: number): number {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** How many threads scan (main included). */
export function scanJobs(): number {
  const configured = Number.parseInt(process.env.UPDOC_LOG_JOBS ?? '', 10);
  if (Number.isInteger(configured) && configured >= 1) return Math.min(configured, 64);
  return Math.max(1, Math.min(MAX_JOBS, availableParallelism()));
}

/** How a thread rebuilds the scan setup (formats cannot be sent to a worker, their definitions can). */
export interface FormatOptions {
  formatName?: string;
  logFormat?: string;
  /** The `log_format`s of `--nginx-conf` (name, format), read once by the main thread. */
  nginxLogFormats?: [string, string][];
}

/** What a worker needs to scan pieces of a file. */
export interface PieceJob {
  path: string;
  formatOptions: FormatOptions;
  /** Index of the file's format among the candidates of `formatOptions`, or -1 for the forced format. */
  formatIndex: number;
  sample: string[];
  /** The prefilter chosen from `sample` by the main thread, so that workers do not choose it again. */
  prefilter?: PrefilterChoice;
  time: TimeContext;
  /** Plain files: the byte ranges, taken from `shared` ([next piece, KiB scanned]); gzip: null (pieces come as messages). */
  ranges: { size: number; pieces: [number, number][]; shared: SharedArrayBuffer } | null;
}

/** A piece sent to a worker (gzip), or the end of the pieces. */
export type PieceMessage = { index: number; bytes: Uint8Array } | { end: true };

/** A worker's answer to a piece it was sent: its counts, and the piece's memory back for the next one. */
export interface PieceAnswer {
  result: PieceResult;
  bytes: Uint8Array;
}

export interface PieceResult {
  index: number;
  /** The thread that scanned it (0: main). */
  thread: number;
  stats: Omit<FileStats, 'format'>;
  traffic: [string, number][];
  overflow: number;
  primaryCounts: [string, number][];
  snapshot: AggregatorSnapshot;
  error?: string;
}

/** Setup of a thread for a job: formats resolved once, scan setups shared by its pieces. */
export interface ThreadSetup {
  format: LogFormat;
  setupFor(time: TimeContext): ScanSetup;
}

/** One piece being scanned: lines go in through `assembler`, `finish` gives its counts. */
export class PieceScan {
  readonly assembler: LineAssembler;
  readonly scanner: FileScanner;
  private readonly aggregator = new LogAggregator();
  private readonly engine: ScanEngine | null;
  private readonly region: Buffer | null;

  constructor(
    job: PieceJob,
    thread: ThreadSetup,
    private readonly index: number,
  ) {
    const platform = thread.format.platforms?.[0] ?? 'nginx';
    this.scanner = new FileScanner(
      { ...thread.setupFor({ ...job.time }), format: thread.format, sample: job.sample, prefilterChoice: job.prefilter },
      this.aggregator.receiverFor(job.path, () => platform),
    );
    this.engine = scanEngine();
    this.region = this.engine?.leaseInput() ?? null;
    this.assembler = new LineAssembler(this.scanner, CHUNK_BYTES, this.region ?? undefined);
  }

  finish(error?: string): PieceResult {
    this.assembler.drain(true);
    if (this.region) this.engine?.releaseInput();
    const scanner = this.scanner;
    scanner.finish();
    const { format: _format, ...stats } = scanner.stats;
    return {
      index: this.index,
      thread: threadId,
      stats,
      traffic: scanner.trafficEntries(),
      overflow: scanner.traffic.overflow,
      primaryCounts: [...scanner.primaryCounts()],
      snapshot: this.aggregator.snapshot(),
      error,
    };
  }
}

/** Scans byte range `index` of a plain file (fd open for reading). */
export function scanRange(job: PieceJob, thread: ThreadSetup, fd: number, index: number): PieceResult {
  const ranges = job.ranges as NonNullable<PieceJob['ranges']>;
  const piece = new PieceScan(job, thread, index);
  const [from, to] = ranges.pieces[index];
  let error: string | undefined;
  try {
    const start = lineStartFrom(fd, from, ranges.size);
    const end = to >= ranges.size ? ranges.size : lineStartFrom(fd, to, ranges.size);
    let position = start;
    while (position < end && !piece.scanner.done) {
      const { buffer, offset, length } = piece.assembler.space();
      const n = readSync(fd, buffer, offset, Math.min(length, end - position), position);
      if (n === 0) break;
      position += n;
      piece.assembler.commit(n);
    }
  } catch (e) {
    error = `read error: ${describeFsError(e)}`;
  }
  return piece.finish(error);
}

/** Scans a piece given as bytes (whole lines; only the file's last piece may lack the final newline). */
export function scanBytes(job: PieceJob, thread: ThreadSetup, index: number, bytes: Uint8Array): PieceResult {
  const piece = new PieceScan(job, thread, index);
  piece.assembler.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return piece.finish();
}

/**
 * The offset of the first line that starts at or after `at`: `at` itself when it follows a newline,
 * else just past the next newline (or the end of the file).
 */
function lineStartFrom(fd: number, at: number, size: number): number {
  if (at <= 0) return 0;
  if (at >= size) return size;
  const probe = Buffer.allocUnsafe(PROBE_BYTES);
  let position = at - 1;
  while (position < size) {
    const n = readSync(fd, probe, 0, PROBE_BYTES, position);
    if (n === 0) break;
    const nl = probe.subarray(0, n).indexOf(10);
    if (nl >= 0) return position + nl + 1;
    position += n;
  }
  return size;
}

/** Where the worker script is in the built CLI, or null (e.g. when running from sources). */
function workerScript(): URL | null {
  for (const candidate of ['../logs-scan-worker.js', './logs-scan-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

export interface ParallelScan {
  stats: FileStats;
  traffic: TrafficTally;
  /** Bytes read from the file (compressed bytes for gzip). */
  bytes: number;
  gzip: boolean;
  error?: string;
  /** The time of the last dated record of a request log (see `LastBytes`), else undefined. */
  lastTime?: number;
}

export interface ParallelOptions {
  formatOptions: FormatOptions;
  forced?: LogFormat;
  candidates: readonly LogFormat[];
  time: TimeContext;
  setupFor: (time: TimeContext) => ScanSetup;
  onProgress: (bytes: number) => void;
}

/** What the first bytes say: the format and time context to scan with, or null when the file is not split. */
function prepareFile(head: Buffer, options: ParallelOptions): { format: LogFormat; confidence: number; sample: string[]; time: TimeContext } | null {
  if (blockLooksBinary(head, 0, head.length)) return null;
  const sample = sampleLines(head, 0, head.length);
  const year = referenceYearOf(sample);
  const time = { ...options.time, referenceYear: year ?? options.time.referenceYear };
  const detection = options.forced ? { format: options.forced, confidence: 1 } : detectFormat(sample, options.candidates);
  if (detection.format.continuation) return null;
  return { format: detection.format, confidence: detection.confidence, sample, time };
}

/**
 * Scans a large file on several threads into `aggregator`, or returns null when it should be read in
 * one pass (see the module comment); the caller then scans it as usual.
 */
export async function scanInParallel(path: string, aggregator: LogAggregator, options: ParallelOptions): Promise<ParallelScan | null> {
  const jobs = scanJobs();
  const script = jobs >= 2 ? workerScript() : null;
  if (!script) return null;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  let size: number;
  let head: Buffer;
  try {
    size = fstatSync(fd).size;
    head = Buffer.allocUnsafe(Math.min(size, SAMPLE_BYTES));
    head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } catch {
    closeSync(fd);
    return null;
  }
  const gzip = hasGzipMagic(head);
  if (gzip) {
    closeSync(fd);
    return size >= MIN_PARALLEL_GZIP_BYTES ? scanGzipInParallel(path, size, script, Math.min(jobs, MAX_GZIP_JOBS), aggregator, options) : null;
  }
  try {
    if (size < MIN_PARALLEL_BYTES) return null;
    const prepared = prepareFile(head, options);
    if (!prepared) return null;
    const pieces = pieceRanges(size, jobs);
    const count = pieces.length;
    const shared = new SharedArrayBuffer(8);
    const claim = new Int32Array(shared);
    const job = jobFor(path, prepared, options, { size, pieces, shared });
    const merger = new PieceMerger(prepared, aggregator);
    const deliver = (r: PieceResult) => merger.add(r);
    const workers = Array.from({ length: jobs - 1 }, () => startWorker(script, job, deliver));
    // Tracing (tests): let the workers start before the main thread takes pieces, so that they get some.
    if (tracing()) await Promise.all(workers.map((w) => w.ready));
    // The main thread scans pieces too, while the workers start.
    const thread: ThreadSetup = { format: prepared.format, setupFor: options.setupFor };
    for (let i = Atomics.add(claim, 0, 1); i < count; i = Atomics.add(claim, 0, 1)) {
      deliver(scanRange(job, thread, fd, i));
      const kib = Math.ceil((pieces[i][1] - pieces[i][0]) / 1024);
      options.onProgress(Math.min(size, (Atomics.add(claim, 1, kib) + kib) * 1024));
    }
    await Promise.all(workers.map((w) => w.done));
    // Pieces a failed worker took are scanned here.
    for (let i = 0; i < count; i++) if (!merger.has(i)) deliver(scanRange(job, thread, fd, i));
    options.onProgress(size);
    const merged = merger.finish();
    // A plain file's end is read from it: no thread but the one with the last piece went through it.
    const lastTime = merged.stats.accessLines > 0 ? LastBytes.ofFile(fd, size).lastTime(prepared.format, prepared.time) : undefined;
    return { ...merged, bytes: size, gzip: false, lastTime };
  } finally {
    closeSync(fd);
  }
}

/**
 * The byte ranges of a plain file, in file order. Each piece costs a scanner and a summary of its own (about 10 ms
 * of CPU on 2 vCPU, measured as 32 MiB pieces against 128 MiB ones on a 1 GiB Envoy log: 2.47 against 2.22 CPU-s),
 * so pieces are large first and shrink toward the end (guided self-scheduling: a share of what is left), and the
 * thread that finishes last waits for at most a small piece. UPDOC_LOG_PIECE_BYTES fixes every size instead.
 */
export function pieceRanges(size: number, jobs: number): [number, number][] {
  if (FIXED_PIECES) {
    const count = Math.max(jobs * 2, Math.ceil(size / PIECE_BYTES));
    return Array.from({ length: count }, (_, i) => [Math.floor((size * i) / count), Math.floor((size * (i + 1)) / count)]);
  }
  const pieces: [number, number][] = [];
  for (let at = 0; at < size; ) {
    const left = size - at;
    const length = left <= MIN_PIECE_BYTES * 1.5 ? left : Math.max(MIN_PIECE_BYTES, Math.ceil(left / (2 * jobs)));
    pieces.push([at, at + length]);
    at += length;
  }
  return pieces;
}

function jobFor(path: string, prepared: NonNullable<ReturnType<typeof prepareFile>>, options: ParallelOptions, ranges: PieceJob['ranges']): PieceJob {
  return {
    path,
    formatOptions: options.formatOptions,
    formatIndex: options.forced ? -1 : options.candidates.indexOf(prepared.format),
    sample: prepared.sample,
    prefilter: prefilterChoice(prepared, options),
    time: prepared.time,
    ranges,
  };
}

/**
 * The prefilter of the file, chosen once here for every thread (the main thread's own pieces use the
 * same, cached by the scan setup). Only the WebAssembly scanner uses the anchors; without it, none.
 */
function prefilterChoice(prepared: NonNullable<ReturnType<typeof prepareFile>>, options: ParallelOptions): PrefilterChoice | undefined {
  if (!scanEngine()) return undefined;
  const setup = options.setupFor({ ...prepared.time });
  const index = setup.indexFor(prepared.format);
  // A request log's engine plan has no anchors (see Prefilter.plan): none are chosen for it here.
  const access = prepared.format.access !== undefined;
  return setup.prefilterFor(prepared.format, index, prepared.sample, access).choice(!access);
}

/** UPDOC_LOG_TRACE=1: say which threads did the work (tests check that the workers ran). */
function tracing(): boolean {
  return process.env.UPDOC_LOG_TRACE === '1';
}

/**
 * Adds the pieces up in file order (see `LogAggregator.merge`), each as soon as the pieces before it
 * are in: a piece's counts are then dropped, so memory does not grow with the number of pieces.
 */
class PieceMerger {
  readonly stats: FileStats;
  readonly traffic = new TrafficTally();
  error: string | undefined;
  private readonly primaryBefore = new Map<string, number>();
  private readonly waiting = new Map<number, PieceResult>();
  private next = 0;
  private byWorkers = 0;

  constructor(
    prepared: { format: LogFormat; confidence: number },
    private readonly aggregator: LogAggregator,
  ) {
    this.stats = {
      lines: 0,
      format: prepared.format,
      confidence: prepared.confidence,
      matched: 0,
      accessLines: 0,
      longLines: 0,
      nulBytes: 0,
      invalidUtf8Lines: 0,
      binary: false,
    };
  }

  add(result: PieceResult): void {
    this.waiting.set(result.index, result);
    for (let r = this.waiting.get(this.next); r; r = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      this.next++;
      this.mergeOne(r);
    }
  }

  private mergeOne(r: PieceResult): void {
    const stats = this.stats;
    this.aggregator.merge(r.snapshot, stats.lines, this.primaryBefore);
    stats.lines += r.stats.lines;
    stats.matched += r.stats.matched;
    stats.accessLines += r.stats.accessLines;
    stats.longLines += r.stats.longLines;
    stats.nulBytes = Math.min(4096, stats.nulBytes + r.stats.nulBytes);
    stats.invalidUtf8Lines += r.stats.invalidUtf8Lines;
    for (const [key, n] of r.traffic) this.traffic.addKey(key, n);
    this.traffic.overflow += r.overflow;
    for (const [id, n] of r.primaryCounts) this.primaryBefore.set(id, (this.primaryBefore.get(id) ?? 0) + n);
    this.error ??= r.error;
    if (r.thread !== threadId) this.byWorkers++;
  }

  /** Whether a piece has been added. */
  has(index: number): boolean {
    return index < this.next || this.waiting.has(index);
  }

  /** Adds the pieces still waiting behind one that never came (its worker failed), in order. */
  finish(): Omit<ParallelScan, 'bytes' | 'gzip'> {
    for (const index of [...this.waiting.keys()].sort((x, y) => x - y)) {
      this.mergeOne(this.waiting.get(index) as PieceResult);
      this.next = index + 1;
    }
    this.waiting.clear();
    if (tracing()) process.stderr.write(`updoc logs: ${this.next} pieces, ${this.byWorkers} scanned by worker threads\n`);
    return { stats: this.stats, traffic: this.traffic, error: this.error };
  }
}

/** The first `bytes` of a gzip file, inflated (or fewer, if it is shorter or damaged). */
async function gunzipHead(path: string, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const source = createReadStream(path, { highWaterMark: 64 * 1024 });
  const gunzip = createGunzip();
  pipeline(source, gunzip, () => {});
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= bytes) break;
    }
  } catch {
    // A damaged stream: what was inflated is the head; the scan reports the error.
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

async function scanGzipInParallel(
  path: string,
  compressedSize: number,
  script: URL,
  jobs: number,
  aggregator: LogAggregator,
  options: ParallelOptions,
): Promise<ParallelScan | null> {
  const prepared = prepareFile(await gunzipHead(path, SAMPLE_BYTES), options);
  if (!prepared) return null;
  const job = jobFor(path, prepared, options, null);
  const thread: ThreadSetup = { format: prepared.format, setupFor: options.setupFor };
  const merger = new PieceMerger(prepared, aggregator);
  const deliver = (r: PieceResult) => merger.add(r);
  const workers = Array.from({ length: jobs - 1 }, () => startWorker(script, job, deliver));
  if (tracing()) await Promise.all(workers.map((w) => w.ready));
  let index = 0;
  // Piece buffers come back from the workers and are used again: memory stays a few pieces.
  const spare: ArrayBuffer[] = [];
  const pieceBuffer = () => {
    const reused = spare.pop();
    return reused ? Buffer.from(reused) : Buffer.allocUnsafeSlow(GZIP_PIECE_BYTES + GUNZIP_CHUNK);
  };
  const keep = (memory: ArrayBuffer) => {
    if (spare.length < 2) spare.push(memory);
  };
  for (const w of workers) w.onReturn = keep;
  const dispatch = (piece: Buffer) => {
    const i = index++;
    const idle = workers.filter((w) => w.alive && w.queued() < WORKER_QUEUE).sort((a, b) => a.queued() - b.queued())[0];
    if (idle) idle.send(i, piece);
    else {
      deliver(scanBytes(job, thread, i, piece));
      if (piece.buffer.byteLength === GZIP_PIECE_BYTES + GUNZIP_CHUNK) keep(piece.buffer as ArrayBuffer);
    }
  };

  // The inflated stream, cut into pieces that end at a line end (zlib keeps inflating ahead meanwhile).
  const source = createReadStream(path, { highWaterMark: GUNZIP_CHUNK });
  let consumed = 0;
  source.on('data', (chunk: Buffer | string) => {
    consumed += chunk.length;
    options.onProgress(Math.min(compressedSize, consumed));
  });
  // A readable buffer of a few chunks: zlib goes on inflating while this thread scans (the stream options pass through).
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK, highWaterMark: 4 * GUNZIP_CHUNK } as ZlibOptions);
  pipeline(source, gunzip, () => {});
  let piece = pieceBuffer();
  let used = 0;
  let tail: PieceScan | null = null;
  let error: string | undefined;
  // The end of the inflated stream, kept as it goes by: it cannot be read again.
  const last = new LastBytes();
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      last.keep(chunk, 0, chunk.length);
      if (tail) {
        tail.assembler.push(chunk);
        continue;
      }
      if (used + chunk.length > piece.length) {
        const bigger = Buffer.allocUnsafeSlow(Math.max(piece.length * 2, used + chunk.length));
        piece.copy(bigger, 0, 0, used);
        piece = bigger;
      }
      chunk.copy(piece, used);
      used += chunk.length;
      if (used < GZIP_PIECE_BYTES) continue;
      const cut = piece.lastIndexOf(10, used - 1) + 1;
      if (cut > 0) {
        const next = pieceBuffer();
        piece.copy(next, 0, cut, used);
        dispatch(piece.subarray(0, cut));
        piece = next;
        used -= cut;
      } else if (used >= MAX_GZIP_PIECE_BYTES) {
        // No line end for a long way: the rest is one piece, scanned here as it comes.
        tail = new PieceScan(job, thread, index++);
        tail.assembler.push(piece.subarray(0, used));
        used = 0;
      }
    }
  } catch (e) {
    error = `gzip data is truncated or corrupt (${(e as Error).message}); the lines before that point were analysed`;
  }
  if (tail) deliver(tail.finish(error));
  else if (used > 0 || index === 0) dispatch(piece.subarray(0, used));
  for (const w of workers) w.end();
  await Promise.all(workers.map((w) => w.done));
  // A worker that failed took its pieces with it (the stream cannot be read again): say so.
  let lost = 0;
  for (let i = 0; i < index; i++) if (!merger.has(i)) lost++;
  if (lost > 0) error ??= `a scanning thread failed: ${lost} piece(s) of about ${Math.round(GZIP_PIECE_BYTES / 1048576)} MiB were not analysed`;
  const merged = merger.finish();
  const lastTime = merged.stats.accessLines > 0 ? last.lastTime(prepared.format, prepared.time) : undefined;
  return { ...merged, bytes: consumed, gzip: true, error: error ?? merged.error, lastTime };
}

interface RunningWorker {
  /** It has started (or failed). */
  ready: Promise<void>;
  /** It has finished, or failed: its missing pieces are then scanned by the caller. Never rejects. */
  done: Promise<void>;
  alive: boolean;
  /** Hands a gzip piece over (its memory moves to the worker, and comes back through `onReturn`). */
  send(index: number, bytes: Buffer): void;
  onReturn: (memory: ArrayBuffer) => void;
  /** Pieces sent and not answered yet. */
  queued(): number;
  end(): void;
}

/** Starts a worker on a job; its results go to `deliver`. */
function startWorker(script: URL, job: PieceJob, deliver: (result: PieceResult) => void): RunningWorker {
  let started = () => {};
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  // gzip pieces sent to it and not answered yet.
  const sent = new Set<number>();
  let worker: Worker | null = null;
  const running: RunningWorker = {
    ready,
    done: Promise.resolve(),
    alive: false,
    send(index, bytes) {
      sent.add(index);
      worker?.postMessage({ index, bytes } satisfies PieceMessage, [bytes.buffer as ArrayBuffer]);
    },
    queued: () => sent.size,
    onReturn: () => {},
    end() {
      worker?.postMessage({ end: true } satisfies PieceMessage);
    },
  };
  running.done = new Promise<void>((resolve) => {
    const finish = () => {
      running.alive = false;
      started();
      resolve();
    };
    try {
      // Smaller heaps than the main thread's: a worker keeps little (one piece's counts at a time), and a
      // heap that may grow lets garbage pile up between collections (peak RSS).
      worker = new Worker(script, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 96 } });
      running.alive = true;
    } catch {
      finish();
      return;
    }
    worker.on('message', (message: PieceResult | PieceAnswer | { started: true } | { done: true }) => {
      if ('result' in message) {
        sent.delete(message.result.index);
        running.onReturn(message.bytes.buffer as ArrayBuffer);
        deliver(message.result);
      } else if ('index' in message) deliver(message);
      else if ('started' in message) started();
      else finish();
    });
    worker.on('error', finish);
    worker.on('exit', finish);
  });
  return running;
}
