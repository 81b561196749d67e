import type { LintFacts, PlatformKey } from '../../evidence/lint-facts.js';
import type { TopologyContributor } from '../../evidence/topology/contributor.js';
import type { ConfigInput } from './config-input.js';

/**
 * A configuration platform: its parser (files → facts with positions) and its part of the topology.
 * Parsers run in the order of PLATFORMS (src/evidence/lint-facts.ts): runtimes (Compose, Kubernetes)
 * first, so proxies' parsers can read them (Traefik labels live in Compose files).
 */
export interface ConfigPlatform<K extends PlatformKey = PlatformKey> {
  key: K;
  parse(input: ConfigInput, earlier: Partial<LintFacts>): LintFacts[K];
  topology?: TopologyContributor;
}
