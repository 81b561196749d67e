import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { SourcePosition } from '../../../core/position.js';
import type { BackendNode, RuntimeRef } from '../../../evidence/topology/model.js';
import { nginxTargetIndex } from '../../../inputs/nginx/queries.js';
import { backendDnsName, backendListeningOn, brokenPaths, findingPath, replaceAt, suggestedAddress } from '../../proxy-paths.js';
import { describeNginxTarget } from '../describe-target.js';

const COMPOSE = `services:
  proxy:
    image: nginx:1.27-alpine
    ports:
      - "8080:80"
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
    depends_on:
      - api
  api:
    image: node:20-alpine
    working_dir: /app
    command: node server.js
    environment:
      PORT: "3000"
    expose:
      - "3000"
`;

const nginxConf = (upstream: string) => `events {}

http {
  server {
    listen 80;
    server_name _;

    location /api/ {
      proxy_set_header Host $host;
      proxy_pass http://${upstream}:3000;
    }
  }
}
`;

export default defineRule({
  id: 'nginx/localhost-upstream-in-container',
  domain: 'nginx',
  cause: 'wrong-host-localhost',
  severity: 'error',
  title: 'proxy_pass or upstream server points at localhost while nginx runs in a container or pod',
  catalog: ['X3'],
  docs: {
    why: 'Inside a container `localhost`, `127.0.0.1` and `::1` are the container itself. nginx in Compose service `proxy` connecting to `localhost:3000` knocks on its own door, where nothing listens: every request fails with `connect() failed (111: Connection refused) while connecting to upstream` and a 502. The backend runs in another container (or pod) and is reached by its service name. In Kubernetes, `localhost` reaches only containers of the same pod (a sidecar), never another Deployment.',
    problem: {
      description: 'nginx runs in Compose service `proxy`; the API runs in service `api` but is addressed as localhost.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': nginxConf('localhost') },
    },
    fixed: {
      description: 'The Compose service name reaches the API container on the shared default network.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': nginxConf('api') },
    },
    remediation:
      "Replace the loopback host with the backend's service name (the Compose service or the Kubernetes Service), keeping the port the backend listens on inside its container; use `host.docker.internal` only when the backend really runs on the Docker host.",
    references: [
      'https://docs.docker.com/compose/how-tos/networking/',
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass',
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
    ],
  },
  check(ctx) {
    const index = nginxTargetIndex(ctx.facts.nginx);
    for (const path of brokenPaths(ctx.facts, 'nginx', 'wrong-host-localhost')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const address = ref.kind === 'pass' ? ref.pass : ref.server;
      const what = describeNginxTarget(ref, path);
      const port = path.target.port ?? path.target.defaultPort;
      const fix = port === undefined ? undefined : fixFor(ctx.facts, path, address, port);
      const backend = port === undefined ? undefined : backendListeningOn(ctx.facts, path, port);
      ctx.report({
        message: `${what}: ${path.problem.reason}${meantHint(path.problem.reason, backend, path.proxy.runtime, port)}.`,
        at: address.hostAt ?? path.target.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
        ...(backend?.at ? { related: [{ at: backend.at, message: `${backend.label} listens on ${port}` }] } : {}),
      });
    }
  },
});

/** "; Service `api` (namespace `shop`) serves port 8080: use `api:8080`", when the resolver's reason does not say it already. */
export function meantHint(reason: string, backend: BackendNode | undefined, from: RuntimeRef | undefined, port: number | undefined): string {
  const name = backend && backendDnsName(backend, from);
  if (!name || port === undefined || /use `/.test(reason)) return '';
  return `; ${backend.label} serves port ${port}: use \`${name}:${port}\``;
}

function fixFor(
  facts: Parameters<typeof backendListeningOn>[0],
  path: Parameters<typeof backendListeningOn>[1],
  address: { hostAt?: SourcePosition; portAt?: SourcePosition },
  port: number,
): Fix | undefined {
  if (!address.hostAt) return undefined;
  const backend = backendListeningOn(facts, path, port);
  const name = backend && backendDnsName(backend, path.proxy.runtime);
  if (name) return replaceAt(address.hostAt, name, `address the backend by its service name \`${name}\``);
  const suggested = suggestedAddress(path);
  if (!suggested) return undefined;
  if (suggested.port === port) return replaceAt(address.hostAt, suggested.host, `address the backend as \`${suggested.host}\``);
  // Port differs too (a published host port was used): replace host and port together.
  const end = address.portAt ?? address.hostAt;
  return replaceAt(
    { ...address.hostAt, endLine: end.endLine, endColumn: end.endColumn },
    `${suggested.host}:${suggested.port}`,
    `use \`${suggested.host}:${suggested.port}\` (the container port, on the shared network)`,
  );
}
