import { defineRule } from '../../../core/define-rule.js';
import { describeServer, haproxyTargetIndex } from '../../../inputs/haproxy/queries.js';
import { brokenPaths, findingPath, replaceAt, rightPort } from '../../proxy-paths.js';
import { haproxyCfg, haproxyCompose } from '../examples.js';

const BACKENDS = `  app:
    image: ghcr.io/example/app:2.0
    environment:
      PORT: "8000"
    ports:
      - "8081:8000"
`;

export default defineRule({
  id: 'haproxy/server-port-mismatch',
  domain: 'haproxy',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'An HAProxy server line uses a port the backend does not listen on',
  catalog: ['X2', 'X16'],
  docs: {
    why: 'HAProxy connects to the port of the `server` line; between containers that is the container port, not the host port of a Compose `ports:` mapping, and in Kubernetes the Service port. A wrong port makes checks fail (`Layer4 connection problem, info: "Connection refused"`) and the backend answers 503; without `check`, every request fails with a 503 and termination state `SC`. A server line without a port uses the port the client connected to.',
    problem: {
      description: 'The app listens on 8000 in its container; 8081 is only its published host port.',
      files: { 'docker-compose.yml': haproxyCompose(BACKENDS), 'haproxy/haproxy.cfg': haproxyCfg('    server app1 app:8081 check\n') },
    },
    fixed: { files: { 'docker-compose.yml': haproxyCompose(BACKENDS), 'haproxy/haproxy.cfg': haproxyCfg('    server app1 app:8000 check\n') } },
    remediation: 'Use the container port (Compose) or the Service port (Kubernetes), and write it on every server line.',
    references: ['https://docs.haproxy.org/3.0/configuration.html#4-server', 'https://docs.docker.com/compose/how-tos/networking/'],
  },
  check(ctx) {
    const index = haproxyTargetIndex(ctx.facts.haproxy);
    for (const path of brokenPaths(ctx.facts, 'haproxy', 'port-mismatch')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const right = rightPort(path);
      const server = ref.server;
      let fix = right !== undefined && server.portAt ? replaceAt(server.portAt, String(right), `connect to port ${right}`) : undefined;
      if (!fix && right !== undefined && server.port === undefined && server.hostAt?.endColumn !== undefined)
        fix = replaceAt({ ...server.hostAt, column: server.hostAt.endColumn }, `:${right}`, `write the port ${right}`);
      const implied =
        server.port === undefined && path.target.defaultPort !== undefined
          ? ` (no port written: HAProxy uses the client's port ${path.target.defaultPort})`
          : '';
      ctx.report({
        message: `${describeServer(ref, path.target.route)}${implied}: ${path.problem.reason}.`,
        at: server.portAt ?? server.hostAt ?? path.target.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
        ...(path.backend?.at ? { related: [{ at: path.backend.at, message: path.backend.label }] } : {}),
      });
    }
  },
});
