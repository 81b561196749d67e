import { defineRule } from '../../../core/define-rule.js';
import { describeEndpoint, envoyTargetIndex } from '../../../inputs/envoy/queries.js';
import { brokenPaths, findingPath, rightPort } from '../../proxy-paths.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';
import { replaceValue } from '../../text-edits.js';

const BACKENDS = `  app:
    image: ghcr.io/example/catalog:3.2
    environment:
      PORT: "8000"
    ports:
      - "8081:8000"
`;

export default defineRule({
  id: 'envoy/endpoint-port-mismatch',
  domain: 'envoy',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'An Envoy cluster endpoint uses a port the backend does not listen on',
  catalog: ['X2', 'X16'],
  docs: {
    why: 'Envoy connects to the `port_value` of each endpoint. Between containers that must be the container port, not the host port of a Compose `ports:` mapping; in Kubernetes it is the Service port. A wrong port makes every connection fail: `upstream connect error or disconnect/reset before headers. reset reason: connection failure ... delayed connect error: 111` (503, flag `UF`), and active health checks mark every host unhealthy (`no healthy upstream`, flag `UH`).',
    problem: {
      description: 'The app listens on 8000 in its container; 8081 is only its published host port.',
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8081)) },
    },
    fixed: { files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8000)) } },
    remediation: 'Use the container port (Compose) or the Service port (Kubernetes) in `port_value`.',
    references: ['https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/core/v3/address.proto', 'https://docs.docker.com/compose/how-tos/networking/'],
  },
  check(ctx) {
    const index = envoyTargetIndex(ctx.facts.envoy);
    for (const path of brokenPaths(ctx.facts, 'envoy', 'port-mismatch')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const right = rightPort(path);
      const fix =
        right !== undefined && ref.endpoint.portAt ? replaceValue(ctx.facts, ref.endpoint.portAt, String(right), `connect to port ${right}`) : undefined;
      ctx.report({
        message: `${describeEndpoint(ref, path.target.route)}: ${path.problem.reason}; Envoy answers 503 (UF, connection refused).`,
        at: ref.endpoint.portAt ?? path.target.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
        ...(path.backend?.at ? { related: [{ at: path.backend.at, message: path.backend.label }] } : {}),
      });
    }
  },
});
