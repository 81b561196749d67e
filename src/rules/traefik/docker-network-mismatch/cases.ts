import type { RuleCase } from '../../rule-case.js';
import { traefikService } from '../examples.js';

const compose = (flag: string, networks: string) => `name: shop
${traefikService([flag])}    networks: [web]
  api:
    image: ghcr.io/example/orders-api:2.3
    expose:
      - "3000"
    networks: [web, internal]
    labels:
      - "traefik.http.routers.api.rule=Host(\`api.example.com\`)"

networks:
${networks}`;

export default [
  {
    name: 'providers.docker.network with the Compose key (reported at the flag, no fix there)',
    files: { 'docker-compose.yml': compose('--providers.docker.network=web', '  web:\n  internal:\n') },
    expect: ['docker-compose.yml:7:9'],
    fixes: [undefined],
  },
  {
    name: 'near miss: the network has a fixed `name:`, so `web` is its Docker name',
    files: { 'docker-compose.yml': compose('--providers.docker.network=web', '  web:\n    name: web\n  internal:\n') },
    expect: [],
  },
] satisfies RuleCase[];
