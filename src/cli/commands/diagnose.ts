import { DiagnoseUsageError, diagnoseProject } from '../../diagnosis/diagnose.js';
import type { DiagnoseReport } from '../../diagnosis/diagnose/report.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { renderDiagnoseJson } from '../../reporters/diagnose/json.js';
import { renderDiagnoseText } from '../../reporters/diagnose/text.js';
import { createStyle } from '../../reporters/style.js';
import { type Command, EXIT, outputFormat, UsageError, useColor, writeStats } from '../command.js';
import { platformOption } from '../platform-option.js';

const FORMATS = ['text', 'json', 'markdown', 'html'] as const;
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const diagnose: Command = {
  name: 'diagnose',
  summary:
    "One verdict from all the evidence — configs, logs, a pasted message, live probes — following the decision tree (running? reachable from the proxy's network? resolves? configured? what do the logs say?), with the fix and the next checks.",
  usage:
    'updoc diagnose [DIR | FILE]... [--logs FILE]... [--message TEXT] [--target URL]... [--live] [--from netns:NAME|pid:PID] [--platform ENV] [--context TEXT] [--json | --format text|json|markdown|html]',
  details: [
    'DIR: a project directory. Configs are discovered as `updoc lint` does (nginx, HAProxy, Compose, Kubernetes, Istio,',
    'Envoy, Traefik, Caddy, Spring, Terraform); logs are the files named *.log, *.log.N, *.gz and every file under a',
    'logs/ directory. Files given as arguments are read as logs when named like one, else as configs.',
    "--live probes what the configs point at from the proxy's vantage: --from when given, this host for a proxy that",
    'runs here, the container of a Compose proxy (found with docker). A proxy whose vantage cannot be found is not',
    'probed from here (its names mean something else here); the next checks say how to probe it.',
    '',
    'Examples:',
    '  updoc diagnose examples/diagnose-compose-localhost',
    '  updoc diagnose . --logs /var/log/nginx/error.log --live',
    '  updoc diagnose deploy/ --message "upstream connect error or disconnect/reset before headers" --platform istio',
    '  updoc diagnose . --target http://api:3000/healthz --from pid:4242 --format html > report.html',
    '',
    'Exit codes (every format): 0 no problem found, 1 a problem diagnosed or likely (also "not enough evidence"),',
    '2 usage error or nothing could be read. Unreadable inputs are listed as "could not read X"; the rest is used.',
  ].join('\n'),
  allowPositionals: true,
  options: {
    logs: { type: 'string', multiple: true, description: 'log file, directory or glob to read (repeatable; - for stdin)', valueName: 'FILE' },
    message: { type: 'string', short: 'm', multiple: true, description: 'an error message or log excerpt, as pasted (repeatable)', valueName: 'TEXT' },
    target: { type: 'string', short: 't', multiple: true, description: 'URL to probe live (repeatable)', valueName: 'URL' },
    live: { type: 'boolean', description: "probe the targets the configs point at, from the proxy's vantage" },
    from: { type: 'string', description: 'probe from this network namespace: netns:NAME or pid:PID (needs root); implies --live', valueName: 'VANTAGE' },
    platform: {
      type: 'string',
      short: 'p',
      description: 'your environment: docker, compose, kubernetes, istio, aws, gcp, azure, cloudflare, vm',
      valueName: 'ENV',
    },
    context: { type: 'string', short: 'c', description: 'describe the setup and the failure in your words', valueName: 'TEXT' },
    stats: { type: 'boolean', description: 'print timings, CPU seconds and peak memory on stderr (for benchmarks)', hidden: true },
  },
  async run({ values, positionals }, io) {
    const format = outputFormat(values, FORMATS);
    const environment = platformOption(values);
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
    const messages = list(values.message);
    for (const m of messages)
      if (Buffer.byteLength(m) > MAX_MESSAGE_BYTES) throw new UsageError('--message is larger than 4 MiB; give it as a file with --logs');
    const from = typeof values.from === 'string' ? values.from : undefined;
    if (from) {
      const { parseVantage } = await import('../../probes/vantage.js');
      try {
        parseVantage(from);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    const logs = list(values.logs);
    if (logs.includes('-') && io.stdin.isTTY) throw new UsageError('--logs - reads standard input: pipe the log in');
    let report: DiagnoseReport;
    try {
      report = await diagnoseProject({
        paths: positionals,
        logs,
        messages,
        targets: list(values.target),
        ...(from ? { from } : {}),
        live: Boolean(values.live),
        ...(environment ? { environment } : {}),
        ...(typeof values.context === 'string' ? { context: values.context } : {}),
        stdin: io.stdin,
      });
    } catch (error) {
      if (error instanceof DiagnoseUsageError) throw new UsageError(displayLine(error.message, 400));
      throw error;
    }
    io.stdout.write(await render(report, format, useColor(values, io)));
    if (values.stats) {
      const s = report.logs?.summary;
      writeStats(
        io,
        report.ms / 1000,
        {},
        {
          log_bytes: s?.totals.bytes ?? 0,
          log_lines: s?.totals.lines ?? 0,
          configs: report.inputs.read.filter((r) => r.kind === 'config').length,
          evidence: report.evidence.length,
        },
      );
    }
    return exitCode(report);
  },
};

async function render(report: DiagnoseReport, format: string, color: boolean): Promise<string> {
  if (format === 'json') return renderDiagnoseJson(report);
  if (format === 'markdown') return (await import('../../reporters/diagnose/markdown.js')).renderDiagnoseMarkdown(report);
  if (format === 'html') return (await import('../../reporters/diagnose/html.js')).renderDiagnoseHtml(report);
  return renderDiagnoseText(report, createStyle(color));
}

/** 2 when nothing given could be read; 0 no problem; 1 a problem (diagnosed, or evident without a settled cause). */
export function exitCode(report: DiagnoseReport): number {
  if (!report.inputs.read.some((r) => r.kind !== 'directory')) return EXIT.usage;
  return report.verdict.status === 'no-problem' ? EXIT.clean : EXIT.problems;
}

export default diagnose;
