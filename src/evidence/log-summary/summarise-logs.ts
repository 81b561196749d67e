import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Signature } from '../../core/define-signature.js';
import { DEFAULT_MAX_FILE_BYTES, NODE_FILE_SYSTEM, readConfigFile } from '../../inputs/config/read-config-file.js';
import { markersFor } from '../../inputs/logs/event-markers.js';
import { readEventsFile } from '../../inputs/logs/events-file.js';
import { FileScanner, type FileStats, type ScanSetup } from '../../inputs/logs/file-scanner.js';
import { logFormatsOf, type NginxConf, nginxConfOf } from '../../inputs/logs/formats/nginx-log-format.js';
import { formatById, LOG_FORMATS, nginxFormat } from '../../inputs/logs/formats/registry.js';
import type { LogFormat, TimeContext } from '../../inputs/logs/formats/types.js';
import { KeywordIndex, type Prefilter, type PrefilterChoice } from '../../inputs/logs/keyword-index.js';
import { type ReadResult, readSource } from '../../inputs/logs/read-source.js';
import { expandInputs, type InputProblem, type LogSource } from '../../inputs/logs/sources.js';
import { SIGNATURES } from '../../knowledge/signatures/index.js';
import { LogAggregator } from './aggregate.js';
import { keepingLastBytes, LastBytes } from './last-bytes.js';
import { type FormatOptions, scanInParallel } from './parallel-scan.js';
import { readListenAnnouncements } from '../diagnose/listen-announcements.js';
import { computePatterns, type PatternInputs } from './patterns.js';
import type { FileSummary, LogSummary } from './types.js';
import { OTHER_UPSTREAM } from './upstream-key.js';

export interface SummariseOptions {
  /** `FILE | DIR | GLOB | -` as given on the command line. */
  inputs: readonly string[];
  stdin: NodeJS.ReadableStream;
  /** Input format id (`--log-format-name`), skipping detection. */
  formatName?: string;
  /** nginx `log_format` string (`--log-format`). */
  logFormat?: string;
  /** nginx configuration whose `log_format`s are tried (`--nginx-conf`). */
  nginxConf?: string;
  /** Deploy/restart markers (`--events`). */
  eventsFile?: string;
  onProgress?: (progress: { bytes: number; totalBytes: number; path: string }) => void;
  /** "Now", for stdin's relative timestamps (tests pin it). */
  now?: number;
}

export class LogsUsageError extends Error {}

const UBIQUITOUS_SHARE = 0.5;

/** Reads every input once and returns what failed, where, when and how often. */
export async function summariseLogs(options: SummariseOptions): Promise<LogSummary> {
  const conf = options.nginxConf !== undefined ? readNginxConf(options.nginxConf) : undefined;
  const formatOptions = formatOptionsOf(options, conf);
  const { forced, candidates } = formatsFor(formatOptions);
  const aggregator = new LogAggregator();
  // The events file first: a typo in its path should not cost a full scan.
  const notes = options.eventsFile ? addKnownEvents(options.eventsFile, aggregator) : [];
  const { sources, problems } = expandInputs(options.inputs);
  const setup = scanSetupFactory(forced, candidates);
  const totalBytes = sources.reduce((a, s) => a + (s.size ?? 0), 0);
  const files: FileSummary[] = [];
  let bytesBefore = 0;
  let totalLines = 0;
  let requestLogEnd: number | undefined;

  for (const source of sources) {
    const { file, lastTime } = await scanSource(source, { setupFor: setup, forced, candidates, options: formatOptions }, aggregator, options, (bytes) =>
      options.onProgress?.({ bytes: bytesBefore + bytes, totalBytes, path: source.path }),
    );
    bytesBefore += source.size ?? file.bytes;
    totalLines += file.lines;
    files.push(file);
    requestLogEnd = laterOf(requestLogEnd, file.requests > 0 ? lastTime : undefined);
  }
  // Paths that were not read (missing, loops, globs without matches) are listed like files, with their message.
  for (const p of problems) files.push(emptyFileSummary(p.path, 'not read', [p]));
  // The nginx configuration model is loaded only when a configuration is given.
  const proxyConfig = conf ? (await import('./proxy-config.js')).proxyConfigFacts(conf) : null;
  return summaryOf(aggregator, files, notes, totalLines, patternInputsOf(files, proxyConfig, requestLogEnd));
}

/**
 * What the whole-log patterns read beside the counts: the proxy config's facts, where the backends whose logs were
 * given say they listen (their first lines; the scanner reads the rest), and where the request logs end (the time of
 * their last dated record, kept by the scans themselves: see `LastBytes`). `listeners` replaces the reading of the
 * backends' first lines (`--follow` keeps it per file).
 */
export function patternInputsOf(
  files: readonly FileSummary[],
  proxyConfig: PatternInputs['proxyConfig'],
  requestLogEnd: number | undefined,
  listeners?: PatternInputs['listeners'],
): PatternInputs {
  const read = files.filter((f) => f.format !== 'none' && f.path !== '-');
  return {
    proxyConfig,
    listeners: listeners ?? readListenAnnouncements(read.map((f) => ({ display: f.path, path: f.path }))),
    requestLogEnd,
  };
}

/** The later of two times, either of which may be unknown. */
export function laterOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || (b !== undefined && b > a) ? b : a;
}

/**
 * The summary of what an aggregator counted so far. Callable more than once (`--follow` takes a
 * snapshot per refresh): it only folds the upstream tail and sorts copies.
 */
export function summaryOf(
  aggregator: LogAggregator,
  files: FileSummary[],
  notes: InputProblem[],
  totalLines = files.reduce((a, f) => a + f.lines, 0),
  inputs: PatternInputs = {},
): LogSummary {
  aggregator.finish();
  const groups = [...aggregator.groups.values()].sort((a, b) => b.count - a.count);
  const upstreams = [...aggregator.upstreams.values()].sort((a, b) => b.failures - a.failures || b.requests - a.requests);
  const events = aggregator.events.sort((a, b) => a.time - b.time);
  return {
    files,
    problems: notes,
    groups,
    upstreams,
    foldedUpstreams: aggregator.foldedUpstreams,
    timeline: aggregator.timeline,
    events,
    droppedEvents: aggregator.droppedEvents,
    first: aggregator.first,
    last: aggregator.last,
    totals: {
      bytes: files.reduce((a, f) => a + f.bytes, 0),
      lines: totalLines,
      records: files.reduce((a, f) => a + f.matched, 0),
      failures: aggregator.failures,
      requests: aggregator.requests,
    },
    patterns: computePatterns(groups, upstreams, aggregator.timeline, events, inputs),
  };
}

export function addKnownEvents(path: string, aggregator: LogAggregator): InputProblem[] {
  let read: ReturnType<typeof readEventsFile>;
  try {
    read = readEventsFile(path, new Date().getUTCFullYear());
  } catch (error) {
    throw new LogsUsageError((error as Error).message);
  }
  for (const e of read.events) aggregator.addEvent({ time: e.time, kind: e.kind, label: e.label, source: 'events-file', file: path, line: e.line });
  if (read.skipped.length === 0) return [];
  return [{ path, severity: 'warning', message: `${read.skipped.length} line(s) without a readable timestamp were ignored (first: line ${read.skipped[0]})` }];
}

/** `--nginx-conf`, read once (a regular text file within the configuration size limit) and parsed once. */
export function readNginxConf(path: string): NginxConf {
  const read = readConfigFile(resolve(path), { cwd: process.cwd(), maxFileBytes: DEFAULT_MAX_FILE_BYTES, fs: NODE_FILE_SYSTEM }, true);
  if (!read.ok) throw new LogsUsageError(`cannot read --nginx-conf: ${read.message}`);
  return nginxConfOf(path, read.file.text);
}

/** The format options every scanning thread rebuilds its formats from: `--nginx-conf` as the log formats it defines. */
export function formatOptionsOf(options: Pick<SummariseOptions, 'logFormat' | 'formatName'>, conf: NginxConf | undefined): FormatOptions {
  return {
    ...(options.formatName !== undefined ? { formatName: options.formatName } : {}),
    ...(options.logFormat !== undefined ? { logFormat: options.logFormat } : {}),
    ...(conf ? { nginxLogFormats: [...logFormatsOf(conf)] } : {}),
  };
}

/** The forced format and the candidates for detection, from the format options. */
export function formatsFor(options: FormatOptions): {
  forced?: LogFormat;
  candidates: readonly LogFormat[];
} {
  if (options.logFormat !== undefined) return { forced: nginxFormat(options.logFormat), candidates: LOG_FORMATS };
  if (options.formatName !== undefined) {
    const forced = formatById(options.formatName);
    if (!forced) throw new LogsUsageError(`unknown --log-format-name "${options.formatName.slice(0, 40)}"`);
    return { forced, candidates: LOG_FORMATS };
  }
  if (options.nginxLogFormats !== undefined) {
    // The most specific layouts first: the combined format also matches the start of longer ones.
    const custom = [...options.nginxLogFormats].sort((a, b) => b[1].length - a[1].length).map(([name, format]) => nginxFormat(format, name));
    return { candidates: [...custom, ...LOG_FORMATS] };
  }
  return { candidates: LOG_FORMATS };
}

/** Keyword indexes and chunk prefilters are built once per format and shared by its files. */
export function scanSetupFactory(forced: LogFormat | undefined, candidates: readonly LogFormat[]): (time: ScanSetup['time']) => ScanSetup {
  const indexes = new Map<string, KeywordIndex>();
  const prefilters = new Map<string, Prefilter>();
  const indexFor = (format: LogFormat): KeywordIndex => {
    let index = indexes.get(format.id);
    if (!index) {
      const platforms = format.platforms;
      const signatures: readonly Signature[] = platforms ? SIGNATURES.filter((s) => platforms.includes(s.platform)) : SIGNATURES;
      index = new KeywordIndex(signatures, markersFor(format.id));
      indexes.set(format.id, index);
    }
    return index;
  };
  const prefilterFor = (format: LogFormat, index: KeywordIndex, sample: readonly string[], access: boolean, choice?: PrefilterChoice): Prefilter => {
    const key = `${format.id}:${format.label}`;
    let prefilter = prefilters.get(key);
    if (!prefilter) {
      prefilter = choice
        ? index.chosenPrefilter(sample.join('\n'), choice)
        : index.prefilter(sample.join('\n'), access ? index.ubiquitous(sample, UBIQUITOUS_SHARE) : undefined);
      prefilters.set(key, prefilter);
    }
    return prefilter;
  };
  return (time) => ({ format: forced, candidates, indexFor, prefilterFor, time });
}

async function scanSource(
  source: LogSource,
  formats: { setupFor: (time: ScanSetup['time']) => ScanSetup; forced?: LogFormat; candidates: readonly LogFormat[]; options: FormatOptions },
  aggregator: LogAggregator,
  options: SummariseOptions,
  onProgress: (bytes: number) => void,
): Promise<{ file: FileSummary; lastTime: number | undefined }> {
  const reference = referenceTimeOf(source, options.now);
  const time: TimeContext = { referenceYear: new Date(reference).getUTCFullYear(), referenceTime: reference };
  if (source.kind === 'file') {
    // Large plain files are split over threads (null: this one is read in one pass).
    const parallel = await scanInParallel(source.path, aggregator, {
      formatOptions: formats.options,
      forced: formats.forced,
      candidates: formats.candidates,
      time,
      setupFor: formats.setupFor,
      onProgress,
    });
    if (parallel) {
      for (const [raw, count] of parallel.traffic.entries()) aggregator.addTraffic(raw, count);
      if (parallel.traffic.overflow) aggregator.addTraffic(OTHER_UPSTREAM, parallel.traffic.overflow);
      const file = fileSummaryFrom(source.path, parallel.stats, parallel.traffic.overflow, {
        bytes: parallel.bytes,
        gzip: parallel.gzip,
        error: parallel.error,
      });
      return { file, lastTime: parallel.lastTime };
    }
  }
  const scanner = new FileScanner(formats.setupFor(time), {
    record: (r) => receiver.record(r),
    event: (e) => receiver.event(e),
  });
  const receiver = aggregator.receiverFor(source.path, () => scanner.stats.format.platforms?.[0] ?? 'nginx');
  // The end of the input is kept as it is read: a gzip stream or stdin cannot be read again for it.
  const last = new LastBytes();
  const result = await readSource(source, keepingLastBytes(scanner, last), options.stdin, onProgress);
  scanner.finish();
  for (const [raw, count] of scanner.trafficEntries()) aggregator.addTraffic(raw, count);
  if (scanner.traffic.overflow) aggregator.addTraffic(OTHER_UPSTREAM, scanner.traffic.overflow);
  // `time` holds the year the scanner read from the file's dated lines.
  const lastTime = scanner.stats.accessLines > 0 ? last.lastTime(scanner.stats.format, time) : undefined;
  return { file: fileSummaryOf(source.path, scanner, result), lastTime };
}

/** A scanned file's counts and the notes its reading and scanning gave (also used per `--follow` refresh). */
export function fileSummaryOf(path: string, scanner: FileScanner, result: ReadResult): FileSummary {
  return fileSummaryFrom(path, scanner.stats, scanner.traffic.overflow, result);
}

/** A file's summary from its scan counts (one scanner, or the pieces of a parallel scan added up). */
function fileSummaryFrom(path: string, s: FileStats, trafficOverflow: number, result: ReadResult): FileSummary {
  const problems: InputProblem[] = [];
  const add = (severity: InputProblem['severity'], message: string) => problems.push({ path, severity, message });
  if (result.error) add('error', result.error);
  if (s.binary) add('warning', 'looks like binary data, not a text log; skipped');
  else if (s.lines > 0 && s.format.id === 'unknown')
    add('warning', 'format not recognised: every signature was tried on its lines and timestamps were guessed (force one with --log-format-name)');
  if (s.longLines) add('warning', `${s.longLines} line(s) longer than 64 KiB were matched on their first 64 KiB only`);
  if (s.nulBytes) add('warning', `contains NUL bytes (${s.nulBytes >= 4096 ? 'at least 4096' : s.nulBytes}); they were ignored`);
  if (s.invalidUtf8Lines) add('warning', `${s.invalidUtf8Lines} matched line(s) are not valid UTF-8; shown with replacement characters`);
  if (trafficOverflow) add('warning', `more than 20000 distinct upstreams; ${trafficOverflow} request(s) were counted under (other)`);

  return {
    path,
    format: s.format.id,
    formatLabel: s.format.label,
    confidence: s.confidence,
    bytes: result.bytes,
    gzip: result.gzip,
    lines: s.lines,
    matched: s.matched,
    requests: s.accessLines,
    longLines: s.longLines,
    nulBytes: s.nulBytes,
    invalidUtf8Lines: s.invalidUtf8Lines,
    problems,
  };
}

function referenceTimeOf(source: LogSource, now: number | undefined): number {
  if (source.kind === 'file') {
    try {
      return statSync(source.path).mtimeMs;
    } catch {
      // Unreadable files are reported by the reader.
    }
  }
  return now ?? Date.now();
}

/** The summary of an input with nothing scanned (not read, or not yet while followed). */
export function emptyFileSummary(path: string, formatLabel: string, problems: InputProblem[]): FileSummary {
  return {
    path,
    format: 'none',
    formatLabel,
    confidence: 0,
    bytes: 0,
    gzip: false,
    lines: 0,
    matched: 0,
    requests: 0,
    longLines: 0,
    nulBytes: 0,
    invalidUtf8Lines: 0,
    problems,
  };
}
