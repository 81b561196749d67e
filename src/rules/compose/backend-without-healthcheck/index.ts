import { defineRule } from '../../../core/define-rule.js';
import { imageDefaults } from '../../../inputs/compose/image-defaults.js';
import { lacksHealthcheck } from '../../../inputs/compose/queries.js';
import { discoversBackends } from '../../../inputs/compose/nginx-proxy.js';
import { composePaths, describeRoute, reporter } from '../compose-paths.js';
import { healthcheckBlock, insertServiceKey } from '../yaml-edits.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  description: 'The proxy depends on `api`, which has no healthcheck (neither in Compose nor in its Dockerfile).',
  files: {
    'docker-compose.yml': `services:
  proxy:
    image: haproxy:3.0
    ports:
      - "80:80"
    volumes:
      - ./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro
    depends_on:
      - api
  api:
    build: ./api
    expose:
      - "8080"
`,
    'haproxy.cfg': `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend web
    bind :80
    default_backend api

backend api
    server api1 api:8080 check
`,
    'api/Dockerfile': `FROM node:22-alpine
WORKDIR /app
COPY . .
EXPOSE 8080
CMD ["node", "server.js"]
`,
  },
};

export default defineRule({
  id: 'compose/backend-without-healthcheck',
  domain: 'compose',
  cause: 'startup-order',
  severity: 'warning',
  title: 'A backend the proxy depends on has no healthcheck',
  catalog: ['B4'],
  docs: {
    why: "Compose can only tell that a backend is ready when it has a healthcheck: without one, `depends_on` waits for the container to be started, not for the server to listen, so the proxy's first requests fail with 502 (`connect() failed (111: Connection refused) while connecting to upstream`), and `docker compose ps` shows the backend as running while it is still booting or has hung.",
    problem,
    fixed: withEdits(problem, [
      {
        file: 'docker-compose.yml',
        replace: '      - "8080"',
        with: `      - "8080"
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8080/health"]
      interval: 5s`,
      },
      {
        file: 'docker-compose.yml',
        replace: '      - api',
        with: `      api:
        condition: service_healthy`,
      },
    ]),
    remediation:
      'Add a `healthcheck` to the backend that asks the port the proxy uses (`test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8080/health"]`), then wait for it from the proxy with `depends_on: { api: { condition: service_healthy } }`.',
    references: ['https://docs.docker.com/reference/compose-file/services/#healthcheck', 'https://docs.docker.com/compose/how-tos/startup-order/'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const { path, info } of composePaths(ctx)) {
      if (info.kind !== 'resolved' || info.backend.project !== info.proxy.project || info.backend.service === info.proxy.service) continue;
      // nginx-proxy follows containers as they start: it needs no depends_on.
      if (discoversBackends(path.proxy)) continue;
      const backend = info.backend.service;
      const dependency = info.proxy.service.dependsOn.find((d) => d.service === backend.name);
      // service_healthy on a service without healthcheck is compose/healthy-condition-without-healthcheck.
      if (dependency?.condition !== 'service_started' || !lacksHealthcheck(backend)) continue;
      const test = backend.image && !backend.healthcheck ? imageDefaults(backend.image.value)?.healthcheck : undefined;
      const fix = test ? insertServiceKey(ctx.facts, backend, `add a healthcheck to \`${backend.name}\``, healthcheckBlock(test)) : undefined;
      const why = backend.healthcheck?.disabled
        ? 'its healthcheck is disabled'
        : backend.build?.dockerfilePath
          ? `it has no healthcheck (nor has ${backend.build.dockerfilePath})`
          : 'it has no healthcheck';
      report(
        {
          message: `${describeRoute(path)}; \`${info.proxy.service.name}\` depends on \`${backend.name}\`, but ${why}, so Compose cannot wait until \`${backend.name}\` accepts connections.`,
          at: backend.healthcheck?.at ?? backend.at,
          ...(fix ? { fix } : {}),
          path: path.steps,
          related: [{ at: dependency.at, message: `\`${info.proxy.service.name}\` depends on \`${backend.name}\` here` }],
        },
        `${info.backend.project.id}/${backend.name}`,
      );
    }
  },
});
