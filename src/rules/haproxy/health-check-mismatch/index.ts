import { defineRule } from '../../../core/define-rule.js';
import { describeServer, haproxyTargetIndex } from '../../../inputs/haproxy/queries.js';
import { listenPorts, pathsByTarget, replaceAt } from '../../proxy-paths.js';
import { HEALTH_PATH, healthEndpointsBehind } from '../../backend-app.js';

const compose = `services:
  lb:
    image: haproxy:3.0-alpine
    ports:
      - "80:8080"
    volumes:
      - ./haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro
  api:
    image: ghcr.io/example/api:4.1
    environment:
      PORT: "3000"
    expose:
      - "3000"
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:3000/healthz"]
      interval: 10s
`;

const cfg = (check: string, server: string) => `global
    log stdout format raw local0

defaults
    mode http
    timeout connect 5s
    timeout client  30s
    timeout server  30s

resolvers docker
    nameserver dns 127.0.0.11:53

frontend www
    bind :8080
    default_backend api

backend api
    option httpchk
    http-check send meth GET uri ${check}
    http-check expect status 200
    server api1 api:3000 ${server} resolvers docker init-addr last,libc,none
`;

export default defineRule({
  id: 'haproxy/health-check-mismatch',
  domain: 'haproxy',
  cause: 'no-healthy-upstream',
  severity: 'warning',
  title: 'HAProxy health checks probe a port or path the backend does not serve',
  catalog: ['X17', 'X16'],
  docs: {
    why: "With `check`, HAProxy only sends traffic to servers whose health check passes. A check on a port the backend does not listen on (`check port 8081` while the app serves 3000 only) or on a health path the app does not have (`/health` when it serves `/healthz`) fails forever: `Server api/api1 is DOWN, reason: Layer4 connection problem` or `Layer7 wrong status, code: 404`, then `backend 'api' has no server available!` and every request gets 503 — although the application is fine.",
    problem: {
      description: 'The app answers `/healthz` (as its Compose healthcheck shows) and listens on 3000 only.',
      files: { 'docker-compose.yml': compose, 'haproxy/haproxy.cfg': cfg('/health', 'check port 8081') },
    },
    fixed: { files: { 'docker-compose.yml': compose, 'haproxy/haproxy.cfg': cfg('/healthz', 'check') } },
    remediation:
      'Check the port the backend serves (drop `port`/`addr`, or point them at a port it listens on) and the path its own health check uses (the Compose healthcheck or Kubernetes readiness probe).',
    references: ['https://docs.haproxy.org/3.0/configuration.html#5.2-check', 'https://docs.haproxy.org/3.0/configuration.html#4.2-http-check%20send'],
  },
  check(ctx) {
    const index = haproxyTargetIndex(ctx.facts.haproxy);
    for (const [id, path] of pathsByTarget(ctx.facts, 'haproxy')) {
      const ref = index.get(id);
      if (!ref?.server.options.check?.value || path.status !== 'resolved' || !path.backend) continue;
      const { server, backend } = ref;
      const ports = listenPorts(path.backend);
      const trafficPort = path.target.port ?? path.target.defaultPort;
      const checkPort = server.options.checkPort ?? backend.healthCheck.connectPort;
      if (checkPort && ports.length > 0 && trafficPort !== undefined && ports.includes(trafficPort) && !ports.includes(checkPort.value)) {
        const fix = server.options.checkPort
          ? replaceAt(server.options.checkPort.at, `port ${trafficPort}`, `check the traffic port ${trafficPort}`)
          : undefined;
        ctx.report({
          message: `${describeServer(ref, path.target.route)} is health-checked on port ${checkPort.value}, where ${path.backend.label} does not listen (it listens on ${ports.join(', ')}): the check fails, the server is marked DOWN and the backend answers 503.`,
          at: checkPort.at,
          ...(fix ? { fix } : {}),
        });
      }
      const checked = backend.healthCheck.path;
      if (!checked || !HEALTH_PATH.test(checked.value)) continue;
      const endpoints = healthEndpointsBehind(ctx.facts, path.backend).filter((e) => e.path && HEALTH_PATH.test(e.path));
      if (endpoints.length === 0 || endpoints.some((e) => e.path === checked.value)) continue;
      const wanted = endpoints[0];
      ctx.report({
        message: `backend \`${backend.name.value}\` health-checks \`${checked.value}\`, but ${path.backend.label} serves its health endpoint at \`${wanted.path}\` (${wanted.source}): if \`${checked.value}\` answers 404 every server is marked DOWN and the backend answers 503.`,
        at: checked.at,
        fix: replaceAt(checked.at, wanted.path!, `check \`${wanted.path}\``)!,
        related: [{ at: wanted.at, message: wanted.source }],
      });
    }
  },
});
