import { defineRule } from '../../../core/define-rule.js';
import { replaceValue } from '../../text-edits.js';
import { traefikService } from '../examples.js';
import { networkNames, networkViews } from '../networks.js';

const compose = (network: string) => `name: shop
${traefikService()}    networks:
      - web
  api:
    image: ghcr.io/example/orders-api:2.3
    expose:
      - "3000"
    networks:
      - internal
      - web
    labels:
      - "traefik.http.routers.api.rule=Host(\`api.example.com\`)"
      - "traefik.http.services.api.loadbalancer.server.port=3000"
      - "traefik.docker.network=${network}"

networks:
  web:
  internal:
`;

export default defineRule({
  id: 'traefik/docker-network-mismatch',
  domain: 'traefik',
  cause: 'network-blocked',
  severity: 'warning',
  title: '`traefik.docker.network` names a network the container is not on (often the Compose key without the project prefix)',
  catalog: ['X6'],
  docs: {
    why: "`traefik.docker.network` (and `providers.docker.network`) must be the network's Docker name. Compose names a project's networks `<project>_<key>` unless they set `name:`, so `traefik.docker.network=web` in project `shop` matches nothing: Traefik logs `Could not find network named 'web' for container ... Maybe you're missing the project's prefix in the label? Defaulting to first available network` and may use a network it is not on, answering `504 Gateway Timeout`.",
    problem: {
      description: 'Project `shop`: the network is `shop_web`, the label says `web`.',
      files: { 'docker-compose.yml': compose('web') },
    },
    fixed: { files: { 'docker-compose.yml': compose('shop_web') } },
    remediation: 'Use the Docker name of the network: `<project>_<key>`, or give the network a fixed `name:` in the Compose file and use that.',
    references: [
      'https://doc.traefik.io/traefik/routing/providers/docker/#traefikdockernetwork',
      'https://docs.docker.com/compose/how-tos/networking/#specify-custom-networks',
    ],
  },
  check(ctx) {
    for (const view of networkViews(ctx.facts)) {
      const { container, instance, networks, shared } = view;
      const written = container.network ?? instance.docker.network;
      if (!written || networks.length === 0 || networks.some((n) => n.actualName === written.value)) continue;
      const byKey = networks.find((n) => n.key === written.value);
      const right = byKey ?? (shared.length === 1 ? shared[0] : undefined);
      const where = container.network ? 'its `traefik.docker.network` label' : '`providers.docker.network`';
      const fix =
        right && container.network ? replaceValue(ctx.facts, written.at, right.actualName, `use the network's Docker name \`${right.actualName}\``) : undefined;
      ctx.report({
        message: `${where} says \`${written.value}\`, but Compose service \`${container.service}\` is on ${networkNames(networks)}${byKey ? ` (\`${written.value}\` is the Compose key of \`${byKey.actualName}\`)` : ''}: Traefik falls back to the first network it finds and may answer 504 Gateway Timeout.`,
        at: written.at,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
