import { defineRule } from '../../../core/define-rule.js';
import { instanceOf, routerTarget } from '../../../inputs/traefik/queries.js';
import { replaceValue } from '../../text-edits.js';
import { insertLinesBefore } from '../../proxy-paths.js';
import { traefikService } from '../examples.js';

const compose = (labels: string) => `${traefikService(['--providers.docker.exposedbydefault=false'])}  api:
    image: ghcr.io/example/orders-api:2.3
    expose:
      - "3000"
    labels:
${labels}      - "traefik.http.routers.api.rule=Host(\`api.example.com\`)"
      - "traefik.http.services.api.loadbalancer.server.port=3000"
`;

export default defineRule({
  id: 'traefik/routed-container-not-enabled',
  domain: 'traefik',
  cause: 'config-error',
  severity: 'error',
  title: 'Traefik ignores a container that has routing labels (not enabled)',
  docs: {
    why: 'With `exposedByDefault=false` (the recommended setting) the Docker provider reads only containers labelled `traefik.enable=true`; `traefik.enable=false` switches a container off. Routers and services declared on an ignored container do not exist: their requests get `404 page not found`, and routers elsewhere that name its service fail with `the service "api@docker" does not exist`.',
    problem: {
      description: 'exposedByDefault is false and the API has routing labels but no `traefik.enable=true`.',
      files: { 'docker-compose.yml': compose('') },
    },
    fixed: { files: { 'docker-compose.yml': compose('      - "traefik.enable=true"\n') } },
    remediation: 'Label the container `traefik.enable=true` (or drop its routing labels if it should not be exposed).',
    references: ['https://doc.traefik.io/traefik/providers/docker/#exposedbydefault', 'https://doc.traefik.io/traefik/routing/providers/docker/#traefikenable'],
  },
  check(ctx) {
    const t = ctx.facts.traefik;
    for (const container of t.containers) {
      if (container.routers.length === 0 && container.services.length === 0) continue;
      const instance = instanceOf(t, container);
      if (container.enable?.value === true || (container.enable === undefined && (instance?.docker.exposedByDefault ?? true))) continue;
      // Switched off on purpose: only a problem when something else still routes to it.
      if (container.enable?.value === false) {
        const users = [
          ...t.files.flatMap((f) => f.routers.map((router) => ({ router, owner: undefined }))),
          ...t.containers.filter((c) => c !== container).flatMap((c) => c.routers.map((router) => ({ router, owner: c }))),
        ].filter(({ router }) => {
          const name = router.service?.value.replace(/@docker$/, '').toLowerCase();
          return name !== undefined && container.services.some((s) => s.name.toLowerCase() === name) && routerTarget(t, router).kind === 'missing';
        });
        const user = users[0];
        if (!user) continue;
        ctx.report({
          message: `Compose service \`${container.service}\` is labelled \`traefik.enable=false\`, but router \`${user.router.name}\` sends requests to its service \`${user.router.service!.value}\`: Traefik ignores the container and the route answers 404.`,
          at: container.enable.at,
          fix: replaceValue(ctx.facts, container.enable.at, 'true', 'let Traefik read the container')!,
          related: [{ at: user.router.service!.at, message: `router \`${user.router.name}\`` }],
        });
        continue;
      }
      const line = container.labelsForm === 'list' ? '- "traefik.enable=true"' : 'traefik.enable: "true"';
      const routers = container.routers.map((r) => `\`${r.name}\``).join(', ');
      ctx.report({
        message: `Compose service \`${container.service}\` declares ${routers ? `router${container.routers.length > 1 ? 's' : ''} ${routers}` : 'Traefik services'} but has no \`traefik.enable=true\`, and ${instance?.label ?? 'Traefik'} does not expose containers by default: Traefik ignores it and its routes answer 404.`,
        at: container.labelsAt,
        fix: insertLinesBefore(ctx.facts, container.labelsAt, [line], 'enable Traefik for the container'),
        ...(instance?.docker.exposedByDefaultAt ? { related: [{ at: instance.docker.exposedByDefaultAt, message: 'exposedByDefault=false' }] } : {}),
      });
    }
  },
});
