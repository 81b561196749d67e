import type { ConfigFile } from '../config/config-input.js';
import { YamlCursor } from '../envoy/yaml-cursor.js';
import type { YamlDoc } from '../yaml/load-yaml.js';
import type { CaddyConfig, CaddyProxy } from './model.js';
import { parseGoDuration, parseUpstream } from './upstreams.js';

const MAX_DEPTH = 16;

/** Caddy's native JSON: `apps.http.servers.<name>.routes[].handle[]`, with `subroute` handlers followed. */
export function readCaddyJson(doc: YamlDoc, file: ConfigFile): CaddyConfig | undefined {
  const root = YamlCursor.root(doc);
  const servers = root.at('apps', 'http', 'servers');
  if (!servers?.isMap()) return undefined;
  const config: CaddyConfig = { id: `caddy:${file.path}`, file: file.path, files: [file.path], format: 'json', at: servers.keyPos(), proxies: [] };
  for (const [name, server] of servers.entries()) routes(config, server.get('routes'), `server ${name}`, 0);
  return config;
}

function routes(config: CaddyConfig, list: YamlCursor | undefined, where: string, depth: number): void {
  if (!list || depth > MAX_DEPTH) return;
  list.items().forEach((route, i) => {
    const hosts = route
      .get('match')
      ?.items()
      .flatMap(
        (m) =>
          m
            .get('host')
            ?.items()
            .flatMap((h) => h.string() ?? []) ?? [],
      );
    const label = `${where}, route ${i}${hosts && hosts.length > 0 ? ` (${hosts.join(', ')})` : ''}`;
    for (const handler of route.get('handle')?.items() ?? []) {
      const kind = handler.get('handler')?.string();
      if (kind === 'subroute') routes(config, handler.get('routes'), label, depth + 1);
      else if (kind === 'reverse_proxy') config.proxies.push(readHandler(config, handler, label));
    }
  });
}

function readHandler(config: CaddyConfig, h: YamlCursor, route: string): CaddyProxy {
  const transport = h.get('transport');
  const protocol = transport?.get('protocol')?.string() === 'fastcgi' ? 'fastcgi' : 'http';
  const proxy: CaddyProxy = {
    directive: protocol === 'fastcgi' ? 'php_fastcgi' : 'reverse_proxy',
    route,
    at: h.pos(),
    upstreams: [],
    dynamicUpstreams: Boolean(h.get('dynamic_upstreams')),
    transport: { protocol },
    health: {},
  };
  if (transport) {
    proxy.transport.at = transport.keyPos();
    const tls = transport.get('tls');
    if (tls) proxy.transport.tls = tls.keyPos();
    const versions = transport.get('versions');
    if (versions) proxy.transport.versions = { value: versions.items().flatMap((v) => v.string() ?? []), at: versions.pos() };
    const idle = transport.at('keep_alive', 'idle_timeout');
    const seconds = idle ? (typeof idle.value === 'number' ? idle.value / 1e9 : parseGoDuration(idle.string() ?? '')) : undefined;
    if (idle && seconds !== undefined) proxy.transport.keepalive = { value: seconds, at: idle.pos() };
  }
  const active = h.at('health_checks', 'active');
  if (active) {
    proxy.health.at = active.keyPos();
    const uri = (active.get('uri') ?? active.get('path'))?.locatedString();
    if (uri) proxy.health.uri = uri;
    const port = active.get('port')?.locatedNumber();
    if (port) proxy.health.port = port;
  }
  const scheme = protocol === 'fastcgi' ? 'fastcgi' : proxy.transport.tls ? 'https' : proxy.transport.versions?.value.includes('h2c') ? 'h2c' : 'http';
  for (const u of h.get('upstreams')?.items() ?? []) {
    const dial = u.get('dial');
    const text = dial?.string();
    if (!dial || text === undefined) continue;
    const id = `${config.id}#${config.proxies.length}/${proxy.upstreams.length}`;
    proxy.upstreams.push(...parseUpstream(id, text, dial.pos(), 1, scheme));
  }
  return proxy;
}
