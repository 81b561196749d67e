import { nginxSite, type RuleCase } from '../rule-case.js';

const proxy = (networks: string) => `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
${networks}`;

export default [
  {
    name: 'both on named networks, none shared (list form): one finding for two routes, the fix adds the proxy network',
    files: {
      'docker-compose.yml': `${proxy('    networks:\n      - front\n')}  api:
    image: example/api:1
    expose: ["3000"]
    networks:
      - back
networks:
  front:
  back:
`,
      'site.conf': nginxSite('api:3000', 'api:3000/v2'),
    },
    expect: ['docker-compose.yml:11:5'],
    fixes: ['- front\n      '],
  },
  {
    name: 'proxy on the default network, backend only on a named one (map form)',
    files: {
      'docker-compose.yml': `${proxy('')}  api:
    image: example/api:1
    expose: ["3000"]
    networks:
      back:
        aliases: [backend]
networks:
  back:
`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: ['docker-compose.yml:9:5'],
    fixes: ['default: {}\n      '],
  },
  {
    name: 'flow-style networks',
    files: {
      'docker-compose.yml': `${proxy('    networks: [edge]\n')}  web:
    image: example/web:1
    expose: ["8080"]
    networks: [internal]
networks:
  edge:
  internal:
`,
      'site.conf': nginxSite('web:8080'),
    },
    expect: ['docker-compose.yml:10:5'],
    fixes: ['edge, '],
  },
  {
    name: 'an HAProxy server line',
    files: {
      'docker-compose.yml': `services:
  lb:
    image: haproxy:3.0
    volumes:
      - ./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro
    networks: [public]
  app:
    image: example/app:1
    expose: ["8000"]
networks:
  public:
`,
      'haproxy.cfg':
        'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nfrontend fe\n    bind :80\n    default_backend be\n\nbackend be\n    server app1 app:8000\n',
    },
    expect: ['docker-compose.yml:7:3'],
    fixes: ['networks:\n      - default\n      - public\n    '],
  },
  {
    name: 'near miss: one shared network among several',
    files: {
      'docker-compose.yml': `${proxy('    networks: [front]\n')}  api:
    image: example/api:1
    expose: ["3000"]
    networks: [front, back]
networks:
  front:
  back:
`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: [],
  },
  {
    name: 'near miss: both on the implicit default network',
    files: { 'docker-compose.yml': `${proxy('')}  api:\n    image: example/api:1\n    expose: ["3000"]\n`, 'site.conf': nginxSite('api:3000') },
    expect: [],
  },
  {
    name: 'near miss: the backend lives in another project on the same external network',
    files: {
      'docker-compose.yml': `${proxy('    networks: [web]\n')}networks:\n  web:\n    external: true\n`,
      'site.conf': nginxSite('shop:3000'),
      'shop/docker-compose.yml':
        'services:\n  shop:\n    image: example/shop:1\n    expose: ["3000"]\n    networks: [web]\nnetworks:\n  web:\n    external: true\n',
    },
    expect: [],
  },
  {
    name: 'near miss: both join the same undeclared network (compose/undefined-network says so)',
    files: {
      'docker-compose.yml': `${proxy('    networks: [frontend]\n')}  api:\n    image: example/api:1\n    expose: ["3000"]\n    networks: [frontend]\n`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: [],
  },
] satisfies RuleCase[];
