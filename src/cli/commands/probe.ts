import { write } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { verdictWithoutRanking } from '../../diagnosis/probe-healthy.js';
import { InputError, readFileBounded } from '../../inputs/text/read-text.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { defaultJobs, mayBeProbeWorker, TARGETS_PER_JOB } from '../../probes/parallel.js';
import { DEFAULTS, type InvalidTarget, type ProbeOptions, type ProbeReport, type ProbeRun, runProbe, type TargetReport } from '../../probes/run-probe.js';
import { isScheme, type ProbeTarget, parseTarget, parseTargetsText, SCHEMES, type TargetDefaults } from '../../probes/target.js';
import { renderProbeJson, renderProbeJsonLine, renderProbeJsonLines } from '../../reporters/probe/json.js';
import { renderProbeMarkdown } from '../../reporters/probe/markdown.js';
import { renderProbeText } from '../../reporters/probe/text.js';
import { createStyle } from '../../reporters/style.js';
import { type CliIo, type Command, EXIT, outputFormat, type ParsedArgs, positiveInt, UsageError, useColor } from '../command.js';

const FORMATS = ['text', 'json', 'jsonl', 'markdown'] as const;
const MAX_JOBS = 64;
const MAX_CONCURRENCY = 4096;
const MAX_FROM_TARGETS = 5000;

const probe: Command = {
  name: 'probe',
  summary:
    'Run the live checks a proxy depends on — DNS (system and each nameserver), TCP to every address, TLS, HTTP/h2/gRPC — explain each result and name the root cause.',
  usage: 'updoc probe TARGET... | --targets FILE [--via URL] [--from netns:NAME|pid:PID] [options] [--json | --format text|json|jsonl|markdown]',
  details: [
    `TARGET: a URL (${SCHEMES.join(', ')}), host:port, [v6]:port, an IP, or a bare name (port from --port or --scheme).`,
    '  http/https speak HTTP/1.1 (h2 when ALPN picks it); h2c is HTTP/2 with prior knowledge; h2 requires h2 by ALPN;',
    '  grpc is gRPC over h2c (plaintext), grpcs over TLS (a grpc.health.v1 health check is sent);',
    '  host:port without a scheme is a TCP connect (add --tls for a handshake, --scheme http for a request).',
    'Every step has a timeout (--timeout, default 3s) and the run a deadline (--deadline, default 60s).',
    'Durations: 500ms, 3s, or a bare number of seconds.',
    '',
    'Examples:',
    '  updoc probe http://10.0.1.5:3000/healthz',
    '  updoc probe api.default.svc.cluster.local:8080 --scheme http --from pid:4242',
    '  updoc probe https://backend:8443/ --ca ca.pem --sni backend.internal',
    '  updoc probe http://127.0.0.1:3000/ --via http://127.0.0.1:8080/',
    '  updoc probe --targets upstreams.txt --json      # JSON lines, one per target',
    '',
    'Exit codes: 0 every target healthy, 1 some target failed (or a --targets line was invalid), 2 usage or input error.',
  ].join('\n'),
  allowPositionals: true,
  options: {
    targets: {
      type: 'string',
      description: 'read targets from FILE, one per line (# comments); invalid lines are reported with their line number',
      valueName: 'FILE',
    },
    port: { type: 'string', short: 'p', description: 'port for targets that name none', valueName: 'PORT' },
    scheme: { type: 'string', description: `what to speak to targets without a scheme: ${SCHEMES.join(', ')} (default tcp)`, valueName: 'SCHEME' },
    tls: { type: 'boolean', description: 'speak TLS (https, h2, grpcs, tls) even where the target does not say so' },
    sni: { type: 'string', description: 'SNI name to send and to verify the certificate against', valueName: 'NAME' },
    ca: { type: 'string', description: 'trust only the CA certificates in FILE (PEM), like curl --cacert', valueName: 'FILE' },
    insecure: { type: 'boolean', short: 'k', description: 'report certificate problems but carry on (the verdict ignores them)' },
    http1: { type: 'boolean', description: 'offer only http/1.1 in TLS ALPN' },
    method: { type: 'string', short: 'X', description: 'HTTP method (default GET)', valueName: 'METHOD' },
    header: {
      type: 'string',
      short: 'H',
      multiple: true,
      description: 'extra request header "Name: value" (repeatable; Host overrides the Host header)',
      valueName: 'HEADER',
    },
    timeout: { type: 'string', short: 't', description: 'timeout for each step (default 3s)', valueName: 'DURATION' },
    deadline: { type: 'string', description: 'deadline for the whole run (default 60s); unfinished targets are reported as such', valueName: 'DURATION' },
    concurrency: { type: 'string', short: 'c', description: `targets probed at once (default ${DEFAULTS.concurrency})`, valueName: 'N' },
    resolver: { type: 'string', description: 'DNS views: both (default), system (getaddrinfo only), direct (nameservers only)', valueName: 'WHICH' },
    nameserver: {
      type: 'string',
      multiple: true,
      description: 'ask this nameserver (IP, IP:PORT or [v6]:PORT) instead of those in resolv.conf (repeatable)',
      valueName: 'ADDR',
    },
    'resolv-conf': {
      type: 'string',
      description: 'read search/ndots/nameservers from FILE instead of /etc/resolv.conf (e.g. /proc/PID/root/etc/resolv.conf)',
      valueName: 'FILE',
    },
    'hosts-file': { type: 'string', description: 'hosts file to consult for "answered from the hosts file" notes (default /etc/hosts)', valueName: 'FILE' },
    via: { type: 'string', description: "also send the request through this proxy URL and compare (its path is used, else the target's)", valueName: 'URL' },
    from: {
      type: 'string',
      description: "probe from another network namespace: netns:NAME or pid:PID (a container's process); needs root",
      valueName: 'VANTAGE',
    },
    'no-local': { type: 'boolean', description: "do not inspect this machine's side (listeners, owners, firewall) when a step fails" },
    jobs: {
      type: 'string',
      short: 'j',
      description: `threads to probe with (default: one per idle core, at most one per ${TARGETS_PER_JOB} targets; 1 with --via)`,
      valueName: 'N',
    },
    'inside-vantage': { type: 'boolean', hidden: true, description: 'set by --from on the re-executed child' },
  },
  async run(args, io) {
    tuneCompiler();
    const format = outputFormat(args.values, FORMATS);
    const values = args.values;
    const defaults = targetDefaults(values);
    const options = await probeOptions(values);

    let targets: { target: ProbeTarget; line?: number }[];
    let invalid: InvalidTarget[] = [];
    if (typeof values.targets === 'string') {
      if (args.positionals.length) throw new UsageError('give targets either as arguments or with --targets, not both');
      let text: string;
      try {
        const input = await readFileBounded(values.targets);
        if (input.truncated) throw new UsageError(`${displayLine(values.targets, 200)} is larger than 4 MiB`);
        text = input.text;
      } catch (error) {
        if (error instanceof InputError) throw new UsageError(error.message);
        throw error;
      }
      const parsed = parseTargetsText(text, defaults);
      if (parsed.tooMany) throw new UsageError(`${displayLine(values.targets, 200)} has more than ${100_000} targets`);
      targets = parsed.targets;
      invalid = parsed.errors.map((e) => ({ line: e.line, input: displayLine(e.input, 200), error: e.error }));
      if (targets.length === 0) {
        for (const e of invalid) io.stderr.write(`updoc probe: line ${e.line}: ${displayLine(e.error, 300)}\n`);
        throw new UsageError(
          invalid.length ? `no valid target in ${displayLine(values.targets, 200)}` : `${displayLine(values.targets, 200)} lists no targets`,
        );
      }
    } else {
      if (args.positionals.length === 0) throw new UsageError('no target: give a URL, host:port or name (or --targets FILE)');
      targets = args.positionals.map((raw) => {
        const parsed = parseTarget(raw, defaults);
        if (!parsed.ok) throw new UsageError(`invalid target "${displayLine(raw, 120)}": ${parsed.error}`);
        return { target: parsed.target };
      });
    }
    // --json with a targets file streams JSON lines; --format json still gives one document.
    const effective = format === 'json' && values.json && typeof values.targets === 'string' ? 'jsonl' : format;

    if (typeof values.from === 'string' && values.from !== 'current' && !values['inside-vantage']) {
      return runElsewhere(values, targets, invalid, options, effective, io);
    }

    const started = new Date();
    const vantage = values['inside-vantage'] && io.env.UPDOC_VANTAGE ? displayLine(io.env.UPDOC_VANTAGE, 80) : 'current';
    const lines = new LineWriter(io.stdout);
    if (effective === 'jsonl') for (const bad of invalid) lines.write(renderProbeJsonLine(bad));
    const progress = io.stderr.isTTY && targets.length > 1 ? { done: 0 } : undefined;
    const jobs = options.via ? 1 : typeof values.jobs === 'string' ? positiveInt(values.jobs, 'jobs', MAX_JOBS) : defaultJobs(targets.length);
    let run: Pick<ProbeRun, 'counts' | 'ms' | 'deadlineReached' | 'via'> & { targets: TargetReport[] };
    if (jobs > 1 && targets.length > 1) {
      const reports: TargetReport[] = effective === 'jsonl' ? [] : new Array(targets.length);
      const { runProbeJobs } = await import('../../probes/parallel-jobs.js');
      const result = await runProbeJobs(targets, options, {
        jobs: Math.min(jobs, targets.length),
        workerUrl: new URL(import.meta.url),
        send: effective === 'jsonl' ? 'jsonl' : 'reports',
        renderLine: renderProbeJsonLine,
        onTarget: (item) => {
          if (effective === 'jsonl') lines.write(item.line ?? renderProbeJsonLine(item.report as TargetReport));
          else if (item.report) reports[item.index] = item.report;
          if (progress) io.stderr.write(`\rupdoc probe: ${++progress.done}/${targets.length}`);
        },
      });
      run = { ...result, targets: reports };
    } else {
      run = await runProbe(targets, {
        ...options,
        // Streamed lines need not stay in memory.
        retain: effective !== 'jsonl',
        onTarget: (target) => {
          if (progress) io.stderr.write(`\rupdoc probe: ${++progress.done}/${targets.length}`);
          if (effective === 'jsonl') return lines.write(renderProbeJsonLine(target));
        },
      });
    }
    await lines.drained();
    if (progress) io.stderr.write('\r\u001b[K');
    const report = buildReport(run.targets, invalid, run.via, {
      vantage,
      started,
      ms: run.ms,
      deadlineReached: run.deadlineReached,
      options,
      counts: run.counts,
    });
    if (effective !== 'jsonl') io.stdout.write(render(report, effective, values, io));
    return exitCode(report);
  },
};

/**
 * V8 optimises a function once it has run for a while (its "interrupt budget"); the probe engine's code paths
 * are many and each runs once per target, so in a run of a few thousand targets most of that optimising is
 * paid for and never earned back — a quarter of the CPU of a 1,000-target run (bench:probe). A larger budget
 * leaves short runs in the baseline tiers and still optimises what stays hot in long ones.
 */
function tuneCompiler(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
const INTERRUPT_BUDGET = 1024 * 1024;

/**
 * JSON lines as targets finish, collected per turn of the event loop and written in one go. On a pipe, stdout
 * is a blocking write on Linux: a reader that drains slowly (a busy machine, `| jq`) would stall the event
 * loop — and with it every probe's timers — at each full pipe buffer. Writes to this process's own stdout
 * therefore go through libuv's thread pool (fs.write on fd 1), one at a time, in order; other streams (tests)
 * get ordinary writes. `write` returns a promise while more than BACKLOG_BYTES wait, so a reader that cannot
 * keep up slows the probing down instead of filling memory.
 */
class LineWriter {
  private pending: string[] = [];
  private pendingBytes = 0;
  private scheduled = false;
  private writing = false;
  private failed = false;
  private waiters: (() => void)[] = [];
  private readonly fd: number | undefined;
  private buffer: Buffer = EMPTY;
  private readonly kick = () => {
    this.scheduled = false;
    this.next();
  };

  constructor(private readonly stream: NodeJS.WritableStream) {
    this.fd = stream === process.stdout ? 1 : undefined;
  }

  write(line: string): Promise<void> | undefined {
    if (this.failed) return undefined;
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (!this.scheduled && !this.writing) {
      this.scheduled = true;
      setImmediate(this.kick);
    }
    return this.pendingBytes > BACKLOG_BYTES ? new Promise((resolve) => this.waiters.push(resolve)) : undefined;
  }

  /** Resolves once everything written so far is out. */
  async drained(): Promise<void> {
    while (!this.failed && (this.pending.length > 0 || this.writing || this.scheduled)) {
      if (!this.writing && !this.scheduled) this.next();
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private next(): void {
    if (this.writing) return;
    if (this.pending.length === 0) {
      this.wake();
      return;
    }
    const lines = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.wake();
    if (this.fd === undefined) {
      this.stream.write(lines.length === 1 ? lines[0] : lines.join(''));
      return;
    }
    this.writing = true;
    this.writeOut(this.encode(lines));
  }

  /**
   * The lines as UTF-8 in one buffer, reused from one write to the next (one write is in flight at a time): no
   * joined copy of the text and no new buffer per turn. Every line has a few non-ASCII characters (→, —), which
   * makes each a two-byte string; joining them first doubled what a turn allocated.
   */
  private encode(lines: string[]): Buffer {
    let size = 0;
    for (const line of lines) size += line.length;
    // At most 3 bytes of UTF-8 per UTF-16 code unit.
    if (this.buffer.length < size * 3) this.buffer = Buffer.allocUnsafe(Math.max(size * 3, 2 * this.buffer.length));
    let offset = 0;
    for (const line of lines) offset += this.buffer.write(line, offset);
    const data = this.buffer.subarray(0, offset);
    // A burst of output (a slow reader) is not kept for the rest of the run.
    if (this.buffer.length > MAX_KEPT_BUFFER) this.buffer = EMPTY;
    return data;
  }

  private writeOut(data: Buffer): void {
    write(this.fd as number, data, 0, data.length, null, (error, written) => {
      if (error?.code === 'EAGAIN') {
        setTimeout(() => this.writeOut(data), 5);
        return;
      }
      if (error) {
        this.failed = true;
        this.writing = false;
        this.wake();
        // The same handling as any stdout error (bin.ts: EPIPE ends the run quietly).
        this.stream.emit('error', error);
        return;
      }
      if (written < data.length) {
        this.writeOut(data.subarray(written));
        return;
      }
      this.writing = false;
      this.next();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

const BACKLOG_BYTES = 8 * 1024 * 1024;
const MAX_KEPT_BUFFER = 4 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

function buildReport(
  targets: TargetReport[],
  invalid: InvalidTarget[],
  via: TargetReport | undefined,
  meta: {
    vantage: string;
    started: Date;
    ms: number;
    deadlineReached: boolean;
    options: Pick<ProbeOptions, 'timeoutMs' | 'deadlineMs' | 'concurrency'>;
    counts?: { ok: number; failed: number };
  },
): ProbeReport {
  const ok = meta.counts?.ok ?? targets.filter((t) => t.ok).length;
  const total = meta.counts ? meta.counts.ok + meta.counts.failed : targets.length;
  return {
    tool: 'updoc probe',
    vantage: meta.vantage,
    startedAt: meta.started.toISOString(),
    ms: meta.ms,
    settings: { timeoutMs: meta.options.timeoutMs, deadlineMs: meta.options.deadlineMs, concurrency: meta.options.concurrency },
    summary: { targets: total, ok, failed: total - ok, invalid: invalid.length },
    targets,
    invalid,
    ...(via ? { via } : {}),
    deadlineReached: meta.deadlineReached,
  };
}

function render(report: ProbeReport, format: string, values: ParsedArgs['values'], io: CliIo): string {
  if (format === 'json') return renderProbeJson(report);
  if (format === 'jsonl') return renderProbeJsonLines(report);
  if (format === 'markdown') return renderProbeMarkdown(report);
  return renderProbeText(report, createStyle(useColor(values, io)));
}

function exitCode(report: ProbeReport): number {
  return report.summary.failed > 0 || report.summary.invalid > 0 ? EXIT.problems : EXIT.clean;
}

/** `3s`, `500ms`, `1.5` (seconds). */
export function parseDuration(text: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (!m) throw new UsageError(`invalid --${name} "${displayLine(text, 40)}": use e.g. 500ms, 3s or 2.5`);
  const ms = m[2] === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
  if (!(ms >= 1 && ms <= 3_600_000)) throw new UsageError(`--${name} must be between 1ms and 3600s`);
  return ms;
}

function targetDefaults(values: ParsedArgs['values']): TargetDefaults {
  const defaults: TargetDefaults = {};
  if (typeof values.port === 'string') defaults.port = positiveInt(values.port, 'port', 65535);
  if (typeof values.scheme === 'string') {
    const scheme = values.scheme.toLowerCase();
    if (!isScheme(scheme)) throw new UsageError(`unknown --scheme "${displayLine(values.scheme, 40)}"; use one of: ${SCHEMES.join(', ')}`);
    defaults.scheme = scheme;
  }
  if (values.tls) defaults.tls = true;
  return defaults;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;

function parseHeaders(raw: string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of raw ?? []) {
    const colon = h.indexOf(':');
    const name = colon > 0 ? h.slice(0, colon).trim().toLowerCase() : '';
    const value = colon > 0 ? h.slice(colon + 1).trim() : '';
    if (!TOKEN.test(name)) throw new UsageError(`invalid --header "${displayLine(h, 60)}": expected "Name: value"`);
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value) || value.length > 8192)
      throw new UsageError(`invalid --header value for ${name}: no control characters or line breaks, at most 8 KiB`);
    if (['content-length', 'transfer-encoding', 'connection', 'te', 'upgrade'].includes(name))
      throw new UsageError(`--header ${name} cannot be set (updoc manages it)`);
    headers[name] = value;
  }
  return headers;
}

async function probeOptions(values: ParsedArgs['values']): Promise<ProbeOptions> {
  const timeoutMs = typeof values.timeout === 'string' ? parseDuration(values.timeout, 'timeout') : DEFAULTS.timeoutMs;
  const deadlineMs = typeof values.deadline === 'string' ? parseDuration(values.deadline, 'deadline') : DEFAULTS.deadlineMs;
  const concurrency = typeof values.concurrency === 'string' ? positiveInt(values.concurrency, 'concurrency', MAX_CONCURRENCY) : DEFAULTS.concurrency;
  const method = typeof values.method === 'string' ? values.method.toUpperCase() : 'GET';
  if (!/^[A-Z]{1,16}$/.test(method)) throw new UsageError(`invalid --method "${displayLine(String(values.method), 20)}"`);
  const resolver = typeof values.resolver === 'string' ? values.resolver : 'both';
  if (resolver !== 'both' && resolver !== 'system' && resolver !== 'direct') throw new UsageError('--resolver must be both, system or direct');
  const nameservers = (values.nameserver as string[] | undefined) ?? [];
  if (nameservers.length) {
    const { normaliseNameserver } = await import('../../probes/dns.js');
    for (const ns of nameservers)
      if (!normaliseNameserver(ns)) throw new UsageError(`invalid --nameserver "${displayLine(ns, 60)}": use an IP, IP:PORT or [IPv6]:PORT`);
  }
  let ca: string | undefined;
  if (typeof values.ca === 'string') {
    try {
      const input = await readFileBounded(values.ca, 1024 * 1024);
      ca = input.text;
    } catch (error) {
      throw new UsageError(`cannot read --ca ${displayLine(values.ca, 200)}: ${(error as Error).message}`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca ${displayLine(values.ca, 200)} holds no PEM certificate`);
  }
  let via: ProbeTarget | undefined;
  if (typeof values.via === 'string') {
    const parsed = parseTarget(values.via, {});
    if (!parsed.ok) throw new UsageError(`invalid --via "${displayLine(values.via, 120)}": ${parsed.error}`);
    if (!/^[a-z0-9]+:\/\//i.test(values.via) || parsed.target.scheme === 'tcp' || parsed.target.scheme === 'tls')
      throw new UsageError('--via needs an HTTP URL (http://, https://, h2c://, grpc://)');
    via = parsed.target;
  }
  for (const file of ['resolv-conf', 'hosts-file'] as const) {
    const path = values[file];
    if (typeof path === 'string') {
      try {
        await readFile(path, { encoding: 'utf8', flag: 'r' });
      } catch (error) {
        throw new UsageError(`cannot read --${file} ${displayLine(path, 200)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
  }
  return {
    timeoutMs,
    deadlineMs,
    concurrency,
    method,
    headers: parseHeaders(values.header as string[] | undefined),
    ...(typeof values.sni === 'string' ? { sni: values.sni } : {}),
    ...(ca ? { ca } : {}),
    insecure: Boolean(values.insecure),
    http1Only: Boolean(values.http1),
    dns: {
      resolver,
      ...(nameservers.length ? { nameservers } : {}),
      ...(typeof values['resolv-conf'] === 'string' ? { resolvConfPath: values['resolv-conf'] } : {}),
      ...(typeof values['hosts-file'] === 'string' ? { hostsPath: values['hosts-file'] } : {}),
    },
    localInspection: !values['no-local'],
    bodyLimit: DEFAULTS.bodyLimit,
    maxAddresses: DEFAULTS.maxAddresses,
    ...(via ? { via } : {}),
    diagnose,
    ...(via ? { compareVia: (await loadDiagnosis()).compareVia } : {}),
  };
}

/**
 * Healthy targets get their verdict at once; the ranking of causes behind a failed target's verdict
 * (src/diagnosis/probe.ts with rank-causes and the setup inferences, ~28 KB, ~4 ms of start-up) loads with
 * the first failed target, so a run over healthy targets never loads it.
 */
type Diagnosis = typeof import('../../diagnosis/probe.js');
let diagnosis: Promise<Diagnosis> | undefined;
let diagnosisLoaded: Diagnosis | undefined;
const loadDiagnosis = () =>
  (diagnosis ??= import('../../diagnosis/probe.js').then((d) => {
    diagnosisLoaded = d;
    return d;
  }));
const diagnose = (report: TargetReport) =>
  verdictWithoutRanking(report) ?? diagnosisLoaded?.diagnoseTarget(report) ?? loadDiagnosis().then((d) => d.diagnoseTarget(report));

/** The options to hand to the re-executed probe: the same settings, paths made absolute, validated targets as arguments. */
function childArgs(values: ParsedArgs['values'], targets: readonly { target: ProbeTarget }[]): string[] {
  const args: string[] = [];
  const paths = new Set(['ca', 'resolv-conf', 'hosts-file']);
  const skip = new Set(['from', 'targets', 'json', 'format', 'help', 'color', 'no-color', 'inside-vantage']);
  for (const [name, value] of Object.entries(values)) {
    if (skip.has(name) || value === undefined || value === false) continue;
    if (value === true) args.push(`--${name}`);
    else if (Array.isArray(value)) for (const v of value) args.push(`--${name}`, v);
    else args.push(`--${name}`, paths.has(name) ? resolve(value) : value);
  }
  // Already parsed and validated here; none starts with "-", so none can pass for an option.
  return [...args, ...targets.map((t) => t.target.input)];
}

async function runElsewhere(
  values: ParsedArgs['values'],
  targets: { target: ProbeTarget; line?: number }[],
  invalid: InvalidTarget[],
  options: ProbeOptions,
  format: string,
  io: CliIo,
): Promise<number> {
  const { parseVantage, runFromVantage, formatVantage, VantageError } = await import('../../probes/vantage.js');
  if (targets.length > MAX_FROM_TARGETS) throw new UsageError(`--from handles at most ${MAX_FROM_TARGETS} targets per run`);
  let vantage: ReturnType<typeof parseVantage>;
  try {
    vantage = parseVantage(String(values.from));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const started = new Date();
  let child: unknown;
  try {
    child = await runFromVantage(vantage, childArgs(values, targets), { timeoutMs: options.deadlineMs + 10_000 });
  } catch (error) {
    if (error instanceof VantageError) {
      io.stderr.write(`updoc probe: ${displayLine(error.message, 600)}\n`);
      return error.code === 'invalid-vantage' || error.code === 'no-such-namespace' || error.code === 'pid-gone' || error.code === 'not-root'
        ? EXIT.usage
        : EXIT.problems;
    }
    throw error;
  }
  const childReport = child as Partial<ProbeReport>;
  if (!childReport || typeof childReport !== 'object' || !Array.isArray(childReport.targets)) {
    io.stderr.write('updoc probe: the probe inside the vantage returned an unexpected report\n');
    return EXIT.problems;
  }
  // Line numbers belong to the file the user gave, which only this side read.
  const reports = childReport.targets.map((t, i) => ({ ...t, ...(targets[i]?.line !== undefined ? { line: targets[i].line } : {}) }));
  const report = buildReport(reports, invalid, childReport.via, {
    vantage: formatVantage(vantage),
    started,
    ms: typeof childReport.ms === 'number' ? childReport.ms : Date.now() - started.getTime(),
    deadlineReached: Boolean(childReport.deadlineReached),
    options,
  });
  io.stdout.write(render(report, format, values, io));
  return exitCode(report);
}

// Started again as a --jobs worker thread (see src/probes/parallel.ts): serve that job instead of the CLI.
if (mayBeProbeWorker()) void import('../../probes/parallel-jobs.js').then(({ serveProbeJob }) => serveProbeJob({ diagnose, renderLine: renderProbeJsonLine }));

export default probe;
