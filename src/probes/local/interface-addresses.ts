/**
 * The addresses a network namespace answers on, read three ways:
 * - /proc/PID/net/fib_trie: the IPv4 routing tries of PID's namespace; `/32 host LOCAL` leaves (and LOCAL
 *   prefixes, e.g. AnyIP routes) are the addresses this namespace owns.
 * - /proc/PID/net/if_inet6: one line per IPv6 address (32 hex digits, network order), ifindex, prefix, scope,
 *   flags, interface name.
 * - `ip -j addr` (for a named namespace that no process lives in): JSON with `addr_info[].local`.
 */
import { type IpAddress, inPrefix, parseIp } from './ip-address.js';

export interface LocalAddress {
  ip: IpAddress;
  /** 32 / 128 for an address; shorter for a LOCAL prefix route (every address in it is local). */
  prefixLength: number;
  interface?: string;
  /** The interface's link-layer address (`ip -j addr` only), to tell apart namespaces that hold the same address. */
  mac?: string;
}

/** LOCAL entries of /proc/net/fib_trie. */
export function parseFibTrie(text: string): LocalAddress[] {
  const out: LocalAddress[] = [];
  let leaf: IpAddress | null = null;
  for (const line of text.split('\n')) {
    const leafMatch = /^\s*\|--\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/.exec(line);
    if (leafMatch) {
      leaf = parseIp(leafMatch[1]);
      continue;
    }
    const info = /^\s*\/(\d{1,2})\s+\S+\s+(\w+)/.exec(line);
    if (info && leaf && info[2] === 'LOCAL') {
      const prefixLength = Number(info[1]);
      if (prefixLength <= 32 && !out.some((a) => a.prefixLength === prefixLength && a.ip.bytes.every((b, i) => b === leaf?.bytes[i]))) {
        out.push({ ip: leaf, prefixLength });
      }
      continue;
    }
    if (!/^\s*\//.test(line)) leaf = null;
  }
  return out;
}

/** /proc/net/if_inet6 rows. */
export function parseIfInet6(text: string): LocalAddress[] {
  const out: LocalAddress[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]{32})\s+[0-9a-fA-F]+\s+([0-9a-fA-F]{2})\s+[0-9a-fA-F]+\s+[0-9a-fA-F]+\s+(\S+)\s*$/.exec(line);
    if (!m) continue;
    const groups = m[1].match(/.{4}/g) ?? [];
    const ip = parseIp(groups.join(':'));
    if (ip) out.push({ ip, prefixLength: ip.family === 6 ? 128 : 32, interface: m[3] });
  }
  return out;
}

interface IpAddrJsonInterface {
  ifname?: unknown;
  address?: unknown;
  link_type?: unknown;
  addr_info?: unknown;
}

/** `ip -j addr` output; garbage yields an empty list. */
export function parseIpAddrJson(text: string): LocalAddress[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const out: LocalAddress[] = [];
  for (const entry of parsed as IpAddrJsonInterface[]) {
    if (!entry || !Array.isArray(entry.addr_info)) continue;
    const mac = entry.link_type === 'ether' && typeof entry.address === 'string' ? entry.address.toLowerCase() : undefined;
    for (const info of entry.addr_info as Array<{ local?: unknown }>) {
      const ip = typeof info?.local === 'string' ? parseIp(info.local) : null;
      if (ip)
        out.push({
          ip,
          prefixLength: ip.family === 4 ? 32 : 128,
          ...(typeof entry.ifname === 'string' ? { interface: entry.ifname } : {}),
          ...(mac ? { mac } : {}),
        });
    }
  }
  return out;
}

/** True when `ip` is one of the namespace's addresses (or inside one of its LOCAL prefixes). */
export function hasAddress(addresses: readonly LocalAddress[], ip: IpAddress): boolean {
  return addresses.some((a) => inPrefix(ip, a.ip, a.prefixLength));
}

/** Complete IPv4 neighbour entries of /proc/net/arp (`IP  HW-type  Flags  HW-address  Mask  Device`): IP → MAC. */
export function parseProcArp(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) {
    const [ip, , flags, mac] = line.trim().split(/\s+/);
    // 0x2 = ATF_COM: resolved; an incomplete entry has the all-zero address.
    if (ip && mac && flags && (Number.parseInt(flags, 16) & 0x2) !== 0 && mac !== '00:00:00:00:00:00') out.set(ip, mac.toLowerCase());
  }
  return out;
}

/** `ip -j neigh show to IP` output: the neighbour's link-layer address, when resolved. */
export function parseIpNeighJson(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as Array<{ lladdr?: unknown; state?: unknown }>;
    const entry = Array.isArray(parsed) ? parsed.find((e) => typeof e?.lladdr === 'string') : undefined;
    return typeof entry?.lladdr === 'string' ? entry.lladdr.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
