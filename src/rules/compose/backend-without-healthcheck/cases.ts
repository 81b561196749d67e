import { nginxSite, type RuleCase } from '../rule-case.js';

const proxy = (dependsOn: string) => `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
${dependsOn}`;

export default [
  {
    name: 'an official image: the fix adds a healthcheck that works in it',
    files: { 'docker-compose.yml': `${proxy('    depends_on: [cache]\n')}  cache:\n    image: redis:7\n`, 'site.conf': nginxSite('cache:6379') },
    expect: ['docker-compose.yml:7:3'],
    fixes: ['healthcheck:\n      test: ["CMD-SHELL","redis-cli ping"]\n      interval: 5s\n      timeout: 3s\n      retries: 10\n    '],
  },
  {
    name: 'a disabled healthcheck',
    files: {
      'docker-compose.yml': `${proxy('    depends_on:\n      - api\n')}  api:\n    image: node:22\n    command: node server.js --port 3000\n    healthcheck:\n      disable: true\n`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: ['docker-compose.yml:11:5'],
    fixes: [undefined],
  },
  {
    name: "near miss: the backend's Dockerfile has a HEALTHCHECK",
    files: {
      'docker-compose.yml': `${proxy('    depends_on: [api]\n')}  api:\n    build: ./api\n`,
      'api/Dockerfile': 'FROM node:22\nEXPOSE 3000\nHEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/health || exit 1\nCMD ["node", "server.js"]\n',
      'site.conf': nginxSite('api:3000'),
    },
    expect: [],
  },
  {
    name: 'near miss: a third-party image may bring its own healthcheck',
    files: {
      'docker-compose.yml': `${proxy('    depends_on: [api]\n')}  api:\n    image: example/api:1\n    expose: ["3000"]\n`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: [],
  },
  {
    name: 'near miss: the proxy does not depend on it (compose/proxy-starts-before-backend)',
    files: { 'docker-compose.yml': `${proxy('')}  cache:\n    image: redis:7\n`, 'site.conf': nginxSite('cache:6379') },
    expect: [],
  },
  {
    name: 'nginx resolves the backend per request, but lists it under depends_on to wait for it: nothing to wait for',
    files: {
      'docker-compose.yml': `${proxy('    depends_on: [cache]\n')}  cache:\n    image: redis:7\n`,
      'site.conf':
        'resolver 127.0.0.11 valid=10s;\nserver {\n    listen 80;\n    location / {\n        set $cache cache:6379;\n        proxy_pass http://$cache;\n    }\n}\n',
    },
    expect: ['docker-compose.yml:7:3'],
  },
] satisfies RuleCase[];
