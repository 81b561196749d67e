import { defineRule } from '../../../core/define-rule.js';
import { closestName } from '../../../inputs/compose/queries.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';
import { replaceValue } from '../../text-edits.js';

const BACKENDS = `  app:
    image: ghcr.io/example/shop:1.8
    expose:
      - "8080"
`;

const routes = (cluster: string) => `                        - match: { prefix: "/api/" }
                          route: { cluster: ${cluster}, timeout: 10s }
                        - match: { prefix: "/" }
                          route: { cluster: app }
`;

export default defineRule({
  id: 'envoy/undefined-cluster',
  domain: 'envoy',
  cause: 'config-error',
  severity: 'error',
  title: 'An Envoy route sends requests to a cluster that is not defined',
  docs: {
    why: "Routes name clusters. With a static route configuration Envoy checks the names when it loads the configuration and refuses to start (`route: unknown cluster 'api'`); routes from RDS are not checked and requests to the missing cluster get `404`/`503` with response flag `NC` (no cluster found). Either way the route never reaches a backend.",
    problem: {
      description: 'The route names `api`; the cluster is called `app`.',
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080), routes('api')) },
    },
    fixed: { files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080), routes('app')) } },
    remediation: 'Name a cluster defined under `static_resources.clusters` (or delivered by CDS), or define the missing cluster.',
    references: [
      'https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#envoy-v3-api-field-config-route-v3-routeaction-cluster',
    ],
  },
  check(ctx) {
    for (const config of ctx.facts.envoy.configs) {
      const names = config.clusters.map((c) => c.name.value);
      for (const ref of config.danglingRoutes) {
        const similar = closestName(ref.cluster.value, names);
        const fix = similar ? replaceValue(ctx.facts, ref.cluster.at, similar, `send the route to cluster \`${similar}\``) : undefined;
        const known = names.length > 0 ? ` (defined: ${names.map((n) => `\`${n}\``).join(', ')})` : ' (no cluster is defined)';
        ctx.report({
          message: `${ref.route} sends requests to cluster \`${ref.cluster.value}\`, which ${config.file} does not define${known}${similar ? `; did you mean \`${similar}\`?` : ''}: Envoy refuses the configuration (unknown cluster).`,
          at: ref.cluster.at,
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
