import type { TopologyContributor } from '../../evidence/topology/contributor.js';
import type { UpstreamTarget } from '../../evidence/topology/model.js';
import type { CaddyConfig } from './model.js';

/** One ProxyNode per Caddy configuration, one UpstreamTarget per upstream of each `reverse_proxy` / `php_fastcgi`. */
export const caddyTopology: TopologyContributor = {
  name: 'caddy',
  contribute(facts, graph) {
    for (const config of facts.caddy.configs) {
      graph.addProxy({ id: config.id, product: 'caddy', label: `Caddy (${config.file})`, configFile: config.file, at: config.at });
      for (const target of caddyTargets(config)) graph.addTarget(target);
    }
  },
};

export function caddyTargets(config: CaddyConfig): UpstreamTarget[] {
  const out: UpstreamTarget[] = [];
  for (const proxy of config.proxies) {
    const route = `${proxy.route}${proxy.matcher ? `, ${proxy.matcher.text}` : ''} → ${proxy.directive}`;
    for (const u of proxy.upstreams) {
      const target: UpstreamTarget = { id: u.id, proxyId: config.id, route, scheme: u.scheme, text: u.text.value, at: u.text.at };
      if (u.host !== undefined) target.host = u.host;
      if (u.port !== undefined) target.port = u.port;
      if (u.defaultPort !== undefined) target.defaultPort = u.defaultPort;
      if (u.unixSocket !== undefined) target.unixSocket = u.unixSocket;
      if (u.dynamic || proxy.dynamicUpstreams) target.dynamic = true;
      out.push(target);
    }
  }
  return out;
}
