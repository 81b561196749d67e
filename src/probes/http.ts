import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect as h2Connect, type IncomingHttpHeaders as Http2Headers } from 'node:http2';
import type { Socket } from 'node:net';
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
}

/** HTTP/1.1 over `socket` (plain or TLS). The socket is consumed and destroyed. */
export function http1OverSocket(socket: Socket, spec: HttpSpec): Promise<HttpOutcome> {
  return guarded(socket, 'http/1.1', () => http1(socket, spec));
}

/** h2 over a TLS socket that negotiated ALPN h2, or over plain TCP with prior knowledge (h2c). */
export function http2OverSocket(socket: Socket, spec: HttpSpec, scheme: 'http' | 'https'): Promise<HttpOutcome> {
  return guarded(socket, 'h2', () => http2(socket, spec, scheme));
}

function http1(socket: Socket, spec: HttpSpec): Promise<HttpOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let firstByteMs: number | undefined;
    const raw: Buffer[] = [];
    let rawBytes = 0;
    const onRaw = (chunk: Buffer) => {
      if (rawBytes < 64) {
        raw.push(chunk);
        rawBytes += chunk.length;
      }
      if (firstByteMs === undefined) firstByteMs = performance.now() - started;
    };
    socket.on('data', onRaw);
    const base = { protocol: 'http/1.1' as const, headers: {}, body: '', bodyBytes: 0, bodyTruncated: false };
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener('data', onRaw);
      socket.destroy();
      resolve(outcome);
    };
    const failure = (code: string, error: string) => {
      const bytes = Buffer.concat(raw).subarray(0, 64);
      const tlsRecord = isTlsRecord(bytes);
      const key = tlsRecord
        ? 'TLS_RECORD'
        : code.startsWith('HPE_')
          ? 'HPE'
          : bytes.length === 0 && code === 'ECONNRESET' && /hang up/.test(error)
            ? 'EMPTY'
            : code;
      finish({
        ...base,
        ok: false,
        ms: performance.now() - started,
        ...(firstByteMs !== undefined ? { firstByteMs } : {}),
        code,
        error,
        meaning: HTTP_FAILURE_MEANINGS[key] ?? `the request failed (${code})`,
        ...(bytes.length ? { firstBytes: printable(bytes) } : {}),
        ...(tlsRecord ? { tlsRecord } : {}),
      });
    };
    const timer = setTimeout(() => failure('ETIMEDOUT', `no response within ${spec.timeoutMs} ms`), spec.timeoutMs);
    const req = httpRequest(
      {
        method: spec.method,
        path: spec.path,
        headers: { host: spec.authority, 'user-agent': 'updoc-probe', accept: '*/*', connection: 'close', ...spec.headers },
        createConnection: () => socket,
      },
      (res) => {
        const headMs = performance.now() - started;
        const body = new BodyCollector(spec.bodyLimit);
        const done = () => {
          const buffer = body.buffer;
          finish({
            ...base,
            ok: true,
            firstByteMs: firstByteMs ?? headMs,
            ms: performance.now() - started,
            status: res.statusCode,
            statusText: res.statusMessage,
            headers: boundHeaders(res.headers),
            body: decoder.decode(buffer),
            bodyBytes: body.total,
            bodyTruncated: body.total > buffer.length,
            meaning: `the server answered ${res.statusCode}`,
          });
        };
        res.on('data', (chunk: Buffer) => {
          if (body.add(chunk)) done();
        });
        res.on('end', done);
        res.on('error', done);
        res.on('aborted', done);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => failure(error.code ?? 'ERROR', error.message));
    req.end();
  });
}

function http2(socket: Socket, spec: HttpSpec, scheme: 'http' | 'https'): Promise<HttpOutcome> {
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
