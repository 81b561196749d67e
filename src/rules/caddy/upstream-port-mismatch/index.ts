import { defineRule } from '../../../core/define-rule.js';
import { caddyTargetIndex, describeUpstream } from '../../../inputs/caddy/queries.js';
import { replaceValue } from '../../text-edits.js';
import { brokenPaths, findingPath, rightPort } from '../../proxy-paths.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = `  app:
    image: ghcr.io/example/shop:1.8
    environment:
      PORT: "8000"
    ports:
      - "8081:8000"
`;

export default defineRule({
  id: 'caddy/upstream-port-mismatch',
  domain: 'caddy',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'A Caddy upstream uses a port the backend does not listen on',
  catalog: ['X2'],
  docs: {
    why: 'Caddy dials the port written in the upstream address (80 for `http://` without one, 443 for `https://`). Between containers that must be the container port, not the host port of a Compose `ports:` mapping; in Kubernetes it is the Service port. A wrong port gives `502 Bad Gateway` with `dial tcp 172.18.0.4:8081: connect: connection refused`.',
    problem: {
      description: 'The app listens on 8000 in its container; 8081 is only its published host port.',
      files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy app:8081\n') },
    },
    fixed: { files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy app:8000\n') } },
    remediation: 'Use the container port (Compose) or the Service port (Kubernetes) in the upstream address.',
    references: ['https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#upstream-addresses'],
  },
  check(ctx) {
    const index = caddyTargetIndex(ctx.facts.caddy);
    for (const path of brokenPaths(ctx.facts, 'caddy', 'port-mismatch')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const right = rightPort(path);
      const fix = right !== undefined && ref.upstream.portAt ? replaceValue(ctx.facts, ref.upstream.portAt, String(right), `dial port ${right}`) : undefined;
      const implied =
        ref.upstream.port === undefined && path.target.defaultPort !== undefined ? ` (no port written: Caddy uses ${path.target.defaultPort})` : '';
      ctx.report({
        message: `${describeUpstream(ref)}${implied}: ${path.problem.reason}; Caddy answers 502 Bad Gateway.`,
        at: ref.upstream.portAt ?? ref.upstream.text.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
        ...(path.backend?.at ? { related: [{ at: path.backend.at, message: path.backend.label }] } : {}),
      });
    }
  },
});
