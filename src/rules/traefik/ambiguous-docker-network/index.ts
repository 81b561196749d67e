import { defineRule } from '../../../core/define-rule.js';
import { insertLinesBefore } from '../../proxy-paths.js';
import { traefikService } from '../examples.js';
import { networkNames, networkViews } from '../networks.js';

const compose = (networkLabel: string) => `${traefikService()}    networks:
      - proxy
  api:
    image: ghcr.io/example/orders-api:2.3
    expose:
      - "3000"
    networks:
      - backend
      - proxy
    labels:
      - "traefik.http.routers.api.rule=Host(\`api.example.com\`)"
      - "traefik.http.services.api.loadbalancer.server.port=3000"
${networkLabel}  db:
    image: postgres:16
    networks:
      - backend

networks:
  proxy:
    name: proxy
  backend:
`;

export default defineRule({
  id: 'traefik/ambiguous-docker-network',
  domain: 'traefik',
  cause: 'network-blocked',
  severity: 'warning',
  title: 'A container on several networks gives Traefik no `traefik.docker.network`',
  catalog: ['X6'],
  docs: {
    why: "Traefik's Docker provider connects to a container's IP address on one of its networks. When the container is on several and neither the `traefik.docker.network` label nor `providers.docker.network` says which, Traefik picks one — possibly a network Traefik itself is not on. Requests then time out with `504 Gateway Timeout` (or 502), and only for some containers or after a restart, because the choice follows the order Docker lists the networks in.",
    problem: {
      description: 'The API is on `backend` (with the database) and on `proxy` (with Traefik).',
      files: { 'docker-compose.yml': compose('') },
    },
    fixed: { files: { 'docker-compose.yml': compose('      - "traefik.docker.network=proxy"\n') } },
    remediation:
      'Add the label `traefik.docker.network=<network>` (the Docker name of a network Traefik shares, e.g. `proxy` or `<project>_proxy`), or set `providers.docker.network` for all containers.',
    references: ['https://doc.traefik.io/traefik/routing/providers/docker/#traefikdockernetwork', 'https://doc.traefik.io/traefik/providers/docker/#network'],
  },
  check(ctx) {
    for (const view of networkViews(ctx.facts)) {
      const { container, instance, networks, shared } = view;
      if (container.network || instance.docker.network || networks.length < 2 || shared.length === 0 || shared.length === networks.length) continue;
      const unreachable = networks.filter((n) => !shared.includes(n));
      const name = shared[0]!.actualName;
      const line = container.labelsForm === 'list' ? `- "traefik.docker.network=${name}"` : `traefik.docker.network: ${name}`;
      ctx.report({
        message: `Compose service \`${container.service}\` is on networks ${networkNames(networks)} and says none to Traefik: Traefik (on ${networkNames(shared)}) may pick ${networkNames(unreachable)}, which it cannot reach, and answer 504 Gateway Timeout.`,
        at: container.labelsAt,
        fix: insertLinesBefore(ctx.facts, container.labelsAt, [line], `tell Traefik to use network \`${name}\``),
        related: [{ at: view.backend.service.networksAt ?? view.backend.service.at, message: `the networks of \`${container.service}\`` }],
      });
    }
  },
});
