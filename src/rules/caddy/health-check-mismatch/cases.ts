import type { RuleCase } from '../../rule-case.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS =
  '  app:\n    image: ghcr.io/example/shop:1.8\n    expose:\n      - "8080"\n    healthcheck:\n      test: ["CMD-SHELL", "curl -fsS http://127.0.0.1:8080/healthz || exit 1"]\n';

export default [
  {
    name: 'health_port 8081: nothing listens there',
    files: {
      'docker-compose.yml': caddyCompose(BACKENDS),
      'caddy/Caddyfile': caddySite('\treverse_proxy app:8080 {\n\t\thealth_uri /healthz\n\t\thealth_port 8081\n\t}\n'),
    },
    expect: ['caddy/Caddyfile:5:15'],
    fixes: ['8080'],
  },
  {
    name: 'near miss: a sub-path of the health endpoint, on the traffic port',
    files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy app:8080 {\n\t\thealth_uri /healthz/ready\n\t}\n') },
    expect: [],
  },
] satisfies RuleCase[];
