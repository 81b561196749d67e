import type { TopologyContributor } from '../../evidence/topology/contributor.js';
import type { UpstreamTarget } from '../../evidence/topology/model.js';
import type { EnvoyCluster, EnvoyConfig } from './model.js';

/** What Envoy speaks to a cluster's endpoints, recorded on targets. */
export function clusterScheme(cluster: EnvoyCluster): string {
  const tcpOnly = cluster.usedBy.length > 0 && cluster.usedBy.every((r) => r.kind === 'tcp_proxy');
  if (tcpOnly) return cluster.tls ? 'tls' : 'tcp';
  if (cluster.protocol === 'http2') return cluster.tls ? 'h2' : 'h2c';
  return cluster.tls ? 'https' : 'http';
}

/** "cluster `api` (listener `ingress` (:10000), route `/api`)". */
export function clusterRoute(cluster: EnvoyCluster): string {
  const users = cluster.usedBy;
  if (users.length === 0) return `cluster \`${cluster.name.value}\` (no route uses it)`;
  return `cluster \`${cluster.name.value}\` (${users[0]!.route}${users.length > 1 ? ` and ${users.length - 1} more` : ''})`;
}

export function envoyProxyLabel(config: EnvoyConfig): string {
  return `Envoy (${config.file})`;
}

/** One ProxyNode per Envoy configuration, one UpstreamTarget per endpoint of a STATIC / STRICT_DNS / LOGICAL_DNS cluster. */
export const envoyTopology: TopologyContributor = {
  name: 'envoy',
  contribute(facts, graph) {
    for (const config of facts.envoy.configs) {
      graph.addProxy({ id: config.id, product: 'envoy', label: envoyProxyLabel(config), configFile: config.file, at: config.at });
      for (const target of envoyTargets(config)) graph.addTarget(target);
    }
  },
};

export function envoyTargets(config: EnvoyConfig): UpstreamTarget[] {
  const targets: UpstreamTarget[] = [];
  for (const cluster of config.clusters) {
    if (cluster.discovery === 'EDS' || cluster.discovery === 'ORIGINAL_DST' || cluster.discovery === 'OTHER') continue;
    const route = clusterRoute(cluster);
    const scheme = clusterScheme(cluster);
    for (const e of cluster.endpoints) {
      const target: UpstreamTarget = { id: e.id, proxyId: config.id, route, scheme, text: e.text, at: e.at };
      if (e.pipe !== undefined) target.unixSocket = e.pipe;
      if (e.host !== undefined) target.host = e.host;
      if (e.port !== undefined) target.port = e.port;
      targets.push(target);
    }
  }
  return targets;
}
