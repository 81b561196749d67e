/**
 * Real network namespaces for tests: uniquely named (`updoc-t-<pid>-<label>`), joined by veth pairs created
 * directly inside them (the root namespace's interfaces and addresses are never touched), addressed from
 * 198.18.0.0/15 (RFC 2544 benchmarking space), loopback up. `cleanup()` kills what the lab started and
 * deletes its namespaces (and with them their veths and nft rules); `sweepStaleNamespaces()` removes those
 * left by runs that were killed. Needs root; `netnsSupport()` says why not otherwise.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll } from 'vitest';

export const NETNS_PREFIX = 'updoc-t-';

function ipTool(): string | null {
  for (const candidate of ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip']) if (existsSync(candidate)) return candidate;
  return null;
}

const IP = ipTool() ?? 'ip';

/** `ip ARGS…`, throwing with ip's own message on failure. */
export function ip(...args: string[]): string {
  return execFileSync(IP, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

let support: { ok: true } | { ok: false; reason: string } | undefined;

/** Whether this process can create namespaces (root, iproute2, kernel support); checked once by trying. */
export function netnsSupport(): { ok: true } | { ok: false; reason: string } {
  if (support) return support;
  if (process.getuid?.() !== 0) support = { ok: false, reason: 'network namespace tests need root (run them through .ci/run or sudo)' };
  else if (!ipTool()) support = { ok: false, reason: 'network namespace tests need iproute2 (`ip`)' };
  else {
    const name = `${NETNS_PREFIX}${process.pid}-check`;
    const add = spawnSync(IP, ['netns', 'add', name], { encoding: 'utf8', timeout: 10_000 });
    spawnSync(IP, ['netns', 'del', name], { timeout: 10_000 });
    support = add.status === 0 ? { ok: true } : { ok: false, reason: `cannot create network namespaces here: ${add.stderr.trim()}` };
  }
  if (!support.ok) console.warn(`[skipped] ${support.reason}`);
  return support;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes `updoc-t-<pid>-*` namespaces whose creating test process is gone; returns their names. */
export function sweepStaleNamespaces(): string[] {
  let names: string[] = [];
  try {
    names = readdirSync('/run/netns');
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = new RegExp(`^${NETNS_PREFIX}(\\d+)-`).exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    if (spawnSync(IP, ['netns', 'del', name], { timeout: 10_000 }).status === 0) removed.push(name);
  }
  return removed;
}

export interface VethLink {
  /** Namespaces and interface names at each end. */
  nsA: string;
  nsB: string;
  ifA: string;
  ifB: string;
  /** Addresses (no prefix length) and the prefix length of the /30 between them. */
  addressA: string;
  addressB: string;
  prefixLength: number;
}

export interface SpawnedInNamespace {
  child: ChildProcess;
  /** The first line the program printed (the listeners below print their port as JSON). */
  firstLine: string;
}

/** 198.18.0.0/15 in /30 blocks: 32,768 of them. */
function subnetAddresses(block: number): [string, string] {
  const base = (198 << 24) | (18 << 16);
  const network = (base + block * 4) >>> 0;
  const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  return [dotted(network + 1), dotted(network + 2)];
}

/** Addresses configured in namespaces other test runs created, so concurrent runs never share one. */
function addressesInUse(): Set<string> {
  const used = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync('/run/netns').filter((n) => n.startsWith(NETNS_PREFIX));
  } catch {
    return used;
  }
  for (const name of names) {
    const r = spawnSync(IP, ['-n', name, '-j', 'addr'], { encoding: 'utf8', timeout: 5000 });
    try {
      for (const link of JSON.parse(r.stdout) as Array<{ addr_info?: Array<{ local?: string }> }>) {
        for (const a of link.addr_info ?? []) if (a.local) used.add(a.local);
      }
    } catch {
      // namespace vanished meanwhile
    }
  }
  return used;
}

export class NetnsLab {
  readonly namespaces: string[] = [];
  private readonly children: ChildProcess[] = [];
  private counter = 0;

  constructor(private readonly label: string) {}

  /** Creates `updoc-t-<pid>-<label>-<n>` with loopback up. */
  addNamespace(): string {
    const name = `${NETNS_PREFIX}${process.pid}-${this.label}-${this.counter++}`;
    ip('netns', 'add', name);
    this.namespaces.push(name);
    ip('-n', name, 'link', 'set', 'lo', 'up');
    return name;
  }

  /** A veth pair from nsA to nsB (created inside nsA, peer moved straight into nsB), a /30 from 198.18.0.0/15. */
  link(nsA: string, nsB: string): VethLink {
    const used = addressesInUse();
    let addresses = subnetAddresses(randomInt(32768));
    for (let tries = 0; tries < 64 && (used.has(addresses[0]) || used.has(addresses[1])); tries++) addresses = subnetAddresses(randomInt(32768));
    const n = this.counter++;
    const ifA = `ut${n}a`;
    const ifB = `ut${n}b`;
    ip('-n', nsA, 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB);
    ip('-n', nsA, 'addr', 'add', `${addresses[0]}/30`, 'dev', ifA);
    ip('-n', nsB, 'addr', 'add', `${addresses[1]}/30`, 'dev', ifB);
    ip('-n', nsA, 'link', 'set', ifA, 'up');
    ip('-n', nsB, 'link', 'set', ifB, 'up');
    return { nsA, nsB, ifA, ifB, addressA: addresses[0], addressB: addresses[1], prefixLength: 30 };
  }

  /** Adds an address to an interface (e.g. a second address on lo). */
  addAddress(ns: string, address: string, device = 'lo'): void {
    ip('-n', ns, 'addr', 'add', address, 'dev', device);
  }

  /** Loads an nft ruleset (text) inside the namespace; it goes away with the namespace. */
  nft(ns: string, ruleset: string): void {
    execFileSync(IP, ['netns', 'exec', ns, 'nft', '-f', '-'], { input: ruleset, timeout: 10_000, stdio: ['pipe', 'pipe', 'pipe'] });
  }

  /**
   * Starts `argv` inside the namespace (`ip netns exec` executes it in place, so the child pid is the
   * program's) and waits for its first stdout line. Its stdin stays open: programs that exit when stdin
   * closes die with the test process.
   */
  async spawnIn(ns: string, argv: readonly string[], timeoutMs = 10_000): Promise<SpawnedInNamespace> {
    const child = spawn(IP, ['netns', 'exec', ns, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const firstLine = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${argv.join(' ')} in ${ns} printed nothing within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(line);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${argv.join(' ')} in ${ns} exited with ${code}: ${stderr}`));
      });
    });
    return { child, firstLine };
  }

  /** Starts a Node TCP (or HTTP) listener on host:port (0 = any free port) inside the namespace; resolves with its port and pid. */
  async listen(
    ns: string,
    host: string,
    port = 0,
    options: { nofile?: number; holdFiles?: number; http?: boolean } = {},
  ): Promise<{ port: number; pid: number }> {
    const server = options.http
      ? "const server = require('node:http').createServer((q, r) => { r.writeHead(200, { 'content-type': 'text/plain' }); r.end('ok\\n'); });"
      : "const server = net.createServer((s) => s.end('hello\\n'));";
    const script = [
      "const net = require('node:net'); const fs = require('node:fs');",
      `const held = []; for (let i = 0; i < ${options.holdFiles ?? 0}; i++) held.push(fs.openSync('/dev/null', 'r'));`,
      server,
      `server.listen({ host: ${JSON.stringify(host)}, port: ${port} }, () => console.log(JSON.stringify({ port: server.address().port, pid: process.pid })));`,
      "process.stdin.on('end', () => process.exit(0)); process.stdin.resume();",
    ].join('\n');
    const node = [process.execPath, '-e', script];
    const argv = options.nofile ? ['prlimit', `--nofile=${options.nofile}:${options.nofile}`, '--', ...node] : node;
    const { firstLine } = await this.spawnIn(ns, argv);
    return JSON.parse(firstLine) as { port: number; pid: number };
  }

  /** Kills what the lab started (and anything else left inside its namespaces), then deletes the namespaces. */
  async cleanup(): Promise<void> {
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await Promise.all(
      this.children.map((child) => (child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((resolve) => child.once('exit', resolve)))),
    );
    for (const ns of this.namespaces.splice(0)) {
      const pids = spawnSync(IP, ['netns', 'pids', ns], { encoding: 'utf8', timeout: 5000 }).stdout ?? '';
      for (const pid of pids.split('\n').filter((p) => /^\d+$/.test(p))) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      spawnSync(IP, ['netns', 'del', ns], { timeout: 10_000 });
    }
  }
}

export interface LinkedNamespaces {
  lab: NetnsLab;
  nsA: string;
  nsB: string;
  link: VethLink;
}

/**
 * For a describe block: two namespaces of a new lab joined by a veth pair, made in beforeAll (after sweeping
 * what killed runs left) and removed in afterAll. `nsA`, `nsB` and `link` are set once beforeAll has run.
 */
export function useLinkedNamespaces(label: string): LinkedNamespaces {
  const net = { lab: new NetnsLab(label) } as LinkedNamespaces;
  beforeAll(() => {
    sweepStaleNamespaces();
    net.nsA = net.lab.addNamespace();
    net.nsB = net.lab.addNamespace();
    net.link = net.lab.link(net.nsA, net.nsB);
  });
  afterAll(() => net.lab.cleanup());
  return net;
}
