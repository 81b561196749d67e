import { defineRule } from '../../../core/define-rule.js';
import { describeEndpoint, envoyTargetIndex } from '../../../inputs/envoy/queries.js';
import { brokenPaths, findingPath, renameHostValue } from '../../proxy-paths.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const BACKENDS = `  catalog-api:
    image: ghcr.io/example/catalog:3.2
    expose:
      - "8000"
`;

export default defineRule({
  id: 'envoy/endpoint-unresolvable',
  domain: 'envoy',
  cause: 'dns-failure',
  severity: 'error',
  title: 'An Envoy cluster endpoint name does not resolve where Envoy runs',
  catalog: ['X16', 'X1'],
  docs: {
    why: 'A `STRICT_DNS`/`LOGICAL_DNS` cluster resolves its endpoint names where Envoy runs. In Compose only service names, aliases and container names on a network Envoy shares resolve; in Kubernetes only Service names. A name that does not exist leaves the cluster without hosts: every request gets `503 no healthy upstream` (flag `UH`), and the log shows `dns resolution for catalog failed`.',
    problem: {
      description: 'The Compose service is called `catalog-api`, the cluster says `catalog`.',
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'catalog', 8000)) },
    },
    fixed: { files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'catalog-api', 8000)) } },
    remediation: 'Use a name that resolves where Envoy runs: the Compose service name or alias on a shared network, or the Kubernetes Service name.',
    references: [
      'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/service_discovery',
      'https://docs.docker.com/compose/how-tos/networking/',
    ],
  },
  check(ctx) {
    const index = envoyTargetIndex(ctx.facts.envoy);
    for (const path of brokenPaths(ctx.facts, 'envoy', 'dns-failure')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const fix = ref.endpoint.hostAt ? renameHostValue(ctx.facts, ref.endpoint.hostAt, path) : undefined;
      ctx.report({
        message: `${describeEndpoint(ref, path.target.route)}: ${path.problem.reason}; the cluster has no host and Envoy answers 503 (no healthy upstream).`,
        at: ref.endpoint.hostAt ?? path.target.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
      });
    }
  },
});
