import type { TopologyContributor } from '../../evidence/topology/contributor.js';
import type { UpstreamTarget } from '../../evidence/topology/model.js';
import type { HaproxyConfig, HaproxyProxy, HaproxyServer } from './model.js';

export function haproxyRoute(backend: HaproxyProxy): string {
  if (backend.kind === 'listen') return `listen ${backend.name.value}`;
  const users = backend.usedBy;
  if (users.length === 0) return `backend ${backend.name.value} (no frontend routes to it)`;
  const more = users.length > 1 ? ` (and ${users.length - 1} more frontend${users.length > 2 ? 's' : ''})` : '';
  return `frontend ${users[0]} → backend ${backend.name.value}${more}`;
}

/** Without a port HAProxy connects to the port the client connected to: known when one frontend with one bind port routes here. */
export function impliedServerPort(config: HaproxyConfig, backend: HaproxyProxy): number | undefined {
  const frontends = config.frontends.filter((f) => backend.usedBy.includes(f.name.value));
  const ports = new Set(frontends.flatMap((f) => f.binds.map((b) => b.port)).filter((p): p is number => p !== undefined));
  return ports.size === 1 ? [...ports][0] : undefined;
}

export function serverScheme(backend: HaproxyProxy, server: HaproxyServer): string {
  if (backend.mode.value === 'tcp') return server.options.ssl?.value ? 'tls' : 'tcp';
  if (server.options.proto?.value === 'h2' || server.options.alpn?.value.split(',')[0] === 'h2') return server.options.ssl?.value ? 'h2' : 'h2c';
  return server.options.ssl?.value ? 'https' : 'http';
}

/** One ProxyNode per configuration, one UpstreamTarget per `server` / `server-template` line. */
export const haproxyTopology: TopologyContributor = {
  name: 'haproxy',
  contribute(facts, graph) {
    for (const config of facts.haproxy.configs) {
      graph.addProxy({
        id: config.id,
        product: 'haproxy',
        label: `HAProxy (${config.file})`,
        configFile: config.file,
        at: config.global?.at ?? config.frontends[0]?.at ?? config.backends[0]?.at ?? { file: config.file, line: 1, column: 1 },
      });
      for (const target of haproxyTargets(config)) graph.addTarget(target);
    }
  },
};

export function haproxyTargets(config: HaproxyConfig): UpstreamTarget[] {
  const targets: UpstreamTarget[] = [];
  for (const backend of config.backends) {
    const route = haproxyRoute(backend);
    for (const server of backend.servers) {
      const target: UpstreamTarget = {
        id: server.id,
        proxyId: config.id,
        route,
        scheme: serverScheme(backend, server),
        text: server.address.value,
        at: server.address.at,
      };
      if (server.unixSocket !== undefined) target.unixSocket = server.unixSocket;
      if (server.host !== undefined) target.host = server.host;
      if (server.port !== undefined) target.port = server.port;
      else if (server.portOffset === undefined && server.unixSocket === undefined) {
        const implied = impliedServerPort(config, backend);
        if (implied !== undefined) target.defaultPort = implied;
      }
      if (server.env || server.portOffset !== undefined) target.dynamic = true;
      targets.push(target);
    }
  }
  return targets;
}
