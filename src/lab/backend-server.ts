/**
 * The lab's backend: a small real Node HTTP(S) server run as its own process inside a host's namespace
 * (`updoc lab serve-backend SPEC.json`). The scenario sets its bind address, port, keep-alive, latency, crash
 * behaviour, TLS and status codes; its file-descriptor limit comes from `prlimit` around it. It logs like a
 * typical Node service (a start-up line, one line per request, uncaught errors with their stack) to stdout and
 * stderr, which the lab collects.
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { BackendBehaviour } from './model.js';

/** What `up` writes for each backend process. */
export interface BackendRuntimeSpec {
  service: string;
  behaviour: BackendBehaviour;
  /** PEM files for TLS backends. */
  tlsCert?: string;
  tlsKey?: string;
  /** Read on every request when `readFilePerRequest` is set. */
  templateFile?: string;
}

const MAX_SPEC_BYTES = 64 * 1024;
/** Body sizes: the crash path announces this much and sends a part. */
const CRASH_BODY_BYTES = 64 * 1024;

export function readBackendSpec(path: string): BackendRuntimeSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (text.length > MAX_SPEC_BYTES) throw new Error(`${path}: backend spec larger than ${MAX_SPEC_BYTES} bytes`);
  let spec: BackendRuntimeSpec;
  try {
    spec = JSON.parse(text) as BackendRuntimeSpec;
  } catch {
    throw new Error(`${path}: not JSON`);
  }
  if (typeof spec.service !== 'string' || typeof spec.behaviour?.port !== 'number' || typeof spec.behaviour.bind !== 'string')
    throw new Error(`${path}: not a backend spec`);
  return spec;
}

/** Starts the backend (or, with `restartWorker`, the cluster primary that keeps one worker alive); keeps serving after it resolves. */
export async function serveBackend(spec: BackendRuntimeSpec): Promise<void> {
  if (spec.behaviour.restartWorker && cluster.isPrimary) {
    runPrimary(spec);
    return;
  }
  await runServer(spec);
}

/** pm2 / Docker restart policy in miniature: the listening socket stays with the primary, a dead worker is replaced. */
function runPrimary(spec: BackendRuntimeSpec): void {
  console.log(`${spec.service} primary ${process.pid} starting 1 worker`);
  cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    console.error(`${new Date().toISOString()} worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}), starting a new one`);
    cluster.fork();
  });
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function runServer(spec: BackendRuntimeSpec): Promise<void> {
  const b = spec.behaviour;
  if (b.startDelayMs) {
    console.log(`${spec.service} booting (warming caches, running migrations)…`);
    await new Promise((resolve) => setTimeout(resolve, b.startDelayMs));
  }
  const handler = (req: IncomingMessage, res: ServerResponse) => handle(spec, req, res);
  const server: Server =
    b.tls && spec.tlsCert && spec.tlsKey
      ? createHttpsServer({ cert: readFileSync(spec.tlsCert), key: readFileSync(spec.tlsKey) }, handler)
      : createHttpServer(handler);
  if (b.closeIdleOnReuseMs !== undefined) {
    // The race decides when the connection ends (see BackendBehaviour.closeIdleOnReuseMs), not Node's idle timer.
    server.keepAliveTimeout = 0;
  } else if (b.keepAliveTimeoutMs !== undefined) {
    server.keepAliveTimeout = b.keepAliveTimeoutMs;
  }
  // Like many services, log server errors (accept EMFILE under load) instead of crashing on them.
  server.on('error', (error) => console.error(error));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: b.bind, port: b.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const scheme = b.tls ? 'https' : 'http';
  const host = b.bind.includes(':') ? `[${b.bind}]` : b.bind;
  console.log(`${spec.service} listening on ${scheme}://${host}:${b.port}`);
}

/** When each socket last finished a response (the start of its idle time). */
const idleSince = new WeakMap<Socket, number>();

function handle(spec: BackendRuntimeSpec, req: IncomingMessage, res: ServerResponse): void {
  const b = spec.behaviour;
  const started = Date.now();
  const socket = req.socket;
  const idle = idleSince.get(socket);
  if (b.closeIdleOnReuseMs !== undefined && idle !== undefined && started - idle >= b.closeIdleOnReuseMs) {
    // The idle timer fired as this request arrived: the connection is closed, the request never answered.
    socket.destroy();
    return;
  }
  idleSince.delete(socket);
  // What Node itself would announce with server.keepAliveTimeout set to this (curl -v shows the backend's idle timeout).
  if (b.closeIdleOnReuseMs !== undefined) res.setHeader('Keep-Alive', `timeout=${Math.floor(b.closeIdleOnReuseMs / 1000)}`);
  res.on('finish', () => {
    idleSince.set(socket, Date.now());
    console.log(`${new Date().toISOString()} ${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
  });
  // Drain the body before answering, as a JSON API would.
  req.resume();
  req.on('end', () => {
    const path = req.url ?? '/';
    const delay = b.latencyMs && (b.slowPath === undefined || path.startsWith(b.slowPath)) ? b.latencyMs : 0;
    setTimeout(() => answer(spec, path, res), delay);
  });
}

function answer(spec: BackendRuntimeSpec, path: string, res: ServerResponse): void {
  const b = spec.behaviour;
  if (res.destroyed) return;
  if (path === (b.healthPath ?? '/healthz')) {
    const status = b.healthStatus ?? 200;
    send(res, status, status === 200 ? { status: 'ok' } : { status: 'unhealthy', error: 'database unreachable' });
    return;
  }
  if (b.crashPath && path.startsWith(b.crashPath)) {
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(CRASH_BODY_BYTES) });
    res.write('id,total\n1,10\n2,20\n');
    // A real bug, thrown outside any handler: Node prints the stack and the worker exits mid-response.
    setImmediate(() => {
      const row = (globalThis as { lastRow?: { totals: { net: number } } }).lastRow;
      res.write(`3,${(row as { totals: { net: number } }).totals.net}\n`);
    });
    return;
  }
  if (b.readFilePerRequest && spec.templateFile) {
    readFile(spec.templateFile, 'utf8').then(
      () => send(res, b.status ?? 200, { ok: true, path }),
      (error: unknown) => {
        console.error(error);
        send(res, 500, { error: 'internal error' });
      },
    );
    return;
  }
  const status = b.status ?? 200;
  send(res, status, status < 400 ? { ok: true, path } : { error: 'service unavailable' });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
