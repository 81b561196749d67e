import type { SourcePosition } from '../../core/position.js';
import type { YamlCursor } from '../envoy/yaml-cursor.js';
import type { TraefikDynamicFile, TraefikProtocol, TraefikRouter, TraefikServer, TraefikService } from './model.js';

const PROTOCOLS: readonly TraefikProtocol[] = ['http', 'tcp', 'udp'];

/** A file provider document: `http|tcp|udp` → `routers` / `services`. Undefined when the document is not one. */
export function readDynamicConfig(root: YamlCursor, file: string, format: 'yaml' | 'toml', text: string): TraefikDynamicFile | undefined {
  if (!root.isMap()) return undefined;
  const lines = text.split('\n');
  const sections = PROTOCOLS.flatMap((p) => {
    const s = root.get(p);
    return s?.isMap() && (s.get('routers')?.isMap() || s.get('services')?.isMap()) ? [[p, s] as const] : [];
  });
  if (sections.length === 0) return undefined;
  const id = `traefik:${file}`;
  const out: TraefikDynamicFile = { id, file, format, routers: [], services: [], at: sections[0]![1].keyPos() };
  for (const [protocol, section] of sections) {
    for (const [name, r] of section.get('routers')?.entries() ?? []) {
      const router: TraefikRouter = { name, protocol, provider: 'file', nameAt: r.keyPos(), at: r.pos() };
      const rule = r.get('rule')?.locatedString();
      if (rule) router.rule = rule;
      const service = r.get('service')?.locatedString();
      if (service) router.service = service;
      out.routers.push(router);
    }
    for (const [name, s] of section.get('services')?.entries() ?? []) out.services.push(readService(id, protocol, name, s, lines));
  }
  return out;
}

function readService(fileId: string, protocol: TraefikProtocol, name: string, s: YamlCursor, lines: readonly string[]): TraefikService {
  const service: TraefikService = { name, protocol, provider: 'file', nameAt: s.keyPos(), at: s.pos(), kind: 'loadBalancer', children: [], servers: [] };
  const lb = s.get('loadBalancer');
  if (lb) {
    lb.get('servers')
      ?.items()
      .forEach((server, i) => {
        const id = `${fileId}#${protocol}/${name}/${i}`;
        const value = protocol === 'http' ? server.get('url') : server.get('address');
        const written = value?.string();
        if (!value || written === undefined) return;
        service.servers.push(
          protocol === 'http' ? serverFromUrl(id, written, value.pos(), lines) : serverFromAddress(id, protocol, written, value.pos(), lines),
        );
      });
    const hc = lb.get('healthCheck');
    if (hc) {
      service.healthCheck = { at: hc.keyPos() };
      const path = hc.get('path')?.locatedString();
      if (path) service.healthCheck.path = path;
      const port = hc.get('port')?.locatedNumber();
      if (port) service.healthCheck.port = port;
    }
    return service;
  }
  for (const kind of ['weighted', 'mirroring', 'failover'] as const) {
    const k = s.get(kind);
    if (!k) continue;
    service.kind = kind;
    if (kind === 'weighted') for (const c of k.get('services')?.items() ?? []) pushName(service, c.get('name'));
    if (kind === 'mirroring') {
      pushName(service, k.get('service'));
      for (const m of k.get('mirrors')?.items() ?? []) pushName(service, m.get('name'));
    }
    if (kind === 'failover') {
      pushName(service, k.get('service'));
      pushName(service, k.get('fallback'));
    }
  }
  return service;
}

function pushName(service: TraefikService, node: YamlCursor | undefined): void {
  const n = node?.locatedString();
  if (n) service.children.push(n);
}

/** `http://api:3000/`, `https://api`, `h2c://grpc:50051`: host and port with their own positions inside the value. */
export function serverFromUrl(id: string, url: string, at: SourcePosition, lines: readonly string[]): TraefikServer {
  const server: TraefikServer = { id, text: url, scheme: 'http', at };
  if (/\{\{|\$\{/.test(url)) server.dynamic = true;
  const m = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]+\]|[^/:?#]*)(?::(\d+))?/i.exec(url.trim());
  if (!m) return server;
  server.scheme = m[1]!.toLowerCase();
  const offset = valueOffset(at, lines, url);
  const hostStart = m[1]!.length + 3;
  if (m[2]) {
    server.host = m[2].replace(/^\[|\]$/g, '');
    server.hostAt = inner(at, offset + hostStart, m[2].length);
  }
  if (m[3]) {
    server.port = Number(m[3]);
    server.portAt = inner(at, offset + hostStart + m[2]!.length + 1, m[3].length);
  } else server.defaultPort = server.scheme === 'https' ? 443 : 80;
  return server;
}

/** TCP/UDP `address: "db:5432"`. */
function serverFromAddress(id: string, protocol: TraefikProtocol, address: string, at: SourcePosition, lines: readonly string[]): TraefikServer {
  const server: TraefikServer = { id, text: address, scheme: protocol, at };
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(address.trim());
  if (!m) return server;
  const offset = valueOffset(at, lines, address);
  server.host = m[1]!.replace(/^\[|\]$/g, '');
  server.hostAt = inner(at, offset, m[1]!.length);
  server.port = Number(m[2]);
  server.portAt = inner(at, offset + m[1]!.length + 1, m[2]!.length);
  return server;
}

/** Columns between where a scalar's range starts and where its text starts (1 for a quoted string, else 0). */
export function valueOffset(at: SourcePosition, lines: readonly string[], value: string): number {
  const line = lines[at.line - 1] ?? '';
  const from = at.column - 1;
  const index = line.indexOf(value, from);
  return index >= from && index - from <= 1 ? index - from : 0;
}

/** A part of a single-line value: `length` characters from `offset` columns after its start. */
export function inner(at: SourcePosition, offset: number, length: number): SourcePosition {
  if (at.endLine !== undefined && at.endLine !== at.line) return at;
  return { file: at.file, line: at.line, column: at.column + offset, endLine: at.line, endColumn: at.column + offset + length };
}
