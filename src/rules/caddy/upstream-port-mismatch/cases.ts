import type { RuleCase } from '../../rule-case.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = '  app:\n    image: ghcr.io/example/shop:1.8\n    expose:\n      - "3000"\n';

export default [
  {
    name: 'an upstream in a `to` subdirective, next to a correct one',
    files: {
      'docker-compose.yml': caddyCompose(BACKENDS),
      'caddy/Caddyfile': caddySite('\treverse_proxy {\n\t\tto app:3000 app:8080\n\t\tlb_policy round_robin\n\t}\n'),
    },
    expect: ['caddy/Caddyfile:4:19'],
    fixes: ['3000'],
  },
  {
    name: 'near miss: a `handle_path` block with the right port',
    files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\thandle_path /api/* {\n\t\treverse_proxy http://app:3000\n\t}\n') },
    expect: [],
  },
] satisfies RuleCase[];
