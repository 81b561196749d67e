import { defineRule } from '../../../core/define-rule.js';

import { composePaths, describeRoute, reporter } from '../compose-paths.js';
import { withEdits } from '../../example-edits.js';
import { isLoopbackHost } from '../../../core/loopback.js';

const problem = {
  files: {
    'docker-compose.yml': `services:
  gateway:
    image: nginx:1.27
    ports:
      - "443:443"
      - "80:80"
    volumes:
      - ./gateway.conf:/etc/nginx/conf.d/default.conf:ro
    depends_on:
      orders:
        condition: service_healthy
  orders:
    image: example/orders:5.2
    environment:
      SERVER_PORT: "8080"
    healthcheck:
      test: ["CMD", "curl", "-fsS", "http://localhost:9000/actuator/health"]
      interval: 10s
`,
    'gateway.conf': `server {
    listen 80;
    location /orders/ {
        proxy_pass http://orders:8080/;
    }
}
`,
  },
};

export default defineRule({
  id: 'compose/healthcheck-port-differs',
  domain: 'compose',
  cause: 'port-mismatch',
  severity: 'warning',
  title: "A backend's healthcheck probes another port than the one the proxy uses",
  catalog: ['X7', 'X17'],
  docs: {
    why: 'A healthcheck that asks another port than the one traffic arrives on says nothing about the traffic port: the container is reported healthy (and `depends_on: service_healthy` lets the proxy start) while the port the proxy connects to refuses connections, or the check fails forever on a port nobody listens on and the proxy never starts.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'docker-compose.yml',
        replace: 'test: ["CMD", "curl", "-fsS", "http://localhost:9000/actuator/health"]',
        with: 'test: ["CMD", "curl", "-fsS", "http://localhost:8080/actuator/health"]',
      },
    ]),
    remediation:
      "Point the healthcheck at the port the proxy uses (the server's own health endpoint on that port), or make sure the health endpoint's port fails whenever the traffic port does.",
    references: ['https://docs.docker.com/reference/compose-file/services/#healthcheck'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const { path, info } of composePaths(ctx)) {
      if (info.kind !== 'resolved') continue;
      const backend = info.backend.service;
      const probe = backend.healthcheck?.probe;
      if (!probe || backend.healthcheck?.disabled) continue;
      const own = isLoopbackHost(probe.host) || probe.host === '0.0.0.0' || probe.host.toLowerCase() === backend.name.toLowerCase();
      if (!own || probe.port === info.listen.port) continue;
      report(
        {
          message: `${describeRoute(path)} (port ${info.listen.port}), but \`${backend.name}\`'s healthcheck probes port ${probe.port}: it can pass while ${info.listen.port} refuses connections.`,
          at: probe.at,
          path: path.steps,
          related: [{ at: path.target.at, message: `${path.proxy.label} targets \`${path.target.text}\` here` }],
        },
        `${info.backend.project.id}/${backend.name}:${info.listen.port}`,
      );
    }
  },
});
