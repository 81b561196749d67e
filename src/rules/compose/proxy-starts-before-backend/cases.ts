import { nginxSite, type RuleCase } from '../rule-case.js';

const api = `  api:
    image: example/api:1
    expose: ["3000"]
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:3000/health"]
`;

const proxy = (dependsOn: string) => `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
${dependsOn}`;

export default [
  {
    name: 'no depends_on at all: the fix adds it',
    files: { 'docker-compose.yml': `${proxy('')}${api}`, 'site.conf': nginxSite('api:3000') },
    expect: ['docker-compose.yml:2:3'],
    fixes: ['depends_on:\n      api:\n        condition: service_healthy\n    '],
  },
  {
    name: 'map form with service_started, written',
    files: { 'docker-compose.yml': `${proxy('    depends_on:\n      api:\n        condition: service_started\n')}${api}`, 'site.conf': nginxSite('api:3000') },
    expect: ['docker-compose.yml:7:7'],
    fixes: ['service_healthy'],
  },
  {
    name: 'map form without a condition',
    files: { 'docker-compose.yml': `${proxy('    depends_on:\n      api:\n        restart: true\n')}${api}`, 'site.conf': nginxSite('api:3000') },
    expect: ['docker-compose.yml:7:7'],
    fixes: ['\n        condition: service_healthy'],
  },
  {
    name: 'map form listing another service only',
    files: {
      'docker-compose.yml': `${proxy('    depends_on:\n      auth:\n        condition: service_started\n')}${api}  auth:\n    image: example/auth:1\n`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: ['docker-compose.yml:6:5'],
    fixes: ['api:\n        condition: service_healthy\n      '],
  },
  {
    name: 'flow list',
    files: { 'docker-compose.yml': `${proxy('    depends_on: [api]\n')}${api}`, 'site.conf': nginxSite('api:3000') },
    expect: ['docker-compose.yml:6:18'],
    fixes: ['{ api: { condition: service_healthy } }'],
  },
  {
    name: 'block list indented like its key',
    files: { 'docker-compose.yml': `${proxy('    depends_on:\n    - api\n')}${api}`, 'site.conf': nginxSite('api:3000') },
    expect: ['docker-compose.yml:7:7'],
    fixes: ['      api:\n        condition: service_healthy'],
  },
  {
    name: 'backends not listed, one without a known healthcheck: one finding, the fix waits for each as far as it can',
    files: {
      'docker-compose.yml': `${proxy('')}${api}  web:\n    image: example/web:1\n    expose: ["8080"]\n`,
      'site.conf': nginxSite('api:3000', 'web:8080', 'api:3000/v2'),
    },
    expect: ['docker-compose.yml:2:3'],
    fixes: ['depends_on:\n      api:\n        condition: service_healthy\n      web:\n        condition: service_started\n    '],
  },
  {
    name: 'map form: new entries go before the first one',
    files: {
      'docker-compose.yml': `${proxy('    depends_on:\n      auth:\n        condition: service_healthy\n')}${api}  web:\n    image: example/web:1\n    expose: ["8080"]\n  auth:\n    image: example/auth:1\n    healthcheck:\n      test: ["CMD", "true"]\n`,
      'site.conf': nginxSite('api:3000', 'web:8080'),
    },
    expect: ['docker-compose.yml:6:5'],
    fixes: ['api:\n        condition: service_healthy\n      web:\n        condition: service_started\n      '],
  },
  {
    name: 'near miss: listed, and a third-party image that may or may not have a healthcheck',
    files: {
      'docker-compose.yml': `${proxy('    depends_on: [api]\n')}  api:\n    image: example/api:1\n    expose: ["3000"]\n`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: [],
  },
  {
    name: 'near miss: waits for service_healthy',
    files: { 'docker-compose.yml': `${proxy('    depends_on:\n      api:\n        condition: service_healthy\n')}${api}`, 'site.conf': nginxSite('api:3000') },
    expect: [],
  },
  {
    name: 'near miss: listed, but the backend has no healthcheck (compose/backend-without-healthcheck)',
    files: {
      'docker-compose.yml': `${proxy('    depends_on: [api]\n')}  api:\n    image: node:22\n    command: node server.js\n    expose: ["3000"]\n`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: [],
  },
  {
    name: 'nginx resolving per request (resolver + variable) still sends the first requests to a backend that is not ready',
    files: {
      'docker-compose.yml': `${proxy('')}${api}`,
      'site.conf':
        'server {\n    listen 80;\n    resolver 127.0.0.11 valid=10s;\n    set $upstream http://api:3000;\n    location / {\n        proxy_pass $upstream;\n    }\n}\n',
    },
    expect: ['docker-compose.yml:2:3'],
  },
  {
    name: 'near miss: a sidecar sharing the proxy network starts with it',
    files: {
      'docker-compose.yml': `${proxy('')}  auth:\n    image: example/auth:1\n    network_mode: service:proxy\n    expose: ["9000"]\n`,
      'site.conf': nginxSite('127.0.0.1:9000'),
    },
    expect: [],
  },
] satisfies RuleCase[];
