import { defineRule } from '../../../core/define-rule.js';
import { describeEndpoint, envoyTargetIndex } from '../../../inputs/envoy/queries.js';
import { brokenPaths, findingPath, meantHost } from '../../proxy-paths.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';
import { replaceValue } from '../../text-edits.js';

const BACKENDS = `  app:
    image: node:22-alpine
    command: ["node", "server.js"]
    expose:
      - "3000"
`;

export default defineRule({
  id: 'envoy/localhost-endpoint-in-container',
  domain: 'envoy',
  cause: 'wrong-host-localhost',
  severity: 'error',
  title: 'An Envoy cluster endpoint points at localhost while Envoy runs in a container or pod',
  catalog: ['X3', 'X16'],
  docs: {
    why: 'Inside a container `127.0.0.1`/`localhost` is that container. Envoy in Compose service `envoy` sending cluster `app` to `127.0.0.1:3000` reaches its own container, where nothing listens: every request gets `503 upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111` (response flag `UF`). In a pod, localhost reaches only containers of the same pod (a sidecar layout), which updoc checks too.',
    problem: {
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', '127.0.0.1', 3000)) },
    },
    fixed: { files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 3000)) } },
    remediation:
      'Address the backend by its Compose service or Kubernetes Service name (with `type: STRICT_DNS`), on the port it listens on inside its container; keep localhost only for containers of the same pod or network namespace.',
    references: [
      'https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/endpoint/v3/endpoint_components.proto',
      'https://docs.docker.com/compose/how-tos/networking/',
    ],
  },
  check(ctx) {
    const index = envoyTargetIndex(ctx.facts.envoy);
    for (const path of brokenPaths(ctx.facts, 'envoy', 'wrong-host-localhost')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const { host } = meantHost(ctx.facts, path);
      const fix = host && ref.endpoint.hostAt ? replaceValue(ctx.facts, ref.endpoint.hostAt, host, `address the backend as \`${host}\``) : undefined;
      const typeHint = host && ref.cluster.discovery === 'STATIC' ? ' (and make the cluster `type: STRICT_DNS` to use a name)' : '';
      ctx.report({
        message: `${describeEndpoint(ref, path.target.route)}: ${path.problem.reason}${typeHint}; Envoy answers 503 (UF, connection refused).`,
        at: ref.endpoint.hostAt ?? path.target.at,
        path: findingPath(path),
        ...(fix && ref.cluster.discovery !== 'STATIC' ? { fix } : {}),
      });
    }
  },
});
