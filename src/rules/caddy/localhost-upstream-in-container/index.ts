import { defineRule } from '../../../core/define-rule.js';
import { caddyTargetIndex, describeUpstream } from '../../../inputs/caddy/queries.js';
import { replaceValue } from '../../text-edits.js';
import { brokenPaths, findingPath, meantHost } from '../../proxy-paths.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = `  app:
    image: node:22-alpine
    command: ["node", "server.js"]
    expose:
      - "3000"
`;

export default defineRule({
  id: 'caddy/localhost-upstream-in-container',
  domain: 'caddy',
  cause: 'wrong-host-localhost',
  severity: 'error',
  title: 'A Caddy upstream points at localhost while Caddy runs in a container or pod',
  catalog: ['X3'],
  docs: {
    why: 'Inside a container `localhost`/`127.0.0.1` (and a bare `:3000`) is that container. `reverse_proxy localhost:3000` in the Caddy container reaches nothing: every request gets `502 Bad Gateway` and the log says `dial tcp 127.0.0.1:3000: connect: connection refused`.',
    problem: { files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy localhost:3000\n') } },
    fixed: { files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy app:3000\n') } },
    remediation: 'Address the backend by its Compose service or Kubernetes Service name on the port it listens on inside its container.',
    references: ['https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#upstream-addresses', 'https://docs.docker.com/compose/how-tos/networking/'],
  },
  check(ctx) {
    const index = caddyTargetIndex(ctx.facts.caddy);
    for (const path of brokenPaths(ctx.facts, 'caddy', 'wrong-host-localhost')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const { host } = meantHost(ctx.facts, path);
      const fix = host && ref.upstream.hostAt ? replaceValue(ctx.facts, ref.upstream.hostAt, host, `address the backend as \`${host}\``) : undefined;
      ctx.report({
        message: `${describeUpstream(ref)}: ${path.problem.reason}; Caddy answers 502 Bad Gateway.`,
        at: ref.upstream.hostAt ?? ref.upstream.text.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
      });
    }
  },
});
