import type { RuleCase } from '../../rule-case.js';
import { traefikService } from '../examples.js';

const STATIC = `entryPoints:
  web:
    address: ":80"
providers:
  docker:
    exposedByDefault: false
`;

const compose = (apiLabels: string) => `services:
  traefik:
    image: traefik:v3.1
    ports:
      - "80:80"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - ./traefik/traefik.yml:/etc/traefik/traefik.yml:ro
  api:
    image: ghcr.io/example/orders-api:2.3
    expose:
      - "3000"
    labels:
${apiLabels}`;

export default [
  {
    name: 'exposedByDefault false in traefik.yml, map-form labels without traefik.enable',
    files: { 'docker-compose.yml': compose('      traefik.http.routers.api.rule: Host(`api.example.com`)\n'), 'traefik/traefik.yml': STATIC },
    expect: ['docker-compose.yml:14:7'],
    fixes: ['traefik.enable: "true"\n      '],
  },
  {
    name: 'traefik.enable=false while another container routes to its service',
    files: {
      'docker-compose.yml': `${traefikService()}  api:\n    image: ghcr.io/example/orders-api:2.3\n    labels:\n      - traefik.enable=false\n      - traefik.http.services.orders.loadbalancer.server.port=3000\n  web:\n    image: ghcr.io/example/web:1.0\n    labels:\n      - traefik.http.routers.orders.rule=PathPrefix(\`/orders\`)\n      - traefik.http.routers.orders.service=orders\n`,
    },
    expect: ['docker-compose.yml:16:24'],
    fixes: ['true'],
  },
  {
    name: 'near miss: switched off on purpose (nothing routes to it), and exposed by default elsewhere',
    files: {
      'docker-compose.yml': `${traefikService()}  api:\n    image: ghcr.io/example/orders-api:2.3\n    labels:\n      - traefik.enable=false\n      - traefik.http.routers.api.rule=Host(\`api.example.com\`)\n`,
    },
    expect: [],
  },
] satisfies RuleCase[];
