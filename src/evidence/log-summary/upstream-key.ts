import type { Fields } from '../../core/ids.js';
import { splitUpstream } from '../match-signatures.js';

/** Failures whose target the log does not name. */
export const UNKNOWN_UPSTREAM = '(unknown)';
/** Upstreams beyond the kept ones, folded together. */
export const OTHER_UPSTREAM = '(other)';

const BACKEND_SERVER = /^[A-Za-z_][\w.-]*\/[\w.<>-]+$/;

/**
 * One spelling per upstream: `host:port` (IPv6 in brackets, host lower-cased) for URLs and
 * addresses, `unix:/path` for sockets, the name itself for pools/clusters/backends.
 * nginx `upstream: "http://10.0.0.5:3000/x"` → `10.0.0.5:3000`.
 */
export function upstreamKey(raw: string): string {
  let key = keys.get(raw);
  if (key === undefined) {
    key = upstreamKeyUncached(raw);
    // Logs name few upstreams, over and over; the cache restarts when full.
    if (keys.size >= KEY_CACHE_SIZE) keys.clear();
    keys.set(raw, key);
  }
  return key;
}

const KEY_CACHE_SIZE = 4096;
const keys = new Map<string, string>();

function upstreamKeyUncached(raw: string): string {
  const text = raw.trim();
  if (text === '' || text === '-') return UNKNOWN_UPSTREAM;
  // HAProxy's `backend/server` is a name, not a host with a path.
  if (BACKEND_SERVER.test(text)) return text;
  const parts = splitUpstream(text);
  if (!parts.host) return text;
  return hostPort(parts.host, parts.port);
}

/** `10.0.0.5:3000` / `[::1]:3000` → host (without brackets) and port; null for pool names and the placeholders. */
export function addressOf(upstream: string): { host: string; port: number } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(upstream);
  return m ? { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) } : null;
}

export function hostPort(host: string, port: string | undefined): string {
  const h = host.toLowerCase();
  if (h.startsWith('unix:')) return h;
  const bracketed = h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
  return port ? `${bracketed}:${port}` : bracketed;
}

/** The upstream a signature's fields name, or null when they name none. */
export function upstreamOfFields(fields: Fields): string | null {
  if (fields.upstream) {
    const key = upstreamKey(fields.upstream);
    // A pattern that captured host and port separately knows the port even when `upstream` lacks it.
    if (fields.host && fields.port && !key.includes(':')) return hostPort(fields.host, fields.port);
    return key;
  }
  if (fields.host) return hostPort(fields.host, fields.port);
  if (fields.backend) return fields.server ? `${fields.backend}/${fields.server}` : fields.backend;
  return null;
}
