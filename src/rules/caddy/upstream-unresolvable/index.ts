import { defineRule } from '../../../core/define-rule.js';
import { caddyTargetIndex, describeUpstream } from '../../../inputs/caddy/queries.js';
import { brokenPaths, findingPath, renameHostValue } from '../../proxy-paths.js';
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
    for (const path of brokenPaths(ctx.facts, 'caddy', 'dns-failure')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const fix = ref.upstream.hostAt ? renameHostValue(ctx.facts, ref.upstream.hostAt, path) : undefined;
      ctx.report({
        message: `${describeUpstream(ref)}: ${path.problem.reason}; Caddy answers 502 Bad Gateway.`,
        at: ref.upstream.hostAt ?? ref.upstream.text.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
      });
    }
  },
});
