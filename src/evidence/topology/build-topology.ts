import type { InternalErrorHandler, LintFacts } from '../lint-facts.js';
import type { TopologyContributor } from './contributor.js';
import type { ResolvedPath, RuntimeRef, Topology } from './model.js';
import { resolveFromHost } from './resolve-from-host.js';

const HOST: RuntimeRef = { platform: 'host', id: 'host', label: 'the host' };

/**
 * Builds the graph: every contributor adds its nodes, each proxy is located (where does it run?), and
 * each target is followed by the contributor that knows the proxy's runtime platform (a proxy no contributor
 * locates is followed by `resolveFromHost`: unknown, with the reason). Steps start at the target; the proxy is
 * `path.proxy`. A contributor that throws is reported through `onInternalError` (when given) and skipped.
 */
export function buildTopology(facts: LintFacts, contributors: readonly TopologyContributor[], onInternalError?: InternalErrorHandler): Topology {
  const topology: Topology = { proxies: [], targets: [], backends: [], paths: [], edges: [] };
  // Rules and resolvers may read the topology while it is being filled (e.g. backends of other platforms).
  facts.topology = topology;
  const guarded = <T>(component: string, step: () => T): T | undefined => {
    if (!onInternalError) return step();
    try {
      return step();
    } catch (error) {
      onInternalError(component, error);
      return undefined;
    }
  };
  const graph = {
    addProxy: (p: Topology['proxies'][number]) => void topology.proxies.push(p),
    addTarget: (t: Topology['targets'][number]) => void topology.targets.push(t),
    addBackend: (b: Topology['backends'][number]) => void topology.backends.push(b),
    addEdge: (e: Topology['edges'][number]) => void topology.edges.push(e),
  };
  for (const c of contributors) guarded(`${c.name} topology`, () => c.contribute(facts, graph));
  const locators = contributors.filter((c) => c.locate);
  for (const proxy of topology.proxies) {
    if (proxy.runtime) continue;
    for (const c of locators) {
      const runtime = guarded(`${c.name} topology (locate)`, () => c.locate!(proxy, facts));
      if (runtime) {
        proxy.runtime = runtime;
        break;
      }
    }
  }
  const proxies = new Map(topology.proxies.map((p) => [p.id, p]));
  const resolvers = new Map<string, TopologyContributor[]>();
  for (const c of contributors) {
    if (!c.resolves || !c.resolve) continue;
    const list = resolvers.get(c.resolves) ?? [];
    list.push(c);
    resolvers.set(c.resolves, list);
  }
  for (const target of topology.targets) {
    const proxy = proxies.get(target.proxyId);
    if (!proxy) continue;
    const from = proxy.runtime ?? HOST;
    let path: ResolvedPath | undefined;
    for (const c of resolvers.get(from.platform) ?? []) {
      const resolution = guarded(`${c.name} topology (resolve)`, () => c.resolve!(target, from, facts));
      if (resolution) {
        path = { proxy, target, ...resolution };
        break;
      }
    }
    if (!path && from.platform === 'host') path = { proxy, target, ...resolveFromHost(target, proxy, topology) };
    topology.paths.push(path ?? { proxy, target, status: 'unknown', steps: [{ kind: 'target', status: 'unknown', text: target.text, at: target.at }] });
  }
  return topology;
}
