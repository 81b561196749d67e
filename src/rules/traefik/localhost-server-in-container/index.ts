import { defineRule } from '../../../core/define-rule.js';
import { traefikTargetIndex } from '../../../inputs/traefik/queries.js';
import { replaceValue } from '../../text-edits.js';
import { brokenPaths, findingPath, meantHost } from '../../proxy-paths.js';
import { dynamicYaml, traefikService } from '../examples.js';

const compose = `${traefikService()}  app:
    image: ghcr.io/example/shop:1.8
    expose:
      - "8080"
`;

export default defineRule({
  id: 'traefik/localhost-server-in-container',
  domain: 'traefik',
  cause: 'wrong-host-localhost',
  severity: 'error',
  title: 'A Traefik server URL points at localhost while Traefik runs in a container',
  catalog: ['X3'],
  docs: {
    why: 'A file-provider server `url: http://localhost:8080` is resolved inside the Traefik container, where nothing listens on 8080: every request gets `502 Bad Gateway` (`dial tcp 127.0.0.1:8080: connect: connection refused`). Services in other containers are reached by their Compose service name (or by Docker labels on them).',
    problem: { files: { 'docker-compose.yml': compose, 'traefik/dynamic/shop.yml': dynamicYaml('http://localhost:8080') } },
    fixed: { files: { 'docker-compose.yml': compose, 'traefik/dynamic/shop.yml': dynamicYaml('http://app:8080') } },
    remediation: "Use the backend's Compose service or Kubernetes Service name in the server URL, or declare the route with labels on the backend container.",
    references: ['https://doc.traefik.io/traefik/routing/services/#servers', 'https://docs.docker.com/compose/how-tos/networking/'],
  },
  check(ctx) {
    const index = traefikTargetIndex(ctx.facts.traefik);
    for (const path of brokenPaths(ctx.facts, 'traefik', 'wrong-host-localhost')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const { host } = meantHost(ctx.facts, path);
      const fix = host && ref.server.hostAt ? replaceValue(ctx.facts, ref.server.hostAt, host, `address the backend as \`${host}\``) : undefined;
      ctx.report({
        message: `${path.target.route}: server ${ref.server.text}: ${path.problem.reason}; Traefik answers 502 Bad Gateway.`,
        at: ref.server.hostAt ?? ref.server.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
      });
    }
  },
});
