import { defineRule } from '../../../core/define-rule.js';
import { caddyTargetIndex, describeUpstream } from '../../../inputs/caddy/queries.js';
import { fixIsInCompose } from '../../../inputs/compose/topology.js';
import { brokenStep } from '../../../inputs/kubernetes/queries.js';
import { replaceValue } from '../../envoy/fixes.js';
import { findingPath, pathsByTarget } from '../../nginx/paths.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = `  storefront:
    image: ghcr.io/example/storefront:4.0
    expose:
      - "8080"
`;

export default defineRule({
  id: 'caddy/upstream-unresolvable',
  domain: 'caddy',
  cause: 'dns-failure',
  severity: 'error',
  title: 'A Caddy upstream names a host that does not resolve where Caddy runs',
  catalog: ['X1'],
  docs: {
    why: 'Caddy looks up upstream names when it dials. From a container only Compose service names, aliases and container names on a shared network resolve (in Kubernetes, Service names): a name that does not exist fails every request with `502 Bad Gateway` and `dial tcp: lookup shop on 127.0.0.11:53: no such host`.',
    problem: {
      description: 'The service is called `storefront`; the upstream says `shop`.',
      files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy shop:8080\n') },
    },
    fixed: { files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy storefront:8080\n') } },
    remediation:
      'Use a name that resolves where Caddy runs: the Compose service name or a network alias on a network Caddy shares, or the Kubernetes Service name.',
    references: ['https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#upstream-addresses', 'https://docs.docker.com/compose/how-tos/networking/'],
  },
  check(ctx) {
    const index = caddyTargetIndex(ctx.facts.caddy);
    for (const [id, path] of pathsByTarget(ctx.facts, 'caddy')) {
      if (path.status !== 'broken' || path.problem?.cause !== 'dns-failure' || fixIsInCompose(path.target) || brokenStep(path)?.kind === 'policy') continue;
      const ref = index.get(id);
      if (!ref) continue;
      const suggestion = /did you mean `([^`]+)`\?/.exec(path.problem.reason)?.[1];
      const fix = suggestion && ref.upstream.hostAt ? replaceValue(ctx.facts, ref.upstream.hostAt, suggestion, `use \`${suggestion}\``) : undefined;
      ctx.report({
        message: `${describeUpstream(ref)}: ${path.problem.reason}; Caddy answers 502 Bad Gateway.`,
        at: ref.upstream.hostAt ?? ref.upstream.text.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
      });
    }
  },
});
