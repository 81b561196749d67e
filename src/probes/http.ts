import type { IncomingHttpHeaders } from 'node:http';
import type { IncomingHttpHeaders as Http2Headers } from 'node:http2';
import type { Socket } from 'node:net';
import { type Deadline, deadlines } from './deadlines.js';
import { connectTcp } from './tcp.js';

/**
 * The HTTP step on an already-connected (and, for TLS, already-handshaken) socket: HTTP/1.1, h2 over
 * TLS (when ALPN chose it) or h2c with prior knowledge, and a gRPC health check. The body is read up to
 * a bound; the raw first bytes are kept when the answer is not HTTP, so a TLS record or a banner from
 * another protocol can be named.
 */

export interface HttpSpec {
  method: string;
  path: string;
  /** Host header / :authority. */
  authority: string;
  headers: Record<string, string>;
  /** Bytes of body kept for recognition; the rest is discarded. */
  bodyLimit: number;
  timeoutMs: number;
  /** Send a gRPC health check (POST application/grpc) instead of a plain request. */
  grpc?: boolean;
}

export interface GrpcAnswer {
  /** grpc-status as a name (OK, UNIMPLEMENTED, UNAVAILABLE, …), from trailers or a trailers-only response. */
  status?: string;
  message?: string;
  /** HealthCheckResponse.status when the health service answered. */
  serving?: 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';
}

export interface HttpOutcome {
  /** A complete response head arrived (whatever its status). */
  ok: boolean;
  protocol: 'http/1.1' | 'h2';
  /** From sending the request to the first response byte, and to the end of the (bounded) body. */
  firstByteMs?: number;
  ms: number;
  status?: number;
  statusText?: string;
  /** Every response header (lower-case names; values bounded). */
  headers: Record<string, string>;
  /** Body text, at most `bodyLimit` bytes, decoded leniently. */
  body: string;
  bodyBytes: number;
  bodyTruncated: boolean;
  code?: string;
  error?: string;
  meaning: string;
  /** Up to 64 raw bytes received when the answer could not be parsed as HTTP. */
  firstBytes?: string;
  /** The answer started with a TLS record (the port speaks TLS). */
  tlsRecord?: boolean;
  grpc?: GrpcAnswer;
}

const MAX_HEADER_VALUE = 1000;
const GRPC_STATUS = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];
const SERVING = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;
export const GRPC_HEALTH_PATH = '/grpc.health.v1.Health/Check';

export const HTTP_FAILURE_MEANINGS: Record<string, string> = {
  ETIMEDOUT:
    'connected, but no response arrived in time: the backend accepts connections but does not answer (overloaded, stuck, or waiting for another protocol)',
  ECONNRESET: 'the server reset the connection instead of answering: it crashed, refused the protocol, or a middlebox cut the connection',
  EMPTY: 'the server closed the connection without sending anything: it expects another protocol (TLS, h2) or dropped the request',
  HPE: 'the answer is not HTTP: another protocol listens on this port',
  TLS_RECORD: 'the server answered with a TLS record: this port speaks TLS, so plain HTTP cannot work here (use https:// or point the proxy at the plain port)',
  H2: 'the HTTP/2 session failed: the server does not speak HTTP/2 on this connection',
};

function boundHeaders(headers: IncomingHttpHeaders | Http2Headers): Record<string, string> {
  const out: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (++count > 100) break;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[name.toLowerCase()] = text.length > MAX_HEADER_VALUE ? `${text.slice(0, MAX_HEADER_VALUE)}…` : text;
  }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

function printable(bytes: Buffer): string {
  return [...bytes.subarray(0, 64)].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

/** A TLS record starts with content type 0x14–0x17 and version 0x03 0x0N. */
export function isTlsRecord(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] >= 0x14 && bytes[0] <= 0x17 && bytes[1] === 0x03 && bytes[2] <= 0x04;
}

class BodyCollector {
  chunks: Buffer[] = [];
  kept = 0;
  total = 0;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): boolean {
    this.total += chunk.length;
    if (this.kept < this.limit) {
      const slice = chunk.subarray(0, this.limit - this.kept);
      this.chunks.push(slice);
      this.kept += slice.length;
    }
    return this.kept >= this.limit;
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** A request that could not even be built (an invalid header value, an unusable authority) is a failed step, not a crash. */
async function guarded(socket: Socket, protocol: HttpOutcome['protocol'], run: () => Promise<HttpOutcome>): Promise<HttpOutcome> {
  try {
    return await run();
  } catch (error) {
    return unbuildable(socket, protocol, error);
  }
}

function unbuildable(socket: Socket, protocol: HttpOutcome['protocol'], error: unknown): HttpOutcome {
  socket.destroy();
  const code = (error as NodeJS.ErrnoException).code ?? 'ERR_REQUEST';
  return {
    ok: false,
    protocol,
    ms: 0,
    headers: {},
    body: '',
    bodyBytes: 0,
    bodyTruncated: false,
    code,
    error: (error as Error).message,
    meaning: 'the request could not be built from the given options',
  };
}

/**
 * HTTP/1.1 over `socket` (plain or TLS). The socket is consumed and destroyed. Only building the request can
 * throw (the exchange itself resolves with every outcome), so no async wrapper is needed around it.
 */
export function http1OverSocket(socket: Socket, spec: HttpSpec): Promise<HttpOutcome> {
  let failure: { error: unknown } | undefined;
  const outcome = new Promise<HttpOutcome>((resolve) => {
    try {
      const request = http1Request(spec);
      new Http1Exchange(socket, spec, resolve).send(request);
    } catch (error) {
      failure = { error };
    }
  });
  return failure ? Promise.resolve(unbuildable(socket, 'http/1.1', failure.error)) : outcome;
}

/** h2 over a TLS socket that negotiated ALPN h2, or over plain TCP with prior knowledge (h2c). */
export function http2OverSocket(socket: Socket, spec: HttpSpec, scheme: 'http' | 'https'): Promise<HttpOutcome> {
  return guarded(socket, 'h2', () => http2(socket, spec, scheme));
}

/**
 * HTTP/1.1 spoken directly on the socket: the request is one write, the response is parsed here. Node's
 * `http.request` costs about as much CPU as everything else in a probe together (an OutgoingMessage, an
 * IncomingMessage, their streams); a probe sends one request and reads one bounded answer, which needs none
 * of that. Framing follows RFC 9112: 1xx answers are skipped, HEAD/204/304 have no body, chunked and
 * Content-Length bodies are decoded, otherwise the body runs to the end of the connection.
 */
/** Methods Node's client sends without a body framing header; the others get `Content-Length: 0`, as Node does. */
const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What Node's client refuses in a path (ERR_UNESCAPED_CHARACTERS) and in a header value (ERR_INVALID_CHAR). */
const UNESCAPED_PATH = /[^\u0021-\u00ff]/;
const INVALID_HEADER_VALUE = /[^\t\u0020-\u007e\u0080-\u00ff]/;

function requestError(code: string, message: string): Error {
  return Object.assign(new TypeError(message), { code });
}

/** The request head, validated like Node's client validates it; throws (caught by `guarded`) when it cannot be sent. */
export function http1Request(spec: HttpSpec): string {
  if (!TOKEN.test(spec.method)) throw requestError('ERR_INVALID_HTTP_TOKEN', `Method must be a valid HTTP token ["${spec.method}"]`);
  if (UNESCAPED_PATH.test(spec.path)) throw requestError('ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
  let head = `${spec.method} ${spec.path} HTTP/1.1\r\n${headerLine('host', spec.headers.host ?? spec.authority)}${headerBlock(spec.headers)}`;
  if (!NO_BODY_METHODS.has(spec.method)) head += 'Content-Length: 0\r\n';
  return `${head}\r\n`;
}

function headerLine(name: string, value: string): string {
  if (!TOKEN.test(name)) throw requestError('ERR_INVALID_HTTP_TOKEN', `Header name must be a valid HTTP token ["${name}"]`);
  if (INVALID_HEADER_VALUE.test(value)) throw requestError('ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
  return `${name}: ${value}\r\n`;
}

/** The headers after Host, in the order Node would send them: its defaults (overridable in place), then the extra ones. Built once per header set. */
const headerBlocks = new WeakMap<Record<string, string>, string>();
function headerBlock(extra: Record<string, string>): string {
  let block = headerBlocks.get(extra);
  if (block === undefined) {
    const headers: Record<string, string> = { 'user-agent': 'updoc-probe', accept: '*/*', connection: 'close', ...extra };
    block = '';
    for (const name in headers) if (name !== 'host') block += headerLine(name, headers[name]);
    headerBlocks.set(extra, block);
  }
  return block;
}

/** Node's default --max-http-header-size: a longer head is refused as HPE_HEADER_OVERFLOW. */
const MAX_HEAD_BYTES = 16 * 1024;
const MAX_CHUNK_LINE = 4096;
const HTTP_PREFIX = Buffer.from('HTTP/', 'latin1');
/** Headers where Node keeps the first value and drops repeats; other repeats are joined with ", ". */
const SINGLE_VALUE_HEADERS = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

class ParseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`Parse Error: ${message}`);
  }
}

interface ResponseHead {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** How the body is delimited. */
  framing: 'none' | 'length' | 'chunked' | 'close';
  length: number;
}

/** Where the end of a response head is (the index after its blank line), or -1. LF-only line ends are accepted as Node does. */
function endOfHead(buffer: Buffer): number {
  let i = buffer.indexOf(10);
  while (i >= 0) {
    if (buffer[i + 1] === 10) return i + 2;
    if (buffer[i + 1] === 13 && buffer[i + 2] === 10) return i + 3;
    i = buffer.indexOf(10, i + 1);
  }
  return -1;
}

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

/** Parses one response head (the bytes before and including the blank line). */
export function parseResponseHead(text: string, method: string): ResponseHead {
  const lines = text.split(/\r?\n/);
  const status = STATUS_LINE.exec(lines[0]);
  if (!status) throw new ParseError(/^HTTP\/\d\.\d /.test(lines[0]) ? 'HPE_INVALID_STATUS' : 'HPE_INVALID_CONSTANT', 'Invalid status line');
  const headers: Record<string, string> = {};
  let count = 0;
  let last = '';
  let contentLength: string | undefined;
  let transferEncoding = '';
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      // obs-fold: a continuation of the previous value.
      headers[last] = `${headers[last]} ${line.trim()}`;
      continue;
    }
    const m = HEADER_LINE.exec(line);
    if (!m) throw new ParseError('HPE_INVALID_HEADER_TOKEN', 'Invalid header token');
    const name = m[1].toLowerCase();
    const value = m[2];
    if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value) || (contentLength !== undefined && contentLength !== value))
        throw new ParseError('HPE_UNEXPECTED_CONTENT_LENGTH', 'Invalid Content-Length');
      contentLength = value;
    } else if (name === 'transfer-encoding') transferEncoding = transferEncoding ? `${transferEncoding}, ${value}` : value;
    last = name;
    const previous = headers[name];
    if (previous === undefined) {
      if (++count > 100) continue;
      headers[name] = value;
    } else if (!SINGLE_VALUE_HEADERS.has(name)) headers[name] = `${previous}, ${value}`;
  }
  const code = Number(status[1]);
  const head: ResponseHead = { status: code, statusText: status[2] ?? '', headers, framing: 'close', length: 0 };
  if (method === 'HEAD' || code === 204 || code === 304 || (code >= 100 && code < 200)) head.framing = 'none';
  else if (/(?:^|,)\s*chunked\s*$/i.test(transferEncoding)) head.framing = 'chunked';
  else if (contentLength !== undefined) {
    head.framing = 'length';
    head.length = Number(contentLength);
  }
  return head;
}

/** One request/response on a socket; resolves once with the outcome and destroys the socket. */
class Http1Exchange {
  private readonly started = performance.now();
  private settled = false;
  private firstByteMs: number | undefined;
  /** Up to 64 raw bytes, for naming what answered when it is not HTTP. */
  private raw: Buffer | undefined;
  /** Bytes of an incomplete head. */
  private pending: Buffer | undefined;
  private head: ResponseHead | undefined;
  private readonly body: BodyCollector;
  /** Body bytes still expected (length framing) or left in the current chunk (chunked). */
  private remaining = 0;
  /** Chunked decoding state: reading a size line, data, the CRLF after data, or trailers. */
  private chunkState: 'size' | 'data' | 'data-end' | 'trailers' = 'size';
  private line = '';
  private readonly timeout: Deadline;
  private readonly onData = (chunk: Buffer) => this.data(chunk);
  private readonly onEnd = () => this.end();
  private readonly onError = (error: NodeJS.ErrnoException) => this.error(error);

  constructor(
    private readonly socket: Socket,
    private readonly spec: HttpSpec,
    private readonly resolve: (outcome: HttpOutcome) => void,
  ) {
    this.body = new BodyCollector(spec.bodyLimit);
    this.timeout = deadlines.after(spec.timeoutMs, () => this.fail('ETIMEDOUT', `no response within ${spec.timeoutMs} ms`));
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  send(request: string): void {
    this.socket.write(request, 'latin1');
  }

  private data(chunk: Buffer): void {
    if (this.settled) return;
    if (this.firstByteMs === undefined) {
      this.firstByteMs = performance.now() - this.started;
      this.raw = chunk.subarray(0, 64);
    } else if (this.raw && this.raw.length < 64) this.raw = Buffer.concat([this.raw, chunk.subarray(0, 64 - this.raw.length)]);
    try {
      if (this.head) this.bodyBytes(chunk);
      else this.headBytes(chunk);
    } catch (error) {
      if (error instanceof ParseError) this.fail(error.code, error.message);
      else throw error;
    }
  }

  private headBytes(chunk: Buffer): void {
    const buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    // Whatever does not start like an HTTP answer fails at once, as Node's parser does (a banner, a TLS record).
    const prefix = Math.min(buffer.length, HTTP_PREFIX.length);
    if (buffer.compare(HTTP_PREFIX, 0, prefix, 0, prefix) !== 0) throw new ParseError('HPE_INVALID_CONSTANT', 'Expected HTTP/');
    const end = endOfHead(buffer);
    if (end < 0) {
      if (buffer.length > MAX_HEAD_BYTES) throw new ParseError('HPE_HEADER_OVERFLOW', 'Header overflow');
      this.pending = buffer;
      return;
    }
    if (end > MAX_HEAD_BYTES) throw new ParseError('HPE_HEADER_OVERFLOW', 'Header overflow');
    this.pending = undefined;
    const head = parseResponseHead(buffer.toString('latin1', 0, end), this.spec.method);
    const rest = buffer.subarray(end);
    // An interim answer (100 Continue, 103 Early Hints): the real one follows.
    if (head.status < 200 && head.status !== 101) {
      if (rest.length > 0) this.headBytes(rest);
      return;
    }
    this.head = head;
    this.remaining = head.length;
    if (head.framing === 'none' || (head.framing === 'length' && head.length === 0)) {
      this.complete();
      return;
    }
    if (rest.length > 0) this.bodyBytes(rest);
  }

  private bodyBytes(chunk: Buffer): void {
    const head = this.head as ResponseHead;
    if (head.framing === 'close') {
      if (this.body.add(chunk)) this.complete();
      return;
    }
    if (head.framing === 'length') {
      const take = chunk.length <= this.remaining ? chunk : chunk.subarray(0, this.remaining);
      this.remaining -= take.length;
      if (this.body.add(take) || this.remaining === 0) this.complete();
      return;
    }
    this.chunked(chunk);
  }

  private chunked(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.settled) {
      if (this.chunkState === 'data') {
        const take = Math.min(this.remaining, chunk.length - i);
        const full = this.body.add(chunk.subarray(i, i + take));
        this.remaining -= take;
        i += take;
        if (full) {
          this.complete();
          return;
        }
        if (this.remaining === 0) this.chunkState = 'data-end';
        continue;
      }
      const newline = chunk.indexOf(10, i);
      const piece = chunk.toString('latin1', i, newline < 0 ? chunk.length : newline + 1);
      i = newline < 0 ? chunk.length : newline + 1;
      this.line += piece;
      if (this.line.length > MAX_CHUNK_LINE) throw new ParseError('HPE_INVALID_CHUNK_SIZE', 'Chunk size line too long');
      if (newline < 0) return;
      const line = this.line.replace(/\r?\n$/, '');
      this.line = '';
      if (this.chunkState === 'data-end') {
        if (line !== '') throw new ParseError('HPE_STRICT', 'Expected CRLF after chunk');
        this.chunkState = 'size';
      } else if (this.chunkState === 'size') {
        const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line);
        if (!size) throw new ParseError('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size');
        this.remaining = Number.parseInt(size[1], 16);
        this.chunkState = this.remaining === 0 ? 'trailers' : 'data';
      } else if (line === '') {
        this.complete();
        return;
      }
    }
  }

  private end(): void {
    if (this.settled) return;
    // The body ran to the end of the connection (or was cut short: what arrived is kept, as Node does).
    if (this.head) {
      this.complete();
      return;
    }
    if (this.pending) this.fail('HPE_INVALID_EOF_STATE', 'Parse Error: Invalid EOF state');
    else this.fail('ECONNRESET', 'socket hang up');
  }

  private error(error: NodeJS.ErrnoException): void {
    if (this.settled) return;
    if (this.head) {
      this.complete();
      return;
    }
    this.fail(error.code ?? 'ERROR', error.message);
  }

  private done(outcome: HttpOutcome): void {
    this.settled = true;
    deadlines.cancel(this.timeout);
    const socket = this.socket;
    socket.removeListener('data', this.onData);
    socket.removeListener('end', this.onEnd);
    socket.removeListener('close', this.onEnd);
    socket.removeListener('error', this.onError);
    socket.destroy();
    this.resolve(outcome);
  }

  private complete(): void {
    const head = this.head as ResponseHead;
    const buffer = this.body.buffer;
    this.done({
      protocol: 'http/1.1',
      ok: true,
      firstByteMs: this.firstByteMs as number,
      ms: performance.now() - this.started,
      status: head.status,
      statusText: head.statusText,
      headers: boundValues(head.headers),
      body: buffer.length ? decoder.decode(buffer) : '',
      bodyBytes: this.body.total,
      bodyTruncated: this.body.total > buffer.length,
      meaning: `the server answered ${head.status}`,
    });
  }

  private fail(code: string, error: string): void {
    if (this.settled) return;
    const bytes = this.raw ?? Buffer.alloc(0);
    const tlsRecord = isTlsRecord(bytes);
    const key = tlsRecord
      ? 'TLS_RECORD'
      : code.startsWith('HPE_')
        ? 'HPE'
        : bytes.length === 0 && code === 'ECONNRESET' && /hang up/.test(error)
          ? 'EMPTY'
          : code;
    this.done({
      protocol: 'http/1.1',
      headers: {},
      body: '',
      bodyBytes: 0,
      bodyTruncated: false,
      ok: false,
      ms: performance.now() - this.started,
      ...(this.firstByteMs !== undefined ? { firstByteMs: this.firstByteMs } : {}),
      code,
      error,
      meaning: HTTP_FAILURE_MEANINGS[key] ?? `the request failed (${code})`,
      ...(bytes.length ? { firstBytes: printable(bytes) } : {}),
      ...(tlsRecord ? { tlsRecord } : {}),
    });
  }
}

/** Header values cut to MAX_HEADER_VALUE (the names are already lower-case and at most 100). */
function boundValues(headers: Record<string, string>): Record<string, string> {
  for (const name in headers) {
    const value = headers[name];
    if (value.length > MAX_HEADER_VALUE) headers[name] = `${value.slice(0, MAX_HEADER_VALUE)}…`;
  }
  return headers;
}

/** node:http2 loads with the first h2 target: most runs speak HTTP/1.1 only and never pay its start-up. */
let http2Module: Promise<typeof import('node:http2')> | undefined;
const loadHttp2 = () => (http2Module ??= import('node:http2'));

async function http2(socket: Socket, spec: HttpSpec, scheme: 'http' | 'https'): Promise<HttpOutcome> {
  const { connect: h2Connect } = await loadHttp2();
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const base = { protocol: 'h2' as const, headers: {}, body: '', bodyBytes: 0, bodyTruncated: false };
    const session = h2Connect(`${scheme}://${spec.authority}`, { createConnection: () => socket, maxSessionMemory: 4 });
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      socket.destroy();
      resolve(outcome);
    };
    const failure = (code: string, error: string) =>
      finish({
        ...base,
        ok: false,
        ms: performance.now() - started,
        code,
        error,
        meaning: code === 'ETIMEDOUT' ? (HTTP_FAILURE_MEANINGS.ETIMEDOUT as string) : HTTP_FAILURE_MEANINGS.H2,
      });
    const timer = setTimeout(() => failure('ETIMEDOUT', `no response within ${spec.timeoutMs} ms`), spec.timeoutMs);
    session.on('error', (error: NodeJS.ErrnoException) => failure(error.code ?? 'ERR_HTTP2_ERROR', error.message));
    session.on('goaway', (errorCode: number) => {
      if (errorCode !== 0) failure('ERR_HTTP2_GOAWAY', `the server sent GOAWAY with error code ${errorCode}`);
    });
    session.on('close', () => failure('ERR_HTTP2_SESSION_CLOSED', 'the HTTP/2 session closed before a response'));
    const requestHeaders: Record<string, string> = spec.grpc
      ? { ':method': 'POST', ':path': spec.path, 'content-type': 'application/grpc', te: 'trailers', 'user-agent': 'updoc-probe', ...spec.headers }
      : { ':method': spec.method, ':path': spec.path, 'user-agent': 'updoc-probe', accept: '*/*', ...spec.headers };
    const stream = session.request(requestHeaders, { endStream: !spec.grpc });
    if (spec.grpc) stream.end(Buffer.from([0, 0, 0, 0, 0])); // an empty HealthCheckRequest (service "")
    stream.on('error', (error: NodeJS.ErrnoException) => failure(error.code ?? 'ERR_HTTP2_STREAM_ERROR', error.message));
    stream.on('response', (headers) => {
      const firstByteMs = performance.now() - started;
      const status = Number(headers[':status']);
      const body = new BodyCollector(spec.bodyLimit);
      let trailers: Http2Headers = {};
      stream.on('trailers', (t) => {
        trailers = t;
      });
      const done = () => {
        const buffer = body.buffer;
        const all = boundHeaders(headers);
        finish({
          ...base,
          ok: true,
          firstByteMs,
          ms: performance.now() - started,
          status,
          headers: all,
          body: spec.grpc ? '' : decoder.decode(buffer),
          bodyBytes: body.total,
          bodyTruncated: body.total > buffer.length,
          meaning: `the server answered ${status}`,
          ...(spec.grpc ? { grpc: grpcAnswer({ ...headers, ...trailers }, buffer) } : {}),
        });
      };
      stream.on('data', (chunk: Buffer) => {
        if (body.add(chunk)) done();
      });
      stream.on('end', done);
    });
  });
}

function grpcAnswer(headers: Http2Headers, body: Buffer): GrpcAnswer {
  const answer: GrpcAnswer = {};
  const code = headers['grpc-status'];
  if (code !== undefined) answer.status = GRPC_STATUS[Number(code)] ?? String(code);
  const message = headers['grpc-message'];
  if (typeof message === 'string' && message) answer.message = decodeURIComponent(message).slice(0, 300);
  // One length-prefixed message: flag(1) length(4) then HealthCheckResponse { status = 1 (varint) }.
  if (body.length >= 5 && body[0] === 0) {
    const length = body.readUInt32BE(1);
    const message = body.subarray(5, 5 + length);
    answer.serving = message.length >= 2 && message[0] === 0x08 ? (SERVING[message[1]] ?? 'UNKNOWN') : 'UNKNOWN';
  }
  return answer;
}

export interface SniffResult {
  /** What the port answered a minimal plain HTTP request with. */
  speaks: 'http' | 'tls' | 'other' | 'closed' | 'silent' | 'unreachable';
  firstLine?: string;
}

/**
 * A second, independent look at a port when TLS failed: send `GET / HTTP/1.0` in the clear and see
 * whether HTTP answers. Confirms "TLS spoken to a plain HTTP port" instead of guessing from OpenSSL text.
 */
export async function sniffPlainHttp(address: string, port: number, authority: string, timeoutMs: number, zone?: string): Promise<SniffResult> {
  const connected = await connectTcp(address, port, { timeoutMs, ...(zone ? { zone } : {}) });
  if (!connected.ok || !connected.socket) return { speaks: 'unreachable' };
  const socket = connected.socket;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const bytes = Buffer.concat(chunks);
      if (bytes.length === 0) return resolve({ speaks: size === 0 && socket.readableEnded ? 'closed' : 'silent' });
      const firstLine = bytes.toString('latin1').split(/\r?\n/)[0].slice(0, 200);
      if (/^HTTP\/\d/.test(firstLine)) return resolve({ speaks: 'http', firstLine });
      if (isTlsRecord(bytes)) return resolve({ speaks: 'tls' });
      resolve({ speaks: 'other', firstLine: printable(bytes) });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= 512) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.write(`GET / HTTP/1.0\r\nHost: ${authority}\r\nUser-Agent: updoc-probe\r\n\r\n`);
  });
}
