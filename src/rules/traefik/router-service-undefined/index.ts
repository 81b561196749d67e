import { defineRule } from '../../../core/define-rule.js';
import type { Located } from '../../../core/position.js';
import { closestName } from '../../../inputs/compose/queries.js';
import type { TraefikContainer, TraefikRouter } from '../../../inputs/traefik/model.js';
import { containerServices, isEnabled, routerTarget } from '../../../inputs/traefik/queries.js';
import { replaceValue } from '../../text-edits.js';
import { traefikService } from '../examples.js';

const compose = (service: string) => `${traefikService()}  api:
    image: ghcr.io/example/orders-api:2.3
    expose:
      - "3000"
    labels:
      - "traefik.http.routers.orders.rule=Host(\`api.example.com\`) && PathPrefix(\`/orders\`)"
      - "traefik.http.routers.orders.service=${service}"
      - "traefik.http.services.orders-api.loadbalancer.server.port=3000"
`;

export default defineRule({
  id: 'traefik/router-service-undefined',
  domain: 'traefik',
  cause: 'config-error',
  severity: 'error',
  title: 'A Traefik router names a service that no provider defines',
  docs: {
    why: 'A router forwards to the service its `service` option names (`name@file`, `name@docker`; without `@` the router\'s own provider). When no such service exists, Traefik drops the router with `the service "orders@docker" does not exist` and requests matching its rule get `404 page not found`. A label router without `service` uses its container\'s only service; with several, Traefik cannot choose and drops it too.',
    problem: {
      description: 'The router names `orders`; the service is called `orders-api`.',
      files: { 'docker-compose.yml': compose('orders') },
    },
    fixed: { files: { 'docker-compose.yml': compose('orders-api') } },
    remediation: 'Name a service that is defined (with `@file` / `@docker` when it lives in another provider), or define it.',
    references: ['https://doc.traefik.io/traefik/routing/routers/#service', 'https://doc.traefik.io/traefik/routing/providers/docker/#service-definition'],
  },
  check(ctx) {
    const t = ctx.facts.traefik;
    const check = (router: TraefikRouter, container: TraefikContainer | undefined, names: string[]) => {
      const target = routerTarget(t, router, container);
      if (target.kind === 'ambiguous') {
        ctx.report({
          message: `router \`${router.name}\` of Compose service \`${container!.service}\` names no service and the container defines ${target.count}: Traefik drops the router and its requests get 404.`,
          at: router.nameAt,
        });
        return;
      }
      if (target.kind !== 'missing' || !router.service) return;
      // A service on a container Traefik does not read is reported by traefik/routed-container-not-enabled.
      const bare = router.service.value.replace(/@[^@]*$/, '').toLowerCase();
      if (t.containers.some((c) => !isEnabled(t, c) && c.services.some((s) => s.name.toLowerCase() === bare))) return;
      report(router.service, `router \`${router.name}\``, names);
    };
    const report = (written: Located<string>, who: string, names: string[]) => {
      const bare = written.value.replace(/@[^@]*$/, '');
      const similar = closestName(bare, names);
      const suffix = written.value.slice(bare.length);
      const fix = similar ? replaceValue(ctx.facts, written.at, `${similar}${suffix}`, `name service \`${similar}\``) : undefined;
      ctx.report({
        message: `${who} sends requests to service \`${written.value}\`, which is not defined${similar ? `; did you mean \`${similar}\`?` : ''}: Traefik drops the router ("the service does not exist") and its requests get 404.`,
        at: written.at,
        ...(fix ? { fix } : {}),
      });
    };
    const fileNames = t.files.flatMap((f) => f.services.map((s) => s.name));
    const labelNames = t.containers.filter((c) => isEnabled(t, c)).flatMap((c) => containerServices(c).map((s) => s.name));
    for (const file of t.files) {
      for (const router of file.routers) check(router, undefined, router.service?.value.endsWith('@docker') ? labelNames : fileNames);
      for (const service of file.services)
        for (const child of service.children) {
          const target = routerTarget(t, { name: service.name, protocol: service.protocol, provider: 'file', nameAt: child.at, service: child, at: child.at });
          if (target.kind === 'missing') report(child, `${service.kind} service \`${service.name}\``, fileNames);
        }
    }
    for (const container of t.containers) {
      if (!isEnabled(t, container)) continue;
      for (const router of container.routers) check(router, container, router.service?.value.endsWith('@file') ? fileNames : labelNames);
    }
  },
});
