import { defineRule } from '../../../core/define-rule.js';
import { traefikTargetIndex } from '../../../inputs/traefik/queries.js';
import { brokenPaths, findingPath, renameHostValue } from '../../proxy-paths.js';
import { dynamicYaml, traefikService } from '../examples.js';

const compose = `${traefikService()}  storefront:
    image: ghcr.io/example/storefront:4.0
    expose:
      - "8080"
`;

export default defineRule({
  id: 'traefik/server-unresolvable',
  domain: 'traefik',
  cause: 'dns-failure',
  severity: 'error',
  title: 'A Traefik server URL names a host that does not resolve where Traefik runs',
  catalog: ['X1'],
  docs: {
    why: 'Traefik resolves server URLs when it connects. From a container only Compose service names, aliases and container names on a shared network resolve; a name that does not exist fails every request with `502 Bad Gateway` (`dial tcp: lookup shop on 127.0.0.11:53: no such host`).',
    problem: {
      description: 'The service is called `storefront`; the URL says `shop`.',
      files: { 'docker-compose.yml': compose, 'traefik/dynamic/shop.yml': dynamicYaml('http://shop:8080') },
    },
    fixed: { files: { 'docker-compose.yml': compose, 'traefik/dynamic/shop.yml': dynamicYaml('http://storefront:8080') } },
    remediation:
      'Use a name that resolves where Traefik runs: the Compose service name or a network alias on a network Traefik shares, or the Kubernetes Service name.',
    references: ['https://doc.traefik.io/traefik/routing/services/#servers', 'https://docs.docker.com/compose/how-tos/networking/'],
  },
  check(ctx) {
    const index = traefikTargetIndex(ctx.facts.traefik);
    for (const path of brokenPaths(ctx.facts, 'traefik', 'dns-failure')) {
      const ref = index.get(path.target.id);
      if (!ref || ref.container) continue;
      const fix = ref.server.hostAt ? renameHostValue(ctx.facts, ref.server.hostAt, path) : undefined;
      ctx.report({
        message: `${path.target.route}: server ${ref.server.text}: ${path.problem.reason}; ${ref.service.provider === 'kubernetescrd' ? "Traefik's Kubernetes provider drops the route (404)" : 'Traefik answers 502 Bad Gateway'}.`,
        at: ref.server.hostAt ?? ref.server.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
      });
    }
  },
});
