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
  // A resolver may also come from an include that was not read (SWAG's resolver.conf): the variable idiom says the intent.
  if (ref.kind === 'pass') return ref.pass.variables.length > 0 && (ref.pass.settings.resolver !== undefined || ref.pass.settings.unreadInclude !== undefined);
  return ref.server.resolve;
}

/**
 * What a pass lacks to reuse the upstream's kept-alive connections: `proxy_http_version 1.1` and a cleared
 * `Connection` header for proxy_pass, `fastcgi_keep_conn on` for fastcgi_pass. Empty when nothing is missing.
 */
export function keepaliveMissing(pass: NginxPass): { line: string; why: string }[] {
  const s = pass.settings;
  // An include that was not read may set them.
  if (s.unreadInclude) return [];
  if (pass.directive === 'fastcgi_pass') return s.keepConn.value ? [] : [{ line: 'fastcgi_keep_conn on;', why: '`fastcgi_keep_conn` is off' }];
  if (pass.directive !== 'proxy_pass') return [];
  const missing: { line: string; why: string }[] = [];
  if (s.httpVersion.value !== '1.1') missing.push({ line: 'proxy_http_version 1.1;', why: `requests use HTTP/${s.httpVersion.value}` });
  const connection = s.setHeaders.value.find((h) => h.name.toLowerCase() === 'connection');
  if (!connection || /^close$/i.test(connection.value)) missing.push({ line: 'proxy_set_header Connection "";', why: 'nginx sends `Connection: close`' });
  return missing;
}

/** Whether requests reuse the upstream's idle connections: some pass naming it sends them in a reusable way (or none is known). */
export function reusesConnections(config: NginxConfig, upstream: NginxUpstream): boolean {
  const passes = passesUsing(config, upstream);
  return passes.length === 0 || passes.some((p) => keepaliveMissing(p).length === 0);
}
