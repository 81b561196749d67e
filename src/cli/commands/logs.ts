import { diagnoseLogs } from '../../diagnosis/logs.js';
import { LogsUsageError, summariseLogs } from '../../evidence/log-summary/summarise-logs.js';
import { FORMAT_IDS } from '../../inputs/logs/formats/registry.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { renderLogsHtml } from '../../reporters/logs/html.js';
import { renderLogsJson } from '../../reporters/logs/json.js';
import { renderLogsMarkdown } from '../../reporters/logs/markdown.js';
import { renderLogsText } from '../../reporters/logs/text.js';
import { createStyle } from '../../reporters/style.js';
import { type CliIo, type Command, EXIT, outputFormat, UsageError, useColor } from '../command.js';
import { platformOption } from '../platform-option.js';

const FORMATS = ['text', 'json', 'markdown', 'html'] as const;
const PROGRESS_INTERVAL_MS = 100;

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
    if (values.stats) writeStats(io, summary.totals, started);
    if (unreadable.length > 0) return EXIT.usage;
    return summary.totals.failures > 0 ? EXIT.problems : EXIT.clean;
  },
};

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

function writeStats(io: CliIo, totals: { bytes: number; lines: number; failures: number }, started: bigint): void {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  const mb = totals.bytes / 1e6;
  io.stderr.write(
    `updoc stats: bytes=${totals.bytes} lines=${totals.lines} failures=${totals.failures} seconds=${seconds.toFixed(3)} cpu_seconds=${cpu.toFixed(3)} mb_per_s=${(mb / seconds).toFixed(1)} max_rss_mib=${(usage.maxRSS / 1024).toFixed(1)}\n`,
  );
}

export default logs;
