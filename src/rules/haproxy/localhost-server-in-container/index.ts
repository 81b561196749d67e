import { defineRule } from '../../../core/define-rule.js';
import { describeServer, haproxyTargetIndex } from '../../../inputs/haproxy/queries.js';
import { brokenPaths, findingPath, meantHost, replaceAt } from '../../proxy-paths.js';
import { meantHint } from '../../nginx/localhost-upstream-in-container/index.js';
import { haproxyCfg, haproxyCompose } from '../examples.js';

const BACKENDS = `  app:
    image: node:20-alpine
    command: ["node", "server.js"]
    expose:
      - "3000"
`;

export default defineRule({
  id: 'haproxy/localhost-server-in-container',
  domain: 'haproxy',
  cause: 'wrong-host-localhost',
  severity: 'error',
  title: 'An HAProxy server line points at localhost while HAProxy runs in a container or pod',
  catalog: ['X3', 'X16'],
  docs: {
    why: 'Inside a container `127.0.0.1`/`localhost` is that container. HAProxy in Compose service `lb` checking and forwarding to `127.0.0.1:3000` reaches its own container, where nothing listens: health checks fail (`Server app/app1 is DOWN, reason: Layer4 connection problem, info: "Connection refused"`), the backend has no server left and clients get `503 Service Unavailable` (termination state `SC` or `<NOSRV>`).',
    problem: {
      files: { 'docker-compose.yml': haproxyCompose(BACKENDS), 'haproxy/haproxy.cfg': haproxyCfg('    server app1 127.0.0.1:3000 check\n') },
    },
    fixed: { files: { 'docker-compose.yml': haproxyCompose(BACKENDS), 'haproxy/haproxy.cfg': haproxyCfg('    server app1 app:3000 check\n') } },
    remediation: 'Address the backend by its Compose service or Kubernetes Service name on the port it listens on inside its container.',
    references: ['https://docs.haproxy.org/3.0/configuration.html#4-server', 'https://docs.docker.com/compose/how-tos/networking/'],
  },
  check(ctx) {
    const index = haproxyTargetIndex(ctx.facts.haproxy);
    for (const path of brokenPaths(ctx.facts, 'haproxy', 'wrong-host-localhost')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const { port, backend, host } = meantHost(ctx.facts, path);
      const fix = host && ref.server.hostAt ? replaceAt(ref.server.hostAt, host, `address the backend as \`${host}\``) : undefined;
      ctx.report({
        message: `${describeServer(ref, path.target.route)}: ${path.problem.reason}${meantHint(path.problem.reason, backend, path.proxy.runtime, port)}; health checks fail and the backend answers 503.`,
        at: ref.server.hostAt ?? path.target.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
      });
    }
  },
});
