import { spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type PrivateCli, privateCli } from '../helpers/private-cli.js';
import { compareVia, diagnoseTarget } from '../../src/diagnosis/probe.js';
import { parseProcTcp, type ProcTcpRow, TCP_LISTEN } from '../../src/probes/local/proc-net-tcp.js';
import { DEFAULTS, type ProbeOptions, runProbe, type TargetReport } from '../../src/probes/run-probe.js';
import { parseTarget, type TargetDefaults } from '../../src/probes/target.js';

/**
 * Shared fixtures for the probe tests: real servers on loopback only, certificates made with openssl
 * (argument arrays, no shell), tiny DNS responders, and an in-process probe with the CLI's defaults.
 */

export interface Closable {
  close(): Promise<void>;
}

const openSockets = new WeakMap<Server, Set<Socket>>();

/** Listens on host:0 and returns the port; `server` may be net, http, https or http2. */
export async function listen(server: Server, host: string): Promise<number> {
  const sockets = new Set<Socket>();
  openSockets.set(server, sockets);
  // Tracked so closing never waits for a connection a test left open (h2 sessions, silent servers).
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: Server): Promise<void> {
  for (const socket of openSockets.get(server) ?? []) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port that was free a moment ago (nothing listens on it now). */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  const port = await listen(server, host);
  await closeServer(server);
  return port;
}

export interface Certs {
  dir: string;
  caCert: string;
  /** Signed by the CA, SANs localhost and 127.0.0.1. */
  leafCert: string;
  leafKey: string;
  selfSignedCert: string;
  selfSignedKey: string;
  expiredCert: string;
  expiredKey: string;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
}

export function haveOpenssl(): boolean {
  return spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;
}

export function makeCerts(): Certs {
  const dir = mkdtempSync(join(tmpdir(), 'updoc-certs-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  writeFileSync(join(dir, 'ca.cnf'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=updoc test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  openssl(['req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost'], dir);
  openssl(
    ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.cnf', '-out', 'leaf.pem'],
    dir,
  );
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'self.key',
      '-out',
      'self.pem',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    dir,
  );
  // -days -1: notAfter lies before notBefore (now), so the certificate is already expired.
  openssl(['req', ...ec, '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=localhost'], dir);
  openssl(
    ['x509', '-req', '-in', 'expired.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '-1', '-extfile', 'san.cnf', '-out', 'expired.pem'],
    dir,
  );
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    dir,
    caCert: read('ca.pem'),
    leafCert: read('leaf.pem'),
    leafKey: read('leaf.key'),
    selfSignedCert: read('self.pem'),
    selfSignedKey: read('self.key'),
    expiredCert: read('expired.pem'),
    expiredKey: read('expired.key'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A DNS server on 127.0.0.1 that answers every query with the given rcode (2 = SERVFAIL), or never
 * answers (`silent`), for the cases dnsmasq cannot produce on demand.
 */
export async function fakeNameserver(mode: { rcode: number } | 'silent'): Promise<{ address: string; socket: UdpSocket; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    if (mode === 'silent' || msg.length < 12) return;
    const reply = Buffer.from(msg);
    reply[2] = 0x80 | (msg[2] & 0x01); // QR=1, keep RD
    reply[3] = 0x80 | (mode.rcode & 0x0f); // RA=1, RCODE
    reply.writeUInt16BE(0, 6); // ANCOUNT
    reply.writeUInt16BE(0, 8);
    reply.writeUInt16BE(0, 10);
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  return { address: `127.0.0.1:${port}`, socket, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

export function probeOptions(overrides: Partial<ProbeOptions> = {}): ProbeOptions {
  return {
    timeoutMs: 2000,
    deadlineMs: 20_000,
    concurrency: 8,
    method: 'GET',
    headers: {},
    insecure: false,
    http1Only: false,
    dns: { resolver: 'direct' },
    localInspection: true,
    bodyLimit: DEFAULTS.bodyLimit,
    maxAddresses: DEFAULTS.maxAddresses,
    diagnose: diagnoseTarget,
    compareVia,
    ...overrides,
  };
}

/** Probes one target in-process with the CLI's engine and diagnosis. */
export async function probe(input: string, overrides: Partial<ProbeOptions> = {}, defaults: TargetDefaults = {}): Promise<TargetReport> {
  const parsed = parseTarget(input, defaults);
  if (!parsed.ok) throw new Error(parsed.error);
  const run = await runProbe([{ target: parsed.target }], probeOptions(overrides));
  return run.targets[0];
}

/** The listening rows of /proc/net/tcp{,6} text by local port, the plain way (every row parsed): what ListenerIndex must agree with. */
export function listenersByPort(text: string, littleEndian?: boolean): Map<number, ProcTcpRow[]> {
  const byPort = new Map<number, ProcTcpRow[]>();
  for (const row of parseProcTcp(text, littleEndian)) if (row.state === TCP_LISTEN) byPort.set(row.localPort, [...(byPort.get(row.localPort) ?? []), row]);
  return byPort;
}

export const stepsOf = (report: TargetReport, step: string) => report.steps.filter((s) => s.step === step);
export const causeIds = (report: TargetReport) => report.causes.map((c) => c.id);

let privateCopy: PrivateCli | undefined;
// Registered while the test file is collected (support.ts is imported then); runs when the file's tests end.
afterAll(() => privateCopy?.cleanup());

/** The shared private copy of the built CLI (test/helpers/private-cli.ts), made once per test file. */
function cliBin(): string {
  privateCopy ??= privateCli();
  return privateCopy.bin;
}

/**
 * Runs the built CLI without blocking this process, so servers living in the test process can answer
 * it (spawnSync would freeze their event loop). Killed after `timeout` ms.
 */
export function runCliAsync(
  args: string[],
  options: { timeout?: number; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliBin(), ...args], { env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
