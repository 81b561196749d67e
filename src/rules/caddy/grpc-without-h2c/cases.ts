import type { RuleCase } from '../../rule-case.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = '  orders:\n    image: ghcr.io/example/orders:3.0\n    expose:\n      - "9000"\n';

export default [
  {
    name: 'a header matcher on application/grpc',
    files: {
      'docker-compose.yml': caddyCompose(BACKENDS),
      'caddy/Caddyfile': caddySite('\t@grpc header Content-Type application/grpc*\n\treverse_proxy @grpc "orders:9000"\n'),
    },
    expect: ['caddy/Caddyfile:4:22'],
    fixes: ['h2c://'],
  },
  {
    name: 'near miss: transport http { versions h2c 2 }',
    files: {
      'docker-compose.yml': caddyCompose(BACKENDS),
      'caddy/Caddyfile': caddySite('\t@grpc protocol grpc\n\treverse_proxy @grpc orders:9000 {\n\t\ttransport http {\n\t\t\tversions h2c 2\n\t\t}\n\t}\n'),
    },
    expect: [],
  },
  {
    name: 'near miss: ordinary HTTP traffic to the same backend',
    files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy orders:9000\n') },
    expect: [],
  },
] satisfies RuleCase[];
