import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { threadId, Worker } from 'node:worker_threads';
import { blockLooksBinary, FileScanner, type FileStats, referenceYearOf, SAMPLE_BYTES, sampleLines, type ScanSetup } from '../../inputs/logs/file-scanner.js';
import { detectFormat } from '../../inputs/logs/formats/registry.js';
import type { LogFormat, TimeContext } from '../../inputs/logs/formats/types.js';
import { CHUNK_BYTES, LineAssembler } from '../../inputs/logs/line-assembler.js';
import { describeFsError } from '../../inputs/logs/sources.js';
import { TrafficTally } from '../../inputs/logs/traffic-tally.js';
import { scanEngine } from '../../inputs/logs/wasm-scanner.js';
import { type AggregatorSnapshot, LogAggregator } from './aggregate.js';

/**
 * Scanning one large plain file on several threads: the file is cut into pieces (each owns the lines
 * that start in its byte range), the main thread and worker threads take pieces from a shared counter
 * until none are left, each piece is scanned and counted on its own (FileScanner + LogAggregator),
 * and the pieces are added up in file order. The result is what one pass over the file gives: line
 * numbers are shifted by the lines of the pieces before, facets are kept as one pass would have found
 * them, requests per upstream keep their first-seen order.
 *
 * Not split: gzip (one stream), stdin, small files, binary files, and formats whose records span lines
 * (stack traces: a piece could start inside one).
 *
 * Threads: `UPDOC_LOG_JOBS` (default: the available cores, at most 4); 1 scans on the main thread only.
 */

/**
 * Below this size a file is scanned on the main thread (starting a worker costs more than it saves).
 * Both sizes can be lowered with UPDOC_LOG_PARALLEL_MIN_BYTES / UPDOC_LOG_PIECE_BYTES (tests use
 * small files cut in many pieces).
 */
const MIN_PARALLEL_BYTES = sizeSetting('UPDOC_LOG_PARALLEL_MIN_BYTES', 48 * 1024 * 1024);
const PIECE_BYTES = sizeSetting('UPDOC_LOG_PIECE_BYTES', 32 * 1024 * 1024);

function sizeSetting(name: string, fallback: number): number {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
const MAX_JOBS = 4;
const PROBE_BYTES = 64 * 1024;

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
  nginxConf?: string;
}

/** What a worker needs to scan pieces of a file. */
export interface PieceJob {
  path: string;
  size: number;
  formatOptions: FormatOptions;
  /** Index of the file's format among the candidates of `formatOptions`, or -1 for the forced format. */
  formatIndex: number;
  sample: string[];
  time: TimeContext;
  pieces: [number, number][];
  /** [next piece to take, KiB scanned]. */
  shared: SharedArrayBuffer;
  engine: boolean;
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

/** Scans piece `index` of a file (fd open for reading); the caller merges the result. */
export function scanPiece(job: PieceJob, thread: ThreadSetup, fd: number, index: number): PieceResult {
  const aggregator = new LogAggregator();
  const platform = thread.format.platforms?.[0] ?? 'nginx';
  const scanner = new FileScanner(
    { ...thread.setupFor({ ...job.time }), format: thread.format, sample: job.sample, engine: job.engine },
    aggregator.receiverFor(job.path, () => platform),
  );
  const [from, to] = job.pieces[index];
  let error: string | undefined;
  const engine = job.engine ? scanEngine() : null;
  const region = engine?.leaseInput() ?? null;
  try {
    const start = lineStartFrom(fd, from, job.size);
    const end = to >= job.size ? job.size : lineStartFrom(fd, to, job.size);
    const assembler = new LineAssembler(scanner, CHUNK_BYTES, region ?? undefined);
    let position = start;
    while (position < end) {
      const { buffer, offset, length } = assembler.space();
      const n = readSync(fd, buffer, offset, Math.min(length, end - position), position);
      if (n === 0) break;
      position += n;
      assembler.commit(n);
      if (scanner.done) break;
    }
    assembler.drain(true);
  } catch (e) {
    error = `read error: ${describeFsError(e)}`;
  } finally {
    if (region) engine?.releaseInput();
  }
  scanner.finish();
  const { format: _format, ...stats } = scanner.stats;
  return {
    index,
    thread: threadId,
    stats,
    traffic: scanner.trafficEntries(),
    overflow: scanner.traffic.overflow,
    primaryCounts: [...scanner.primaryCounts()],
    snapshot: aggregator.snapshot(),
    error,
  };
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
  bytes: number;
  error?: string;
}

/**
 * Scans a plain file on several threads into `aggregator`, or returns null when it should be read in
 * one pass (see the module comment); the caller then scans it as usual.
 */
export async function scanInParallel(
  path: string,
  aggregator: LogAggregator,
  options: {
    formatOptions: FormatOptions;
    forced?: LogFormat;
    candidates: readonly LogFormat[];
    time: TimeContext;
    setupFor: (time: TimeContext) => ScanSetup;
    onProgress: (bytes: number) => void;
  },
): Promise<ParallelScan | null> {
  const jobs = scanJobs();
  if (jobs < 2) return null;
  // UPDOC_LOG_TRACE=1: say which threads did the work (tests check that the workers ran).
  const trace = process.env.UPDOC_LOG_TRACE === '1';
  const script = workerScript();
  if (!script) return null;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < MIN_PARALLEL_BYTES) return null;
    const head = Buffer.allocUnsafe(Math.min(size, SAMPLE_BYTES));
    const headBytes = readSync(fd, head, 0, head.length, 0);
    if (headBytes >= 2 && head[0] === 0x1f && head[1] === 0x8b) return null;
    if (blockLooksBinary(head, 0, headBytes)) return null;
    const sample = sampleLines(head, 0, headBytes);
    const year = referenceYearOf(sample);
    const time = { ...options.time, referenceYear: year ?? options.time.referenceYear };
    const detection = options.forced ? { format: options.forced, confidence: 1 } : detectFormat(sample, options.candidates);
    const format = detection.format;
    if (format.continuation) return null;

    const count = Math.max(jobs * 2, Math.ceil(size / PIECE_BYTES));
    const pieces: [number, number][] = Array.from({ length: count }, (_, i) => [Math.floor((size * i) / count), Math.floor((size * (i + 1)) / count)]);
    const shared = new SharedArrayBuffer(8);
    const claim = new Int32Array(shared);
    const job: PieceJob = {
      path,
      size,
      formatOptions: options.formatOptions,
      formatIndex: options.forced ? -1 : options.candidates.indexOf(format),
      sample,
      time,
      pieces,
      shared,
      engine: true,
    };
    const results: (PieceResult | undefined)[] = new Array(count);
    const workers = Array.from({ length: jobs - 1 }, () => runWorker(script, job, results));
    // Tracing (tests): let the workers start before the main thread takes pieces, so that they get some.
    if (trace) await Promise.all(workers.map((w) => w.ready));
    // The main thread scans pieces too, while the workers start.
    const thread: ThreadSetup = { format, setupFor: options.setupFor };
    for (let i = Atomics.add(claim, 0, 1); i < count; i = Atomics.add(claim, 0, 1)) {
      results[i] = scanPiece(job, thread, fd, i);
      const kib = Math.ceil((pieces[i][1] - pieces[i][0]) / 1024);
      options.onProgress(Math.min(size, (Atomics.add(claim, 1, kib) + kib) * 1024));
    }
    await Promise.all(workers.map((w) => w.done));
    // Pieces a failed worker took are scanned here.
    for (let i = 0; i < count; i++) results[i] ??= scanPiece(job, thread, fd, i);

    const stats: FileStats = {
      lines: 0,
      format,
      confidence: detection.confidence,
      matched: 0,
      accessLines: 0,
      longLines: 0,
      nulBytes: 0,
      invalidUtf8Lines: 0,
      binary: false,
    };
    const traffic = new TrafficTally();
    const primaryBefore = new Map<string, number>();
    let error: string | undefined;
    for (const r of results as PieceResult[]) {
      aggregator.merge(r.snapshot, stats.lines, primaryBefore);
      stats.lines += r.stats.lines;
      stats.matched += r.stats.matched;
      stats.accessLines += r.stats.accessLines;
      stats.longLines += r.stats.longLines;
      stats.nulBytes = Math.min(4096, stats.nulBytes + r.stats.nulBytes);
      stats.invalidUtf8Lines += r.stats.invalidUtf8Lines;
      for (const [key, n] of r.traffic) traffic.addKey(key, n);
      traffic.overflow += r.overflow;
      for (const [id, n] of r.primaryCounts) primaryBefore.set(id, (primaryBefore.get(id) ?? 0) + n);
      error ??= r.error;
    }
    options.onProgress(size);
    if (trace) {
      const byWorkers = (results as PieceResult[]).filter((r) => r.thread !== threadId).length;
      process.stderr.write(`updoc logs: ${count} pieces, ${byWorkers} scanned by worker threads\n`);
    }
    return { stats, traffic, bytes: size, error };
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs one worker until it has taken no more pieces; its results land in `results`. `ready`: it has
 * started; `done`: it has finished, or failed (its pieces are then missing). Neither rejects.
 */
function runWorker(script: URL, job: PieceJob, results: (PieceResult | undefined)[]): { ready: Promise<void>; done: Promise<void> } {
  let started = () => {};
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  const done = new Promise<void>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: job });
    } catch {
      resolve();
      return;
    }
    worker.on('message', (message: PieceResult | { started: true } | { done: true }) => {
      if ('index' in message) results[message.index] = message;
      else if ('started' in message) started();
      else resolve();
    });
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
  done.then(started);
  return { ready, done };
}
