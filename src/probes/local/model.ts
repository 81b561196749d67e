/**
 * The contract between the probe engine (DNS/TCP/TLS/HTTP steps, src/probes/*.ts) and the local-host
 * inspection (src/probes/local/**): what this machine says about an address:port it hosts, in whichever
 * network namespace that address lives.
 */

export interface ProcessRef {
  pid: number;
  /** `comm` (process name) and the first bytes of its command line, sanitised by the reporter. */
  name: string;
  commandLine?: string;
  /** Open file descriptors now, and the soft `Max open files` limit from /proc/PID/limits. */
  openFiles?: number;
  maxOpenFiles?: number;
}

export interface NetworkNamespaceRef {
  /** The namespace inode (`net:[4026531840]`). */
  inode: number;
  /** True for the namespace this updoc runs in. */
  current: boolean;
  /**
   * True for the machine's initial namespace (the host's), false for any other (a container's, a pod's, an
   * `ip netns` one); absent when that could not be told (kthreadd's and PID 1's namespaces unreadable).
   */
  initial?: boolean;
  /** `ip netns` name when one points at it (/run/netns/NAME). */
  name?: string;
  /** A process living in it (the container's / pod's main process), when one was found via /proc/PID/ns/net. */
  owner?: ProcessRef;
}

export interface ListeningSocket {
  /** Local address as the kernel shows it: `0.0.0.0`, `::`, `127.0.0.1`, `::1`, `10.0.1.5`. */
  address: string;
  port: number;
  family: 4 | 6;
  /** Wildcard (`0.0.0.0` / `::`), loopback-only, or a specific address. */
  scope: 'wildcard' | 'loopback' | 'specific';
  /** `::` sockets also accept IPv4 unless IPV6_V6ONLY; unknown from /proc, so undefined. */
  v6only?: boolean;
  /** Backlog queue: current (Recv-Q) and limit (Send-Q) for listeners when known (full backlog = drops). */
  queued?: number;
  backlog?: number;
  inode: number;
  owner?: ProcessRef;
}

export interface FirewallRuleHit {
  /** `nft` or `iptables`. */
  tool: 'nft' | 'iptables';
  /** family/table/chain of the rule and the rule text (as `nft -a list` prints it). */
  table: string;
  chain: string;
  rule: string;
  /** What the rule does to matching packets. */
  verdict: 'drop' | 'reject' | 'accept' | 'other';
}

/** A listener on the port in another network namespace of this machine (see `LocalSideReport.elsewhere`). */
export interface ListenerElsewhere {
  namespace: NetworkNamespaceRef;
  /** A wildcard or specific (non-loopback) listener there. */
  listener: ListeningSocket;
  /** An address of that namespace where a connect from this namespace to the port succeeded; absent when none did. */
  reachableAt?: string;
}

/** Everything this machine says about one address:port. */
export interface LocalSideReport {
  address: string;
  port: number;
  /** The namespace where `address` is configured on an interface (or the current one for loopback). */
  namespace: NetworkNamespaceRef;
  /** Every listener on `port` in that namespace (any address), so a 127.0.0.1-only listener is visible. */
  listeners: ListeningSocket[];
  /** True when some listener accepts connections to `address` (wildcard or exact match). */
  accepts: boolean;
  firewall: FirewallRuleHit[];
  /**
   * Only for a loopback address in a namespace that is not the host's (a container's, pod's or `ip netns` one)
   * where nothing listens on the port: the listeners on that port, on non-loopback addresses, in the machine's
   * other namespaces (at most four), and whether each is reachable from here. "localhost" inside a container is
   * the container itself; the backend is one of these.
   */
  elsewhere?: ListenerElsewhere[];
  /** Things that could not be read (permissions, missing tools) — reported, never fatal. */
  notes: string[];
}

export interface LocalInspectionOptions {
  timeoutMs: number;
}

/** Implemented in src/probes/local/index.ts: `inspectLocalSide`. Returns null when no namespace here has `address`. */
export type InspectLocalSide = (address: string, port: number, options: LocalInspectionOptions) => Promise<LocalSideReport | null>;

/** Where a probe runs from. */
export type Vantage = { kind: 'current' } | { kind: 'netns'; name: string } | { kind: 'pid'; pid: number };

/**
 * Implemented in src/probes/vantage.ts: runs `updoc probe <args> --json` inside the vantage's network
 * namespace (nsenter/setns via re-exec, argument arrays only, never a shell) and returns its parsed JSON
 * report, or throws a clear error (no such namespace, not root, timeout).
 */
export type RunFromVantage = (vantage: Vantage, probeArgs: readonly string[], options: { timeoutMs: number }) => Promise<unknown>;
