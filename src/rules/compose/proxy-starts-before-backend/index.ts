import { defineRule } from '../../../core/define-rule.js';
import { lacksHealthcheck } from '../../../inputs/compose/queries.js';
import { composePaths, describeRoute, reporter } from '../compose-paths.js';
import { setDependencyCondition } from '../yaml-edits.js';

export default defineRule({
  id: 'compose/proxy-starts-before-backend',
  domain: 'compose',
  cause: 'startup-order',
  severity: 'warning',
  title: 'A proxy does not wait for its backend to be healthy',
  catalog: ['X7'],
  docs: {
    why: "Without `depends_on`, Compose may start the proxy before the backend's container exists: nginx then exits with `host not found in upstream`. With `depends_on` in list form (`service_started`), the proxy starts as soon as the backend's process is launched, long before it accepts connections: the first requests get 502 (`connect() failed (111: Connection refused)`). `condition: service_healthy` makes Compose wait for the backend's healthcheck.",
    problem: {
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
    },
    fixed: {
      files: {
        'docker-compose.yml': `services:
  nginx:
    image: nginx:1.27
    ports:
      - "80:80"
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro
    depends_on:
      api:
        condition: service_healthy
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
    },
    remediation:
      'Give the backend a `healthcheck` and make the proxy wait for it: `depends_on: { api: { condition: service_healthy } }` (add `restart: true` to restart the proxy when the backend is recreated).',
    references: ['https://docs.docker.com/compose/how-tos/startup-order/', 'https://docs.docker.com/reference/compose-file/services/#depends_on'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const { path, info } of composePaths(ctx)) {
      if (info.kind !== 'resolved' || info.backend.project !== info.proxy.project || info.backend.service === info.proxy.service) continue;
      const proxy = info.proxy.service;
      const backend = info.backend.service;
      // A backend sharing the proxy's network namespace (a sidecar) starts with it.
      if (backend.networkMode?.value.kind === 'service' || proxy.networkMode?.value.kind === 'service') continue;
      const dependency = proxy.dependsOn.find((d) => d.service === backend.name);
      if (dependency?.condition === 'service_healthy' || dependency?.condition === 'service_completed_successfully') continue;
      const noHealthcheck = lacksHealthcheck(backend);
      // Listed, but the backend cannot be waited for: compose/backend-without-healthcheck says what to add first.
      if (dependency && noHealthcheck) continue;
      const canWait = backend.healthcheck?.test !== undefined || backend.imageHealthcheck === 'present';
      const fix = canWait ? setDependencyCondition(ctx.facts, proxy, backend.name, 'service_healthy') : undefined;
      const what = dependency
        ? `lists \`${backend.name}\` under \`depends_on\` without \`condition: service_healthy\`, so it starts before \`${backend.name}\` accepts connections`
        : `does not depend on \`${backend.name}\`, so it may start before \`${backend.name}\` exists or accepts connections`;
      const then = canWait ? '' : noHealthcheck ? ` Give \`${backend.name}\` a healthcheck, then wait for it with \`condition: service_healthy\`.` : '';
      report(
        {
          message: `${describeRoute(path)}; \`${proxy.name}\` ${what}.${then}`,
          at: dependency?.at ?? proxy.dependsOnAt ?? proxy.at,
          ...(fix ? { fix } : {}),
          path: path.steps,
          related: [{ at: path.target.at, message: `${path.proxy.label} targets \`${path.target.text}\` here` }],
        },
        `${info.proxy.project.id}/${proxy.name}->${backend.name}`,
      );
    }
  },
});
