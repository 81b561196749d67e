import type { ConfigFile, ConfigInput, InputProblem } from '../inputs/config/config-input.js';
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
  /** Files that could not be read or parsed (with positions); the `input/*` rules report them. */
  problems: readonly InputProblem[];
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

export type PlatformKey = Exclude<keyof LintFacts, 'files' | 'problems' | 'topology'>;

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

/** A parser or topology contributor threw: the engine reports it as an internal error and goes on without it. */
export type InternalErrorHandler = (component: string, error: unknown) => void;

export function gatherLintFacts(input: ConfigInput, onInternalError?: InternalErrorHandler): LintFacts {
  const partial: Partial<LintFacts> = { files: input.files, problems: input.problems };
  for (const platform of PLATFORMS) {
    let facts: unknown;
    try {
      facts = platform.parse(input, partial);
    } catch (error) {
      if (!onInternalError) throw error;
      onInternalError(`${platform.key} parser`, error);
      // The platform's empty facts, so rules of the other platforms still run.
      facts = platform.parse(Object.create(input, { files: { value: [] } }) as ConfigInput, partial);
    }
    (partial as Record<string, unknown>)[platform.key] = facts;
  }
  const facts = partial as LintFacts;
  facts.topology = buildTopology(
    facts,
    PLATFORMS.flatMap((p) => (p.topology ? [p.topology] : [])),
    onInternalError,
  );
  return facts;
}
