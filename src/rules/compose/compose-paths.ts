import type { FindingInput, RuleContext } from '../../core/define-rule.js';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ResolvedPath } from '../../evidence/topology/model.js';
import { haproxyTargetIndex, startsWithoutAddress } from '../../inputs/haproxy/queries.js';
import { nginxTargetIndex, resolvesPerRequest } from '../../inputs/nginx/queries.js';
import { composePathInfo, type ComposePathInfo } from '../../inputs/compose/topology.js';

export interface ComposePath {
  path: ResolvedPath;
  info: ComposePathInfo;
}

/** Paths whose proxy runs in a Compose service, with what Compose resolution found. */
export function composePaths(ctx: RuleContext): ComposePath[] {
  const out: ComposePath[] = [];
  for (const path of ctx.facts.topology.paths) {
    const info = composePathInfo(path.target);
    if (info) out.push({ path, info });
  }
  return out;
}

/** `nginx (nginx/nginx.conf)` → `upstream app (location /)` → `api:3000`: how a finding names the request. */
export function describeRoute(path: ResolvedPath): string {
  return `${path.proxy.label}${path.target.route ? `, ${path.target.route},` : ''} sends requests to \`${path.target.text}\``;
}

/**
 * Reports each finding once: a base file layered with several extra files forms several projects, and a proxy
 * with several routes to the same backend yields several paths, all about one value in one place.
 */
export function reporter(ctx: RuleContext): (finding: FindingInput, key?: string) => void {
  const seen = new Set<string>();
  return (finding, key) => {
    const id = key ?? `${finding.at.file}:${finding.at.line}:${finding.at.column}:${finding.message}`;
    if (seen.has(id)) return;
    seen.add(id);
    ctx.report(finding);
  };
}

/**
 * The proxy resolves this target per request (nginx: a variable with a `resolver`, or `server … resolve`; HAProxy:
 * `resolvers` with `init-addr none`; Caddy, Traefik and Envoy's DNS clusters always): it starts while the backend
 * does not exist yet and reaches it once it is up, so the order Compose starts them in does not matter.
 */
export function resolvedWhenUsed(facts: LintFacts, path: ResolvedPath): boolean {
  switch (path.proxy.product) {
    case 'nginx': {
      const ref = nginxTargetIndex(facts.nginx).get(path.target.id);
      return ref !== undefined && resolvesPerRequest(ref);
    }
    case 'haproxy': {
      const ref = haproxyTargetIndex(facts.haproxy).get(path.target.id);
      return ref !== undefined && startsWithoutAddress(ref.server);
    }
    case 'caddy':
    case 'traefik':
    case 'envoy':
      return true;
    default:
      return false;
  }
}
