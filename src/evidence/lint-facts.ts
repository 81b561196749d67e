import type { ConfigFile, ConfigInput } from '../inputs/config/config-input.js';
import type { ConfigPlatform } from '../inputs/config/platform.js';
import { caddyPlatform } from '../inputs/caddy/index.js';
import type { CaddyFacts } from '../inputs/caddy/model.js';
import { composePlatform } from '../inputs/compose/index.js';
import type { ComposeFacts } from '../inputs/compose/model.js';
import { envoyPlatform } from '../inputs/envoy/index.js';
import type { EnvoyFacts } from '../inputs/envoy/model.js';
import { haproxyPlatform } from '../inputs/haproxy/index.js';
import type { HaproxyFacts } from '../inputs/haproxy/model.js';
import { kubernetesPlatform } from '../inputs/kubernetes/index.js';
import type { KubernetesFacts } from '../inputs/kubernetes/model.js';
import { nginxPlatform } from '../inputs/nginx/index.js';
import type { NginxFacts } from '../inputs/nginx/model.js';
import { springPlatform } from '../inputs/spring/index.js';
import type { SpringFacts } from '../inputs/spring/model.js';
import { terraformPlatform } from '../inputs/terraform/index.js';
import type { TerraformFacts } from '../inputs/terraform/model.js';
import { traefikPlatform } from '../inputs/traefik/index.js';
import type { TraefikFacts } from '../inputs/traefik/model.js';
import { buildTopology } from './topology/build-topology.js';
import type { Topology } from './topology/model.js';

/** Everything lint rules may read. Rules never touch files: parsers put what they need here. */
export interface LintFacts {
  files: readonly ConfigFile[];
  compose: ComposeFacts;
  kubernetes: KubernetesFacts;
  spring: SpringFacts;
  nginx: NginxFacts;
  haproxy: HaproxyFacts;
  envoy: EnvoyFacts;
  traefik: TraefikFacts;
  caddy: CaddyFacts;
  terraform: TerraformFacts;
  topology: Topology;
}

export type PlatformKey = Exclude<keyof LintFacts, 'files' | 'topology'>;

/** Runtimes first (proxies' parsers and contributors read them), then applications, then proxies. */
export const PLATFORMS: readonly ConfigPlatform[] = [
  composePlatform,
  kubernetesPlatform,
  springPlatform,
  nginxPlatform,
  haproxyPlatform,
  envoyPlatform,
  traefikPlatform,
  caddyPlatform,
  terraformPlatform,
];

export function gatherLintFacts(input: ConfigInput): LintFacts {
  const partial: Partial<LintFacts> = { files: input.files };
  for (const platform of PLATFORMS) {
    (partial as Record<string, unknown>)[platform.key] = platform.parse(input, partial);
  }
  const facts = partial as LintFacts;
  facts.topology = buildTopology(
    facts,
    PLATFORMS.flatMap((p) => (p.topology ? [p.topology] : [])),
  );
  return facts;
}
