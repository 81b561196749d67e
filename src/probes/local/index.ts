/**
 * The local host's side of a target on this machine (issue 5, step 5): which network namespace holds the
 * address (this one for loopback; otherwise whichever namespace has it on an interface, found through
 * /proc/*\/ns/net and /run/netns), what listens on the port there and on which address, which process owns
 * the listener and how close it is to its open-files limit, and the firewall rules that touch the port.
 *
 * Never throws for permissions, missing tools or processes exiting meanwhile: those become notes. Every read
 * is bounded by `timeoutMs`. Concurrent calls share their /proc reads and tool runs (the probe engine asks
 * about many targets at once); `createLocalInspector({ reuseWithinMs })` also reuses finished reads, for a
 * probe run that treats the machine as one snapshot.
 */
import { fetchRuleset, type Ruleset, rulesTouching } from './firewall.js';
import { hasAddress, type LocalAddress } from './interface-addresses.js';
import { formatIp, type IpAddress, isLoopbackIp, isUnspecified, parseIp } from './ip-address.js';
import { backlogFor, listenerAccepts, readBacklogs, type SsListener, scopeOf } from './listeners.js';
import type {
  InspectLocalSide,
  ListenerElsewhere,
  ListeningSocket,
  LocalInspectionOptions,
  LocalSideReport,
  NetworkNamespaceRef,
  ProcessRef,
} from './model.js';
import {
  currentNamespaceInode,
  type NamespaceCensus,
  type NamespaceEntry,
  type NamespaceReader,
  type Read,
  neighbourMac,
  readerFor,
  readLinkAddresses,
  readNamedNamespaceAddresses,
  readProcessNamespaceAddresses,
  readNamespaceListeners,
  takeNamespaceCensus,
} from './namespaces.js';
import { describeProcess, isKernelThread, SocketOwnerIndex } from './processes.js';
import type { ListenerIndex, ProcTcpRow } from './proc-net-tcp.js';
import { connects } from './reach.js';
import { TimeSlice } from './time-slice.js';

export type * from './model.js';

/**
 * Shares reads between concurrent calls, and keeps finished ones for `reuseWithinMs`. A read is bounded by the
 * deadline of the call that started it, so a pending read is shared only with calls whose own time limit it
 * roughly covers, and a read that ran into its deadline (probably cut short) is never kept.
 */
/** Reads that have finished (resolved or rejected). */
const settledReads = new WeakSet<Promise<unknown>>();

interface CacheEntry<T> {
  promise: Promise<T>;
  deadline: number;
  settledAt?: number;
  /** Set once the read succeeded (see `peek`). */
  fulfilled?: boolean;
  value?: T;
}

class ReadCache {
  private readonly entries = new Map<string, CacheEntry<unknown>>();
  constructor(private readonly reuseWithinMs: number) {}

  /** The value of a read that succeeded and that `get` would still reuse at `now`; undefined otherwise. */
  peek<T>(key: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry?.fulfilled || now - (entry.settledAt as number) > this.reuseWithinMs) return undefined;
    return entry.value as T;
  }

  get<T>(key: string, deadline: number, load: () => Promise<T>): Promise<T> {
    const existing = this.entries.get(key);
    if (existing) {
      // A burst of calls with the same budget shares one read; a 1 ms read is not shared with a 10 s call.
      const now = Date.now();
      const pendingLongEnough = existing.settledAt === undefined && existing.deadline - now >= (deadline - now) / 2;
      const freshEnough = existing.settledAt !== undefined && now - existing.settledAt <= this.reuseWithinMs;
      if (pendingLongEnough || freshEnough) return existing.promise as Promise<T>;
    }
    if (this.entries.size > 10_000) this.entries.clear();
    const entry: CacheEntry<T> = { promise: load(), deadline };
    this.entries.set(key, entry);
    const settle = () => {
      entry.settledAt = Date.now();
      settledReads.add(entry.promise);
      const cutShort = entry.settledAt >= entry.deadline;
      if ((this.reuseWithinMs <= 0 || cutShort) && this.entries.get(key) === entry) this.entries.delete(key);
    };
    entry.promise.then((value) => {
      entry.value = value;
      entry.fulfilled = true;
      settle();
    }, settle);
    return entry.promise;
  }
}

const CURRENT: NamespaceReader = { kind: 'current' };

/** Bounds of the search for a refused loopback target's listener in other namespaces (see `elsewhere`). */
const MAX_NAMESPACES_SEARCHED = 512;
const MAX_ELSEWHERE = 4;
const MAX_ADDRESSES_TRIED = 4;
const REACH_TIMEOUT_MS = 500;

export interface LocalInspector {
  inspect: InspectLocalSide;
  /**
   * The answer `inspect` would give, at once, when the reads it needs are finished and still reused; undefined
   * when it needs to read or wait (then `inspect`). A probe run's refused loopback ports are answered here from
   * the run's snapshot, without a promise, a timer or a race each.
   */
  answerNow: (address: string, port: number) => LocalSideReport | undefined;
}

export function createLocalInspector(options: { reuseWithinMs?: number } = {}): LocalInspector {
  const cache = new ReadCache(options.reuseWithinMs ?? 0);

  const census = (deadline: number) => cache.get<NamespaceCensus>('census', deadline, () => takeNamespaceCensus(deadline));
  const addresses = (ns: NamespaceEntry, reader: Exclude<NamespaceReader, { kind: 'named' }>, deadline: number) =>
    cache.get<Read<LocalAddress[]>>(`addresses:${ns.inode}`, deadline, () => readProcessNamespaceAddresses(reader));
  const namedAddresses = (names: readonly string[], deadline: number) =>
    cache.get<Read<Map<string, LocalAddress[]>>>('addresses:named', deadline, () => readNamedNamespaceAddresses(names, remaining(deadline)));
  const listening = (ns: NamespaceEntry, reader: NamespaceReader, deadline: number) =>
    cache.get<Read<ListenerIndex>>(`tcp:${ns.inode}`, deadline, () => readNamespaceListeners(reader, remaining(deadline)));
  const reference = (ns: NamespaceEntry, taken: NamespaceCensus, deadline: number) =>
    cache.get<NetworkNamespaceRef>(`ref:${ns.inode}`, deadline, () => namespaceRef(ns, taken));
  const ruleset = (ns: NamespaceEntry, reader: NamespaceReader, family: 4 | 6, deadline: number) =>
    cache.get<Ruleset>(`firewall:${ns.inode}:${family}`, deadline, () => fetchRuleset(reader, family, remaining(deadline)));
  const backlogs = (ns: NamespaceEntry, reader: NamespaceReader, deadline: number) =>
    cache.get<SsListener[]>(`ss:${ns.inode}`, deadline, () => readBacklogs(reader, remaining(deadline)));
  // Never cut short as a whole: each question to the index carries its own deadline.
  const ownerIndex = (ns: NamespaceEntry) =>
    cache.get<SocketOwnerIndex>(`owners:${ns.inode}`, Number.POSITIVE_INFINITY, async () => new SocketOwnerIndex(ns.pids));
  const reach = (address: string, port: number, deadline: number) =>
    cache.get<boolean>(`reach:${address}:${port}`, deadline, () => connects(address, port, Math.min(REACH_TIMEOUT_MS, remaining(deadline))));
  const processRef = (pid: number, deadline: number) => cache.get<ProcessRef | null>(`process:${pid}`, deadline, () => describeProcess(pid));
  const neighbour = (address: string, family: 4 | 6, deadline: number) =>
    cache.get<string | undefined>(`neighbour:${address}`, deadline, () => neighbourMac(address, family, remaining(deadline)));
  const linkAddresses = (ns: NamespaceEntry, reader: NamespaceReader, deadline: number) =>
    cache.get<LocalAddress[] | null>(`links:${ns.inode}`, deadline, () => readLinkAddresses(reader, remaining(deadline)));

  /** The namespace holding `ip`: the current one first, then the others; null when none has it. */
  async function locate(ip: IpAddress, taken: NamespaceCensus, deadline: number, notes: string[]): Promise<NamespaceEntry | null> {
    const current = taken.namespaces.find((ns) => ns.current);
    if (isLoopbackIp(ip) || isUnspecified(ip)) return current ?? null;
    const ordered = [...taken.namespaces].sort((a, b) => Number(b.current) - Number(a.current) || a.inode - b.inode);
    const found: NamespaceEntry[] = [];
    const processLess: NamespaceEntry[] = [];
    for (const ns of ordered) {
      const reader = readerFor(ns);
      if (!reader) continue;
      if (reader.kind === 'named') {
        processLess.push(ns);
        continue;
      }
      const read = await addresses(ns, reader, deadline);
      if (read.value && hasAddress(read.value, ip)) {
        found.push(ns);
        if (ns.current) break;
      }
    }
    if (!found[0]?.current && processLess.length > 0) {
      const named = taken.namespaces.flatMap((ns) => ns.names);
      const read = await bounded(namedAddresses(named, deadline), deadline, notes, 'listing the addresses of named namespaces');
      notes.push(...(read?.notes ?? []));
      for (const ns of processLess) {
        const list = read?.value?.get(ns.names[0]);
        if (list && hasAddress(list, ip)) found.push(ns);
      }
      // Not knowing is not "not here": say so rather than answer null.
      if ((read === undefined || read.value === null) && found.length === 0) {
        throw new Error(`could not tell in time which network namespace holds ${formatIp(ip)}: the named namespaces were not read within the time limit`);
      }
    }
    if (found.length > 1) return chooseAmong(found, ip, deadline, notes);
    return found[0] ?? null;
  }

  /**
   * Several namespaces hold the address (separate networks with the same addressing: two Compose projects, kind
   * clusters, parallel labs). The one that answered from here is the one whose interface has the link-layer address
   * this namespace's neighbour table resolved the address to; without that (a routed path, no entry), say so.
   */
  async function chooseAmong(found: NamespaceEntry[], ip: IpAddress, deadline: number, notes: string[]): Promise<NamespaceEntry> {
    const text = formatIp(ip);
    // Read once per snapshot: every target at this address asks the same question.
    const mac = await bounded(neighbour(text, ip.family, deadline), deadline, notes, 'reading the neighbour table');
    const links = mac
      ? await Promise.all(
          found.map((ns) => {
            const reader = readerFor(ns);
            return reader ? bounded(linkAddresses(ns, reader, deadline), deadline, notes, 'listing interface addresses') : null;
          }),
        )
      : [];
    const matching = found.filter((_, i) => links[i]?.some((a) => a.mac === mac && hasAddress([a], ip)));
    if (matching.length === 1) {
      const chosen = matching[0] as NamespaceEntry;
      const others = found.filter((ns) => ns !== chosen);
      notes.push(
        `${text} is configured in ${found.length} namespaces; the one whose interface answered from here (${mac}) is ${describeNamespace(chosen)} (also: ${others.map(describeNamespace).join(', ')})`,
      );
      return chosen;
    }
    notes.push(
      `${text} is configured in ${found.length} namespaces and which one answered from here is unknown (${mac ? `no single interface has ${mac}` : 'no neighbour entry: a routed path'}); inspecting ${describeNamespace(found[0] as NamespaceEntry)} (also: ${found.slice(1).map(describeNamespace).join(', ')})`,
    );
    return found[0] as NamespaceEntry;
  }

  /** The owners of `listeners` in `ns`, set on them (found through the namespace's processes' fds). */
  async function setOwners(
    ns: NamespaceEntry,
    listeners: ListeningSocket[],
    deadline: number,
  ): Promise<{ incomplete: boolean; unowned: number; denied: number }> {
    const scan = await (await ownerIndex(ns)).find(new Set(listeners.map((l) => l.inode)), deadline);
    for (const listener of listeners) {
      const pid = scan.owners.get(listener.inode);
      if (pid === undefined) continue;
      const owner = await processRef(pid, deadline);
      if (owner) listener.owner = owner;
    }
    return { incomplete: scan.incomplete, unowned: listeners.filter((l) => !scan.owners.has(l.inode)).length, denied: scan.denied };
  }

  /**
   * A loopback target refused in a container-like namespace: who else on this machine listens on the port, on an
   * address others can reach, and can this namespace reach it. Only namespaces some process lives in can hold a
   * listener, and their socket tables are read through /proc (shared with every other inspection of the run).
   */
  async function listenersElsewhere(
    port: number,
    taken: NamespaceCensus,
    here: NamespaceEntry,
    deadline: number,
    notes: string[],
  ): Promise<ListenerElsewhere[]> {
    const index = await bounded(otherListeners(taken, here, deadline), deadline, notes, 'reading the listening sockets of other namespaces');
    if (!index) return [];
    notes.push(...index.notes);
    const found = index.byPort.get(port) ?? [];
    if (found.length === 0) return [];
    const ownRead = await bounded(
      addresses(here, CURRENT as Exclude<NamespaceReader, { kind: 'named' }>, deadline),
      deadline,
      notes,
      'listing this namespace’s addresses',
    );
    const own = ownRead?.value ?? [];
    // Reachability decides between "the backend it meant" and a same-numbered one on a network this one is not on.
    const tried = await Promise.all(
      found.slice(0, MAX_ELSEWHERE * 2).map(async ({ ns, rows }) => {
        const candidates = await addressesToTry(ns, rows, own, deadline, notes);
        const results = await Promise.all(candidates.map(async (c) => ((await reach(c.address, port, deadline)) ? c : null)));
        const reached = results.find((r) => r !== null) ?? undefined;
        const row = reached?.row ?? rows[0];
        return { ns, row, reachableAt: reached?.address };
      }),
    );
    // Several namespaces may hold the address that answered (separate networks, same addressing): keep the one
    // whose interface this namespace's neighbour table resolved it to.
    const byAddress = new Map<string, NamespaceEntry[]>();
    for (const t of tried) if (t.reachableAt) byAddress.set(t.reachableAt, [...(byAddress.get(t.reachableAt) ?? []), t.ns]);
    for (const [text, holders] of byAddress) {
      if (holders.length < 2) continue;
      const chosen = await chooseAmong(holders, parseIp(text) as IpAddress, deadline, notes);
      for (const t of tried) if (t.reachableAt === text && t.ns !== chosen) t.reachableAt = undefined;
    }
    tried.sort((a, b) => Number(b.reachableAt !== undefined) - Number(a.reachableAt !== undefined));
    const out: ListenerElsewhere[] = [];
    for (const t of tried.slice(0, MAX_ELSEWHERE)) {
      const listener = listenerOf(t.row);
      await setOwners(t.ns, [listener], deadline);
      out.push({ namespace: await reference(t.ns, taken, deadline), listener, ...(t.reachableAt ? { reachableAt: t.reachableAt } : {}) });
    }
    return out;
  }

  /**
   * The non-loopback listeners of every other namespace, by port: built once per snapshot (a run's refused
   * loopback targets then cost a map lookup each, not a walk over the namespaces).
   */
  function otherListeners(taken: NamespaceCensus, here: NamespaceEntry, deadline: number) {
    return cache.get<{ byPort: Map<number, Array<{ ns: NamespaceEntry; rows: ProcTcpRow[] }>>; notes: string[] }>(
      `elsewhere:${here.inode}`,
      deadline,
      async () => {
        const notes: string[] = [];
        const others = taken.namespaces.filter((ns) => ns.inode !== here.inode && ns.pids.length > 0);
        if (others.length > MAX_NAMESPACES_SEARCHED) notes.push(`looked for the port in ${MAX_NAMESPACES_SEARCHED} of ${others.length} other namespaces`);
        const byPort = new Map<number, Array<{ ns: NamespaceEntry; rows: ProcTcpRow[] }>>();
        const reads = await Promise.all(
          others.slice(0, MAX_NAMESPACES_SEARCHED).map(async (ns) => ({ ns, read: await listening(ns, readerFor(ns) as NamespaceReader, deadline) })),
        );
        for (const { ns, read } of reads) {
          if (!read.value) continue;
          for (const port of read.value.ports()) {
            const rows = (read.value.get(port) ?? []).filter((row) => scopeOf(row.localAddress) !== 'loopback');
            if (rows.length) byPort.set(port, [...(byPort.get(port) ?? []), { ns, rows }]);
          }
        }
        return { byPort, notes };
      },
    );
  }

  /** Where to connect to reach a listener of `ns`: its own address, or for a wildcard the namespace's non-loopback addresses (not this namespace's own). */
  async function addressesToTry(
    ns: NamespaceEntry,
    rows: readonly ProcTcpRow[],
    own: readonly LocalAddress[],
    deadline: number,
    notes: string[],
  ): Promise<Array<{ address: string; row: ProcTcpRow }>> {
    const out: Array<{ address: string; row: ProcTcpRow }> = [];
    const usable = (ip: IpAddress) => !isLoopbackIp(ip) && !isUnspecified(ip) && !isLinkLocalV6(ip) && !hasAddress(own, ip);
    const add = (ip: IpAddress, row: ProcTcpRow) => {
      const address = formatIp(ip);
      if (usable(ip) && !out.some((o) => o.address === address)) out.push({ address, row });
    };
    for (const row of rows) {
      const ip = parseIp(row.localAddress);
      if (ip && !isUnspecified(ip)) add(ip, row);
    }
    const wildcards = rows.filter((row) => scopeOf(row.localAddress) === 'wildcard');
    if (wildcards.length > 0) {
      const read = await bounded(
        addresses(ns, readerFor(ns) as Exclude<NamespaceReader, { kind: 'named' }>, deadline),
        deadline,
        notes,
        'listing addresses of other namespaces',
      );
      for (const a of read?.value ?? []) {
        if (a.prefixLength !== (a.ip.family === 4 ? 32 : 128)) continue;
        const row = wildcards.find((w) => listenerAccepts({ address: w.localAddress, family: w.family }, a.ip));
        if (row) add(a.ip, row);
      }
    }
    return out.slice(0, MAX_ADDRESSES_TRIED);
  }

  /**
   * A loopback address:port where nothing listens, answered from finished reads: the same report `inspect` builds
   * (same notes, in the same order). Anything needing more — a listener (owners, backlogs), the search of other
   * namespaces, a read still pending or too old — is left to `inspect`.
   */
  function fromSnapshot(ip: IpAddress, address: string, port: number): LocalSideReport | undefined {
    if (!(isLoopbackIp(ip) || isUnspecified(ip))) return undefined;
    const now = Date.now();
    const taken = cache.peek<NamespaceCensus>('census', now);
    const ns = taken && currentOf(taken);
    if (!taken || !ns || isInitial(ns, taken) === false) return undefined;
    const keys = snapshotKeys(ns.inode);
    const listenRead = cache.peek<Read<ListenerIndex>>(keys.tcp, now);
    const fetched = cache.peek<Ruleset>(ip.family === 4 ? keys.firewall4 : keys.firewall6, now);
    const namespace = cache.peek<NetworkNamespaceRef>(keys.ref, now);
    if (!listenRead || !fetched || !namespace || (listenRead.value?.get(port)?.length ?? 0) > 0) return undefined;
    const firewall = rulesTouching(fetched, { ip, port });
    const noNotes = taken.notes.length === 0 && !listenRead.notes?.length && firewall.notes.length === 0;
    const notes = noNotes ? [] : [...new Set([...taken.notes, ...(listenRead.notes ?? []), ...firewall.notes])];
    return { address, port, namespace, listeners: [], accepts: false, firewall: firewall.hits, notes };
  }

  /** The current namespace of a census, looked up once per census. */
  let lastCensus: { taken: NamespaceCensus; current: NamespaceEntry | undefined } | undefined;
  function currentOf(taken: NamespaceCensus): NamespaceEntry | undefined {
    if (lastCensus?.taken !== taken) lastCensus = { taken, current: taken.namespaces.find((n) => n.current) };
    return lastCensus.current;
  }

  /** The cache keys of a namespace's reads (the same strings `inspect` builds), built once per namespace. */
  const keysByInode = new Map<number, { tcp: string; firewall4: string; firewall6: string; ref: string }>();
  function snapshotKeys(inode: number) {
    let keys = keysByInode.get(inode);
    if (!keys) {
      keys = { tcp: `tcp:${inode}`, firewall4: `firewall:${inode}:4`, firewall6: `firewall:${inode}:6`, ref: `ref:${inode}` };
      if (keysByInode.size >= 1024) keysByInode.clear();
      keysByInode.set(inode, keys);
    }
    return keys;
  }

  const answerNow = (address: string, port: number): LocalSideReport | undefined => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
    const ip = parseIpOnce(address);
    return ip ? fromSnapshot(ip, address, port) : undefined;
  };

  const inspect: InspectLocalSide = async (address, port, inspection: LocalInspectionOptions) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`port must be an integer 1-65535, got ${String(port)}`);
    const ip = parseIpOnce(address);
    if (!ip) return null;
    const fast = fromSnapshot(ip, address, port);
    if (fast) return fast;
    const deadline = Date.now() + Math.max(1, inspection.timeoutMs);
    const notes: string[] = [];
    const loopback = isLoopbackIp(ip) || isUnspecified(ip);
    if (loopback) {
      // Loopback is always this namespace: its sockets and firewall need no census, so they are read
      // alongside it (the first inspection of a run waits for the slowest read, not for their sum).
      const inode = currentNamespaceInode();
      if (inode !== null) {
        const current: NamespaceEntry = { inode, current: true, names: [], pids: [] };
        listening(current, CURRENT, deadline).catch(() => undefined);
        ruleset(current, CURRENT, ip.family, deadline).catch(() => undefined);
      }
    }
    const taken = await census(deadline);
    notes.push(...taken.notes);
    const ns = await locate(ip, taken, deadline, notes);
    if (!ns) return null;
    const reader = readerFor(ns) as NamespaceReader;

    const firewallPromise = ruleset(ns, reader, ip.family, deadline);
    const listenRead = await bounded(listening(ns, reader, deadline), deadline, notes, 'reading the listening sockets');
    notes.push(...(listenRead?.notes ?? []));
    const rows = listenRead?.value?.get(port) ?? [];
    const listeners: ListeningSocket[] = rows.map(listenerOf);
    // The only extra work for a failed loopback target: "localhost" in a container is the container itself.
    const elsewherePromise =
      listeners.length === 0 && loopback && isInitial(ns, taken) === false ? listenersElsewhere(port, taken, ns, deadline, notes) : undefined;

    if (listeners.length > 0) {
      const backlogPromise = backlogs(ns, reader, deadline);
      const scan = await setOwners(ns, listeners, deadline);
      if (scan.incomplete) notes.push('stopped looking for the listening process at the time limit');
      const unowned = scan.unowned;
      if (unowned > 0) {
        const unreadable = scan.denied + taken.denied;
        notes.push(
          unreadable > 0
            ? `the owner of ${unowned} listener(s) is unknown: ${unreadable} processes could not be read (other users' processes need root)`
            : `the owner of ${unowned} listener(s) is unknown: no process in that namespace holds the socket`,
        );
      }
      const ss = (await bounded(backlogPromise, deadline, notes, 'reading listen backlogs with ss')) ?? [];
      for (const listener of listeners) {
        const row = backlogFor(listener, ss);
        if (row) listener.backlog = row.backlog;
      }
    }

    const fetched = await bounded(firewallPromise, deadline, notes, 'reading the firewall');
    const firewall = fetched ? rulesTouching(fetched, { ip, port }) : { hits: [], notes: [] };
    notes.push(...firewall.notes);
    // Every step of the search keeps to the deadline itself (no extra timer per target).
    const elsewhere = elsewherePromise ? await elsewherePromise : undefined;
    const report: LocalSideReport = {
      address,
      port,
      namespace: await reference(ns, taken, deadline),
      listeners,
      accepts: listeners.some((l) => listenerAccepts(l, ip)),
      firewall: firewall.hits,
      ...(elsewhere?.length ? { elsewhere } : {}),
      notes: [...new Set(notes)],
    };
    return report;
  };

  return { inspect, answerNow };
}

/** A probe run asks about the same few addresses over and over; parsed once each (bounded). */
const parsedAddresses = new Map<string, IpAddress | null>();
function parseIpOnce(address: string): IpAddress | null {
  let ip = parsedAddresses.get(address);
  if (ip === undefined) {
    ip = parseIp(address);
    if (parsedAddresses.size >= 1024) parsedAddresses.clear();
    parsedAddresses.set(address, ip);
  }
  return ip;
}

/**
 * Waits for a (possibly shared) read no longer than this call's own deadline: a read started by an earlier
 * call with a longer timeout must not hold this one up. Undefined, with a note, when time runs out.
 */
async function bounded<T>(read: Promise<T>, deadline: number, notes: string[], what: string): Promise<T | undefined> {
  // Most questions in a probe run are answered from finished reads: no timer needed.
  if (settledReads.has(read)) return read;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      notes.push(`${what} did not finish within the time limit`);
      resolve(undefined);
    }, remaining(deadline));
  });
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

function remaining(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}

function listenerOf(row: ProcTcpRow): ListeningSocket {
  return { address: row.localAddress, port: row.localPort, family: row.family, scope: scopeOf(row.localAddress), queued: row.rxQueue, inode: row.inode };
}

/** fe80::/10: unusable without a zone, and never how another namespace is reached. */
function isLinkLocalV6(ip: IpAddress): boolean {
  return ip.family === 6 && ip.bytes[0] === 0xfe && (ip.bytes[1] & 0xc0) === 0x80;
}

/** Whether `ns` is the host's namespace; undefined when the census could not tell which that is. */
function isInitial(ns: NamespaceEntry, taken: NamespaceCensus): boolean | undefined {
  return taken.initialInode === null ? undefined : ns.inode === taken.initialInode;
}

async function namespaceRef(ns: NamespaceEntry, taken: NamespaceCensus): Promise<NetworkNamespaceRef> {
  const ref: NetworkNamespaceRef = { inode: ns.inode, current: ns.current };
  const initial = isInitial(ns, taken);
  if (initial !== undefined) ref.initial = initial;
  if (ns.names.length > 0) ref.name = ns.names[0];
  // The first process still alive that is not a kernel thread; a namespace made with `ip netns add` may have none.
  let tried = 0;
  const slice = new TimeSlice();
  for (const pid of ns.pids) {
    if (tried++ >= 64) break;
    if (slice.over()) await slice.yield();
    if (isKernelThread(pid)) continue;
    const owner = await describeProcess(pid);
    if (owner) {
      ref.owner = owner;
      break;
    }
  }
  return ref;
}

function describeNamespace(ns: NamespaceEntry): string {
  if (ns.names.length > 0) return `netns:${ns.names[0]}`;
  if (ns.pids.length > 0) return `pid:${ns.pids[0]}`;
  return `net:[${ns.inode}]`;
}

const defaultInspector = createLocalInspector();

/** What this machine says about `address:port`; null when no network namespace here has `address`. */
export const inspectLocalSide: InspectLocalSide = (address, port, options) => defaultInspector.inspect(address, port, options);
