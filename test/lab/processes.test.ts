import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendBehaviour } from '../../src/lab/model.js';
import { drive, unmetExpectations } from '../../src/lab/traffic.js';
import { type PrivateUpdoc, privateUpdoc } from './private-updoc.js';
import { freePort } from '../helpers/free-port.js';

/**
 * The two programs the lab runs inside namespaces, exercised on loopback without root: the backend
 * (`updoc lab serve-backend`) does what a scenario sets — the keep-alive race, a crash mid-response with the
 * worker replaced, status codes, TLS, a slow boot — and the traffic driver reports each outcome.
 */

let updoc: PrivateUpdoc;
const dir = mkdtempSync(join(tmpdir(), 'updoc-lab-proc-'));
const children: ChildProcess[] = [];

beforeAll(() => {
  updoc = privateUpdoc();
});
afterAll(() => {
  for (const c of children) if (c.pid) process.kill(-c.pid, 'SIGKILL');
  updoc?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a backend on 127.0.0.1 and waits for its start-up line; returns its port and its output so far. */
async function backend(
  name: string,
  behaviour: Partial<BackendBehaviour>,
  extra: Record<string, string> = {},
): Promise<{ port: number; output: () => string }> {
  const port = await freePort();
  const spec = join(dir, `${name}.json`);
  writeFileSync(spec, JSON.stringify({ service: name, behaviour: { bind: '127.0.0.1', port, ...behaviour }, ...extra }));
  const child = updoc.start(['lab', 'serve-backend', spec]);
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const until = Date.now() + 15_000;
  while (!output.includes(`listening on`) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  expect(output).toContain(`${name} listening on ${behaviour.tls ? 'https' : 'http'}://127.0.0.1:${port}`);
  return { port, output: () => output };
}

function get(port: number, path: string): Promise<{ status?: number; body?: string; error?: string; complete?: boolean }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('close', () => resolve({ status: res.statusCode, body, complete: res.complete }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the lab backend (serve-backend)', () => {
  it('keep-alive race: a connection idle for the keep-alive time is closed as the next request arrives on it, unanswered', async () => {
    const { port } = await backend('race', { closeIdleOnReuseMs: 1000 });
    // A raw connection, reused like nginx's upstream keepalive (Node's own Agent would drop it on the Keep-Alive hint).
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let closed = false;
    socket.on('data', (d) => (received += d));
    socket.on('close', () => (closed = true));
    socket.on('error', () => {});
    const ask = async (path: string) => {
      const before = received.length;
      socket.write(`GET ${path} HTTP/1.1\r\nHost: api\r\n\r\n`);
      const until = Date.now() + 2000;
      while (!closed && !/\r\n\r\n\{[^\n]*\}\n$/.test(received.slice(before)) && Date.now() < until) await sleep(10);
      return received.slice(before);
    };
    const first = await ask('/a');
    expect(first).toMatch(/^HTTP\/1\.1 200 OK/);
    // What Node itself announces for a 1 s keepAliveTimeout.
    expect(first).toMatch(/\r\nKeep-Alive: timeout=1\r\n/i);
    await sleep(200);
    expect(await ask('/b')).toMatch(/^HTTP\/1\.1 200 OK/);
    await sleep(1200);
    // Reused after more than 1 s idle: closed without an answer (nginx logs "upstream prematurely closed").
    expect(await ask('/c')).toBe('');
    expect(closed).toBe(true);
    // A new connection is served.
    expect((await get(port, '/d')).status).toBe(200);
  });

  it('a crash mid-response: headers and part of the body, a real uncaught TypeError, and the worker replaced', async () => {
    const b = await backend('crash', { crashPath: '/api/export', restartWorker: true });
    const cut = await get(b.port, '/api/export.csv');
    expect(cut.status).toBe(200);
    expect(cut.complete).toBe(false);
    expect(cut.body).toMatch(/^id,total\n/);
    // Until the new worker listens, the primary has no handle open (refused), as with Node's cluster and pm2.
    let after = await get(b.port, '/api/orders');
    const until = Date.now() + 15_000;
    while (after.status !== 200 && Date.now() < until) {
      await sleep(100);
      after = await get(b.port, '/api/orders');
    }
    expect(after.status).toBe(200);
    expect(b.output()).toMatch(/TypeError: Cannot read properties of undefined \(reading 'totals'\)/);
    expect(b.output()).toMatch(/worker \d+ died \(exit code 1\), starting a new one/);
  }, 60_000);

  it('status codes: every path 503 with a shallow health check answering 200, or the health check failing too', async () => {
    const shallow = await backend('shallow', { status: 503 });
    expect((await get(shallow.port, '/api/orders')).status).toBe(503);
    expect((await get(shallow.port, '/healthz')).status).toBe(200);
    const down = await backend('down', { status: 503, healthStatus: 503 });
    const health = await get(down.port, '/healthz');
    expect(health.status).toBe(503);
    expect(JSON.parse(health.body ?? '{}')).toEqual({ status: 'unhealthy', error: 'database unreachable' });
  });

  it('latency on one path only, and a slow boot before listening', async () => {
    const started = Date.now();
    const b = await backend('slow', { latencyMs: 600, slowPath: '/api/reports', startDelayMs: 500 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(b.output()).toMatch(/booting/);
    let t = Date.now();
    expect((await get(b.port, '/api/orders')).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(500);
    t = Date.now();
    expect((await get(b.port, '/api/reports/monthly')).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(590);
  });

  const openssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!openssl)('TLS: answers HTTPS, and drops plain HTTP without an answer', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const r = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=api'],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const b = await backend('tls', { tls: true }, { tlsCert: cert, tlsKey: key });
    const status = await new Promise<number | undefined>((resolve) => {
      const req = httpsRequest({ host: '127.0.0.1', port: b.port, path: '/x', rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', () => resolve(undefined));
      req.end();
    });
    expect(status).toBe(200);
    const plain = await get(b.port, '/x');
    expect(plain.status).toBeUndefined();
    expect(plain.error).toBeDefined();
  });
});

describe('the traffic driver', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('late'), 2000);
      else if (req.url === '/cut') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('part');
        setTimeout(() => res.destroy(), 20);
      } else if (req.url === '/fail') {
        res.writeHead(502);
        res.end();
      } else res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('records each outcome: statuses, a cut body, a timeout; phases, pauses and concurrency as declared', async () => {
    const result = await drive({
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 300,
      deadlineMs: 10_000,
      phases: [
        { count: 3, method: 'GET', path: '/ok', intervalMs: 20 },
        { count: 2, method: 'POST', path: '/fail', intervalMs: 0, concurrency: 2, pauseBeforeMs: 100 },
        { count: 1, method: 'GET', path: '/cut', intervalMs: 0 },
        { count: 1, method: 'GET', path: '/slow', intervalMs: 0 },
      ],
    });
    expect(result.counts).toEqual({ '200': 3, '502': 2, ABORTED: 1, TIMEOUT: 1 });
    expect(result.requests.map((r) => r.phase)).toEqual([0, 0, 0, 1, 1, 2, 3]);
    expect(result.requests[3].at - result.requests[2].at).toBeGreaterThanOrEqual(100);
    expect(result.deadlineReached).toBe(false);
    expect(
      unmetExpectations(result, [
        { outcome: 200, atLeast: 3 },
        { outcome: 502, atLeast: 2 },
      ]),
    ).toEqual([]);
    expect(unmetExpectations(result, [{ outcome: 200, all: true }])).toEqual(['expected every request to end in 200, got 3 of 7']);
  });

  it('a closed port is ECONNREFUSED; the deadline bounds the drive', async () => {
    const closed = await freePort();
    const refused = await drive({
      baseUrl: `http://127.0.0.1:${closed}`,
      timeoutMs: 500,
      deadlineMs: 5000,
      phases: [{ count: 2, method: 'GET', path: '/', intervalMs: 0 }],
    });
    expect(refused.counts).toEqual({ ECONNREFUSED: 2 });
    const bounded = await drive({
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 5000,
      deadlineMs: 400,
      phases: [{ count: 50, method: 'GET', path: '/ok', intervalMs: 50 }],
    });
    expect(bounded.deadlineReached).toBe(true);
    expect(bounded.requests.length).toBeLessThan(50);
    expect(bounded.ms).toBeLessThan(2000);
  });
});
