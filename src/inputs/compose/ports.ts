import type { PortProtocol, PortRange } from './model.js';

export interface ShortPort {
  target: PortRange;
  published?: PortRange;
  hostIp?: string;
  protocol: PortProtocol;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const PROTOCOLS = new Set<PortProtocol>(['tcp', 'udp', 'sctp']);

/** `8080`, `8000-8010`: a port or an inclusive range, each 1–65535 (0 allowed on the host side: ephemeral). */
export function parsePortRange(text: string, allowZero = false): PortRange | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  const min = allowZero ? 0 : 1;
  if (start < min || end > 65535 || end < start) return undefined;
  return { start, end };
}

export function splitProtocol(text: string): { rest: string; protocol: PortProtocol } | undefined {
  const slash = text.lastIndexOf('/');
  if (slash === -1) return { rest: text, protocol: 'tcp' };
  const protocol = text.slice(slash + 1).toLowerCase() as PortProtocol;
  if (!PROTOCOLS.has(protocol)) return undefined;
  return { rest: text.slice(0, slash), protocol };
}

/**
 * Compose short port syntax: `[[HOST_IP:][HOST_PORT[-END]]:]CONTAINER_PORT[-END][/PROTOCOL]`, IPv6 host
 * addresses in brackets (`[::1]:8080:80`) or bare (`::1:8080:80`).
 */
export function parseShortPort(text: string): Parsed<ShortPort> {
  const bad = (why: string): Parsed<ShortPort> => ({ ok: false, message: `invalid port \`${text}\`: ${why}` });
  const proto = splitProtocol(text.trim());
  if (!proto) return bad('the protocol must be tcp, udp or sctp');
  let rest = proto.rest;
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1 || rest[close + 1] !== ':') return bad('unclosed IPv6 address');
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  let hostPart: string | undefined;
  let containerPart: string;
  if (parts.length === 1) containerPart = parts[0]!;
  else if (parts.length === 2) {
    [hostPart, containerPart] = parts as [string, string];
  } else {
    if (hostIp !== undefined) return bad('too many `:`');
    containerPart = parts.pop()!;
    hostPart = parts.pop()!;
    hostIp = parts.join(':');
  }
  const target = parsePortRange(containerPart);
  if (!target) return bad(`\`${containerPart}\` is not a container port (1–65535)`);
  const value: ShortPort = { target, protocol: proto.protocol };
  if (hostIp !== undefined && hostIp !== '') value.hostIp = hostIp;
  if (hostPart !== undefined && hostPart !== '') {
    const published = parsePortRange(hostPart, true);
    if (!published) return bad(`\`${hostPart}\` is not a host port (0–65535)`);
    if (published.end - published.start !== target.end - target.start && target.start !== target.end) {
      return bad('the host and container ranges differ in size');
    }
    if (published.start !== 0) value.published = published;
  }
  return { ok: true, value };
}

export function inRange(port: number, range: PortRange): boolean {
  return port >= range.start && port <= range.end;
}

export function formatRange(range: PortRange): string {
  return range.start === range.end ? String(range.start) : `${range.start}-${range.end}`;
}

/** The container port a published host port maps to (`8000-8010:9000-9010`, `3000:8080`). */
export function containerPortFor(hostPort: number, published: PortRange, target: PortRange): number {
  if (target.start === target.end) return target.start;
  return target.start + (hostPort - published.start);
}

export function rangesOverlap(a: PortRange, b: PortRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}
