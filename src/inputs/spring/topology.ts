import type { TopologyContributor } from '../../evidence/topology/contributor.js';

/**
 * Spring apps are processes inside runtimes the Compose and Kubernetes contributors already model: this adds the
 * `runs` edge (runtime → app) with how the link was made, so reports can say which settings a backend runs with.
 */
export const springTopology: TopologyContributor = {
  name: 'spring',
  contribute(facts, graph) {
    for (const app of facts.spring.apps) {
      if (!app.runtime) continue;
      graph.addEdge({ from: app.runtime.runtimeId, to: app.id, kind: 'runs', status: 'resolved', reason: app.runtime.how, at: app.at });
    }
  },
};
