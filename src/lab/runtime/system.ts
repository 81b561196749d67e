/**
 * The few system calls the lab makes: `ip`, `nft` and other tools run with argument arrays (never a shell) and
 * a timeout; process identity from /proc (pid + start time, so a recycled pid is never killed); listeners seen
 * from inside a namespace through /proc/<pid>/net/*.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseProcTcp, TCP_LISTEN } from '../../probes/local/proc-net-tcp.js';
import { findExecutable } from '../../probes/local/spawn-bounded.js';
import { statFieldsAfterComm } from '../../probes/local/processes.js';

export class LabError extends Error {}

const TOOL_TIMEOUT_MS = 10_000;
const UDP_BOUND = 0x07;

export function tool(name: string): string {
  const path = findExecutable(name);
  if (!path) throw new LabError(`${name} is not installed (scripts/install-test-deps.sh installs what the lab needs)`);
  return path;
}

/** Runs a tool; throws a LabError with its stderr on failure. */
export function run(file: string, args: readonly string[], input?: string): string {
  try {
    return execFileSync(file, args, {
      encoding: 'utf8',
      timeout: TOOL_TIMEOUT_MS,
      input: input ?? '',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 8 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new LabError(`${[file, ...args].join(' ')}: ${(e.stderr ?? '').trim() || e.message}`);
  }
}

/**
 * Errors `ip` reports when another process is creating or entering namespaces at the same moment (a namespace
 * file that exists but is not mounted yet, or is briefly not visible): worth another try.
 */
const TRANSIENT =
  /Invalid "netns" value|Cannot open network namespace|Peer netns reference is invalid|setting the network namespace .* failed|Device or resource busy/;

/** Runs a tool, trying again (bounded) on a transient namespace error; throws the last error. */
export function runRetrying(file: string, args: readonly string[], input?: string, attempts = 4): string {
  for (let attempt = 1; ; attempt++) {
    try {
      return run(file, args, input);
    } catch (error) {
      if (attempt >= attempts || !TRANSIENT.test((error as Error).message)) throw error;
      sleepSync(100 * attempt);
    }
  }
}

export function ip(...args: string[]): string {
  return runRetrying(tool('ip'), args);
}

/** Blocks the thread: used only in teardown, which must also work inside signal and exit handlers. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Field 22 of /proc/<pid>/stat (start time in clock ticks) and field 3 (state); null when the pid is gone. */
export function processStat(pid: number): { startTime: string; state: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const rest = statFieldsAfterComm(text);
  return { state: rest[0], startTime: rest[19] };
}

/** The process we started is still running (same start time; a zombie counts as gone). */
export function isRunning(pid: number, startTime: string | undefined): boolean {
  const stat = processStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
  return startTime === undefined || stat.startTime === startTime;
}

/** Ports in LISTEN (TCP) or bound (UDP) state in the network namespace of `pid`. */
export function boundPorts(pid: number, protocol: 'tcp' | 'udp'): Set<number> {
  // /proc/net/udp has the columns of /proc/net/tcp; a bound UDP socket is in state 07 (TCP_CLOSE).
  const wanted = protocol === 'tcp' ? TCP_LISTEN : UDP_BOUND;
  const ports = new Set<number>();
  for (const file of [protocol, `${protocol}6`]) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      continue;
    }
    for (const row of parseProcTcp(text)) if (row.state === wanted) ports.add(row.localPort);
  }
  return ports;
}
