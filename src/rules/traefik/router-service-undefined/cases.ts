import type { RuleCase } from '../../rule-case.js';
import { traefikService } from '../examples.js';

const FILE = `http:
  routers:
    dashboard:
      rule: "Host(\`traefik.example.com\`)"
      service: api@internal
    shop:
      rule: "Host(\`shop.example.com\`)"
      service: storefront
    orders:
      rule: "PathPrefix(\`/orders\`)"
      service: orders@docker
  services:
    storefront:
      weighted:
        services:
          - name: store-blue
            weight: 9
          - name: store-green
            weight: 1
    store-blue:
      loadBalancer:
        servers:
          - url: http://blue:8080
`;

const compose = `${traefikService()}  orders:
    image: ghcr.io/example/orders:1.0
    expose:
      - "3000"
    labels:
      - "traefik.http.services.orders.loadbalancer.server.port=3000"
  blue:
    image: ghcr.io/example/store:2.0
    expose:
      - "8080"
`;

export default [
  {
    name: 'a weighted service naming an undefined green version; the dashboard (`api@internal`) and a label service named `@docker` are fine',
    files: { 'docker-compose.yml': compose, 'traefik/dynamic/routes.yml': FILE },
    expect: ['traefik/dynamic/routes.yml:18:19'],
    fixes: [undefined],
  },
  {
    name: 'near miss: routers of a container with exactly one service need no `service` label',
    files: {
      'docker-compose.yml': `${compose}    labels:\n      - "traefik.http.routers.store.rule=Host(\`store.example.com\`)"\n      - "traefik.http.services.store.loadbalancer.server.port=8080"\n`,
    },
    expect: [],
  },
] satisfies RuleCase[];
