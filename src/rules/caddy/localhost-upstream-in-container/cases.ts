import type { RuleCase } from '../../rule-case.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = '  api:\n    image: ghcr.io/example/api:1.0\n    expose:\n      - "4000"\n';

const JSON_CONFIG = `{
  "apps": {
    "http": {
      "servers": {
        "srv0": {
          "listen": [":80"],
          "routes": [
            {
              "match": [{ "host": ["api.example.com"] }],
              "handle": [{ "handler": "reverse_proxy", "upstreams": [{ "dial": "localhost:4000" }] }]
            }
          ]
        }
      }
    }
  }
}
`;

export default [
  {
    name: 'a bare `:4000` (this machine): reported at the address, no fix (nothing to rename)',
    files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy :4000\n') },
    expect: ['caddy/Caddyfile:3:16'],
    fixes: [undefined],
  },
  {
    name: 'native JSON config, `dial: localhost:4000`',
    files: {
      'docker-compose.yml': caddyCompose(BACKENDS).replace('./caddy/Caddyfile:/etc/caddy/Caddyfile', './caddy/caddy.json:/etc/caddy/caddy.json'),
      'caddy/caddy.json': JSON_CONFIG,
    },
    expect: ['caddy/caddy.json:10:81'],
    fixes: ['api'],
  },
  {
    name: 'near miss: Caddy shares the network namespace of the API',
    files: {
      'docker-compose.yml': `services:\n  api:\n    image: ghcr.io/example/api:1.0\n    expose:\n      - "4000"\n  caddy:\n    image: caddy:2.8-alpine\n    network_mode: service:api\n    volumes:\n      - ./caddy/Caddyfile:/etc/caddy/Caddyfile:ro\n`,
      'caddy/Caddyfile': caddySite('\treverse_proxy localhost:4000\n'),
    },
    expect: [],
  },
] satisfies RuleCase[];
