import type { RuleCase } from '../../rule-case.js';
import { dynamicYaml, traefikService } from '../examples.js';

const TCP = `tcp:
  routers:
    pg:
      entryPoints: [postgres]
      rule: "HostSNI(\`*\`)"
      service: pg
  services:
    pg:
      loadBalancer:
        servers:
          - address: "postgre:5432"
`;

const compose = `${traefikService()}  postgres:\n    image: postgres:16\n`;

export default [
  {
    name: 'a TCP address with a typo, suggested as the fix',
    files: { 'docker-compose.yml': compose, 'traefik/dynamic/pg.yml': TCP },
    expect: ['traefik/dynamic/pg.yml:11:23'],
    fixes: ['postgres'],
  },
  {
    name: 'near miss: an external name',
    files: { 'docker-compose.yml': compose, 'traefik/dynamic/shop.yml': dynamicYaml('https://shop.example.net') },
    expect: [],
  },
] satisfies RuleCase[];
