// Probe benchmark (issue 5, "Speed and bounds"): 1,000 HTTP listeners and 1,000 closed ports on 127.0.0.1,
// probed by `updoc probe --targets FILE --json` and by Debian's prometheus-blackbox-exporter (http_2xx and
// tcp_connect modules, driven through /probe at the same concurrency), in the same run, interleaved; then
// blackholed targets (SYNs dropped by an nft rule in a namespace this script creates) probed with a timeout T,
// checking every probe ends within T + 1% (a probe's time runs from its SYN). Prints wall time, CPU per probe
// and the throughput ratio, for updoc on one thread (--jobs 1) and on every core (--jobs N).
//
// The headline ratio is the one the issue describes: ONE updoc invocation over all the targets (live and closed
// interleaved in one targets file) against blackbox_exporter on the same targets at the same concurrency (one
// /probe request per target, its module chosen per target), and a bare Node client over the same targets in one
// process as the floor. The per-kind rows (live only, closed only: one invocation each) are kept for the detail.
//
// Environment: BENCH_PROBE_LIVE (1000), BENCH_PROBE_CLOSED (1000), BENCH_PROBE_CONCURRENCY ("100,1000"),
// BENCH_RUNS (3, medians), BENCH_PROBE_BLACKHOLED (200), BENCH_PROBE_TIMEOUT_MS (1000 for blackholed targets).
// Everything it starts (listeners, exporter, namespaces, temp files) is removed on exit, error or Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { median } from './bench-common.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A private copy of the built CLI (see updocAvailable): a rebuild of dist/ during the run must not break it. */
let BIN = join(ROOT, 'bin', 'updoc.js');
const LIVE = Number(process.env.BENCH_PROBE_LIVE ?? 1000);
const CLOSED = Number(process.env.BENCH_PROBE_CLOSED ?? 1000);
const CONCURRENCIES = (process.env.BENCH_PROBE_CONCURRENCY ?? '100,1000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BLACKHOLED = Number(process.env.BENCH_PROBE_BLACKHOLED ?? 200);
const BLACKHOLE_TIMEOUT_MS = Number(process.env.BENCH_PROBE_TIMEOUT_MS ?? 1000);
/** Per-probe timeout for the live/closed batches: generous, nothing there should ever wait. */
const PROBE_TIMEOUT_MS = 5000;
/** The whole benchmark's deadline; every child run has its own below it. */
const DEADLINE_MS = 20 * 60_000;
const BATCH_TIMEOUT_MS = 120_000;
const CLOCK_TICKS = 100;
/** updoc on one thread, and on every core (worker threads) when there is more than one. */
const CORES = availableParallelism();
const JOBS = CORES > 1 ? [1, CORES] : [1];
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const log = (text) => process.stderr.write(`${text}\n`);

// ---------------------------------------------------------------------------------------------------------
// Open-file limit: listeners, probes in flight and the exporter's sockets all need descriptors. Raise the
// soft limit to the hard one by re-executing under prlimit (a process cannot raise its own from Node).

function nofileLimits() {
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  const n = (v) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v));
  return { soft: n(m[1]), hard: n(m[2]) };
}

const needed = LIVE + CLOSED + 3 * Math.max(...CONCURRENCIES) + BLACKHOLED + 1024;
const limits = nofileLimits();
if (limits.soft < needed) {
  if (process.env.BENCH_PROBE_RAISED || limits.hard < needed) {
    log(`bench:probe needs ${needed} open files; the limit is ${limits.soft} (hard ${limits.hard}). Raise it (ulimit -n) or lower BENCH_PROBE_LIVE/CLOSED.`);
    process.exit(2);
  }
  const target = Number.isFinite(limits.hard) ? Math.min(limits.hard, 1 << 20) : 1 << 20;
  log(`raising the open-file limit from ${limits.soft} to ${target} (prlimit)`);
  const r = spawnSync('prlimit', [`--nofile=${target}:${target}`, '--', process.execPath, fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PROBE_RAISED: '1' },
  });
  process.exit(r.status ?? 1);
}

// ---------------------------------------------------------------------------------------------------------
// Cleanup: everything started is registered here and undone on every way out.

const children = new Set();
const namespaces = [];
const tempDir = mkdtempSync(join(tmpdir(), 'updoc-bench-probe-'));
let cleaned = false;

function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const child of children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const ns of namespaces) {
    const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', timeout: 5000 }).stdout ?? '';
    for (const pid of pids.split('\n').filter((p) => /^\d+$/.test(p))) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    spawnSync('ip', ['netns', 'del', ns], { timeout: 10_000 });
  }
  rmSync(tempDir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`\n${signal}: cleaning up`);
    cleanup();
    process.exit(130);
  });
}
const deadline = setTimeout(() => {
  log(`bench:probe exceeded its ${DEADLINE_MS / 60_000} min deadline; stopping`);
  cleanup();
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

// ---------------------------------------------------------------------------------------------------------
// CPU accounting: our own (process.cpuUsage), reaped children's (cutime+cstime of /proc/self/stat), and a
// running process's (utime+stime of /proc/PID/stat). Clock ticks: 10 ms resolution.

function statTimes(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After ')': state(0) … utime(11) stime(12) cutime(13) cstime(14)
  return { self: (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS), children: (Number(fields[13]) + Number(fields[14])) * (1000 / CLOCK_TICKS) };
}

// ---------------------------------------------------------------------------------------------------------
// Targets: HTTP listeners spread over two child processes, and closed ports (20000-29999, below the
// ephemeral range, none listening).

const LISTENER_FARM = `
const http = require('node:http');
const n = Number(process.argv[1]);
const ports = [];
for (let i = 0; i < n; i++) {
  const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '3' }); res.end('ok\\n'); });
  server.on('error', (e) => { console.error(e.message); process.exit(1); });
  server.listen(0, '127.0.0.1', () => { ports.push(server.address().port); if (ports.length === n) process.stdout.write(JSON.stringify(ports) + '\\n'); });
}
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

async function startListeners(total) {
  if (total <= 0) return [];
  const farms = total >= 200 ? 2 : 1;
  const results = await Promise.all(
    Array.from({ length: farms }, (_, i) => {
      const n = Math.floor(total / farms) + (i < total % farms ? 1 : 0);
      const child = track(spawn(process.execPath, ['-e', LISTENER_FARM, String(n)], { stdio: ['pipe', 'pipe', 'inherit'] }));
      return firstLine(child, 30_000).then((line) => JSON.parse(line));
    }),
  );
  return results.flat();
}

function listeningPorts() {
  const ports = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A') ports.add(Number.parseInt(f[1].split(':')[1], 16));
    }
  }
  return ports;
}

function closedPorts(count) {
  const busy = listeningPorts();
  const out = [];
  for (let port = 20000; port < 30000 && out.length < count; port++) if (!busy.has(port)) out.push(port);
  return out;
}

function firstLine(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output within ${timeoutMs} ms`)), timeoutMs);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing anything`));
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// updoc: the CLI as a user runs it (`--targets FILE --json` prints one JSON line per target), in a child
// process; wall time from spawn to exit, CPU from our reaped-children counters.

function updocAvailable() {
  if (!existsSync(join(ROOT, 'dist', 'bin.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  try {
    cpSync(join(ROOT, 'dist'), join(tempDir, 'updoc', 'dist'), { recursive: true });
    cpSync(join(ROOT, 'bin'), join(tempDir, 'updoc', 'bin'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(tempDir, 'updoc', 'package.json'));
    BIN = join(tempDir, 'updoc', 'bin', 'updoc.js');
  } catch (error) {
    log(`cannot copy the built CLI (${error.message}); running it from ${ROOT}`);
  }
  const help = spawnSync(process.execPath, [BIN, 'probe', '--help'], { encoding: 'utf8', timeout: 20_000 });
  return help.status === 0;
}

function updocArgs(targetsFile, concurrency, timeoutMs, extra) {
  return [BIN, 'probe', '--targets', targetsFile, '--json', '--concurrency', String(concurrency), '--timeout', `${timeoutMs}ms`, ...extra];
}

async function runUpdoc(targets, concurrency, timeoutMs, netns, extra = []) {
  const file = join(tempDir, `targets-${concurrency}-${Date.now()}.txt`);
  writeFileSync(file, `${targets.join('\n')}\n`);
  const argv = netns
    ? ['ip', 'netns', 'exec', netns, process.execPath, ...updocArgs(file, concurrency, timeoutMs, extra)]
    : [process.execPath, ...updocArgs(file, concurrency, timeoutMs, extra)];
  const before = statTimes('self').children;
  const started = performance.now();
  const child = track(spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT }));
  const lines = [];
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), BATCH_TIMEOUT_MS);
    child.once('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  const wallMs = performance.now() - started;
  const cpuMs = statTimes('self').children - before;
  const reports = [];
  for (const line of lines) {
    try {
      const parsed = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && 'target' in parsed) reports.push(parsed);
    } catch {
      // not a target line
    }
  }
  if (reports.length !== targets.length) {
    throw new Error(`updoc probe (exit ${code}) printed ${reports.length} target reports for ${targets.length} targets: ${stderr.trim().slice(0, 600)}`);
  }
  return { wallMs, cpuMs, ok: reports.filter((r) => r.ok).length, reports };
}

/** For the combined run: how many live (http) and closed (tcp) targets came back ok; the reports are dropped. */
function checkKinds(result) {
  const kinds = { liveOk: 0, closedOk: 0, live: 0, closed: 0 };
  for (const r of result.reports) {
    if (r.scheme === 'http') {
      kinds.live++;
      if (r.ok) kinds.liveOk++;
    } else {
      kinds.closed++;
      if (r.ok) kinds.closedOk++;
    }
  }
  return { ...result, reports: undefined, kinds };
}

// ---------------------------------------------------------------------------------------------------------
// The floor: a bare Node client in a child process (start-up included, like updoc), same targets and
// concurrency: connect, and for URLs one `GET` whose status line must read 200; nothing else is checked or
// reported (no DNS view, no local side, no verdict, no JSON lines). What a Node process cannot beat here.

const BARE_CLIENT = `
const net = require('node:net');
const fs = require('node:fs');
const targets = fs.readFileSync(process.argv[1], 'utf8').split('\\n').filter(Boolean).map((line) => {
  const m = /^(?:http:\\/\\/)?([\\d.]+):(\\d+)/.exec(line);
  return { host: m[1], port: Number(m[2]), http: line.startsWith('http://') };
});
const concurrency = Number(process.argv[2]);
let next = 0, okHttp = 0, okTcp = 0, done = 0;
function one() {
  if (next >= targets.length) return;
  const t = targets[next++];
  const socket = net.connect({ host: t.host, port: t.port, noDelay: true });
  const timer = setTimeout(() => socket.destroy(), Number(process.argv[3]));
  socket.on('connect', () => {
    if (!t.http) { okTcp++; socket.destroy(); return; }
    socket.write('GET / HTTP/1.1\\r\\nHost: ' + t.host + ':' + t.port + '\\r\\nConnection: close\\r\\n\\r\\n');
  });
  socket.once('data', (data) => { if (data.toString('latin1', 0, 13) === 'HTTP/1.1 200 ') okHttp++; socket.destroy(); });
  socket.on('error', () => {});
  socket.on('close', () => { clearTimeout(timer); if (++done === targets.length) process.stdout.write(okHttp + ' ' + okTcp + '\\n'); else one(); });
}
for (let i = 0; i < Math.min(concurrency, targets.length); i++) one();
`;

async function runBareClient(targets, concurrency) {
  const file = join(tempDir, `bare-${concurrency}-${Date.now()}.txt`);
  writeFileSync(file, `${targets.join('\n')}\n`);
  const before = statTimes('self').children;
  const started = performance.now();
  const child = track(
    spawn(process.execPath, ['-e', BARE_CLIENT, file, String(concurrency), String(PROBE_TIMEOUT_MS)], { stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  const line = await firstLine(child, BATCH_TIMEOUT_MS);
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('close', resolve)));
  const [okHttp, okTcp] = line.split(' ').map(Number);
  // okHttp: URLs answered 200; okTcp: host:port targets that connected (closed ports: must stay 0).
  return { wallMs: performance.now() - started, cpuMs: statTimes('self').children - before, ok: okHttp + okTcp, okHttp, okTcp };
}

// ---------------------------------------------------------------------------------------------------------
// blackbox_exporter: started once, driven through GET /probe with `concurrency` requests in flight.

const BLACKBOX_CONFIG = `modules:
  http_2xx:
    prober: http
    timeout: ${PROBE_TIMEOUT_MS / 1000}s
    http:
      preferred_ip_protocol: ip4
      ip_protocol_fallback: false
  tcp_connect:
    prober: tcp
    timeout: ${PROBE_TIMEOUT_MS / 1000}s
    tcp:
      preferred_ip_protocol: ip4
      ip_protocol_fallback: false
`;

function findBlackbox() {
  for (const candidate of ['/usr/bin/prometheus-blackbox-exporter', '/usr/local/bin/blackbox_exporter', '/usr/bin/blackbox_exporter']) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

async function startBlackbox(binary) {
  const config = join(tempDir, 'blackbox.yml');
  writeFileSync(config, BLACKBOX_CONFIG);
  const port = await freePort();
  const child = track(
    spawn(binary, [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=error'], { stdio: ['ignore', 'ignore', 'inherit'] }),
  );
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/-/healthy', timeout: 500 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (up) return { child, port };
    if (child.exitCode !== null) throw new Error(`blackbox_exporter exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('blackbox_exporter did not become healthy within 10 s');
}

function probeOnce(agent, port, target, module) {
  return new Promise((resolve) => {
    const path = `/probe?module=${module}&target=${encodeURIComponent(target)}`;
    const req = request({ host: '127.0.0.1', port, path, agent, timeout: PROBE_TIMEOUT_MS * 2 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve(/^probe_success 1$/m.test(body)));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** `module`: one module for every target, or a function choosing it per target (the combined run). */
async function runBlackbox(exporter, targets, module, concurrency) {
  const moduleOf = typeof module === 'function' ? module : () => module;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const before = statTimes(exporter.child.pid).self;
  const driverBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  let ok = 0;
  const okTargets = new Set();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, targets.length) }, async () => {
      while (next < targets.length) {
        const target = targets[next++];
        if (await probeOnce(agent, exporter.port, target, moduleOf(target))) {
          ok++;
          okTargets.add(target);
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  const driver = process.cpuUsage(driverBefore);
  const cpuMs = statTimes(exporter.child.pid).self - before;
  agent.destroy();
  return { wallMs, cpuMs, driverCpuMs: (driver.user + driver.system) / 1000, ok, okTargets };
}

// ---------------------------------------------------------------------------------------------------------
// Blackholed targets: namespaces C (client) and S (server) joined by a veth; S drops SYNs to 10000-… ;
// updoc runs inside C (`ip netns exec`) with --timeout T against N ports of S's address at concurrency N.

function ip(...args) {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

function addressesInUse() {
  const used = new Set();
  let names = [];
  try {
    names = spawnSync('ls', ['/run/netns'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  } catch {
    return used;
  }
  for (const name of names) {
    try {
      for (const link of JSON.parse(ip('-n', name, '-j', 'addr'))) for (const a of link.addr_info ?? []) used.add(a.local);
    } catch {
      // vanished
    }
  }
  return used;
}

function setUpBlackhole() {
  const client = `updoc-bench-${process.pid}-c`;
  const server = `updoc-bench-${process.pid}-s`;
  ip('netns', 'add', client);
  namespaces.push(client);
  ip('netns', 'add', server);
  namespaces.push(server);
  const used = addressesInUse();
  let block = 0;
  for (let tries = 0; tries < 100; tries++) {
    block = Math.floor(Math.random() * 32768);
    if (!used.has(blockAddress(block, 1)) && !used.has(blockAddress(block, 2))) break;
  }
  const clientAddress = blockAddress(block, 1);
  const serverAddress = blockAddress(block, 2);
  for (const ns of [client, server]) ip('-n', ns, 'link', 'set', 'lo', 'up');
  ip('-n', client, 'link', 'add', 'ubc', 'type', 'veth', 'peer', 'name', 'ubs', 'netns', server);
  ip('-n', client, 'addr', 'add', `${clientAddress}/30`, 'dev', 'ubc');
  ip('-n', server, 'addr', 'add', `${serverAddress}/30`, 'dev', 'ubs');
  ip('-n', client, 'link', 'set', 'ubc', 'up');
  ip('-n', server, 'link', 'set', 'ubs', 'up');
  const rules = `table inet updoc_bench {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport 10000-${10000 + BLACKHOLED - 1} tcp flags & (syn | ack) == syn drop\n }\n}\n`;
  const r = spawnSync('ip', ['netns', 'exec', server, 'nft', '-f', '-'], { input: rules, encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`nft: ${r.stderr.trim()}`);
  return { client, server, serverAddress };
}

/** argv: T, then host:port targets; prints the longest connect-to-timer-callback time in ms. */
const BARE_TIMER = `
const net = require('node:net');
const [t, ...targets] = process.argv.slice(1);
let longest = 0, left = targets.length;
for (const target of targets) {
  const i = target.lastIndexOf(':');
  const started = performance.now();
  const socket = net.connect({ host: target.slice(0, i), port: Number(target.slice(i + 1)) });
  socket.on('error', () => {});
  setTimeout(() => { longest = Math.max(longest, performance.now() - started); socket.destroy(); if (--left === 0) console.log(longest); }, Number(t));
}
`;

function blockAddress(block, host) {
  const n = ((198 << 24) | (18 << 16)) + block * 4 + host;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

// ---------------------------------------------------------------------------------------------------------

const fmt = (ms) => `${ms.toFixed(0)} ms`;
const ALL_LABEL = 'live + closed, one run';
const perProbe = (ms, n) => `${((ms * 1000) / n).toFixed(0)} µs`;

async function main() {
  const haveUpdoc = updocAvailable();
  const blackboxBinary = findBlackbox();
  if (!haveUpdoc) log('updoc probe is not available in dist/ (npm run build); measuring blackbox_exporter only');
  if (!blackboxBinary) log('prometheus-blackbox-exporter is not installed (scripts/install-test-deps.sh); measuring updoc only');

  log(`starting ${LIVE} HTTP listeners and choosing ${CLOSED} closed ports on 127.0.0.1`);
  const livePorts = await startListeners(LIVE);
  const closed = closedPorts(CLOSED);
  const liveUrls = livePorts.map((p) => `http://127.0.0.1:${p}/`);
  const closedTargets = closed.map((p) => `127.0.0.1:${p}`);
  // The headline run: every target in one list, live and closed interleaved (one updoc invocation, one
  // exporter run, one bare-client process over all of them).
  const allTargets = [];
  for (let i = 0; i < Math.max(liveUrls.length, closedTargets.length); i++) {
    if (i < liveUrls.length) allTargets.push(liveUrls[i]);
    if (i < closedTargets.length) allTargets.push(closedTargets[i]);
  }
  const blackboxModule = (target) => (target.startsWith('http://') ? 'http_2xx' : 'tcp_connect');
  const exporter = blackboxBinary && LIVE + CLOSED > 0 ? await startBlackbox(blackboxBinary) : null;

  // Warm-up (not measured): page cache for updoc's bundle, the exporter's and listeners' first connections.
  // BENCH_PROBE_LIVE=0 BENCH_PROBE_CLOSED=0 runs the blackholed part only.
  const compare = LIVE > 0 && CLOSED > 0;
  const warm = liveUrls.slice(0, 100);
  if (compare && haveUpdoc) await runUpdoc(warm, 100, PROBE_TIMEOUT_MS);
  if (compare && exporter) await runBlackbox(exporter, warm, 'http_2xx', 100);

  const loadBefore = loadAverage();
  const results = [];
  for (const concurrency of compare ? CONCURRENCIES : []) {
    const samples = {
      updocAll: {},
      blackboxAll: [],
      bareAll: [],
      updocLive: {},
      updocClosed: {},
      updocClosedNoLocal: [],
      blackboxLive: [],
      blackboxClosed: [],
      bareLive: [],
      bareClosed: [],
    };
    for (const jobs of JOBS) {
      samples.updocAll[jobs] = [];
      samples.updocLive[jobs] = [];
      samples.updocClosed[jobs] = [];
    }
    for (let run = 0; run < RUNS; run++) {
      log(`concurrency ${concurrency}, run ${run + 1}/${RUNS} (load average ${loadAverage()})`);
      // Headline: all targets in one invocation per tool.
      for (const jobs of haveUpdoc ? JOBS : [])
        samples.updocAll[jobs].push(checkKinds(await runUpdoc(allTargets, concurrency, PROBE_TIMEOUT_MS, undefined, ['--jobs', String(jobs)])));
      if (exporter) samples.blackboxAll.push(await runBlackbox(exporter, allTargets, blackboxModule, concurrency));
      samples.bareAll.push(await runBareClient(allTargets, concurrency));
      // Per kind: the live targets, then the closed ports, one invocation each.
      for (const jobs of haveUpdoc ? JOBS : [])
        samples.updocLive[jobs].push(await runUpdoc(liveUrls, concurrency, PROBE_TIMEOUT_MS, undefined, ['--jobs', String(jobs)]));
      if (exporter) samples.blackboxLive.push(await runBlackbox(exporter, liveUrls, 'http_2xx', concurrency));
      for (const jobs of haveUpdoc ? JOBS : [])
        samples.updocClosed[jobs].push(await runUpdoc(closedTargets, concurrency, PROBE_TIMEOUT_MS, undefined, ['--jobs', String(jobs)]));
      if (exporter) samples.blackboxClosed.push(await runBlackbox(exporter, closedTargets, 'tcp_connect', concurrency));
      // The same refused probes without the local inspection (--no-local): what looking at listeners/firewall costs.
      if (haveUpdoc) samples.updocClosedNoLocal.push(await runUpdoc(closedTargets, concurrency, PROBE_TIMEOUT_MS, undefined, ['--no-local', '--jobs', '1']));
      samples.bareLive.push(await runBareClient(liveUrls, concurrency));
      samples.bareClosed.push(await runBareClient(closedTargets, concurrency));
    }
    results.push({ concurrency, samples });
  }

  const blackhole = [];
  if (haveUpdoc && BLACKHOLED > 0) {
    if (process.getuid?.() !== 0) log('blackholed targets need root (network namespaces, nft); skipped');
    else {
      const { client, serverAddress } = setUpBlackhole();
      const targets = Array.from({ length: BLACKHOLED }, (_, i) => `${serverAddress}:${10000 + i}`);
      for (let run = 0; run < RUNS; run++) {
        log(`blackholed ${run + 1}/${RUNS}: ${BLACKHOLED} targets, SYNs dropped by nft, --timeout ${BLACKHOLE_TIMEOUT_MS}ms (load average ${loadAverage()})`);
        const result = await runUpdoc(targets, BLACKHOLED, BLACKHOLE_TIMEOUT_MS, client);
        // A target's ms runs from its SYN (IP targets: no DNS step) to the end of its last step, the local
        // inspection included; the tcp step's ms from the SYN to the timeout alone.
        const durations = result.reports.map((r) => r.ms);
        const connects = result.reports.map((r) => r.steps.find((step) => step.step === 'tcp')?.ms ?? Number.NaN);
        // The floor this machine sets: bare Node, the same connects, one setTimeout(T) each, same namespace.
        const floor = spawnSync('ip', ['netns', 'exec', client, process.execPath, '-e', BARE_TIMER, String(BLACKHOLE_TIMEOUT_MS), ...targets], {
          encoding: 'utf8',
          timeout: BLACKHOLE_TIMEOUT_MS * 10,
        });
        blackhole.push({
          run: result,
          longest: Math.max(...durations),
          longestConnect: Math.max(...connects),
          bareLongest: Number(floor.stdout.trim()),
          within: durations.filter((ms) => ms <= BLACKHOLE_TIMEOUT_MS * 1.01).length,
          blocked: result.reports.filter((r) => r.causes[0]?.id === 'network-blocked').length,
          load: loadAverage(),
        });
      }
    }
  }

  // ------------------------------------------------------------------------------------------------------
  console.log(
    `\nbench:probe  ${new Date().toISOString().slice(0, 10)}  node ${process.version}  ${CORES} cores  ${LIVE} live HTTP + ${CLOSED} closed ports on 127.0.0.1, medians of ${RUNS} runs`,
  );
  console.log(`load average before ${loadBefore}, after ${loadAverage()}`);
  console.log('CPU: updoc = the CLI process (start-up included); blackbox = the exporter process (the /probe driver shown apart)\n');
  console.log('| concurrency | targets | tool | wall | probes/s | CPU | CPU per probe | ok | blackbox ÷ this wall |');
  console.log('|---:|---|---|---:|---:|---:|---:|---:|---:|');
  const wallOf = (xs) => (xs.length ? median(xs.map((s) => s.wallMs)) : null);
  const row = (concurrency, label, tool, xs, n, bw) => {
    const w = wallOf(xs);
    if (w === null) return;
    const cpu = median(xs.map((s) => s.cpuMs));
    const ratio = bw ? `${(bw / w).toFixed(2)}×` : '–';
    console.log(
      `| ${concurrency} | ${n} ${label} | ${tool} | ${fmt(w)} | ${((n * 1000) / w).toFixed(0)} | ${fmt(cpu)} | ${perProbe(cpu, n)} | ${median(xs.map((s) => s.ok))} | ${ratio} |`,
    );
  };
  const blackboxRow = (concurrency, label, b, n) => {
    const bw = wallOf(b);
    if (bw === null) return;
    const cpu = median(b.map((s) => s.cpuMs));
    const driver = median(b.map((s) => s.driverCpuMs));
    console.log(
      `| ${concurrency} | ${n} ${label} | blackbox | ${fmt(bw)} | ${((n * 1000) / bw).toFixed(0)} | ${fmt(cpu)} (+ driver ${fmt(driver)}) | ${perProbe(cpu, n)} | ${median(b.map((s) => s.ok))} | |`,
    );
  };
  for (const { concurrency, samples } of results) {
    const bw = wallOf(samples.blackboxAll);
    for (const jobs of JOBS) row(concurrency, ALL_LABEL, `updoc --jobs ${jobs}`, samples.updocAll[jobs] ?? [], LIVE + CLOSED, bw);
    row(concurrency, ALL_LABEL, 'bare Node client (floor)', samples.bareAll, LIVE + CLOSED, bw);
    blackboxRow(concurrency, ALL_LABEL, samples.blackboxAll, LIVE + CLOSED);
  }
  for (const { concurrency, samples } of results) {
    for (const [kind, u, b, n, bare] of [
      ['live HTTP', samples.updocLive, samples.blackboxLive, LIVE, samples.bareLive],
      ['closed', samples.updocClosed, samples.blackboxClosed, CLOSED, samples.bareClosed],
    ]) {
      const bw = wallOf(b);
      for (const jobs of JOBS) row(concurrency, kind, `updoc --jobs ${jobs}`, u[jobs] ?? [], n, bw);
      if (kind === 'closed') row(concurrency, kind, 'updoc --no-local --jobs 1', samples.updocClosedNoLocal, n, bw);
      row(concurrency, kind, 'bare Node client (floor)', bare, n, bw);
      blackboxRow(concurrency, kind, b, n);
    }
  }
  console.log(
    `\nHeadline (issue 5): ONE invocation per tool over all ${LIVE + CLOSED} targets (${LIVE} live HTTP and ${CLOSED} closed ports interleaved in one targets file):`,
  );
  console.log('throughput ratio = blackbox wall ÷ updoc wall (medians; updoc start-up included, the exporter already running)');
  for (const { concurrency, samples } of results) {
    const b = wallOf(samples.blackboxAll);
    if (b === null) continue;
    for (const jobs of JOBS) {
      const u = wallOf(samples.updocAll[jobs] ?? []);
      if (u === null) continue;
      console.log(
        `concurrency ${concurrency}, updoc --jobs ${jobs}: updoc ${fmt(u)}, blackbox ${fmt(b)}, throughput ratio ${(b / u).toFixed(2)}× (target ≥ 2×: ${b / u >= 2 ? 'met' : 'NOT met'})`,
      );
    }
    const f = wallOf(samples.bareAll);
    if (f !== null)
      console.log(
        `concurrency ${concurrency}, bare Node client (connect + GET, nothing else; one process): ${fmt(f)}, blackbox ÷ floor ${(b / f).toFixed(2)}× (the most any Node process could show here)`,
      );
  }
  console.log('\nPer kind, summed (two invocations per tool: updoc pays its start-up twice):');
  for (const { concurrency, samples } of results) {
    const b =
      wallOf(samples.blackboxLive) !== null && wallOf(samples.blackboxClosed) !== null ? wallOf(samples.blackboxLive) + wallOf(samples.blackboxClosed) : null;
    for (const jobs of JOBS) {
      const live = wallOf(samples.updocLive[jobs] ?? []);
      const closed = wallOf(samples.updocClosed[jobs] ?? []);
      if (live === null || closed === null || b === null) continue;
      const u = live + closed;
      console.log(`concurrency ${concurrency}, updoc --jobs ${jobs}: live + closed — updoc ${fmt(u)}, blackbox ${fmt(b)}, ratio ${(b / u).toFixed(2)}×`);
    }
    const bareLive = wallOf(samples.bareLive);
    const bareClosed = wallOf(samples.bareClosed);
    if (b !== null && bareLive !== null && bareClosed !== null) {
      const f = bareLive + bareClosed;
      console.log(`concurrency ${concurrency}, bare Node client: live + closed — ${fmt(f)}, blackbox ÷ floor ${(b / f).toFixed(2)}×`);
    }
  }
  if (blackhole.length) {
    const t = BLACKHOLE_TIMEOUT_MS;
    for (const [i, b] of blackhole.entries()) {
      console.log(
        `blackholed run ${i + 1}: ${BLACKHOLED} targets at concurrency ${BLACKHOLED}, --timeout ${t} ms: longest probe ${b.longest.toFixed(1)} ms (overshoot ${(b.longest - t).toFixed(1)} ms, ${(((b.longest - t) / t) * 100).toFixed(2)}%), longest SYN→timeout ${b.longestConnect.toFixed(1)} ms; ${b.within}/${BLACKHOLED} within T + 1%; ${b.blocked} network-blocked; bare-Node floor ${Number.isFinite(b.bareLongest) ? `${b.bareLongest.toFixed(1)} ms` : 'not measured'}; load ${b.load}`,
      );
    }
    const over = blackhole.map((b) => b.longest - t);
    const met = blackhole.filter((b) => b.within === BLACKHOLED).length;
    console.log(
      `blackholed: median longest overshoot ${median(over).toFixed(1)} ms (${((median(over) / t) * 100).toFixed(2)}%), worst ${Math.max(...over).toFixed(1)} ms; bare-Node floor median ${(median(blackhole.map((b) => b.bareLongest)) - t).toFixed(1)} ms; every probe within T + 1% in ${met} of ${blackhole.length} runs (target: all)`,
    );
  }
  const everyRun = (byJobs) => Object.values(byJobs).flat();
  const liveTargets = new Set(liveUrls);
  const expectedOk = results.every(
    ({ samples }) =>
      // The combined run, per kind: updoc by each report's scheme, the exporter by target, the bare client by its two counts.
      everyRun(samples.updocAll).every((s) => s.kinds.liveOk === LIVE && s.kinds.live === LIVE && s.kinds.closedOk === 0 && s.kinds.closed === CLOSED) &&
      samples.blackboxAll.every((s) => s.ok === LIVE && [...s.okTargets].every((t) => liveTargets.has(t))) &&
      samples.bareAll.every((s) => s.okHttp === LIVE && s.okTcp === 0) &&
      [...everyRun(samples.updocLive), ...samples.blackboxLive, ...samples.bareLive].every((s) => s.ok === LIVE) &&
      [...everyRun(samples.updocClosed), ...samples.updocClosedNoLocal, ...samples.blackboxClosed, ...samples.bareClosed].every((s) => s.ok === 0),
  );
  console.log(`results check: every live target ok and every closed port failed, in every run: ${expectedOk ? 'yes' : 'NO'}`);
}

try {
  await main();
} catch (error) {
  log(`bench:probe failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  cleanup();
}
