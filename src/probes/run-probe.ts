import type { CauseId } from '../core/ids.js';
import { stripControl } from '../inputs/text/sanitize.js';
import type { HealthReading } from '../knowledge/response-pages.js';
import type { DnsOptions, DnsReport } from './dns.js';
import { GRPC_HEALTH_PATH, type HttpOutcome, type HttpSpec, http1OverSocket, http2OverSocket, type SniffResult, sniffPlainHttp } from './http.js';
import type { LocalInspector } from './local/index.js';
import type { InspectLocalSide, LocalSideReport } from './local/model.js';
import { type Deadline, deadlines } from './deadlines.js';
import { addressLabel, httpAcceptable } from './report-readings.js';
import { type ProbeTarget, speaksHttp } from './target.js';
import { type ConnectOutcome, connectTcp } from './tcp.js';
import type { TlsOutcome } from './tls.js';

/**
 * The probe sequence for each target — DNS (system and direct), then for every resolved address
 * separately: TCP connect, TLS, HTTP/h2/gRPC, and the local host's side when something failed —
 * run with bounded concurrency, a timeout on every step and a deadline for the whole run.
 */

export type StepName = 'dns' | 'dns-direct' | 'tcp' | 'tls' | 'http' | 'grpc' | 'health' | 'local' | 'cross-check' | 'via' | 'deadline';

/** One line of the `curl -v`-like step list; the JSON contract's `steps[]`. */
export interface ProbeStep {
  step: StepName;
  ok: boolean;
  ms: number;
  /** What happened and what it means, one or two sentences (may contain text from the network: sanitised). */
  detail: string;
  /** `10.0.1.5:3000` for per-address steps. */
  address?: string;
  code?: string;
}

export interface HttpReport {
  protocol: 'http/1.1' | 'h2';
  method: string;
  path: string;
  ok: boolean;
  status?: number;
  statusText?: string;
  /** The response headers worth showing (server, via, x-envoy-*, cf-ray, location, …). */
  headers: Record<string, string>;
  bodySnippet: string;
  bodyBytes: number;
  bodyTruncated: boolean;
  firstByteMs?: number;
  ms: number;
  code?: string;
  error?: string;
  meaning: string;
  firstBytes?: string;
  tlsRecord?: boolean;
  grpc?: HttpOutcome['grpc'];
  /** Proxy error pages and knowledge-base signatures recognised in the answer. */
  recognised: {
    pages: { id: string; product: string; title: string; meaning: string; signatures: string[]; causes: Partial<Record<CauseId, number>> }[];
    signatures: { id: string; title: string; meaning: string; causes: Partial<Record<CauseId, number>> }[];
    hints: string[];
  };
  health?: HealthReading;
}

export interface CrossCheck {
  /** What was tried on a fresh connection: plain HTTP after TLS failed, or TLS after plain HTTP failed. */
  tried: 'plain-http' | 'tls';
  speaks: SniffResult['speaks'] | 'tls-ok' | 'no-tls';
  firstLine?: string;
  conclusion: string;
}

export interface AddressReport {
  address: string;
  family: 4 | 6;
  port: number;
  zone?: string;
  connect: Omit<ConnectOutcome, 'socket' | 'startedAt' | 'endedAt'>;
  tls?: Omit<TlsOutcome, 'socket'>;
  http?: HttpReport;
  crossCheck?: CrossCheck;
  /** The local host's side; null when no namespace on this machine has the address. */
  local?: LocalSideReport | null;
  localError?: string;
  timing: { dnsMs?: number; connectMs: number; tlsMs?: number; firstByteMs?: number; totalMs: number };
  /** Every step for this address passed. */
  ok: boolean;
  /** Steps not run because the run's deadline was reached. */
  deadline?: boolean;
}

export interface Cause {
  id: CauseId;
  score: number;
  why: string;
  title: string;
}

/** What `diagnose` sets on a target's report. */
export type ProbeVerdict = Pick<TargetReport, 'ok' | 'summary' | 'causes'>;

export interface TargetReport {
  /** Canonical target (`http://127.0.0.1:3000/`); `input` is what was written. */
  target: string;
  input: string;
  scheme: ProbeTarget['scheme'];
  host: string;
  port: number;
  /** Line in the --targets file. */
  line?: number;
  ok: boolean;
  /** One-sentence verdict. */
  summary: string;
  causes: Cause[];
  steps: ProbeStep[];
  dns?: DnsReport;
  addresses: AddressReport[];
  /** Comparison with the same request through --via. */
  via?: { target: string; ok: boolean; conclusion: string };
  ms: number;
  /** Not (fully) probed because the run's deadline was reached. */
  deadline?: boolean;
}

export interface ProbeOptions {
  /** Per-step timeout (`--timeout`). */
  timeoutMs: number;
  /** Whole-run deadline (`--deadline`). */
  deadlineMs: number;
  concurrency: number;
  method: string;
  headers: Record<string, string>;
  sni?: string;
  /** PEM text of `--ca`. */
  ca?: string;
  insecure: boolean;
  /** Offer only http/1.1 in ALPN. */
  http1Only: boolean;
  dns: Omit<DnsOptions, 'timeoutMs'>;
  /** Look at this machine's side (listeners, owners, firewall) when a step fails. */
  localInspection: boolean;
  bodyLimit: number;
  /** At most this many addresses of one name are probed. */
  maxAddresses: number;
  via?: ProbeTarget;
  /** Injected for tests; defaults to src/probes/local. */
  inspect?: InspectLocalSide;
  /** Called as each target finishes (JSON lines stream from here); a returned promise holds the next targets back until it settles (a slow reader). */
  onTarget?: (report: TargetReport, index: number) => void | Promise<void>;
  /** Keep every report for the result (default); false when they are streamed, so 100,000 targets stay small. */
  retain?: boolean;
  /** Hands out the next target index (shared between the threads of `--jobs`); by default targets are taken in order. */
  claim?: () => number;
  /**
   * Turns raw findings into causes; injected by the caller to keep this module free of diagnosis. May answer with
   * a promise (the CLI loads the ranking of causes with the first failed target).
   */
  diagnose: (report: TargetReport) => ProbeVerdict | Promise<ProbeVerdict>;
  /** Compares a target with the --via probe; adds causes. */
  compareVia?: (direct: TargetReport, via: TargetReport) => { ok: boolean; conclusion: string; causes: Cause[] };
}

/** A --targets line that is not a target. */
export interface InvalidTarget {
  line: number;
  input: string;
  error: string;
}

/** Everything `updoc probe` reports: the `--json` document (the JSON-lines form has one target per line). */
export interface ProbeReport {
  tool: 'updoc probe';
  /** Where the probe ran: `current`, `netns:NAME` or `pid:PID`. */
  vantage: string;
  startedAt: string;
  ms: number;
  settings: { timeoutMs: number; deadlineMs: number; concurrency: number };
  summary: { targets: number; ok: number; failed: number; invalid: number };
  targets: TargetReport[];
  invalid: InvalidTarget[];
  via?: TargetReport;
  deadlineReached: boolean;
}

export interface ProbeRun {
  /** Every report in target order (empty with `retain: false`). */
  targets: TargetReport[];
  counts: { ok: number; failed: number };
  via?: TargetReport;
  ms: number;
  deadlineReached: boolean;
}

export const DEFAULTS = { timeoutMs: 3000, deadlineMs: 60_000, concurrency: 32, bodyLimit: 64 * 1024, maxAddresses: 16, snippet: 1024 } as const;

/**
 * A connect still pending after this long starts the local inspection in parallel, so a blackholed
 * target's report is ready when its connect times out (the run stays within the timeout). A quarter of
 * the timeout, at least 50 ms and at most 250 ms: late enough that a busy loopback does not trigger it.
 */
const slowConnectMs = (timeoutMs: number) => Math.min(250, Math.max(50, timeoutMs / 4));

/** Targets whose network steps are done that may wait for a local inspection at once (at least; see runProbeNow). */
const MAX_WAITING_FOR_LOCAL = 1024;

class Clock {
  readonly started = performance.now();
  constructor(private readonly deadlineMs: number) {}
  remaining(): number {
    return this.deadlineMs - (performance.now() - this.started);
  }
  /** A step's budget: the step timeout, cut to what is left of the run. */
  budget(stepMs: number): number {
    return Math.max(0, Math.min(stepMs, this.remaining()));
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
/** What stripControl removes (escape sequences start with ESC, itself in this range): most text has none. */
const HAS_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const clean = (text: string, max = 400) => {
  const s = HAS_CONTROL.test(text) ? stripControl(text) : text;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

function authorityOf(target: ProbeTarget, headers: Record<string, string>): string {
  if (headers.host) return headers.host;
  // The zone of a link-local address is this machine's business, never the server's.
  const host = target.hostKind === 'ipv6' ? `[${target.host}]` : target.host;
  return target.port === (target.tls ? 443 : 80) ? host : `${host}:${target.port}`;
}

function alpnFor(target: ProbeTarget, options: ProbeOptions): string[] {
  if (target.scheme === 'h2' || target.scheme === 'grpcs') return ['h2'];
  if (options.http1Only) return ['http/1.1'];
  return ['h2', 'http/1.1'];
}

type Inspector = InspectLocalSide;
type AnswerNow = LocalInspector['answerNow'];

/**
 * Loads src/probes/local only when a step failed: healthy runs never pay for /proc scans. Once loaded, `answerNow`
 * answers from the run's finished snapshot where it can (undefined before that, and with an injected `inspect`).
 */
function lazyInspector(options: ProbeOptions): { load: () => Promise<Inspector>; answerNow: () => AnswerNow | undefined } {
  let loaded: Promise<Inspector> | undefined;
  let answerNow: AnswerNow | undefined;
  return {
    load: () => {
      if (options.inspect) return Promise.resolve(options.inspect);
      loaded ??= import('./local/index.js').then((m) => {
        const inspector = m.createLocalInspector({ reuseWithinMs: 2000 });
        answerNow = inspector.answerNow;
        return inspector.inspect;
      });
      return loaded;
    },
    answerNow: () => answerNow,
  };
}

interface Ctx {
  options: ProbeOptions;
  clock: Clock;
  inspector: ReturnType<typeof lazyInspector>;
  /** --header values sent with every request (Host goes into the authority instead). */
  requestHeaders: Record<string, string>;
}

interface Inspection {
  local?: LocalSideReport | null;
  error?: string;
  /** When it finished (performance.now()). */
  at: number;
}

/**
 * The local inspection of one address:port, bounded by `budgetMs` (plus a little for the answer to come back).
 * Inspections are not queued: they share their /proc, ss and nft reads (the first pays, the rest are answered
 * from the same snapshot in microseconds), and those reads yield to the event loop, so connect deadlines still
 * fire on time while hundreds of them wait for the same read.
 */
async function inspectLocal(ctx: Ctx, address: string, port: number, budgetMs: number): Promise<Inspection> {
  if (budgetMs <= 0) return { error: 'not inspected in time', at: performance.now() };
  try {
    const inspect = await ctx.inspector.load();
    let expired: Deadline | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      expired = deadlines.after(budgetMs + 50, () => resolve('timeout'));
    });
    const result = await Promise.race([inspect(address, port, { timeoutMs: budgetMs }), timeout]);
    deadlines.cancel(expired);
    if (result === 'timeout') return { error: `the local inspection did not finish within ${Math.round(budgetMs)} ms`, at: performance.now() };
    return { local: result, at: performance.now() };
  } catch (error) {
    return { error: clean((error as Error).message), at: performance.now() };
  }
}

/** The inspection answered at once from the run's finished snapshot (see LocalInspector.answerNow), when it can be. */
function answeredNow(ctx: Ctx, address: string, port: number): Inspection | undefined {
  if (ctx.clock.remaining() <= 0) return undefined;
  const local = ctx.inspector.answerNow()?.(address, port);
  return local ? { local, at: performance.now() } : undefined;
}

/** DNS (node:dns and the resolver code, ~2 ms of start-up) loads with the first target that is a name. */
let dnsModule: Promise<typeof import('./dns.js')> | undefined;
const dnsProbe = () => (dnsModule ??= import('./dns.js'));

/** TLS (node:tls, node:crypto) loads with the first target that needs it. */
let tlsModule: Promise<typeof import('./tls.js')> | undefined;
const tlsProbe = () => (tlsModule ??= import('./tls.js'));

type ResponsePages = typeof import('../knowledge/response-pages.js');
let responsePagesModule: Promise<ResponsePages> | undefined;
let responsePagesLoaded: ResponsePages | undefined;
/** The response-page knowledge loads with the first HTTP answer (the signature set behind it with the first error answer). */
const responsePages = () =>
  (responsePagesModule ??= import('../knowledge/response-pages.js').then((m) => {
    responsePagesLoaded = m;
    return m;
  }));

async function httpReport(outcome: HttpOutcome, spec: HttpSpec, { readHealth, recogniseResponse, shownHeaders }: ResponsePages): Promise<HttpReport> {
  const headers: Record<string, string> = {};
  for (const name in outcome.headers) headers[name] = clean(outcome.headers[name], 300);
  const report: HttpReport = {
    protocol: outcome.protocol,
    method: spec.grpc ? 'POST' : spec.method,
    path: spec.path,
    ok: outcome.ok,
    ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    ...(outcome.statusText ? { statusText: clean(outcome.statusText, 100) } : {}),
    headers: shownHeaders(headers),
    bodySnippet: clean(outcome.body, DEFAULTS.snippet),
    bodyBytes: outcome.bodyBytes,
    bodyTruncated: outcome.bodyTruncated,
    ...(outcome.firstByteMs !== undefined ? { firstByteMs: round(outcome.firstByteMs) } : {}),
    ms: round(outcome.ms),
    ...(outcome.code ? { code: outcome.code } : {}),
    ...(outcome.error ? { error: clean(outcome.error, 300) } : {}),
    meaning: outcome.meaning,
    ...(outcome.firstBytes ? { firstBytes: outcome.firstBytes } : {}),
    ...(outcome.tlsRecord ? { tlsRecord: true } : {}),
    ...(outcome.grpc ? { grpc: outcome.grpc } : {}),
    recognised: { pages: [], signatures: [], hints: [] },
  };
  if (outcome.ok && outcome.status !== undefined) {
    const recognition = await recogniseResponse({ status: outcome.status, statusText: outcome.statusText, headers, body: outcome.body });
    report.recognised = {
      pages: recognition.pages.map((p) => ({
        id: p.page.id,
        product: p.page.product,
        title: p.page.title,
        meaning: p.page.meaning,
        signatures: [...p.page.signatures],
        causes: p.causes,
      })),
      signatures: recognition.signatures.slice(0, 5).map((s) => ({ id: s.id, title: s.title, meaning: s.meaning, causes: s.causes })),
      hints: recognition.hints,
    };
    if (!spec.grpc) {
      const health = readHealth(spec.path, outcome.status, headers['content-type'], outcome.body);
      if (health) report.health = { ...health, summary: clean(health.summary, 600) };
    }
  }
  return report;
}

/** Everything for one address: connect, TLS, HTTP, and the local side when something failed. */
async function probeAddress(
  ctx: Ctx,
  target: ProbeTarget,
  address: string,
  family: 4 | 6,
  dnsMs: number | undefined,
  /** Marks the start and end of network and inspection steps (the target's duration runs from the first to the last). */
  flight: TargetInFlight,
): Promise<AddressResult> {
  const { options, clock } = ctx;
  const zone = target.hostKind === 'ipv6' ? target.zone : undefined;
  const label = addressLabel(address, target.port, zone);
  const steps: ProbeStep[] = [];
  const deadlineSkip = (what: StepName): ProbeStep => ({
    step: 'deadline',
    ok: false,
    ms: 0,
    detail: `${what} not run: the --deadline was reached`,
    address: label,
  });

  const connectBudget = clock.budget(options.timeoutMs);
  if (connectBudget <= 0) {
    steps.push(deadlineSkip('tcp'));
    return {
      report: {
        address,
        family,
        port: target.port,
        connect: { ok: false, ms: 0, code: 'DEADLINE', meaning: 'not probed' },
        timing: { connectMs: 0, totalMs: 0 },
        ok: false,
        deadline: true,
      },
      steps,
    };
  }

  // A loopback connect that has not finished after 50 ms is suspicious (dropped SYN, full backlog):
  // start looking at this machine's side now, so the answer is ready when the connect times out.
  let earlyInspection: Promise<Inspection> | undefined;
  const connectStarted = performance.now();
  const connected = await connectTcp(address, target.port, {
    timeoutMs: connectBudget,
    ...(zone ? { zone } : {}),
    ...(options.localInspection
      ? {
          onSlow: () => {
            earlyInspection = inspectLocal(ctx, address, target.port, connectBudget - (performance.now() - connectStarted) - 5);
          },
          slowAfterMs: slowConnectMs(connectBudget),
        }
      : {}),
  });
  const { socket, startedAt, endedAt, ...connect } = connected;
  flight.began(startedAt);
  flight.touch(endedAt);
  connect.ms = round(connect.ms);
  const report: AddressReport = {
    address,
    family,
    port: target.port,
    ...(zone ? { zone } : {}),
    connect,
    timing: { ...(dnsMs !== undefined ? { dnsMs } : {}), connectMs: connect.ms, totalMs: 0 },
    ok: false,
  };
  steps.push({
    step: 'tcp',
    ok: connect.ok,
    ms: connect.ms,
    address: label,
    ...(connect.code ? { code: connect.code } : {}),
    detail: connect.ok
      ? `connected to ${label}`
      : `${connect.code === 'ETIMEDOUT' ? `no answer within ${Math.round(connectBudget)} ms` : connect.code} on ${label}: ${connect.meaning}`,
  });

  const applyLocal = (result: Inspection) => {
    flight.touch(result.at);
    if (result.local !== undefined) report.local = result.local;
    if (result.error) report.localError = result.error;
    if (result.local) steps.push({ step: 'local', ok: true, ms: 0, address: label, detail: describeLocal(result.local) });
    else if (result.error) steps.push({ step: 'local', ok: false, ms: 0, address: label, detail: `could not inspect this machine's side: ${result.error}` });
  };
  const addLocal = async () => {
    // An inspection started while the connect hung was given the connect's remaining time; the target
    // does not wait for it beyond the connect's deadline.
    let late: Deadline | undefined;
    const early = earlyInspection
      ? await Promise.race([
          earlyInspection,
          new Promise<Inspection>((resolve) => {
            late = deadlines.at(connectStarted + connectBudget + 1, (now) =>
              resolve({ error: 'the local inspection did not finish within the connect timeout', at: now }),
            );
          }),
        ])
      : undefined;
    deadlines.cancel(late);
    applyLocal(early ?? answeredNow(ctx, address, target.port) ?? (await inspectLocal(ctx, address, target.port, clock.budget(options.timeoutMs))));
  };
  // The same, when the run's snapshot answers at once and no inspection started while the connect hung.
  const addLocalNow = () => {
    const now = earlyInspection ? undefined : answeredNow(ctx, address, target.port);
    if (now) applyLocal(now);
    return now !== undefined;
  };

  // What is left when a step failed: the local inspection, which needs no socket (see TargetInFlight).
  const local = options.localInspection ? addLocal : undefined;
  const localNow = options.localInspection ? addLocalNow : undefined;

  if (!connect.ok || !socket) {
    report.timing.totalMs = round((dnsMs ?? 0) + connect.ms);
    return { report, steps, local, localNow };
  }

  let stream = socket;
  let alpn: string | null | undefined;
  if (target.tls) {
    const budget = clock.budget(options.timeoutMs);
    if (budget <= 0) {
      socket.destroy();
      steps.push(deadlineSkip('tls'));
      report.deadline = true;
      return { report, steps };
    }
    const { handshakeTls } = await tlsProbe();
    const tls = await handshakeTls(socket, {
      timeoutMs: budget,
      host: target.host,
      ...(options.sni ? { sni: options.sni } : {}),
      alpn: alpnFor(target, options),
      ...(options.ca ? { ca: options.ca } : {}),
      insecure: options.insecure,
    });
    flight.touch();
    const { socket: tlsSocket, ...tlsReport } = tls;
    tlsReport.ms = round(tlsReport.ms);
    if (tlsReport.error) tlsReport.error = clean(tlsReport.error, 300);
    report.tls = tlsReport;
    report.timing.tlsMs = tlsReport.ms;
    steps.push({
      step: 'tls',
      ok: tls.ok,
      ms: tlsReport.ms,
      address: label,
      ...(tls.code || tls.verifyError ? { code: tls.code ?? tls.verifyError } : {}),
      detail: describeTls(tlsReport),
    });
    if (!tls.handshake || !tlsSocket) {
      // Confirm instead of guessing from OpenSSL's wording: does this port answer plain HTTP?
      const cross = tls.alert ? 0 : clock.budget(options.timeoutMs);
      if (cross > 0) {
        const sniff = await sniffPlainHttp(address, target.port, authorityOf(target, options.headers), cross, zone);
        flight.touch();
        report.crossCheck = plainHttpCrossCheck(
          sniff,
          sniff.speaks === 'http'
            ? `this port answers plain HTTP ("${clean(sniff.firstLine ?? '', 80)}"): TLS was spoken to a plain-text port`
            : sniff.speaks === 'other'
              ? 'this port speaks another plain-text protocol'
              : `plain HTTP gets no answer either (${sniff.speaks})`,
        );
        steps.push({ step: 'cross-check', ok: false, ms: 0, address: label, detail: report.crossCheck.conclusion });
      }
      report.timing.totalMs = round((dnsMs ?? 0) + connect.ms + tlsReport.ms);
      return { report, steps, local, localNow };
    }
    stream = tlsSocket;
    alpn = tls.alpn;
    if (!tls.ok && !speaksHttp(target.scheme)) {
      tlsSocket.destroy();
      report.timing.totalMs = round((dnsMs ?? 0) + connect.ms + tlsReport.ms);
      return { report, steps };
    }
  }

  if (!speaksHttp(target.scheme)) {
    stream.destroy();
    report.ok = !report.tls || report.tls.ok;
    report.timing.totalMs = round((dnsMs ?? 0) + connect.ms + (report.tls?.ms ?? 0));
    return { report, steps };
  }

  const wantsH2 = target.scheme === 'h2' || target.scheme === 'grpcs';
  if (wantsH2 && alpn !== 'h2') {
    stream.destroy();
    steps.push({
      step: target.scheme === 'grpcs' ? 'grpc' : 'http',
      ok: false,
      ms: 0,
      address: label,
      code: 'ALPN',
      detail: `the server did not agree to h2 by ALPN (it chose ${alpn ?? 'nothing'}): ${target.scheme === 'grpcs' ? 'gRPC needs HTTP/2' : 'HTTP/2 is not offered on this port'}`,
    });
    report.http = {
      protocol: 'http/1.1',
      method: options.method,
      path: target.path,
      ok: false,
      headers: {},
      bodySnippet: '',
      bodyBytes: 0,
      bodyTruncated: false,
      ms: 0,
      code: 'ALPN',
      meaning: 'no HTTP/2 by ALPN',
      recognised: { pages: [], signatures: [], hints: [] },
    };
    report.timing.totalMs = round((dnsMs ?? 0) + connect.ms + (report.tls?.ms ?? 0));
    return { report, steps };
  }

  const budget = clock.budget(options.timeoutMs);
  if (budget <= 0) {
    stream.destroy();
    steps.push(deadlineSkip('http'));
    report.deadline = true;
    return { report, steps };
  }
  const grpc = target.scheme === 'grpc' || target.scheme === 'grpcs';
  const spec: HttpSpec = {
    method: options.method,
    path: grpc && target.path === '/' ? GRPC_HEALTH_PATH : target.path,
    authority: authorityOf(target, options.headers),
    headers: ctx.requestHeaders,
    bodyLimit: options.bodyLimit,
    timeoutMs: budget,
    grpc,
  };
  const useH2 = grpc || target.scheme === 'h2c' || alpn === 'h2';
  const outcome = useH2 ? await http2OverSocket(stream, spec, target.tls ? 'https' : 'http') : await http1OverSocket(stream, spec);
  flight.touch();
  const http = await httpReport(outcome, spec, responsePagesLoaded ?? (await responsePages()));
  report.http = http;
  report.timing.firstByteMs = http.firstByteMs;
  report.timing.totalMs = round((dnsMs ?? 0) + connect.ms + (report.tls?.ms ?? 0) + http.ms);
  steps.push({
    step: grpc ? 'grpc' : 'http',
    ok: http.ok && httpAcceptable(http),
    ms: http.ms,
    address: label,
    ...(http.code ? { code: http.code } : {}),
    detail: describeHttp(http),
  });
  if (http.health) steps.push({ step: 'health', ok: http.health.healthy, ms: 0, address: label, detail: `${http.health.kind}: ${http.health.summary}` });

  if (!http.ok) {
    // Plain HTTP failed: does the port speak TLS (or, for h2c, only HTTP/1)?
    const cross = clock.budget(options.timeoutMs);
    if (cross > 0 && !target.tls) {
      const speaksTls = http.tlsRecord || (await (await tlsProbe()).sniffTls(address, target.port, target.host, cross, zone));
      flight.touch();
      if (speaksTls) {
        report.crossCheck = { tried: 'tls', speaks: 'tls-ok', conclusion: 'a TLS handshake on this port succeeds: plain HTTP was spoken to a TLS port' };
      } else if (useH2) {
        const sniff = await sniffPlainHttp(address, target.port, spec.authority, clock.budget(options.timeoutMs), zone);
        flight.touch();
        report.crossCheck = plainHttpCrossCheck(
          sniff,
          sniff.speaks === 'http'
            ? `this port answers HTTP/1.x ("${clean(sniff.firstLine ?? '', 80)}") but not HTTP/2 with prior knowledge: the server does not speak h2c${grpc ? ', so gRPC cannot work here' : ''}`
            : `HTTP/1 gets no answer either (${sniff.speaks})`,
        );
      } else report.crossCheck = { tried: 'tls', speaks: 'no-tls', conclusion: 'no TLS on this port either' };
      steps.push({ step: 'cross-check', ok: false, ms: 0, address: label, detail: report.crossCheck.conclusion });
    }
    if (outcome.code === 'ETIMEDOUT' || outcome.code === 'ECONNRESET') {
      report.ok = false;
      return { report, steps, local, localNow };
    }
  }
  report.ok = (!report.tls || report.tls.ok) && http.ok && httpAcceptable(http);
  return { report, steps };
}

/** What a plain HTTP request on a fresh connection showed, and what that means here. */
function plainHttpCrossCheck(sniff: SniffResult, conclusion: string): CrossCheck {
  return { tried: 'plain-http', speaks: sniff.speaks, ...(sniff.firstLine ? { firstLine: clean(sniff.firstLine, 200) } : {}), conclusion };
}

function describeLocal(local: LocalSideReport): string {
  const where = local.namespace.current
    ? 'this network namespace'
    : `network namespace ${local.namespace.name ?? `net:[${local.namespace.inode}]`}${local.namespace.owner ? ` (pid ${local.namespace.owner.pid} ${clean(local.namespace.owner.name, 40)})` : ''}`;
  const firewall = local.firewall.length
    ? `; ${local.firewall.length} firewall rule(s) touch the port: ${local.firewall
        .slice(0, 2)
        .map((f) => `${f.verdict} (${clean(f.rule, 80)})`)
        .join(', ')}`
    : '';
  const notes = local.notes.length ? `; ${clean(local.notes.slice(0, 2).join('; '), 200)}` : '';
  const elsewhere = local.elsewhere?.length
    ? `; elsewhere on this machine: ${local.elsewhere
        .slice(0, 3)
        .map(
          (e) =>
            `${addressLabel(e.listener.address, e.listener.port)} in network namespace ${clean(e.namespace.name ?? `net:[${e.namespace.inode}]`, 60)}${e.namespace.initial ? ' (the host’s)' : ''}${e.listener.owner ? ` (${clean(e.listener.owner.name, 40)} pid ${e.listener.owner.pid})` : ''}, ${e.reachableAt ? `answers from here on ${addressLabel(e.reachableAt, e.listener.port)}` : 'not reachable from here'}`,
        )
        .join(', ')}`
    : '';
  if (local.listeners.length === 0)
    return `${addressLabel(local.address, local.port)} is in ${where}${local.namespace.initial === false && local.namespace.current ? ' (not the host’s)' : ''}; nothing listens on port ${local.port} there${elsewhere}${firewall}${notes}`;
  const listeners = local.listeners
    .slice(0, 4)
    .map((l) => `${addressLabel(l.address, l.port)} (${l.scope}${l.owner ? `, ${clean(l.owner.name, 40)} pid ${l.owner.pid}` : ''})`)
    .join(', ');
  return `${addressLabel(local.address, local.port)} is in ${where}; listening: ${listeners}${local.accepts ? '' : ` — none accepts ${local.address}`}${firewall}${notes}`;
}

function describeTls(tls: Omit<TlsOutcome, 'socket'>): string {
  if (!tls.handshake) return `handshake failed (${clean(tls.error ?? tls.code ?? '', 160)}): ${tls.meaning}`;
  const leaf = tls.chain[0];
  const parts = [
    `${tls.protocol ?? 'TLS'} ${tls.cipher ?? ''}`.trim(),
    `ALPN ${tls.alpn ?? 'none'}`,
    `SNI ${tls.sni ?? 'not sent'}`,
    leaf
      ? `certificate ${clean(leaf.subject, 80)} (issuer ${clean(leaf.issuer, 80)}, ${leaf.daysLeft >= 0 ? `expires in ${leaf.daysLeft} d` : `expired ${-leaf.daysLeft} d ago`})`
      : 'no certificate',
  ];
  return `${parts.join(', ')}: ${tls.meaning}`;
}

function describeHttp(http: HttpReport): string {
  if (!http.ok)
    return `${http.protocol} ${http.method} ${clean(http.path, 80)}: ${http.code ?? 'failed'} — ${http.meaning}${http.firstBytes ? ` (received: ${http.firstBytes})` : ''}`;
  const server = http.headers.server ? ` from ${http.headers.server}` : '';
  const grpc = http.grpc
    ? ` grpc-status ${http.grpc.status ?? 'none'}${http.grpc.serving ? `, health ${http.grpc.serving}` : ''}${http.grpc.message ? ` (${clean(http.grpc.message, 100)})` : ''}`
    : '';
  const page = http.recognised.pages[0];
  const known = page ? ` — ${page.title}: ${page.meaning}` : http.recognised.signatures[0] ? ` — ${http.recognised.signatures[0].title}` : '';
  return `${http.protocol} ${http.method} ${clean(http.path, 80)} → ${http.status}${http.statusText ? ` ${http.statusText}` : ''}${server}${grpc} (first byte ${http.firstByteMs ?? '?'} ms)${known}`;
}

function describeDns(dns: DnsReport, { DNS_OUTCOME_MEANING, SYSTEM_OUTCOME_MEANING }: typeof import('./dns.js')): ProbeStep[] {
  const steps: ProbeStep[] = [];
  const list = (a: readonly { address: string }[]) => a.map((x) => x.address).join(', ');
  if (dns.system) {
    const s = dns.system;
    steps.push({
      step: 'dns',
      ok: s.outcome === 'answer',
      ms: round(s.ms),
      ...(s.code ? { code: s.code } : {}),
      detail:
        s.outcome === 'answer'
          ? `getaddrinfo ${dns.name} → ${list(s.addresses)}${s.hostsFile ? ' (from the hosts file)' : ''}`
          : `getaddrinfo ${dns.name}: ${s.outcome}${s.code ? ` (${s.code})` : ''} — ${SYSTEM_OUTCOME_MEANING[s.outcome]}`,
    });
  }
  for (const d of dns.direct) {
    const tried = d.candidates.map((c) => `${c.name} ${c.outcome}`).join(', ');
    steps.push({
      step: 'dns-direct',
      ok: d.outcome === 'answer',
      ms: round(d.ms),
      address: d.server,
      ...(d.outcome !== 'answer' ? { code: d.outcome } : {}),
      detail:
        d.outcome === 'answer'
          ? `nameserver ${d.server}: ${d.answeredBy} → ${list(d.addresses)}${d.candidates.length > 1 ? ` (tried ${tried})` : ''}`
          : `nameserver ${d.server}: ${d.outcome}, ${DNS_OUTCOME_MEANING[d.outcome]} — tried ${tried || 'nothing'}${d.notTried.length ? `; not tried in time: ${d.notTried.join(', ')}` : ''}${d.error ? ` (${clean(d.error, 100)})` : ''}`,
    });
  }
  // The search/ndots expansion is what usually surprises (ndots:5 sends every short name through the search list first).
  const firstDirect = steps.find((s) => s.step === 'dns-direct');
  if (firstDirect && dns.expansion.candidates.length > 1) firstDirect.detail += `; expansion: ${dns.expansion.rule}`;
  if (dns.directSkipped && steps.length) steps[steps.length - 1].detail += `; nameservers not asked: ${dns.directSkipped}`;
  if (dns.disagreements.length && steps.length) steps[steps.length - 1].detail += `; ${dns.disagreements.join('; ')}`;
  return steps;
}

interface AddressResult {
  report: AddressReport;
  steps: ProbeStep[];
  /** The local inspection still to do for this address (after its sockets are closed). */
  local?: () => Promise<void>;
  /** The same, done at once when the run's snapshot can answer it; false when `local` is needed. */
  localNow?: () => boolean;
}

/**
 * A target whose network steps are done. What remains — the local inspections of failed addresses and the
 * verdict — needs no socket, so it no longer takes one of the `--concurrency` slots: a run over many refused
 * ports keeps connecting while the first inspections wait for the shared /proc and firewall reads.
 */
class TargetInFlight {
  lastEnd = 0;
  /** When the first network step began: the DNS query, or for an IP address its first SYN. */
  started = Number.POSITIVE_INFINITY;
  results: AddressResult[] = [];

  constructor(readonly report: TargetReport) {}

  /** Marks the end of a network or inspection step (the target's duration ends at the last one). */
  touch(at = performance.now()): void {
    if (at > this.lastEnd) this.lastEnd = at;
  }

  /** Marks the start of a network step (the target's duration starts at the first one). */
  began(at = performance.now()): void {
    if (at < this.started) this.started = at;
  }

  get waitsForLocal(): boolean {
    return this.results.some((r) => r.local !== undefined);
  }

  /** Does the local inspections the run's snapshot answers at once; true when none is left to wait for. */
  localDoneNow(): boolean {
    let waiting = false;
    for (const r of this.results) {
      if (r.local === undefined) continue;
      if (r.localNow?.()) r.local = undefined;
      else waiting = true;
    }
    return !waiting;
  }

  async complete(options: ProbeOptions): Promise<TargetReport> {
    await Promise.all(this.results.map((r) => r.local?.()));
    return this.assemble(options);
  }

  assemble(options: ProbeOptions): TargetReport | Promise<TargetReport> {
    const report = this.report;
    for (const r of this.results) {
      report.addresses.push(r.report);
      for (const step of r.steps) report.steps.push(step);
      if (r.report.deadline) report.deadline = true;
    }
    return finish(report, options, Number.isFinite(this.started) ? this.started : performance.now(), this.lastEnd);
  }
}

function emptyReport(target: ProbeTarget, line: number | undefined): TargetReport {
  return {
    target: target.display,
    input: clean(target.input, 300),
    scheme: target.scheme,
    host: target.host,
    port: target.port,
    ...(line !== undefined ? { line } : {}),
    ok: false,
    summary: '',
    causes: [],
    steps: [],
    addresses: [],
    ms: 0,
  };
}

/** The network steps of one target (DNS, then every address in parallel); IP literals reach connect() without a pause. */
async function probeTargetNetwork(ctx: Ctx, target: ProbeTarget, line: number | undefined): Promise<TargetInFlight> {
  const { options, clock } = ctx;
  const flight = new TargetInFlight(emptyReport(target, line));
  const report = flight.report;

  let addresses: { address: string; family: 4 | 6 }[];
  let dnsMs: number | undefined;
  if (target.hostKind === 'name') {
    const budget = clock.budget(options.timeoutMs);
    if (budget <= 0) {
      report.deadline = true;
      report.steps.push({ step: 'deadline', ok: false, ms: 0, detail: 'not probed: the --deadline was reached' });
      return flight;
    }
    const dnsCode = await dnsProbe();
    flight.began();
    const dns = await dnsCode.resolveName(target.host, { ...options.dns, timeoutMs: budget });
    flight.touch();
    report.dns = dns;
    dnsMs = dns.system ? round(dns.system.ms) : dns.direct[0] ? round(dns.direct[0].ms) : undefined;
    report.steps.push(...describeDns(dns, dnsCode));
    const seen = new Set<string>();
    addresses = dns.addresses.filter((a) => !seen.has(a.address) && seen.add(a.address)).map((a) => ({ address: a.address, family: a.family }));
  } else {
    addresses = [{ address: target.host, family: target.hostKind === 'ipv6' ? 6 : 4 }];
  }

  if (addresses.length > options.maxAddresses) {
    report.steps.push({ step: 'dns', ok: true, ms: 0, detail: `${addresses.length} addresses; only the first ${options.maxAddresses} are probed` });
    addresses = addresses.slice(0, options.maxAddresses);
  }
  flight.results =
    addresses.length === 1
      ? [await probeAddress(ctx, target, addresses[0].address, addresses[0].family, dnsMs, flight)]
      : await Promise.all(addresses.map((a) => probeAddress(ctx, target, a.address, a.family, dnsMs, flight)));
  return flight;
}

/** One target from start to verdict (the --via probe). */
async function probeTarget(ctx: Ctx, target: ProbeTarget, line: number | undefined): Promise<TargetReport> {
  return (await probeTargetNetwork(ctx, target, line)).complete(ctx.options);
}

/** `ms`: from the target's first network step to the end of its last network or inspection step (set-up and reporting excluded). */
function finish(report: TargetReport, options: ProbeOptions, started: number, lastEnd = 0): TargetReport | Promise<TargetReport> {
  report.ms = round((lastEnd > started ? lastEnd : performance.now()) - started);
  const verdict = options.diagnose(report);
  // Most verdicts are at hand: no promise and no extra turn for them.
  if (verdict instanceof Promise) return verdict.then((v) => Object.assign(report, v));
  return Object.assign(report, verdict);
}

/**
 * Every refused connect is an Error whose stack Node formats on the spot (streams read `err.stack` when
 * destroying); for a thousand refused ports that is a tenth of the run's CPU, for stacks nobody reads. So
 * stacks are off while any run is in progress, and the process's own limit is back once the last one ends.
 */
let runsInProgress = 0;
let savedStackTraceLimit = Error.stackTraceLimit;

/** Probes every target with at most `concurrency` in flight; never runs past the deadline by more than the cleanup. */
export async function runProbe(targets: readonly { target: ProbeTarget; line?: number }[], options: ProbeOptions): Promise<ProbeRun> {
  if (runsInProgress++ === 0) {
    savedStackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
  }
  try {
    return await runProbeNow(targets, options);
  } finally {
    if (--runsInProgress === 0) Error.stackTraceLimit = savedStackTraceLimit;
  }
}

async function runProbeNow(targets: readonly { target: ProbeTarget; line?: number }[], options: ProbeOptions): Promise<ProbeRun> {
  const clock = new Clock(options.deadlineMs);
  const requestHeaders = Object.fromEntries(Object.entries(options.headers).filter(([k]) => k !== 'host'));
  const ctx: Ctx = { options, clock, inspector: lazyInspector(options), requestHeaders };
  // The first HTTP answer needs the response-page knowledge. Loaded here, before the first connect, it takes a
  // few ms; loaded at that answer, with hundreds of sockets in flight, its files (each an open, stat, read and
  // close on the thread pool, each waiting for a turn of a busy event loop) took 200–500 ms at --concurrency
  // 1000, and every finished HTTP target waited for it.
  if (targets.some((t) => speaksHttp(t.target.scheme))) await responsePages();
  const reports: TargetReport[] = options.retain === false ? [] : new Array(targets.length);
  const counts = { ok: 0, failed: 0 };

  let via: TargetReport | undefined;
  const viaPromise = options.via ? probeTarget(ctx, options.via, undefined) : undefined;

  const deliver = async (report: TargetReport, index: number) => {
    if (viaPromise && options.compareVia) {
      via ??= await viaPromise;
      const comparison = options.compareVia(report, via);
      report.via = { target: via.target, ok: comparison.ok, conclusion: comparison.conclusion };
      report.steps.push({ step: 'via', ok: comparison.ok, ms: via.ms, detail: comparison.conclusion });
      if (!comparison.ok) {
        report.ok = false;
        report.causes = comparison.causes;
        report.summary = `${comparison.conclusion}${comparison.causes[0] ? ` → ${comparison.causes[0].id}` : ''}`;
      }
    }
    if (report.ok) counts.ok++;
    else counts.failed++;
    if (options.retain !== false) reports[index] = report;
    const backlog = options.onTarget?.(report, index);
    if (backlog) await backlog;
  };

  // Targets past their network steps, waiting for a local inspection; bounded so a slow inspection
  // cannot pile up reports without end. The first inspection of a run waits for the census, the socket
  // tables and an `nft` child (tens of ms, more on a busy machine): room for a thousand finished targets
  // (a few MB) keeps a run over many failing targets connecting meanwhile instead of idling. A worker that
  // finds the bound reached waits for a slot (one wake-up per finished target: racing every pending
  // promise would add a reaction to each of them, on every wait).
  const completing = new Set<Promise<void>>();
  const maxCompleting = Math.max(MAX_WAITING_FOR_LOCAL, 4 * options.concurrency);
  const slotWaiters: (() => void)[] = [];
  let completionFailed = false;
  let completionError: unknown;

  let next = 0;
  const claim = options.claim ?? (() => next++);
  const worker = async () => {
    for (;;) {
      const index = claim();
      if (index >= targets.length) break;
      const { target, line } = targets[index];
      if (clock.remaining() <= 0) {
        const report = emptyReport(target, line);
        report.deadline = true;
        report.steps.push({ step: 'deadline', ok: false, ms: 0, detail: `not probed: the --deadline of ${options.deadlineMs} ms was reached` });
        const finished = finish(report, options, performance.now());
        await deliver(finished instanceof Promise ? await finished : finished, index);
        continue;
      }
      const flight = await probeTargetNetwork(ctx, target, line);
      // Reporting can wait a few milliseconds; a connect timeout about to fire cannot.
      const quiet = deadlines.quiet();
      if (quiet) await quiet;
      if (!flight.waitsForLocal || flight.localDoneNow()) {
        const assembled = flight.assemble(options);
        await deliver(assembled instanceof Promise ? await assembled : assembled, index);
        continue;
      }
      const done: Promise<void> = flight
        .complete(options)
        .then((report) => deliver(report, index))
        .catch((error: unknown) => {
          if (!completionFailed) {
            completionFailed = true;
            completionError = error;
          }
        })
        .finally(() => {
          completing.delete(done);
          slotWaiters.shift()?.();
        });
      completing.add(done);
      while (completing.size >= maxCompleting) await new Promise<void>((resolve) => slotWaiters.push(resolve));
    }
  };
  // Workers start one per tick: Node sends a SYN from a nextTick queued in connect(), so each target's SYN
  // goes out right after its own set-up instead of after the set-up of every target in the first wave.
  const workers = Math.max(1, Math.min(options.concurrency, targets.length));
  const running: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const start = () => {
      running.push(worker());
      if (running.length < workers) process.nextTick(start);
      else resolve();
    };
    start();
  });
  await Promise.all(running);
  while (completing.size > 0) await Promise.all(completing);
  if (completionFailed) throw completionError;
  if (viaPromise) via ??= await viaPromise;
  return { targets: reports, counts, ...(via ? { via } : {}), ms: round(performance.now() - clock.started), deadlineReached: clock.remaining() <= 0 };
}
