import type { ResolvedPath, UpstreamTarget } from '../topology/model.js';
import { isLoopbackHost } from '../../core/loopback.js';

/**
 * Relating what the logs and probes name (`127.0.0.1:3000`, `172.18.0.3:3000`, `api:3000`, a pool name) to the
 * targets the configs write (`http://localhost:3000`, `api:3000`, `upstream backend`), so that a lint finding on
 * the path that fails in the logs counts more than one on a path nobody complained about.
 */

/** `host:port` of a target as the logs would print it (port defaulted from the scheme). */
export function targetKey(target: UpstreamTarget): string | undefined {
  if (target.unixSocket) return `unix:${target.unixSocket}`;
  if (!target.host) return undefined;
  const port = target.port ?? target.defaultPort;
  const host = target.host.toLowerCase().replace(/\.$/, '');
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return port ? `${shown}:${port}` : shown;
}

function split(key: string): { host: string; port?: string } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(key.toLowerCase());
  if (!m) return { host: key.toLowerCase() };
  return { host: m[1].replace(/^\[|\]$/g, ''), port: m[2] };
}

/**
 * How well an upstream named in logs or probes matches a target: 1 same host and port (loopback spellings are
 * one host), 0.6 a name's first label (`api` vs `api.shop.svc.cluster.local`), 0.4 only the port (logs print the
 * resolved IP), 0 no match.
 */
export function matchUpstream(upstream: string, target: UpstreamTarget): number {
  const key = targetKey(target);
  if (!key) return 0;
  // ingress-nginx names a Service's pool `<namespace>-<service>-<port>` and Services `<namespace>/<service>`.
  const port = target.port ?? target.defaultPort;
  if (target.host && !target.host.includes('.') && /^[a-z0-9-]+(?:\/[a-z0-9-]+)?$/.test(upstream)) {
    const host = target.host.toLowerCase();
    const ns = target.namespace?.toLowerCase();
    if (ns && (upstream === `${ns}-${host}-${port}` || upstream === `${ns}/${host}`)) return 1;
    if (!ns && (upstream.endsWith(`-${host}-${port}`) || upstream.endsWith(`/${host}`))) return 0.8;
  }
  return matchKeys(upstream, key, target.route);
}

/** `matchUpstream` on two `host:port` keys; `route` lets a pool name match the route that names it. */
export function matchKeys(upstream: string, key: string, route?: string): number {
  const a = split(upstream);
  const b = split(key);
  if (a.host.startsWith('unix:') || b.host.startsWith('unix:')) return a.host === b.host ? 1 : 0;
  const samePort = a.port !== undefined && b.port !== undefined && a.port === b.port;
  if (a.port !== undefined && b.port !== undefined && !samePort) return 0;
  if (a.host === b.host || (isLoopbackHost(a.host) && isLoopbackHost(b.host))) return 1;
  if (a.host.split('.')[0] === b.host.split('.')[0] && !/^\d/.test(a.host)) return 0.6;
  // An IP in the log and a name in the config: only the port can tie them together.
  if (samePort && /^[\d.:]+$/.test(a.host) && !isLoopbackHost(a.host) && !isLoopbackHost(b.host)) return 0.4;
  // A pool name (nginx `upstream backend {}`, HAProxy `backend/server`, an Envoy cluster) names the route, not a server.
  if (a.port === undefined && route) {
    const pool = a.host.split('/')[0];
    const names = [...route.toLowerCase().matchAll(/\b(?:upstream|backend|cluster)\s+([\w.-]+)/g)].map((m) => m[1]);
    if (names.includes(pool)) return 0.8;
  }
  return 0;
}

/**
 * `matchUpstream`, and past the target: a pod or container address in the log matches a path whose backend
 * listens on that port (Kubernetes logs show the pod IP and target port, the config the Service name and port).
 */
export function matchPath(upstream: string, path: ResolvedPath): number {
  const direct = matchUpstream(upstream, path.target);
  if (direct > 0) return direct;
  const a = split(upstream);
  if (a.port === undefined || !/^[\d.:]+$/.test(a.host) || isLoopbackHost(a.host)) return 0;
  const ports = new Set<number>();
  if (path.listen) ports.add(path.listen.port);
  for (const step of path.steps)
    if (step.kind === 'port' || step.kind === 'listen') for (const m of step.text.matchAll(/\bport (\d{1,5})\b/g)) ports.add(Number(m[1]));
  return ports.has(Number(a.port)) ? 0.4 : 0;
}

/** The paths an upstream most likely refers to (several only when they match equally well). */
export function pathsForUpstream(upstream: string, paths: readonly ResolvedPath[]): { path: ResolvedPath; score: number }[] {
  let best = 0;
  let found: { path: ResolvedPath; score: number }[] = [];
  for (const path of paths) {
    const score = matchPath(upstream, path);
    if (score === 0 || score < best) continue;
    if (score > best) {
      best = score;
      found = [];
    }
    found.push({ path, score });
  }
  // A port-only match is meaningful only when it is unambiguous.
  if (best <= 0.4 && found.length > 1) return [];
  return found;
}
