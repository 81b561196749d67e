import { nginxSite, type RuleCase } from '../rule-case.js';

const proxy = `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
    networks: [front]
`;

export default [
  {
    name: 'an alias declared only on a network the proxy is not on',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/api:1
    expose: ["3000"]
    networks:
      front:
      back:
        aliases: [api.internal]
networks:
  front:
  back:
`,
      'site.conf': nginxSite('api.internal:3000'),
    },
    expect: ['docker-compose.yml:13:19'],
  },
  {
    name: 'near miss: a service name in other letter case, with a hostname and domainname set',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/api:1
    hostname: api
    domainname: corp.local
    expose: ["3000"]
    networks: [front]
networks:
  front:
`,
      'site.conf': nginxSite('api:3000', 'API:3000'),
    },
    expect: [],
  },
  {
    name: 'near miss: the alias is declared on the shared network',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/api:1
    expose: ["3000"]
    networks:
      front:
        aliases: [api.internal]
networks:
  front:
`,
      'site.conf': nginxSite('api.internal:3000'),
    },
    expect: [],
  },
  {
    name: 'near miss: a hostname that equals the service name',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/api:1
    hostname: api
    expose: ["3000"]
    networks: [front]
networks:
  front:
`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: [],
  },
  {
    name: 'near miss: no network shared at all is compose/no-shared-network',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/api:1
    expose: ["3000"]
    networks:
      back:
        aliases: [api.internal]
networks:
  front:
  back:
`,
      'site.conf': nginxSite('api.internal:3000'),
    },
    expect: [],
  },
] satisfies RuleCase[];
