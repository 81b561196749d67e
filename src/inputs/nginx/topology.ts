import type { TopologyContributor } from '../../evidence/topology/contributor.js';
import type { UpstreamTarget } from '../../evidence/topology/model.js';
import type { NginxConfig, NginxPass } from './model.js';

/** Scheme recorded on targets, so other layers know what protocol arrives (fastcgi on an HTTP port …). */
function schemeOf(pass: NginxPass): string {
  switch (pass.directive) {
    case 'proxy_pass':
      return pass.context === 'stream' ? 'tcp' : (pass.scheme ?? 'http');
    case 'grpc_pass':
      return pass.scheme ?? 'grpc';
    case 'fastcgi_pass':
      return 'fastcgi';
    case 'uwsgi_pass':
      return 'uwsgi';
    case 'scgi_pass':
      return 'scgi';
    case 'memcached_pass':
      return 'memcached';
  }
}

export function nginxProxyLabel(config: NginxConfig): string {
  return config.files.length > 1 && config.kind === 'snippet' ? `nginx (${config.files.join(', ')})` : `nginx (${config.file})`;
}

/**
 * One ProxyNode per nginx configuration and one UpstreamTarget per place nginx connects to: every pass
 * that does not name an `upstream` block, and every `server` line of the upstream blocks (each one is
 * resolved by nginx at start-up, referenced or not).
 */
export const nginxTopology: TopologyContributor = {
  name: 'nginx',
  contribute(facts, graph) {
    for (const config of facts.nginx.configs) {
      graph.addProxy({
        id: config.id,
        product: 'nginx',
        label: nginxProxyLabel(config),
        configFile: config.file,
        at: config.http?.at ?? config.servers[0]?.at ?? { file: config.file, line: 1, column: 1 },
      });
      for (const target of nginxTargets(config)) graph.addTarget(target);
    }
  },
};

export function nginxTargets(config: NginxConfig): UpstreamTarget[] {
  const targets: UpstreamTarget[] = [];
  const passes = new Map(config.passes.map((p) => [p.id, p]));
  for (const pass of config.passes) {
    if (pass.upstream) continue;
    const target: UpstreamTarget = { id: pass.id, proxyId: config.id, route: pass.route, scheme: schemeOf(pass), text: pass.url.value, at: pass.url.at };
    if (pass.unixSocket !== undefined) target.unixSocket = pass.unixSocket;
    if (pass.host !== undefined && !/\$/.test(pass.host)) target.host = pass.host;
    if (pass.port !== undefined) target.port = pass.port;
    if (pass.defaultPort !== undefined) target.defaultPort = pass.defaultPort;
    if (pass.dynamic) target.dynamic = true;
    targets.push(target);
  }
  for (const upstream of config.upstreams) {
    const users = upstream.usedBy.map((id) => passes.get(id)).filter((p): p is NginxPass => p !== undefined);
    const via = users.length === 0 ? ' (not referenced)' : ` (${users[0].route}${users.length > 1 ? ` and ${users.length - 1} more` : ''})`;
    const scheme = users.length > 0 ? schemeOf(users[0]) : upstream.context === 'stream' ? 'tcp' : 'http';
    for (const server of upstream.servers) {
      const target: UpstreamTarget = {
        id: server.id,
        proxyId: config.id,
        route: `upstream ${upstream.name.value}${via}`,
        scheme,
        text: server.address.value,
        at: server.address.at,
      };
      if (server.unixSocket !== undefined) target.unixSocket = server.unixSocket;
      if (server.host !== undefined) target.host = server.host;
      if (server.port !== undefined) target.port = server.port;
      // An upstream block's server defaults to 80 whatever the scheme of the proxy_pass naming it.
      if (server.defaultPort !== undefined) target.defaultPort = server.defaultPort;
      targets.push(target);
    }
  }
  return targets;
}
