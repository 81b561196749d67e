/**
 * The network namespaces on this machine and how to read each one without entering it:
 * - every process's /proc/PID/ns/net link (`net:[4026531840]`) says which namespace it lives in; reading
 *   /proc/PID/net/* shows that namespace's tables (routes, sockets) from where we stand;
 * - `ip netns` names are nsfs bind mounts in /run/netns whose inode is the namespace's;
 * - a named namespace without any process can only be read from inside: `nsenter --net=/run/netns/NAME cat …`
 *   or `ip -n NAME …` (a child process whose /proc/self/net is that namespace's).
 */
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { type LocalAddress, parseFibTrie, parseIfInet6, parseIpAddrJson, parseIpNeighJson, parseProcArp } from './interface-addresses.js';
import { isKernelThread } from './processes.js';
import { ListenerIndex, ListeningSectionScanner, parseTcpInUse } from './proc-net-tcp.js';
import { findExecutable, spawnBounded } from './spawn-bounded.js';
import { readProcFile, TimeSlice } from './time-slice.js';

export interface NamespaceEntry {
  inode: number;
  current: boolean;
  /** `ip netns` names bound to it (usually zero or one). */
  names: string[];
  /** Processes living in it, ascending (bounded: see MAX_PROCESSES). */
  pids: number[];
}

export interface NamespaceCensus {
  currentInode: number | null;
  /**
   * The machine's initial namespace (the host's, where kernel threads live): kthreadd's, else PID 1's. Null when
   * neither is readable, or PID 1 is not the machine's init (updoc in a container's own PID namespace sees only
   * its own).
   */
  initialInode: number | null;
  /** Processes whose namespace link was unreadable (other users' processes without root). */
  denied: number;
  namespaces: NamespaceEntry[];
  notes: string[];
}

const MAX_PROCESSES = 200_000;
const NETNS_DIRECTORY = '/run/netns';

export function namespaceInodeOf(link: string): number | null {
  const m = /^net:\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : null;
}

let ownInode: number | null | undefined;

/** The inode of the network namespace this process lives in (it does not change: Node never calls setns). */
export function currentNamespaceInode(): number | null {
  if (ownInode === undefined) {
    try {
      ownInode = namespaceInodeOf(readlinkSync('/proc/self/ns/net'));
    } catch {
      ownInode = null;
    }
  }
  return ownInode;
}

/** All processes (numeric /proc entries), ascending. */
export function listPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^[1-9]\d*$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/**
 * Which namespaces exist, who lives in them, what they are called. Bounded in time and count; the /proc
 * reads run in slices that yield to the event loop (see TimeSlice).
 */
export async function takeNamespaceCensus(deadline: number): Promise<NamespaceCensus> {
  const notes: string[] = [];
  const byInode = new Map<number, NamespaceEntry>();
  const entry = (inode: number) => {
    let e = byInode.get(inode);
    if (!e) {
      e = { inode, current: false, names: [], pids: [] };
      byInode.set(inode, e);
    }
    return e;
  };
  const currentInode = currentNamespaceInode();
  let nsfsDevice: number | null = null;
  try {
    nsfsDevice = statSync('/proc/self/ns/net').dev;
  } catch {
    notes.push('cannot read /proc/self/ns/net: namespaces are not visible here');
  }
  if (currentInode !== null) entry(currentInode).current = true;

  const pids = listPids();
  const initialInode = initialNamespaceInode();
  let denied = 0;
  let scanned = 0;
  const slice = new TimeSlice();
  for (const pid of pids) {
    if (slice.over()) await slice.yield();
    if (scanned >= MAX_PROCESSES || ((scanned & 255) === 0 && Date.now() > deadline)) {
      notes.push(`stopped listing processes after ${scanned} of ${pids.length} (time or size bound)`);
      break;
    }
    scanned++;
    try {
      const inode = namespaceInodeOf(readlinkSync(`/proc/${pid}/ns/net`));
      if (inode !== null) entry(inode).pids.push(pid);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EACCES') denied++;
      // ENOENT: the process exited while we looked.
    }
  }
  // `denied` is reported where it matters: when a listener's owner cannot be found.

  let names: string[] = [];
  try {
    names = readdirSync(NETNS_DIRECTORY).sort();
  } catch {
    // No named namespaces on this machine.
  }
  for (const name of names) {
    try {
      const st = statSync(`${NETNS_DIRECTORY}/${name}`);
      // A leftover file that is not an nsfs mount has a tmpfs inode, not a namespace's.
      if (nsfsDevice !== null && st.dev !== nsfsDevice) continue;
      entry(st.ino).names.push(name);
    } catch {
      // Deleted while we looked, or unreadable.
    }
  }
  return { currentInode, initialInode, denied, namespaces: [...byInode.values()], notes };
}

/**
 * Kernel threads always live in the initial network namespace, and kthreadd (pid 2) is readable where PID 1's
 * link may not be (a sandboxed init). Without a kthreadd (a PID namespace of its own), PID 1's namespace is the
 * one this updoc counts as the host's.
 */
function initialNamespaceInode(): number | null {
  for (const pid of isKernelThread(2) ? [2, 1] : [1]) {
    try {
      return namespaceInodeOf(readlinkSync(`/proc/${pid}/ns/net`));
    } catch {
      // Unreadable (another user's init without root): try the next.
    }
  }
  return null;
}

/** How to read one namespace's /proc/net files. */
export type NamespaceReader = { kind: 'pid'; pids: number[] } | { kind: 'named'; name: string } | { kind: 'current' };

export function readerFor(ns: NamespaceEntry): NamespaceReader | null {
  if (ns.current) return { kind: 'current' };
  if (ns.pids.length > 0) return { kind: 'pid', pids: ns.pids };
  if (ns.names.length > 0) return { kind: 'named', name: ns.names[0] };
  return null;
}

/** One /proc/PID/net file, read in slices that yield to the event loop (see readProcFile); tcp and tcp6 only as far as their listeners. */
async function readProcNetFile(pid: number | 'self', file: string): Promise<string | null> {
  if (file === 'tcp' || file === 'tcp6') {
    // Even an empty tcp6 costs a walk of the whole connection table (twice: the end-of-file read walks it
    // again); the socket count says whether there is anything to find.
    const family = file === 'tcp' ? 4 : 6;
    const counts = await readProcFile(`/proc/${pid}/net/${family === 4 ? 'sockstat' : 'sockstat6'}`, 64 * 1024);
    const inUse = counts === null ? undefined : parseTcpInUse(counts, family);
    if (inUse === 0) return '';
    const scanner = new ListeningSectionScanner(inUse);
    return readProcFile(`/proc/${pid}/net/${file}`, undefined, undefined, (chunk) => scanner.push(chunk));
  }
  return readProcFile(`/proc/${pid}/net/${file}`);
}

/** Reads /proc/PID/net/FILE… through the first process still alive (processes come and go). */
async function readThroughProcess(reader: NamespaceReader, files: readonly string[]): Promise<string[] | null> {
  const candidates: Array<number | 'self'> = reader.kind === 'current' ? ['self'] : reader.kind === 'pid' ? reader.pids.slice(0, 8) : [];
  for (const pid of candidates) {
    const texts: (string | null)[] = [];
    for (const file of files) texts.push(await readProcNetFile(pid, file));
    if (texts[0] !== null) return texts.map((t) => t ?? '');
  }
  return null;
}

/** `cat FILES` inside a named namespace, via nsenter (or `ip netns exec`). */
async function catInside(name: string, files: readonly string[], timeoutMs: number): Promise<{ text: string | null; note?: string }> {
  const cat = findExecutable('cat') ?? '/bin/cat';
  const command = commandInNamedNamespace(name, [cat, ...files.map((f) => `/proc/self/net/${f}`)]);
  if (!command) return { text: null, note: `cannot read namespace "${name}": neither nsenter nor ip is installed` };
  const run = await spawnBounded(command.file, command.args, { timeoutMs, maxStdoutBytes: 32 * 1024 * 1024 });
  if (run.timedOut) return { text: null, note: `reading namespace "${name}" timed out` };
  if (run.stdout === '' && run.code !== 0) {
    return { text: null, note: `cannot read namespace "${name}": ${run.startError ?? (run.stderr.trim().split('\n')[0] || `exit ${run.code}`)}` };
  }
  return { text: run.stdout };
}

/** The program and arguments that run `argv` inside the named namespace; null when no tool can. */
export function commandInNamedNamespace(name: string, argv: readonly string[]): { file: string; args: string[] } | null {
  const nsenter = findExecutable('nsenter');
  if (nsenter) return { file: nsenter, args: [`--net=${NETNS_DIRECTORY}/${name}`, '--', ...argv] };
  const ip = findExecutable('ip');
  if (ip) return { file: ip, args: ['netns', 'exec', name, ...argv] };
  return null;
}

/** The program and arguments that run `argv` in the namespace (directly for the current one). */
export function commandInNamespace(reader: NamespaceReader, argv: readonly string[]): { file: string; args: string[] } | null {
  if (reader.kind === 'current') return { file: argv[0], args: argv.slice(1) };
  if (reader.kind === 'named') return commandInNamedNamespace(reader.name, argv);
  const nsenter = findExecutable('nsenter');
  if (!nsenter) return null;
  return { file: nsenter, args: [`--net=/proc/${reader.pids[0]}/ns/net`, '--', ...argv] };
}

export interface Read<T> {
  value: T | null;
  notes: string[];
}

/** IPv4 and IPv6 addresses of a namespace some process lives in (or of the current one), read through /proc. */
export async function readProcessNamespaceAddresses(reader: Exclude<NamespaceReader, { kind: 'named' }>): Promise<Read<LocalAddress[]>> {
  const texts = await readThroughProcess(reader, ['fib_trie', 'if_inet6']);
  if (texts) return { value: [...parseFibTrie(texts[0]), ...parseIfInet6(texts[1])], notes: [] };
  return { value: null, notes: ['the processes of a namespace exited while it was read'] };
}

/** `ip -all netns exec ip -j addr` output: a `netns: NAME` line, then that namespace's JSON. */
export function parseAllNetnsAddresses(text: string): Map<string, LocalAddress[]> {
  const out = new Map<string, LocalAddress[]>();
  const sections = text.split(/^netns: (.+)$/m);
  for (let i = 1; i + 1 < sections.length; i += 2) out.set(sections[i].trim(), parseIpAddrJson(sections[i + 1].trim()));
  return out;
}

/**
 * Addresses of every named namespace, from one child process (`ip -all netns exec ip -j addr`): each spawn
 * costs the probe engine's event loop a few milliseconds, and a machine may have hundreds of namespaces.
 */
export async function readNamedNamespaceAddresses(names: readonly string[], timeoutMs: number): Promise<Read<Map<string, LocalAddress[]>>> {
  const ip = findExecutable('ip');
  if (ip) {
    const run = await spawnBounded(ip, ['-all', 'netns', 'exec', ip, '-j', 'addr'], { timeoutMs, maxStdoutBytes: 64 * 1024 * 1024 });
    if (run.timedOut) return { value: null, notes: [`listing the addresses of named namespaces timed out after ${timeoutMs} ms`] };
    const value = parseAllNetnsAddresses(run.stdout);
    const unread = names.filter((name) => !value.has(name));
    return {
      value,
      notes: unread.length ? [`cannot list the addresses of namespace(s) ${unread.join(', ')}: ${run.stderr.trim().split('\n')[0] || `exit ${run.code}`}`] : [],
    };
  }
  const value = new Map<string, LocalAddress[]>();
  const notes: string[] = [];
  for (const name of names) {
    const inside = await catInside(name, ['fib_trie', 'if_inet6'], timeoutMs);
    if (inside.text !== null) value.set(name, [...parseFibTrie(inside.text), ...parseIfInet6(inside.text)]);
    if (inside.note) notes.push(inside.note);
  }
  return { value, notes };
}

/** The namespace's listening TCP sockets (IPv4 and IPv6), by port. */
export async function readNamespaceListeners(reader: NamespaceReader, timeoutMs: number): Promise<Read<ListenerIndex>> {
  if (reader.kind !== 'named') {
    const texts = await readThroughProcess(reader, ['tcp', 'tcp6']);
    if (texts) return { value: new ListenerIndex(texts.join('\n')), notes: [] };
    return { value: null, notes: ['the processes of a namespace exited while its sockets were read'] };
  }
  const inside = await catInside(reader.name, ['tcp', 'tcp6'], timeoutMs);
  return { value: inside.text === null ? null : new ListenerIndex(inside.text), notes: inside.note ? [inside.note] : [] };
}

/** A namespace's addresses with their interfaces' link-layer addresses (`ip -j addr` run inside it). */
export async function readLinkAddresses(reader: NamespaceReader, timeoutMs: number): Promise<LocalAddress[] | null> {
  const ip = findExecutable('ip');
  const command = ip ? commandInNamespace(reader, [ip, '-j', 'addr']) : null;
  if (!command) return null;
  const run = await spawnBounded(command.file, command.args, { timeoutMs, maxStdoutBytes: 16 * 1024 * 1024 });
  return run.timedOut || run.code !== 0 ? null : parseIpAddrJson(run.stdout);
}

/** The link-layer address this namespace reached `address` at (its neighbour table), when it is on a shared link. */
export async function neighbourMac(address: string, family: 4 | 6, timeoutMs: number): Promise<string | undefined> {
  if (family === 4) {
    const text = await readProcFile('/proc/self/net/arp', 4 * 1024 * 1024);
    return text === null ? undefined : parseProcArp(text).get(address);
  }
  const ip = findExecutable('ip');
  if (!ip) return undefined;
  const run = await spawnBounded(ip, ['-j', '-6', 'neigh', 'show', 'to', address], { timeoutMs, maxStdoutBytes: 1024 * 1024 });
  return run.timedOut || run.code !== 0 ? undefined : parseIpNeighJson(run.stdout);
}
