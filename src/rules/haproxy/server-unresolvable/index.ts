import { defineRule } from '../../../core/define-rule.js';
import { describeServer, haproxyTargetIndex } from '../../../inputs/haproxy/queries.js';
import { findingPath, pathsByTarget, proxyOwnsFix, renameHost, suggestedName } from '../../proxy-paths.js';
import { haproxyCfg, haproxyCompose } from '../examples.js';

const BACKENDS = `  api-server:
    image: ghcr.io/example/api:1.3
    expose:
      - "3000"
`;

export default defineRule({
  id: 'haproxy/server-unresolvable',
  domain: 'haproxy',
  cause: 'dns-failure',
  severity: 'error',
  title: 'An HAProxy server name does not resolve where HAProxy runs',
  catalog: ['X16', 'G1'],
  docs: {
    why: "HAProxy resolves server names when it starts (libc, unless `init-addr` says otherwise). A name that does not exist there stops it: `[ALERT] parsing [haproxy.cfg:17] : 'server app1' : could not resolve address 'api'` and the container exits. With `init-addr none` it starts but keeps the server in maintenance, and the backend answers 503. In Compose only service names, aliases and container names on a shared network resolve; in Kubernetes only Service names.",
    problem: {
      description: 'The service is called `api-server`, the server line says `api`.',
      files: { 'docker-compose.yml': haproxyCompose(BACKENDS), 'haproxy/haproxy.cfg': haproxyCfg('    server app1 api:3000 check\n') },
    },
    fixed: { files: { 'docker-compose.yml': haproxyCompose(BACKENDS), 'haproxy/haproxy.cfg': haproxyCfg('    server app1 api-server:3000 check\n') } },
    remediation:
      'Use a name that resolves where HAProxy runs (the Compose service name or alias on a shared network, the Kubernetes Service name), and consider `resolvers` with `init-addr last,libc,none` so a missing backend does not stop HAProxy.',
    references: ['https://docs.haproxy.org/3.0/configuration.html#5.2-init-addr', 'https://docs.haproxy.org/3.0/configuration.html#5.3'],
  },
  check(ctx) {
    const index = haproxyTargetIndex(ctx.facts.haproxy);
    for (const [id, path] of pathsByTarget(ctx.facts, 'haproxy')) {
      if (path.status !== 'broken' || path.problem?.cause !== 'dns-failure' || !proxyOwnsFix(path)) continue;
      const ref = index.get(id);
      if (!ref) continue;
      const initNone = ref.server.options.initAddr?.value.includes('none');
      const effect = initNone ? 'HAProxy starts but keeps the server in maintenance (503)' : 'HAProxy refuses to start (could not resolve address)';
      const suggestion = suggestedName(path);
      const fix = suggestion && ref.server.hostAt && ref.server.host ? renameHost(ref.server.hostAt, ref.server.host, suggestion) : undefined;
      ctx.report({
        message: `${describeServer(ref, path.target.route)}: ${path.problem.reason}. ${effect}.`,
        at: ref.server.hostAt ?? path.target.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
      });
    }
  },
});
