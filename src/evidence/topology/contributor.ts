import type { LintFacts } from '../lint-facts.js';
import type { BackendNode, ProxyNode, RuntimePlatform, RuntimeRef, TargetResolution, TopologyEdge, UpstreamTarget } from './model.js';

/** What a platform adds to the topology while it is being built. */
export interface TopologyBuilder {
  addProxy(proxy: ProxyNode): void;
  addTarget(target: UpstreamTarget): void;
  addBackend(backend: BackendNode): void;
  addEdge(edge: TopologyEdge): void;
}

/**
 * One per platform (nginx, HAProxy, Compose, Kubernetes …), beside its parser in src/inputs/<platform>/.
 * The builder calls every `contribute`, then asks `locate` where each proxy runs, then asks the contributor
 * of that runtime's platform to `resolve` each target (Compose resolves names on shared networks,
 * Kubernetes resolves cluster DNS, `host` resolves loopback and literal addresses).
 */
export interface TopologyContributor {
  readonly name: string;
  contribute(facts: LintFacts, graph: TopologyBuilder): void;
  /** Where a proxy runs, when this platform can tell (a Compose service that mounts its config file). */
  locate?(proxy: ProxyNode, facts: LintFacts): RuntimeRef | undefined;
  /** Which runtime platform this contributor resolves names for. */
  readonly resolves?: RuntimePlatform;
  /** Follows a target from a runtime of this platform; undefined when it has nothing to say. */
  resolve?(target: UpstreamTarget, from: RuntimeRef, facts: LintFacts): TargetResolution | undefined;
}
