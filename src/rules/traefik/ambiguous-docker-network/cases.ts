import type { RuleCase } from '../../rule-case.js';
import { traefikService } from '../examples.js';

const compose = (flags: string[], apiNetworks: string, labels = '') => `name: shop
${traefikService(flags)}    networks: [edge]
  api:
    image: ghcr.io/example/orders-api:2.3
    expose:
      - "3000"
    networks: ${apiNetworks}
    labels:
      traefik.http.routers.api.rule: Host(\`api.example.com\`)
${labels}
networks:
  edge:
  data:
`;

export default [
  {
    name: 'map-form labels: the label is added as a map entry',
    files: { 'docker-compose.yml': compose([], '[data, edge]') },
    expect: ['docker-compose.yml:21:7'],
    fixes: ['traefik.docker.network: shop_edge\n      '],
  },
  {
    name: 'near miss: providers.docker.network set for every container',
    files: { 'docker-compose.yml': compose(['--providers.docker.network=shop_edge'], '[data, edge]') },
    expect: [],
  },
  {
    name: 'near miss: one network only',
    files: { 'docker-compose.yml': compose([], '[edge]') },
    expect: [],
  },
] satisfies RuleCase[];
