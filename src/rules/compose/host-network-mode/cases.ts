import { nginxSite, type RuleCase } from '../rule-case.js';

export default [
  {
    name: 'a proxy on the host network targets a Compose name',
    files: {
      'docker-compose.yml': `services:
  proxy:
    image: nginx:1.27
    network_mode: host
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
  api:
    image: example/api:1
    ports:
      - "3000:3000"
`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: ['docker-compose.yml:4:19'],
  },
  {
    name: 'near miss: a proxy on the host network uses the published port on localhost',
    files: {
      'docker-compose.yml': `services:
  proxy:
    image: nginx:1.27
    network_mode: host
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
  api:
    image: example/api:1
    ports:
      - "3000:3000"
`,
      'site.conf': nginxSite('127.0.0.1:3000'),
    },
    expect: [],
  },
  {
    name: 'near miss: a host-network service nobody proxies to by name',
    files: {
      'docker-compose.yml': `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
  api:
    image: example/api:1
    expose: ["3000"]
  node-exporter:
    image: prom/node-exporter:v1.8.2
    network_mode: host
`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: [],
  },
] satisfies RuleCase[];
