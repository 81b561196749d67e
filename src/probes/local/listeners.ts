/**
 * Listening sockets: which address they are bound to (the `bind-loopback` case is a 127.0.0.1 listener
 * while the proxy dials the pod/veth address), whether they accept a given destination, and their accept
 * queue. The queue's limit (the listen() backlog) is not in /proc/net/tcp; `ss -ltn` shows it as Send-Q.
 */
import { type IpAddress, isLoopbackIp, isUnspecified, parseIp, sameIp } from './ip-address.js';
import type { ListeningSocket } from './model.js';
import { commandInNamespace, type NamespaceReader } from './namespaces.js';
import { findExecutable, spawnBounded } from './spawn-bounded.js';

export function scopeOf(address: string): ListeningSocket['scope'] {
  const ip = parseIp(address);
  if (!ip || isUnspecified(ip)) return 'wildcard';
  return isLoopbackIp(ip) ? 'loopback' : 'specific';
}

/**
 * Whether the listener takes connections to `destination`: its exact address, `0.0.0.0` for IPv4, `::` for
 * IPv6 and (unless IPV6_V6ONLY, the Linux default being off) for IPv4 too. Connecting to 0.0.0.0 / :: reaches
 * the loopback address.
 */
export function listenerAccepts(listener: Pick<ListeningSocket, 'address' | 'family' | 'v6only'>, destination: IpAddress): boolean {
  const bound = parseIp(listener.address);
  if (!bound) return false;
  const target = isUnspecified(destination) ? (parseIp(destination.family === 4 ? '127.0.0.1' : '::1') as IpAddress) : destination;
  if (isUnspecified(bound)) {
    if (listener.family === 4) return target.family === 4;
    return target.family === 6 || listener.v6only !== true;
  }
  return sameIp(bound, target);
}

export interface SsListener {
  address: string;
  port: number;
  queued: number;
  backlog: number;
}

/** `ss -Hltn` lines: `LISTEN 0 511 0.0.0.0:80 0.0.0.0:*`, `[::]:80`, `*:80`, `127.0.0.53%lo:53`. */
export function parseSsListeners(text: string): SsListener[] {
  const out: SsListener[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*LISTEN\s+(\d+)\s+(\d+)\s+(\S+):(\d+)\s/.exec(line);
    if (!m) continue;
    let address = m[3];
    if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
    const zone = address.indexOf('%');
    if (zone >= 0) address = address.slice(0, zone);
    out.push({ address: address === '*' ? '*' : address, port: Number(m[4]), queued: Number(m[1]), backlog: Number(m[2]) });
  }
  return out;
}

/** Every listener's backlog in the namespace (one `ss -Hltn`); empty when `ss` is missing or fails (limits stay unknown). */
export async function readBacklogs(reader: NamespaceReader, timeoutMs: number): Promise<SsListener[]> {
  const ss = findExecutable('ss');
  if (!ss) return [];
  const command = commandInNamespace(reader, [ss, '-Hltn']);
  if (!command) return [];
  const run = await spawnBounded(command.file, command.args, { timeoutMs, maxStdoutBytes: 16 * 1024 * 1024 });
  return run.code === 0 ? parseSsListeners(run.stdout) : [];
}

/** The ss row for a /proc listener: same port and address (`*` stands for either wildcard). */
export function backlogFor(listener: Pick<ListeningSocket, 'address' | 'port'>, rows: readonly SsListener[]): SsListener | undefined {
  const ip = parseIp(listener.address);
  return rows.find((row) => {
    if (row.port !== listener.port) return false;
    if (row.address === '*') return ip !== null && isUnspecified(ip);
    const other = parseIp(row.address);
    return other !== null && ip !== null && sameIp(other, ip);
  });
}
