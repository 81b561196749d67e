import { isIP } from 'node:net';

/**
 * TARGET parsing for `updoc probe`. Everything here is pure string handling: a target is validated
 * completely before any socket opens, and nothing from it ever reaches a shell.
 */

/**
 * What to speak after the TCP connect.
 * - `tcp`: connect only (`nc -zv`); `tls`: connect + TLS handshake.
 * - `http` / `https`: HTTP/1.1, or h2 when TLS ALPN selects it.
 * - `h2c`: HTTP/2 over plain TCP with prior knowledge; `h2`: TLS that must negotiate h2 by ALPN.
 * - `grpc`: gRPC over h2c (plaintext); `grpcs`: gRPC over TLS + ALPN h2. This follows the gRPC
 *   convention that the "s" scheme means TLS (as `grpc://` / `grpcs://` in Envoy, Traefik and grpcurl's
 *   `-plaintext` distinction); a health check (`grpc.health.v1.Health/Check`) is sent.
 */
export const SCHEMES = ['tcp', 'tls', 'http', 'https', 'h2c', 'h2', 'grpc', 'grpcs'] as const;
export type Scheme = (typeof SCHEMES)[number];

const DEFAULT_PORTS: Partial<Record<Scheme, number>> = { http: 80, h2c: 80, grpc: 80, https: 443, h2: 443, grpcs: 443, tls: 443 };
const TLS_SCHEMES: ReadonlySet<Scheme> = new Set(['tls', 'https', 'h2', 'grpcs']);
/** `--tls` turns a plain scheme into its TLS form. */
const WITH_TLS: Record<Scheme, Scheme> = { tcp: 'tls', tls: 'tls', http: 'https', https: 'https', h2c: 'h2', h2: 'h2', grpc: 'grpcs', grpcs: 'grpcs' };

export const MAX_TARGET_LENGTH = 2048;
export const MAX_HOSTNAME_LENGTH = 253;

export type HostKind = 'ipv4' | 'ipv6' | 'name';

export interface ProbeTarget {
  /** The target as the user wrote it (untrusted: sanitise before printing). */
  input: string;
  scheme: Scheme;
  /** Hostname or IP literal without brackets or zone. */
  host: string;
  hostKind: HostKind;
  /** IPv6 zone (interface) for link-local literals: `fe80::1%eth0`. */
  zone?: string;
  port: number;
  portFrom: 'explicit' | 'scheme' | '--port';
  /** Request path with query, for HTTP-speaking schemes; `/` by default. */
  path: string;
  tls: boolean;
  /** Canonical form used as `target` in reports: `http://127.0.0.1:3000/health`, `tcp://[::1]:5432`. */
  display: string;
}

export interface TargetDefaults {
  /** `--port`: port for targets that name none. */
  port?: number;
  /** `--scheme`: what to speak for targets without a scheme (default `tcp`). */
  scheme?: Scheme;
  /** `--tls`: force TLS. */
  tls?: boolean;
}

export type ParsedTarget = { ok: true; target: ProbeTarget } | { ok: false; error: string };

export function isScheme(value: string): value is Scheme {
  return (SCHEMES as readonly string[]).includes(value);
}

export function speaksHttp(scheme: Scheme): boolean {
  return scheme !== 'tcp' && scheme !== 'tls';
}

export function hostForUrl(target: Pick<ProbeTarget, 'host' | 'hostKind' | 'zone'>): string {
  if (target.hostKind !== 'ipv6') return target.host;
  return `[${target.host}${target.zone ? `%${target.zone}` : ''}]`;
}

const fail = (error: string): ParsedTarget => ({ ok: false, error });

/** Parses one TARGET: a URL, `host:port`, `[v6]:port`, a bare IP or a bare name. */
export function parseTarget(raw: string, defaults: TargetDefaults = {}): ParsedTarget {
  const input = raw.trim();
  if (input === '') return fail('empty target');
  if (input.length > MAX_TARGET_LENGTH) return fail(`target is ${input.length} characters long; at most ${MAX_TARGET_LENGTH} are accepted`);
  // Control characters and spaces never belong in a host, port or URL; refusing them early also keeps
  // terminal escapes out of reports.
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(input)) return fail('target contains spaces or control characters');
  if (input.startsWith('-')) return fail('a target cannot start with "-" (is it a misspelled option?)');

  let scheme: Scheme;
  let rest: string;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(input);
  if (schemeMatch) {
    const name = schemeMatch[1].toLowerCase();
    if (!isScheme(name)) return fail(`unsupported scheme "${name}"; use one of: ${SCHEMES.join(', ')}`);
    scheme = name;
    rest = schemeMatch[2];
  } else {
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/[^/]/.test(input)) return fail('malformed URL: write scheme://host[:port][/path]');
    scheme = defaults.scheme ?? 'tcp';
    rest = input;
  }
  if (defaults.tls) scheme = WITH_TLS[scheme];

  // Split authority from path; a fragment is never sent, so it is dropped.
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  const pathAt = rest.search(/[/?]/);
  const authority = pathAt >= 0 ? rest.slice(0, pathAt) : rest;
  let path = pathAt >= 0 ? rest.slice(pathAt) : '/';
  if (path.startsWith('?')) path = `/${path}`;
  if (!schemeMatch && pathAt >= 0) return fail('a path needs a URL: write http://host:port/path');
  if (authority === '') return fail('no host given');
  if (authority.includes('@'))
    return fail('credentials in the target are not accepted (they would end up in reports); send them with --header "Authorization: …"');

  const hostPort = splitHostPort(authority, Boolean(schemeMatch));
  if ('error' in hostPort) return fail(hostPort.error);
  const { host, hostKind, zone } = hostPort;

  let port: number;
  let portFrom: ProbeTarget['portFrom'];
  if (hostPort.port !== undefined) {
    const parsed = parsePort(hostPort.port);
    if (typeof parsed === 'string') return fail(parsed);
    port = parsed;
    portFrom = 'explicit';
  } else if (defaults.port !== undefined) {
    port = defaults.port;
    portFrom = '--port';
  } else if (DEFAULT_PORTS[scheme] !== undefined) {
    port = DEFAULT_PORTS[scheme] as number;
    portFrom = 'scheme';
  } else {
    return fail(`no port: write ${hostKind === 'ipv6' ? `[${host}]` : host}:PORT, give --port, or use a URL (http://…)`);
  }

  if (speaksHttp(scheme)) {
    if (/[^\x21-\x7e]/.test(path)) path = encodeURI(path);
  } else if (path !== '/') return fail(`a path makes no sense for ${scheme}://; use http://, https://, h2c:// or grpc://`);

  const base = { host, hostKind, ...(zone ? { zone } : {}) };
  const display = `${scheme}://${hostForUrl(base)}:${port}${speaksHttp(scheme) ? path : ''}`;
  return { ok: true, target: { input, scheme, ...base, port, portFrom, path: speaksHttp(scheme) ? path : '/', tls: TLS_SCHEMES.has(scheme), display } };
}

type HostPort = { host: string; hostKind: HostKind; zone?: string; port?: string } | { error: string };

function splitHostPort(authority: string, isUrl: boolean): HostPort {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return { error: 'unclosed "[" in IPv6 address' };
    const literal = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return { error: `unexpected "${after.slice(0, 20)}" after the IPv6 address` };
    const v6 = parseIPv6(isUrl ? literal.replace(/%25/, '%') : literal);
    if ('error' in v6) return v6;
    return { ...v6, ...(after ? { port: after.slice(1) } : {}) };
  }
  const colons = (authority.match(/:/g) ?? []).length;
  if (colons > 1) {
    // An IPv6 literal without brackets cannot carry a port: `::1:80` is itself a valid address.
    if (isUrl) return { error: 'IPv6 addresses in URLs need brackets: http://[::1]:8080/' };
    return parseIPv6(authority);
  }
  const [host, port] = colons === 1 ? authority.split(':') : [authority, undefined];
  if (host === '') return { error: 'no host given' };
  if (host.includes('%')) return { error: 'a zone (%iface) is only valid on an IPv6 address' };
  if (isIP(host) === 4) return { host, hostKind: 'ipv4', ...(port !== undefined ? { port } : {}) };
  if (/^[0-9.]+$/.test(host)) return { error: `"${host}" is not a valid IPv4 address` };
  const nameError = checkHostname(host);
  if (nameError) return { error: nameError };
  return { host: host.toLowerCase(), hostKind: 'name', ...(port !== undefined ? { port } : {}) };
}

function parseIPv6(literal: string): HostPort {
  const [address, zone, extra] = literal.split('%');
  if (extra !== undefined) return { error: 'more than one "%" in the IPv6 address' };
  if (isIP(address) !== 6) return { error: `"${address.slice(0, 60)}" is not a valid IPv6 address` };
  if (zone !== undefined) {
    // Interface names are at most 15 bytes (IFNAMSIZ - 1); a numeric zone is an interface index.
    if (!/^[A-Za-z0-9_.-]{1,15}$/.test(zone)) return { error: 'invalid IPv6 zone: expected an interface name such as %eth0' };
    if (!/^fe[89ab]/i.test(address)) return { error: 'a zone (%iface) is only meaningful on a link-local address (fe80::/10)' };
  }
  return { host: address.toLowerCase(), hostKind: 'ipv6', ...(zone ? { zone } : {}) };
}

/** RFC 1123 host names (underscores tolerated: they occur in SRV-style and Docker names). */
export function checkHostname(name: string): string | null {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length > MAX_HOSTNAME_LENGTH) return `host name is ${bare.length} characters long; DNS allows at most ${MAX_HOSTNAME_LENGTH}`;
  for (const label of bare.split('.')) {
    if (label.length === 0) return 'host name has an empty label (".." or a leading ".")';
    if (label.length > 63) return `host name label "${label.slice(0, 20)}…" is ${label.length} characters long; DNS allows at most 63`;
    if (!/^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/.test(label)) return `"${name.slice(0, 80)}" is not a valid host name (letters, digits, "-", "." only)`;
  }
  return null;
}

function parsePort(text: string): number | string {
  if (!/^\d{1,5}$/.test(text)) return `invalid port "${text.slice(0, 20)}": expected a number 1–65535`;
  const port = Number(text);
  if (port < 1 || port > 65535) return `port ${port} is out of range 1–65535`;
  return port;
}

export interface TargetsFileLine {
  line: number;
  target: ProbeTarget;
}

export interface TargetsFileError {
  line: number;
  /** The offending line, untrusted. */
  input: string;
  error: string;
}

export const MAX_TARGETS = 100_000;

/**
 * `--targets FILE`: one TARGET per line; blank lines and lines starting with `#` are skipped. Lines
 * that are not targets are reported with their line number; the rest are probed.
 */
export function parseTargetsText(text: string, defaults: TargetDefaults = {}): { targets: TargetsFileLine[]; errors: TargetsFileError[]; tooMany: boolean } {
  const targets: TargetsFileLine[] = [];
  const errors: TargetsFileError[] = [];
  const lines = text.split(/\r?\n/);
  let tooMany = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (targets.length >= MAX_TARGETS) {
      tooMany = true;
      break;
    }
    const parsed = parseTarget(line, defaults);
    if (parsed.ok) targets.push({ line: i + 1, target: parsed.target });
    else errors.push({ line: i + 1, input: line.slice(0, 200), error: parsed.error });
  }
  return { targets, errors, tooMany };
}
