/**
 * IP addresses as bytes, so `::ffff:10.0.0.1`, `10.0.0.1` and the kernel's hex spellings compare equal.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface IpAddress {
  family: 4 | 6;
  /** 4 bytes for IPv4 (also for IPv4-mapped IPv6), 16 for IPv6. */
  bytes: Uint8Array;
}

/** Parses `10.0.0.1`, `::1`, `[fe80::1%eth0]` (zone dropped), `::ffff:10.0.0.1` (→ IPv4); null for anything else. */
export function parseIp(text: string): IpAddress | null {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const zone = t.indexOf('%');
  if (zone >= 0) {
    // A zone (`%eth0`) only qualifies IPv6 addresses and must name something.
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(t.slice(zone + 1))) return null;
    t = t.slice(0, zone);
    if (!isIPv6(t)) return null;
  }
  if (isIPv4(t)) return { family: 4, bytes: Uint8Array.from(t.split('.').map(Number)) };
  if (!isIPv6(t)) return null;
  const bytes = parseIpv6(t);
  return unmapIpv4(bytes) ?? { family: 6, bytes };
}

function parseIpv6(text: string): Uint8Array {
  let t = text;
  // A dotted IPv4 tail (`::ffff:1.2.3.4`) stands for the last two groups.
  const lastColon = t.lastIndexOf(':');
  const tail = t.slice(lastColon + 1);
  if (tail.includes('.')) {
    const q = tail.split('.').map(Number);
    t = `${t.slice(0, lastColon + 1)}${((q[0] << 8) | q[1]).toString(16)}:${((q[2] << 8) | q[3]).toString(16)}`;
  }
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const double = t.indexOf('::');
  let words: number[];
  if (double < 0) {
    words = groups(t);
  } else {
    const left = groups(t.slice(0, double));
    const right = groups(t.slice(double + 2));
    words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  }
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[i * 2] = (w >> 8) & 0xff;
    bytes[i * 2 + 1] = w & 0xff;
  });
  return bytes;
}

function unmapIpv4(bytes: Uint8Array): IpAddress | null {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return null;
  if (bytes[10] !== 0xff || bytes[11] !== 0xff) return null;
  return { family: 4, bytes: bytes.slice(12) };
}

/** RFC 5952 text for IPv6 (IPv4-mapped as `::ffff:a.b.c.d`), dotted quad for IPv4. */
export function formatIp(address: IpAddress): string {
  const b = address.bytes;
  if (address.family === 4) return Array.from(b).join('.');
  const mapped = unmapIpv4(b);
  if (mapped) return `::ffff:${Array.from(mapped.bytes).join('.')}`;
  const words = Array.from({ length: 8 }, (_, i) => (b[i * 2] << 8) | b[i * 2 + 1]);
  // Longest run of two or more zero groups becomes '::'.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Canonical text: IPv4-mapped IPv6 shown as IPv4, IPv6 compressed lower-case; input unchanged if not an IP. */
export function canonicalIp(text: string): string {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : text;
}

export function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.bytes.every((byte, i) => byte === b.bytes[i]);
}

export function isUnspecified(ip: IpAddress): boolean {
  return ip.bytes.every((byte) => byte === 0);
}

export function isLoopbackIp(ip: IpAddress): boolean {
  if (ip.family === 4) return ip.bytes[0] === 127;
  return ip.bytes.every((byte, i) => (i === 15 ? byte === 1 : byte === 0));
}

/** True when `ip` lies in `network/prefixLength` (same family). */
export function inPrefix(ip: IpAddress, network: IpAddress, prefixLength: number): boolean {
  if (ip.family !== network.family) return false;
  let bits = prefixLength;
  for (let i = 0; i < ip.bytes.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip.bytes[i] & mask) !== (network.bytes[i] & mask)) return false;
  }
  return true;
}
