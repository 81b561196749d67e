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
    name: 'near miss: nginx resolving per request (resolver + variable) starts without the backend',
    files: {
      'docker-compose.yml': `${proxy('')}${api}`,
      'site.conf':
        'server {\n    listen 80;\n    resolver 127.0.0.11 valid=10s;\n    set $upstream http://api:3000;\n    location / {\n        proxy_pass $upstream;\n    }\n}\n',
    },
    expect: [],
  },
  {
    name: 'listed without a condition: even resolving per request, nginx sends the first requests before the backend is healthy',
    files: {
      'docker-compose.yml': `${proxy('    depends_on: [api]\n')}${api}`,
      'site.conf':
        'server {\n    listen 80;\n    resolver 127.0.0.11 valid=10s;\n    location / {\n        set $upstream http://api:3000;\n        proxy_pass $upstream;\n    }\n}\n',
    },
    expect: ['docker-compose.yml:6:18'],
    fixes: ['{ api: { condition: service_healthy } }'],
  },
  {
    name: 'near miss: upstream server with `resolve` (nginx 1.27.3+)',
    files: {
      'docker-compose.yml': `${proxy('')}${api}`,
      'site.conf':
        'resolver 127.0.0.11 valid=10s;\nupstream api { zone api 64k; server api:3000 resolve; }\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://api;\n    }\n}\n',
    },
    expect: [],
  },
  {
    name: 'api resolved per request, web written literally: only web must be waited for',
    files: {
      'docker-compose.yml': `${proxy('')}${api}  web:\n    image: example/web:1\n    expose: ["8080"]\n`,
      'site.conf':
        'resolver 127.0.0.11 valid=10s;\nserver {\n    listen 80;\n    location / {\n        set $upstream http://api:3000;\n        proxy_pass $upstream;\n    }\n    location /web/ {\n        proxy_pass http://web:8080;\n    }\n}\n',
    },
    expect: ['docker-compose.yml:2:3'],
    fixes: ['depends_on:\n      web:\n        condition: service_started\n    '],
  },
  {
    name: 'the same backend resolved per request in one location and at start-up in another: nginx needs it at start-up',
    files: {
      'docker-compose.yml': `${proxy('')}${api}`,
      'site.conf':
        'resolver 127.0.0.11 valid=10s;\nserver {\n    listen 80;\n    location / {\n        set $upstream http://api:3000;\n        proxy_pass $upstream;\n    }\n    location /v2/ {\n        proxy_pass http://api:3000;\n    }\n}\n',
    },
    expect: ['docker-compose.yml:2:3'],
    fixes: ['depends_on:\n      api:\n        condition: service_healthy\n    '],
  },
  {
    name: 'near miss: HAProxy with resolvers and init-addr none starts without the backend',
    files: {
      'docker-compose.yml': `services:\n  lb:\n    image: haproxy:3.0\n    volumes:\n      - ./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro\n${api}`,
      'haproxy.cfg':
        'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nresolvers docker\n    nameserver dns 127.0.0.11:53\n\nfrontend www\n    bind :80\n    default_backend api\n\nbackend api\n    server api1 api:3000 check resolvers docker init-addr last,libc,none\n',
    },
    expect: [],
  },
  {
    name: 'HAProxy resolving only at start-up (no init-addr none) refuses to start without the backend',
    files: {
      'docker-compose.yml': `services:\n  lb:\n    image: haproxy:3.0\n    volumes:\n      - ./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro\n${api}`,
      'haproxy.cfg':
        'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nfrontend www\n    bind :80\n    default_backend api\n\nbackend api\n    server api1 api:3000 check\n',
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
