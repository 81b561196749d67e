import type { NginxConfig, NginxFacts, NginxPass, NginxUpstream, NginxUpstreamServer } from './model.js';

/** What a topology target id stands for in the nginx facts. */
export type NginxTargetRef =
  | { kind: 'pass'; config: NginxConfig; pass: NginxPass }
  | { kind: 'upstream-server'; config: NginxConfig; upstream: NginxUpstream; server: NginxUpstreamServer; passes: NginxPass[] };

const cache = new WeakMap<NginxFacts, Map<string, NginxTargetRef>>();

export function nginxTargetIndex(facts: NginxFacts): Map<string, NginxTargetRef> {
  let index = cache.get(facts);
  if (index) return index;
  index = new Map();
  for (const config of facts.configs) {
    for (const pass of config.passes) index.set(pass.id, { kind: 'pass', config, pass });
    for (const upstream of config.upstreams) {
      const passes = passesUsing(config, upstream);
      for (const server of upstream.servers) index.set(server.id, { kind: 'upstream-server', config, upstream, server, passes });
    }
  }
  cache.set(facts, index);
  return index;
}

export function passesUsing(config: NginxConfig, upstream: NginxUpstream): NginxPass[] {
  const ids = new Set(upstream.usedBy);
  return config.passes.filter((p) => ids.has(p.id));
}

/** Upstream servers that take traffic in normal operation (not `down`, not `backup`). */
export function activeServers(upstream: NginxUpstream): NginxUpstreamServer[] {
  return upstream.servers.filter((s) => !s.down && !s.backup);
}

/** `api:3000`, `unix:/run/app.sock`, `[::1]:8080` for messages. */
export function addressText(a: { host?: string; port?: number; unixSocket?: string; defaultPort?: number }): string {
  if (a.unixSocket !== undefined) return `unix:${a.unixSocket}`;
  const host = a.host?.includes(':') ? `[${a.host}]` : (a.host ?? '?');
  const port = a.port ?? a.defaultPort;
  return port === undefined ? host : `${host}:${port}`;
}

/**
 * Whether nginx looks this target's name up per request rather than once at start-up: a pass whose URL holds
 * variables (with a `resolver` in effect), or an upstream `server … resolve`. nginx then starts while the backend
 * does not exist yet, and follows a recreated container to its new address.
 */
export function resolvesPerRequest(ref: NginxTargetRef): boolean {
  if (ref.kind === 'pass') return ref.pass.variables.length > 0 && ref.pass.settings.resolver !== undefined;
  return ref.server.resolve;
}
