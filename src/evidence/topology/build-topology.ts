import type { LintFacts } from '../lint-facts.js';
import type { TopologyContributor } from './contributor.js';
import type { ResolvedPath, RuntimeRef, Topology } from './model.js';

const HOST: RuntimeRef = { platform: 'host', id: 'host', label: 'the host' };

/**
 * Builds the graph: every contributor adds its nodes, each proxy is located (where does it run?), and
 * each target is followed by the contributor that knows the proxy's runtime platform.
 */
export function buildTopology(facts: LintFacts, contributors: readonly TopologyContributor[]): Topology {
  const topology: Topology = { proxies: [], targets: [], backends: [], paths: [], edges: [] };
  // Rules and resolvers may read the topology while it is being filled (e.g. backends of other platforms).
  facts.topology = topology;
  const graph = {
    addProxy: (p: Topology['proxies'][number]) => void topology.proxies.push(p),
    addTarget: (t: Topology['targets'][number]) => void topology.targets.push(t),
    addBackend: (b: Topology['backends'][number]) => void topology.backends.push(b),
    addEdge: (e: Topology['edges'][number]) => void topology.edges.push(e),
  };
  for (const c of contributors) c.contribute(facts, graph);
  for (const proxy of topology.proxies) {
    if (proxy.runtime) continue;
    for (const c of contributors) {
      const runtime = c.locate?.(proxy, facts);
      if (runtime) {
        proxy.runtime = runtime;
        break;
      }
    }
  }
  const proxies = new Map(topology.proxies.map((p) => [p.id, p]));
  for (const target of topology.targets) {
    const proxy = proxies.get(target.proxyId);
    if (!proxy) continue;
    const from = proxy.runtime ?? HOST;
    let path: ResolvedPath | undefined;
    for (const c of contributors) {
      if (c.resolves !== from.platform || !c.resolve) continue;
      const resolution = c.resolve(target, from, facts);
      if (resolution) {
        path = { proxy, target, ...resolution };
        break;
      }
    }
    topology.paths.push(path ?? { proxy, target, status: 'unknown', steps: [{ kind: 'target', status: 'unknown', text: target.text, at: target.at }] });
  }
  return topology;
}
