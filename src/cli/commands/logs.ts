import { diagnoseLogs, type LogsOptions, type LogsReport } from '../../diagnosis/logs.js';
import { LogFollowSession } from '../../evidence/follow-logs.js';
import type { LogSummary } from '../../evidence/log-summary/types.js';
import { LogsUsageError, summariseLogs } from '../../evidence/log-summary/summarise-logs.js';
import { FORMAT_IDS } from '../../inputs/logs/formats/registry.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { renderLogsHtml } from '../../reporters/logs/html.js';
import { logsJson, renderLogsJson } from '../../reporters/logs/json.js';
import { renderLogsLive } from '../../reporters/logs/live.js';
import { renderLogsMarkdown } from '../../reporters/logs/markdown.js';
import { renderLogsText } from '../../reporters/logs/text.js';
import { createStyle } from '../../reporters/style.js';
import { type CliIo, type Command, EXIT, outputFormat, type ParsedArgs, UsageError, useColor, writeStats } from '../command.js';
import { platformOption } from '../platform-option.js';

const FORMATS = ['text', 'json', 'markdown', 'html'] as const;
const PROGRESS_INTERVAL_MS = 100;
const DEFAULT_INTERVAL_S = 10;
const MIN_INTERVAL_S = 0.1;
const MAX_INTERVAL_S = 86_400;
/** Between polls when the files are idle; polls run back to back while a backlog is read. */
const POLL_MS = 250;
/** Bytes read per poll over all files: keeps a poll (and so the reaction to Ctrl-C) short. */
const POLL_BUDGET = 32 * 1024 * 1024;
/** Bytes still read per file after Ctrl-C, so stopping stays quick behind a huge backlog. */
const FINAL_BUDGET = 64 * 1024 * 1024;
/** Terminal redraws at most this often. */
const REDRAW_MS = 500;

const logs: Command = {
  name: 'logs',
  summary: 'Find, classify and count upstream errors in log files: per upstream, per signature, over time, with the likely root causes.',
  usage:
    'updoc logs [FILE | DIR | GLOB | -]... [--log-format-name NAME | --log-format STRING | --nginx-conf FILE] [--events FILE] [--json | --format text|json|markdown|html]',
  details: [
    'Inputs: files (plain or gzip), directories (read recursively), quoted globs (logs/**/*.gz) and - for stdin.',
    'The format of each file is detected from its first lines; --log-format-name forces one for all inputs.',
    `Formats: ${FORMAT_IDS.join(', ')}.`,
    '--format is the OUTPUT format, like in every updoc command; the input format is --log-format-name.',
    '',
    'Examples:',
    '  updoc logs /var/log/nginx/',
    '  updoc logs access.log --log-format \'$remote_addr [$time_local] "$request" $status ua="$upstream_addr" us="$upstream_status"\'',
    '  updoc logs access.log.gz error.log --nginx-conf /etc/nginx/nginx.conf --events deploys.txt --format html > report.html',
    '  kubectl logs deploy/web -c istio-proxy --since=1h | updoc logs - --json',
    '  updoc logs --follow /var/log/nginx/access.log /var/log/nginx/error.log',
    '',
    'Follow mode: --follow tails plain files (not stdin, not .gz) from their end, or from the start with --from-start,',
    'through rotation (rename + create, copytruncate) and deletion. On a terminal the summary is redrawn in place',
    '(at most twice a second); when piped, a summary block (with --json: one JSON object per line) is printed at start',
    'and then every --interval seconds when something changed. SIGINT/SIGTERM end it with the full report.',
    '',
    'Events file: one "<timestamp> <what happened>" per line (or JSON lines with time and label).',
    'Exit codes: 0 no upstream errors, 1 upstream errors found, 2 an input could not be read (or usage error).',
  ].join('\n'),
  allowPositionals: true,
  options: {
    'log-format-name': {
      type: 'string',
      description: `input format for all inputs, skipping detection (${FORMAT_IDS.slice(0, 4).join(', ')}, …)`,
      valueName: 'NAME',
    },
    'log-format': { type: 'string', description: 'nginx log_format string the access logs were written with', valueName: 'STRING' },
    'nginx-conf': { type: 'string', description: 'nginx configuration to read log_format definitions from', valueName: 'FILE' },
    events: { type: 'string', description: 'timestamped deploys/restarts to line up with error bursts', valueName: 'FILE' },
    platform: {
      type: 'string',
      short: 'p',
      description: 'your environment: docker, compose, kubernetes, istio, aws, gcp, azure, cloudflare, vm',
      valueName: 'ENV',
    },
    context: { type: 'string', short: 'c', description: 'describe the setup in your words', valueName: 'TEXT' },
    follow: {
      type: 'boolean',
      description: 'keep reading the files as they grow (rotation-safe) and update the summary live; Ctrl-C prints the full report',
    },
    interval: {
      type: 'string',
      description: `with --follow, when stdout is not a terminal: seconds between summaries (default ${DEFAULT_INTERVAL_S})`,
      valueName: 'SECONDS',
    },
    'from-start': { type: 'boolean', description: 'with --follow: analyse what the files hold already, then follow' },
    stats: { type: 'boolean', description: 'print throughput and peak memory on stderr (for benchmarks)', hidden: true },
  },
  async run({ values, positionals }, io) {
    const format = outputFormat(values, FORMATS);
    const environment = platformOption(values);
    const logFormat = stringValue(values['log-format']);
    const formatName = stringValue(values['log-format-name']);
    const nginxConf = stringValue(values['nginx-conf']);
    if ([logFormat, formatName, nginxConf].filter((v) => v !== undefined).length > 1)
      throw new UsageError('give only one of --log-format-name, --log-format and --nginx-conf');
    if (formatName !== undefined && !FORMAT_IDS.includes(formatName))
      throw new UsageError(`unknown --log-format-name "${formatName.slice(0, 40)}"; use one of: ${FORMAT_IDS.join(', ')}`);
    if (values.follow) return follow(values, positionals, io, format, { environment, context: stringValue(values.context) });
    if (values.interval !== undefined || values['from-start']) throw new UsageError('--interval and --from-start go with --follow');
    let inputs = positionals;
    if (inputs.length === 0) {
      if (io.stdin.isTTY) throw new UsageError('no input: give log files, directories or globs, or - for stdin');
      inputs = ['-'];
    }

    const started = process.hrtime.bigint();
    const progress = progressBar(io);
    let summary: Awaited<ReturnType<typeof summariseLogs>>;
    try {
      summary = await summariseLogs({
        inputs,
        stdin: io.stdin,
        formatName,
        logFormat,
        nginxConf,
        eventsFile: stringValue(values.events),
        onProgress: progress.update,
      });
    } catch (error) {
      progress.clear();
      if (error instanceof LogsUsageError) throw new UsageError(displayLine(error.message, 300));
      throw error;
    }
    progress.clear();

    const report = diagnoseLogs(summary, { environment, context: stringValue(values.context) });
    const render =
      format === 'json'
        ? renderLogsJson(report)
        : format === 'markdown'
          ? renderLogsMarkdown(report)
          : format === 'html'
            ? renderLogsHtml(report)
            : renderLogsText(report, createStyle(useColor(values, io)));
    io.stdout.write(render);

    const unreadable = [...summary.files.flatMap((f) => f.problems), ...summary.problems].filter((p) => p.severity === 'error');
    if (format !== 'text') for (const p of unreadable) io.stderr.write(`updoc logs: ${displayLine(p.path, 200)}: ${displayLine(p.message, 300)}\n`);
    if (values.stats) logsStats(io, summary.totals, started);
    if (unreadable.length > 0) return EXIT.usage;
    return summary.totals.failures > 0 ? EXIT.problems : EXIT.clean;
  },
};

/**
 * `--follow`: polls the files, redraws a compact summary on a terminal (or prints one per interval when
 * piped; JSON lines with --json) and ends on SIGINT/SIGTERM with the full report and the usual exit code.
 */
async function follow(values: ParsedArgs['values'], inputs: string[], io: CliIo, format: string, options: LogsOptions): Promise<number> {
  if (format !== 'text' && format !== 'json') throw new UsageError('--follow prints text or JSON; write Markdown or HTML reports without --follow');
  const intervalMs = intervalOption(values.interval) * 1000;
  let session: LogFollowSession;
  try {
    session = new LogFollowSession({
      inputs,
      formatName: stringValue(values['log-format-name']),
      logFormat: stringValue(values['log-format']),
      nginxConf: stringValue(values['nginx-conf']),
      eventsFile: stringValue(values.events),
      fromStart: Boolean(values['from-start']),
    });
  } catch (error) {
    if (error instanceof LogsUsageError) throw new UsageError(displayLine(error.message, 300));
    throw error;
  }
  const style = createStyle(useColor(values, io));
  const out = io.stdout as CliIo['stdout'] & { columns?: number; rows?: number };
  const redraw = format === 'text' && Boolean(out.isTTY);
  const report = (summary: LogSummary) => diagnoseLogs(summary, options);
  const stop = stopSignals();
  let drawn = 0;
  let lastShown = 0;
  let lastState = '';
  let shown = false;
  let dirty = false;
  // After a resize the old drawing may have rewrapped: clear the screen instead of moving up over it.
  let resized = false;
  const onResize = () => {
    resized = true;
    dirty = true;
  };
  if (redraw) out.on('resize', onResize);
  try {
    while (!stop.stopped) {
      const { bytes, pending } = session.poll(POLL_BUDGET);
      const state = session.stateKey();
      dirty ||= bytes > 0 || state !== lastState;
      lastState = state;
      const now = Date.now();
      // The first summary comes at once (it also says following has started), later ones when something changed.
      if (!shown || (dirty && now - lastShown >= (redraw ? REDRAW_MS : intervalMs))) {
        const current = report(session.summary());
        if (format === 'json') out.write(`${jsonLine(current, session.startedAt, false)}\n`);
        else if (redraw) {
          drawn = redrawLive(out, renderLogsLive(current, style, liveView(out, session.startedAt)), resized ? -1 : drawn);
          resized = false;
        } else out.write(`${renderLogsLive(current, style, { width: 160, height: 200, startedAt: session.startedAt, now, hint: false }).join('\n')}\n\n`);
        shown = true;
        dirty = false;
        lastShown = now;
      }
      await stop.sleep(pending ? 0 : POLL_MS);
    }
  } finally {
    stop.dispose();
    if (redraw) out.off('resize', onResize);
  }
  if (redraw && drawn) out.write(`\u001b[${drawn}F\u001b[J`);
  const summary = session.close(FINAL_BUDGET);
  const final = report(summary);
  out.write(format === 'json' ? `${jsonLine(final, session.startedAt, true)}\n` : renderLogsText(final, style));
  const unreadable = [...summary.files.flatMap((f) => f.problems), ...summary.problems].filter((p) => p.severity === 'error');
  if (format !== 'text') for (const p of unreadable) io.stderr.write(`updoc logs: ${displayLine(p.path, 200)}: ${displayLine(p.message, 300)}\n`);
  if (unreadable.length > 0) return EXIT.usage;
  return summary.totals.failures > 0 ? EXIT.problems : EXIT.clean;
}

function intervalOption(value: unknown): number {
  if (value === undefined) return DEFAULT_INTERVAL_S;
  const seconds = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(seconds) || seconds < MIN_INTERVAL_S || seconds > MAX_INTERVAL_S)
    throw new UsageError(`--interval takes seconds between ${MIN_INTERVAL_S} and ${MAX_INTERVAL_S} (got "${displayLine(String(value), 40)}")`);
  return seconds;
}

function liveView(out: { columns?: number; rows?: number }, startedAt: number) {
  return { width: (out.columns ?? 100) - 1, height: Math.max(5, (out.rows ?? 30) - 1), startedAt, now: Date.now(), hint: true };
}

/** Replaces the previous drawing (moves up over its `previous` lines, erases to the end of the screen); -1 clears the screen. */
function redrawLive(out: NodeJS.WritableStream, lines: string[], previous: number): number {
  const back = previous < 0 ? '\u001b[H\u001b[2J' : previous > 0 ? `\u001b[${previous}F\u001b[J` : '\u001b[J';
  out.write(`${back}${lines.join('\n')}\n`);
  return lines.length;
}

/** One line of JSON: the --json contract of a one-shot run, plus when this snapshot was taken. */
function jsonLine(report: LogsReport, startedAt: number, final: boolean): string {
  const data = logsJson(report) as Record<string, unknown>;
  return JSON.stringify({ ...data, follow: { startedAt: new Date(startedAt).toISOString(), at: new Date().toISOString(), final } });
}

/**
 * SIGINT/SIGTERM end following (the final report is still printed); a second signal ends the process
 * at once (exit 130), for when the final read takes too long.
 */
function stopSignals(): { readonly stopped: boolean; sleep(ms: number): Promise<void>; dispose(): void } {
  let stopped = false;
  let wake: (() => void) | null = null;
  const onSignal = () => {
    if (stopped) process.exit(130);
    stopped = true;
    wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get stopped() {
      return stopped;
    },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      }),
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A one-line progress bar on stderr, only when stderr is a terminal. */
function progressBar(io: CliIo): { update: (p: { bytes: number; totalBytes: number; path: string }) => void; clear: () => void } {
  if (!io.stderr.isTTY) return { update: () => {}, clear: () => {} };
  let last = 0;
  let shown = false;
  return {
    update: ({ bytes, totalBytes, path }) => {
      const now = Date.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      shown = true;
      const share = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
      const width = 30;
      const filled = Math.round(share * width);
      const bar = totalBytes > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%` : `${Math.round(bytes / 1048576)} MiB`;
      io.stderr.write(`\r\u001b[2K${bar} ${displayLine(path, 50)}`);
    },
    clear: () => {
      if (shown) io.stderr.write('\r\u001b[2K');
    },
  };
}

function logsStats(io: CliIo, totals: { bytes: number; lines: number; failures: number }, started: bigint): void {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeStats(io, seconds, { bytes: totals.bytes, lines: totals.lines, failures: totals.failures }, { mb_per_s: (totals.bytes / 1e6 / seconds).toFixed(1) });
}

export default logs;
