import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { FileScanner } from '../inputs/logs/file-scanner.js';
import { FileTail, type GenerationInfo } from '../inputs/logs/follow.js';
import { detectFormat } from '../inputs/logs/formats/registry.js';
import type { LogFormat, TimeContext } from '../inputs/logs/formats/types.js';
import { isGlob } from '../inputs/logs/glob.js';
import type { LineSink } from '../inputs/logs/line-assembler.js';
import { hasGzipMagic, type InputProblem, realOrSelf } from '../inputs/logs/sources.js';
import { LogAggregator } from './log-summary/aggregate.js';
import { keepingLastBytes, LastBytes } from './log-summary/last-bytes.js';
import { LISTEN_HEAD_BYTES, type ListenAnnouncement, readListenAnnouncements } from './diagnose/listen-announcements.js';
import type { PatternInputs } from './log-summary/patterns.js';
import { proxyConfigFacts } from './log-summary/proxy-config.js';
import {
  addKnownEvents,
  emptyFileSummary,
  fileSummaryOf,
  formatOptionsOf,
  formatsFor,
  laterOf,
  LogsUsageError,
  patternInputsOf,
  readNginxConf,
  scanSetupFactory,
  summaryOf,
} from './log-summary/summarise-logs.js';
import type { FileSummary, LogSummary } from './log-summary/types.js';
import { OTHER_UPSTREAM } from './log-summary/upstream-key.js';

export interface FollowLogsOptions {
  /** Files to follow, as given on the command line. */
  inputs: readonly string[];
  formatName?: string;
  logFormat?: string;
  nginxConf?: string;
  eventsFile?: string;
  /** Analyse what the files hold already, then follow (default: only lines written from now on). */
  fromStart?: boolean;
  rotationGraceMs?: number;
}

/** One file (generation) at a followed path, with its own scanner: line numbers and multi-line records stay per file. */
interface LiveGeneration {
  scanner: FileScanner;
  /** What the tail hands lines to: the scanner, through `last`. */
  sink: LineSink;
  /** The end of what was read, for the time of a request log's last record (no re-reading per refresh). */
  last: LastBytes;
  time: TimeContext;
  /** Requests already handed to the aggregator, per upstream as the log spells it. */
  counted: Map<string, number>;
  countedOverflow: number;
}

interface FollowedFile {
  path: string;
  tail: FileTail;
  live: LiveGeneration[];
  /** Generations that ended (rotated away, truncated), merged. */
  ended: FileSummary | null;
  /** The time of the last record of the request-log generations that ended. */
  endedLastTime: number | undefined;
  /** The format the last generation was read as: a rotated log keeps its format. */
  format: LogFormat | null;
  lineNumbersRelative: boolean;
}

export const MAX_FOLLOWED_FILES = 256;

/**
 * `updoc logs --follow`: tails files (rotation-safe, see `FileTail`) and keeps one aggregation for the
 * whole session, so a summary can be taken at any time and is the same kind of `LogSummary` a
 * one-shot run gives.
 */
export class LogFollowSession {
  readonly startedAt = Date.now();
  private readonly aggregator = new LogAggregator();
  private readonly files: FollowedFile[] = [];
  private readonly notes: InputProblem[];
  private readonly forced: LogFormat | undefined;
  private readonly candidates: readonly LogFormat[];
  private readonly setupFor: ReturnType<typeof scanSetupFactory>;
  private readonly proxyConfig: PatternInputs['proxyConfig'];
  /** Start-up lines per file, read again only while the file is shorter than what is read of it. */
  private readonly listenersByFile = new Map<string, { size: number; value: ListenAnnouncement[] }>();

  /** @throws LogsUsageError for inputs that cannot be followed (stdin, gzip, directories, globs) and bad format options */
  constructor(options: FollowLogsOptions) {
    const paths = followablePaths(options.inputs);
    const conf = options.nginxConf !== undefined ? readNginxConf(options.nginxConf) : undefined;
    const { forced, candidates } = formatsFor(formatOptionsOf(options, conf));
    this.forced = forced;
    this.candidates = candidates;
    this.setupFor = scanSetupFactory(forced, candidates);
    this.notes = options.eventsFile ? addKnownEvents(options.eventsFile, this.aggregator) : [];
    this.proxyConfig = conf ? proxyConfigFacts(conf) : null;
    for (const path of paths) {
      const file: FollowedFile = {
        path,
        tail: undefined as unknown as FileTail,
        live: [],
        ended: null,
        endedLastTime: undefined,
        format: null,
        lineNumbersRelative: false,
      };
      file.tail = new FileTail(
        path,
        { begin: (info) => this.begin(file, info), end: (sink) => this.end(file, sink) },
        { fromStart: options.fromStart ?? false, rotationGraceMs: options.rotationGraceMs },
      );
      this.files.push(file);
    }
  }

  get paths(): string[] {
    return this.files.map((f) => f.path);
  }

  /** Changes whenever a file's state changes (appeared, gone, rotated, truncated, unreadable). */
  stateKey(): string {
    return this.files.map(({ tail: t }) => `${t.state}:${t.rotations}:${t.truncations}:${t.recreations}:${t.message ?? ''}`).join('|');
  }

  /**
   * Reads what was appended to every file since the last poll, at most about `budget` bytes in all
   * (so one poll stays short); `pending` says more is waiting.
   */
  poll(budget: number): { bytes: number; pending: boolean } {
    const share = Math.max(1024 * 1024, Math.floor(budget / this.files.length));
    let bytes = 0;
    let pending = false;
    for (const f of this.files) {
      const r = f.tail.poll(share);
      bytes += r.bytes;
      pending ||= r.pending;
    }
    return { bytes, pending };
  }

  /** What was counted so far. */
  summary(): LogSummary {
    for (const f of this.files) for (const g of f.live) this.addTraffic(g);
    const files = this.files.map((f) => this.fileSummary(f));
    return summaryOf(this.aggregator, files, this.notes, undefined, patternInputsOf(files, this.proxyConfig, this.requestLogEnd(), this.listeners(files)));
  }

  /** The time of the last record read from the request logs, from the bytes each generation kept as it read them. */
  private requestLogEnd(): number | undefined {
    let end: number | undefined;
    for (const f of this.files) {
      end = laterOf(end, f.endedLastTime);
      for (const g of f.live) end = laterOf(end, lastTimeOf(g));
    }
    return end;
  }

  /** Where the followed backends say they listen: a file's first lines are read again only while it is still short. */
  private listeners(files: readonly FileSummary[]): ListenAnnouncement[] {
    const out: ListenAnnouncement[] = [];
    for (const f of files) {
      if (f.format === 'none') continue;
      let size = 0;
      try {
        size = statSync(f.path).size;
      } catch {
        continue;
      }
      const cached = this.listenersByFile.get(f.path);
      // A file that shrank was truncated or replaced: its start is new.
      if (cached && cached.size >= LISTEN_HEAD_BYTES && size >= cached.size) {
        out.push(...cached.value);
        continue;
      }
      const value = readListenAnnouncements([{ display: f.path, path: f.path }]);
      this.listenersByFile.set(f.path, { size, value });
      out.push(...value);
    }
    return out;
  }

  /** Reads what is left (at most `budget` bytes per file), flushes last lines and pending records, closes the files. */
  close(budget: number): LogSummary {
    for (const f of this.files) f.tail.close(budget);
    return this.summary();
  }

  private begin(file: FollowedFile, info: GenerationInfo): LineSink {
    const now = Date.now();
    // The scanner sets the year of year-less timestamps in `time` from the file's dated lines.
    const time: TimeContext = { referenceYear: new Date(now).getUTCFullYear(), referenceTime: now };
    const setup = this.setupFor(time);
    // A file followed from its end is recognised from the lines before that point; a rotated one keeps its format.
    const format = this.forced ?? file.format ?? detected(info.preview, this.candidates);
    const base = info.lineBase ?? 0;
    if (info.lineBase === null) file.lineNumbersRelative = true;
    const scanner: FileScanner = new FileScanner(format ? { ...setup, format } : setup, {
      record: (r) => receiver.record(base ? { ...r, line: r.line + base } : r),
      event: (e) => receiver.event(base ? { ...e, line: e.line + base } : e),
    });
    const receiver = this.aggregator.receiverFor(file.path, () => scanner.stats.format.platforms?.[0] ?? 'nginx');
    const last = new LastBytes();
    const sink = keepingLastBytes(scanner, last);
    file.live.push({ scanner, sink, last, time, counted: new Map(), countedOverflow: 0 });
    return sink;
  }

  private end(file: FollowedFile, sink: LineSink): void {
    const i = file.live.findIndex((g) => g.sink === sink);
    if (i < 0) return;
    const [g] = file.live.splice(i, 1);
    g.scanner.finish();
    this.addTraffic(g);
    file.endedLastTime = laterOf(file.endedLastTime, lastTimeOf(g));
    if (g.scanner.stats.format.id !== 'unknown') file.format = g.scanner.stats.format;
    file.ended = mergeFiles(file.ended, fileSummaryOf(file.path, g.scanner, { bytes: 0, gzip: false }));
  }

  /** Requests counted by a scanner since the last call, handed to the aggregator. */
  private addTraffic(g: LiveGeneration): void {
    for (const [raw, count] of g.scanner.trafficEntries()) {
      const before = g.counted.get(raw) ?? 0;
      if (count > before) this.aggregator.addTraffic(raw, count - before);
      g.counted.set(raw, count);
    }
    const overflow = g.scanner.traffic.overflow;
    if (overflow > g.countedOverflow) this.aggregator.addTraffic(OTHER_UPSTREAM, overflow - g.countedOverflow);
    g.countedOverflow = overflow;
  }

  private fileSummary(f: FollowedFile): FileSummary {
    let merged = f.ended;
    for (const g of f.live) merged = mergeFiles(merged, fileSummaryOf(f.path, g.scanner, { bytes: 0, gzip: false }));
    const summary = merged ? { ...merged, problems: [...merged.problems] } : emptyFileSummary(f.path, 'not read yet', []);
    summary.bytes = f.tail.bytesRead;
    const t = f.tail;
    // Never opened (missing or unreadable from the start) or unreadable now: the input could not be read.
    if (t.message) summary.problems.unshift({ path: f.path, severity: t.state === 'error' || !t.opened ? 'error' : 'warning', message: t.message });
    const changes = [plural(t.rotations, 'rotated'), plural(t.truncations, 'truncated'), plural(t.recreations, 'deleted and created again')].filter(Boolean);
    if (changes.length) summary.problems.push({ path: f.path, severity: 'warning', message: `while followed: ${changes.join(', ')}` });
    if (f.lineNumbersRelative)
      summary.problems.push({
        path: f.path,
        severity: 'warning',
        message: 'line numbers count from where following started (the file was too large to count its lines)',
      });
    return summary;
  }
}

/** The paths to follow, checked: files only (missing ones are waited for), no stdin, no gzip, no duplicates. */
function followablePaths(inputs: readonly string[]): string[] {
  if (inputs.length === 0) throw new LogsUsageError('--follow needs the log files to follow');
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    if (input === '-') throw new LogsUsageError('--follow follows files, not stdin: give the log file (or drop --follow to read stdin once)');
    if (/\.gz$/i.test(input)) throw new LogsUsageError(`${input}: --follow follows plain-text logs, not .gz files (drop --follow to read it)`);
    let stat: ReturnType<typeof statSync> | null = null;
    try {
      stat = statSync(input);
    } catch {
      if (isGlob(input)) throw new LogsUsageError(`${input}: --follow takes file names; let the shell expand patterns (leave them unquoted)`);
    }
    if (stat?.isDirectory()) throw new LogsUsageError(`${input} is a directory: --follow follows files (e.g. ${input.replace(/\/$/, '')}/*.log)`);
    if (stat?.isFile() && startsWithGzipMagic(input))
      throw new LogsUsageError(`${input} is gzip-compressed: --follow follows plain-text logs (drop --follow to read it)`);
    const key = stat ? realOrSelf(input) : input;
    if (seen.has(key)) continue;
    seen.add(key);
    paths.push(input);
  }
  if (paths.length > MAX_FOLLOWED_FILES) throw new LogsUsageError(`--follow follows at most ${MAX_FOLLOWED_FILES} files (got ${paths.length})`);
  return paths;
}

/** The time of a request-log generation's last record read so far (undefined for other logs). */
function lastTimeOf(g: LiveGeneration): number | undefined {
  return g.scanner.stats.accessLines > 0 ? g.last.lastTime(g.scanner.stats.format, g.time) : undefined;
}

function detected(preview: readonly string[], candidates: readonly LogFormat[]): LogFormat | undefined {
  if (preview.length === 0) return undefined;
  const { format } = detectFormat(preview, candidates);
  return format.id === 'unknown' ? undefined : format;
}

/** Counters add up; format and notes come from the later file (notes of the earlier one that the later lacks are kept). */
function mergeFiles(a: FileSummary | null, b: FileSummary): FileSummary {
  if (!a) return b;
  const later = b.lines > 0 || a.lines === 0 ? b : a;
  const keyOf = (m: string) => m.replace(/\d[\d,]*/g, '#');
  const keys = new Set(b.problems.map((p) => keyOf(p.message)));
  return {
    ...later,
    bytes: a.bytes + b.bytes,
    lines: a.lines + b.lines,
    matched: a.matched + b.matched,
    requests: a.requests + b.requests,
    longLines: a.longLines + b.longLines,
    nulBytes: a.nulBytes + b.nulBytes,
    invalidUtf8Lines: a.invalidUtf8Lines + b.invalidUtf8Lines,
    problems: [...a.problems.filter((p) => !keys.has(keyOf(p.message))), ...b.problems],
  };
}

function plural(n: number, what: string): string {
  return n === 0 ? '' : `${what} ${n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`}`;
}

function startsWithGzipMagic(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(2);
    return hasGzipMagic(head.subarray(0, readSync(fd, head, 0, 2, 0)));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
