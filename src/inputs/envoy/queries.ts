import type { EnvoyCluster, EnvoyConfig, EnvoyEndpoint, EnvoyFacts } from './model.js';

export interface EnvoyTargetRef {
  config: EnvoyConfig;
  cluster: EnvoyCluster;
  endpoint: EnvoyEndpoint;
}

const cache = new WeakMap<EnvoyFacts, Map<string, EnvoyTargetRef>>();

/** Topology target id → the endpoint (and its cluster) it stands for. */
export function envoyTargetIndex(facts: EnvoyFacts): Map<string, EnvoyTargetRef> {
  let index = cache.get(facts);
  if (index) return index;
  index = new Map();
  for (const config of facts.configs)
    for (const cluster of config.clusters) for (const endpoint of cluster.endpoints) index.set(endpoint.id, { config, cluster, endpoint });
  cache.set(facts, index);
  return index;
}

/** "endpoint api:3000 of cluster `api` (listener …)". */
export function describeEndpoint(ref: EnvoyTargetRef, route?: string): string {
  return `endpoint ${ref.endpoint.text} of ${route ?? `cluster \`${ref.cluster.name.value}\``}`;
}

/** The file a cluster is written in is JSON: YAML edits would not fit it. */
export function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}
