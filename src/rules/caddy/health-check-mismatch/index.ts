import { defineRule } from '../../../core/define-rule.js';
import { replaceValue } from '../../text-edits.js';
import { listenPorts, pathsByTarget } from '../../proxy-paths.js';
import { HEALTH_PATH, healthEndpointsBehind, samePathFamily } from '../../backend-app.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = `  app:
    image: ghcr.io/example/shop:1.8
    environment:
      PORT: "8080"
    expose:
      - "8080"
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]
      interval: 10s
`;

const site = (health: string) =>
  caddySite(`	reverse_proxy app:8080 {
${health}		health_interval 10s
	}
`);

export default defineRule({
  id: 'caddy/health-check-mismatch',
  domain: 'caddy',
  cause: 'no-healthy-upstream',
  severity: 'warning',
  title: 'Caddy active health checks probe a port or path the backend does not serve',
  catalog: ['X17'],
  docs: {
    why: 'With active health checks (`health_uri`, `health_port`) Caddy sends requests only to upstreams whose check passes. A `health_port` the backend does not listen on, or a health path it does not serve (`/health` when it answers `/healthz`), keeps every upstream unhealthy: clients get `503 Service Unavailable` and the log says `no upstreams available`, while the app is fine.',
    problem: {
      description: 'The app serves `/healthz` on 8080 only (its Compose healthcheck says so).',
      files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': site('\t\thealth_uri /health\n\t\thealth_port 9090\n') },
    },
    fixed: { files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': site('\t\thealth_uri /healthz\n') } },
    remediation: "Check the port traffic goes to (drop `health_port`, or use a port the backend listens on) and the path the backend's own health check uses.",
    references: ['https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#active-health-checks'],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'caddy');
    for (const config of ctx.facts.caddy.configs) {
      for (const proxy of config.proxies) {
        const { port, uri } = proxy.health;
        if (!port && !uri) continue;
        for (const upstream of proxy.upstreams) {
          const path = paths.get(upstream.id);
          if (path?.status !== 'resolved' || !path.backend) continue;
          const ports = listenPorts(path.backend);
          const traffic = upstream.port ?? upstream.defaultPort;
          const badPort = port && traffic !== undefined && ports.includes(traffic) && !ports.includes(port.value);
          if (badPort) {
            const fix = replaceValue(ctx.facts, port.at, String(traffic), `check the traffic port ${traffic}`);
            ctx.report({
              message: `${proxy.directive} ${upstream.text.value} (${proxy.route}) is health-checked on port ${port.value}, where ${path.backend.label} does not listen (it listens on ${ports.join(', ')}): the upstream stays unhealthy and Caddy answers 503.`,
              at: port.at,
              ...(fix ? { fix } : {}),
            });
          }
          if (uri && HEALTH_PATH.test(uri.value.split('?')[0]!)) {
            const checkPort = badPort ? undefined : (port?.value ?? traffic);
            const endpoints = healthEndpointsBehind(ctx.facts, path.backend).filter(
              (e) => e.path && HEALTH_PATH.test(e.path) && (e.port === undefined || checkPort === undefined || e.port === checkPort),
            );
            if (endpoints.length > 0 && !endpoints.some((e) => samePathFamily(e.path!, uri.value.split('?')[0]!))) {
              const wanted = endpoints[0]!;
              ctx.report({
                message: `${proxy.directive} (${proxy.route}) health-checks \`${uri.value}\`, but ${path.backend.label} serves its health endpoint at \`${wanted.path}\` (${wanted.source}): if \`${uri.value}\` answers 404 the upstream stays unhealthy and Caddy answers 503.`,
                at: uri.at,
                fix: replaceValue(ctx.facts, uri.at, wanted.path!, `check \`${wanted.path}\``)!,
                related: [{ at: wanted.at, message: wanted.source }],
              });
            }
          }
          break;
        }
      }
    }
  },
});
