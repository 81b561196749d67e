import { defineRule } from '../../../core/define-rule.js';
import { composePaths, describeRoute, reporter } from '../compose-paths.js';
import { insertServiceKey } from '../yaml-edits.js';

/** Names Docker Desktop defines for the host; Docker Engine on Linux only with `extra_hosts: …:host-gateway`. */
const HOST_ALIASES = new Set(['host.docker.internal', 'gateway.docker.internal']);

const COMPOSE = (extra: string) => `services:
  nginx:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro
${extra}`;

const SITE = `server {
    listen 80;
    server_name dev.example.test;

    # The API runs on the host (npm run dev), outside Compose.
    location /api/ {
        proxy_pass http://host.docker.internal:3000;
        proxy_set_header Host $host;
    }
}
`;

export default defineRule({
  id: 'compose/host-gateway-not-mapped',
  domain: 'compose',
  cause: 'dns-failure',
  severity: 'warning',
  title: 'host.docker.internal is used without mapping it to host-gateway',
  catalog: ['X1', 'G1'],
  docs: {
    why: 'Docker Desktop (macOS, Windows) defines `host.docker.internal` in every container; Docker Engine on Linux does not. A proxy that targets `host.docker.internal` works on a laptop and fails on a Linux server or CI runner: nginx exits with `host not found in upstream "host.docker.internal:3000"`, HAProxy cannot resolve the server, others answer 502. `extra_hosts: ["host.docker.internal:host-gateway"]` adds the name with the address of the host on the default bridge, on every platform.',
    problem: {
      description: 'nginx reaches an API running on the host; the name exists only on Docker Desktop.',
      files: { 'docker-compose.yml': COMPOSE(''), 'nginx.conf': SITE },
    },
    fixed: {
      files: { 'docker-compose.yml': COMPOSE('    extra_hosts:\n      - "host.docker.internal:host-gateway"\n'), 'nginx.conf': SITE },
    },
    remediation:
      'Add `extra_hosts: ["host.docker.internal:host-gateway"]` to the service that uses the name (Docker Engine 20.10+), and make the process on the host listen on an address the containers can reach (not only 127.0.0.1).',
    references: [
      'https://docs.docker.com/reference/compose-file/services/#extra_hosts',
      'https://docs.docker.com/desktop/features/networking/#i-want-to-connect-from-a-container-to-a-service-on-the-host',
    ],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const { path, info } of composePaths(ctx)) {
      const host = path.target.host?.toLowerCase().replace(/\.$/, '');
      if (!host || !HOST_ALIASES.has(host)) continue;
      const service = info.proxy.service;
      if (service.extraHosts.some((h) => h.host.toLowerCase() === host)) continue;
      const fix =
        service.extraHosts.length === 0
          ? insertServiceKey(ctx.facts, service, `map \`${host}\` to the host`, (u) => ['extra_hosts:', `${u}- "${host}:host-gateway"`])
          : undefined;
      report(
        {
          message: `${describeRoute(path)}, but \`${host}\` exists only on Docker Desktop: on Linux (servers, CI) it does not resolve in \`${service.name}\`'s container unless \`extra_hosts\` maps it to \`host-gateway\`.`,
          at: service.at,
          ...(fix ? { fix } : {}),
          path: path.steps,
          related: [{ at: path.target.at, message: `${path.proxy.label} targets \`${path.target.text}\` here` }],
        },
        `${info.proxy.project.id}/${service.name}/${host}`,
      );
    }
  },
});
