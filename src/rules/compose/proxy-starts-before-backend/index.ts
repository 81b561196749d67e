import { defineRule } from '../../../core/define-rule.js';
import type { ComposeService } from '../../../inputs/compose/model.js';
import type { ServiceRef } from '../../../inputs/compose/queries.js';
import { discoversBackends } from '../../../inputs/compose/nginx-proxy.js';
import { type ComposePath, composePaths, describeRoute, reporter, resolvedWhenUsed } from '../compose-paths.js';
import { setDependencyCondition, setDependencyConditions } from '../yaml-edits.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  description: 'nginx lists `api` under `depends_on`, which only waits for the container to start.',
  files: {
    'docker-compose.yml': `services:
  nginx:
    image: nginx:1.27
    ports:
      - "80:80"
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro
    depends_on:
      - api
  api:
    image: example/api:1.4
    expose:
      - "3000"
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:3000/health"]
      interval: 5s
`,
    'nginx.conf': `server {
    listen 80;
    location / {
        proxy_pass http://api:3000;
    }
}
`,
  },
};

export default defineRule({
  id: 'compose/proxy-starts-before-backend',
  domain: 'compose',
  cause: 'startup-order',
  severity: 'warning',
  title: 'A proxy does not wait for its backend to be healthy',
  catalog: ['X7'],
  docs: {
    why: "Without `depends_on`, Compose may start the proxy before the backend's container exists: nginx then exits with `host not found in upstream`. With `depends_on` in list form (`service_started`), the proxy starts as soon as the backend's process is launched, long before it accepts connections: the first requests get 502 (`connect() failed (111: Connection refused)`). `condition: service_healthy` makes Compose wait for the backend's healthcheck. A proxy that looks the name up per request (nginx with a `resolver` and the address in a variable or `server … resolve`, HAProxy `resolvers` with `init-addr none`, Caddy, Traefik) starts without the backend: it is reported only when it lists the backend under `depends_on` without waiting for its healthcheck.",
    problem,
    fixed: withEdits(problem, [
      {
        file: 'docker-compose.yml',
        replace: '      - api',
        with: `      api:
        condition: service_healthy`,
      },
    ]),
    remediation:
      'Give the backend a `healthcheck` and make the proxy wait for it: `depends_on: { api: { condition: service_healthy } }` (add `restart: true` to restart the proxy when the backend is recreated), or let the proxy resolve the name per request.',
    references: ['https://docs.docker.com/compose/how-tos/startup-order/', 'https://docs.docker.com/reference/compose-file/services/#depends_on'],
  },
  check(ctx) {
    const report = reporter(ctx);
    // Per proxy service: the backends its paths reach, first path of each kept for the narration.
    const byProxy = new Map<ComposeService, { proxy: ServiceRef; backends: Map<ComposeService, ComposePath> }>();
    for (const cp of composePaths(ctx)) {
      const { info } = cp;
      if (info.kind !== 'resolved' || info.backend.project !== info.proxy.project || info.backend.service === info.proxy.service) continue;
      // nginx-proxy follows containers as they start: it needs no depends_on.
      if (discoversBackends(cp.path.proxy)) continue;
      // A backend sharing the proxy's network namespace (a sidecar) starts with it.
      if (info.backend.service.networkMode?.value.kind === 'service' || info.proxy.service.networkMode?.value.kind === 'service') continue;
      const entry = byProxy.get(info.proxy.service) ?? { proxy: info.proxy, backends: new Map() };
      byProxy.set(info.proxy.service, entry);
      // Keep a path the proxy resolves at start-up when there is one: that is the one that needs the backend to exist.
      const kept = entry.backends.get(info.backend.service);
      if (!kept || (resolvedWhenUsed(ctx.facts, kept.path) && !resolvedWhenUsed(ctx.facts, cp.path))) entry.backends.set(info.backend.service, cp);
    }
    for (const { proxy: proxyRef, backends } of byProxy.values()) {
      const proxy = proxyRef.service;
      const unlisted: { backend: ComposeService; path: ComposePath }[] = [];
      for (const [backend, cp] of backends) {
        const dependency = proxy.dependsOn.find((d) => d.service === backend.name);
        if (dependency?.condition === 'service_healthy' || dependency?.condition === 'service_completed_successfully') continue;
        if (!dependency) {
          // Not listed on purpose, typically: a proxy that looks the name up per request starts without the backend.
          if (!resolvedWhenUsed(ctx.facts, cp.path)) unlisted.push({ backend, path: cp });
          continue;
        }
        // Listed, but nothing to wait for: compose/backend-without-healthcheck says what to add first when the backend
        // surely has no healthcheck; a third-party image may have its own, which updoc cannot see.
        if (!canWait(backend)) continue;
        const fix = setDependencyCondition(ctx.facts, proxy, backend.name, 'service_healthy');
        report({
          message: `${describeRoute(cp.path)}; \`${proxy.name}\` lists \`${backend.name}\` under \`depends_on\` without \`condition: service_healthy\`, so it starts before \`${backend.name}\` accepts connections.`,
          at: dependency.at,
          ...(fix ? { fix } : {}),
          path: cp.path.steps,
          related: [{ at: cp.path.target.at, message: `${cp.path.proxy.label} targets \`${cp.path.target.text}\` here` }],
        });
      }
      if (unlisted.length === 0) continue;
      const names = unlisted.map((u) => `\`${u.backend.name}\``);
      const first = unlisted[0]!.path;
      // Wait for health where a healthcheck exists; at least for the container otherwise (no more "host not found").
      const changes = unlisted.map((u) => ({
        service: u.backend.name,
        condition: canWait(u.backend) ? ('service_healthy' as const) : ('service_started' as const),
      }));
      const fix = setDependencyConditions(ctx.facts, proxy, changes, `make \`${proxy.name}\` wait for ${names.join(', ')}`);
      const withoutHealthcheck = unlisted.filter((u) => !canWait(u.backend)).map((u) => `\`${u.backend.name}\``);
      report({
        message: `${describeRoute(first.path)}${unlisted.length > 1 ? ` (and to ${names.slice(1).join(', ')})` : ''}; \`${proxy.name}\` does not depend on ${names.join(' or ')}, so it may start before ${unlisted.length > 1 ? 'they exist or accept' : `${names[0]} exists or accepts`} connections.${withoutHealthcheck.length > 0 ? ` Give ${withoutHealthcheck.join(', ')} a healthcheck to wait for it with \`condition: service_healthy\`.` : ''}`,
        at: proxy.dependsOnAt ?? proxy.at,
        ...(fix ? { fix } : {}),
        path: first.path.steps,
        related: unlisted.map((u) => ({ at: u.path.path.target.at, message: `${u.path.path.proxy.label} targets \`${u.path.path.target.text}\` here` })),
      });
    }
  },
});

/** A healthcheck Compose can wait for: written in Compose, or the Dockerfile's. */
function canWait(backend: ComposeService): boolean {
  return (
    (backend.healthcheck?.test !== undefined && !backend.healthcheck.disabled) || (!backend.healthcheck?.disabled && backend.imageHealthcheck === 'present')
  );
}
