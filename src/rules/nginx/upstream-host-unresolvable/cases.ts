import type { RuleCase } from '../rule-case.js';

const conf = (body: string) => `events {}
http {
  upstream backend { server 10.0.0.5:8080; }
  server {
    listen 80;
    location / {
      ${body}
    }
  }
}
`;

const compose = `services:
  proxy:
    image: nginx:1.27
    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]
    networks: [front]
  api:
    image: node:20
    expose: ["3000"]
    networks: [front]
networks:
  front: {}
`;

export default [
  {
    name: 'typo of an upstream block name, runtime unknown',
    files: { 'nginx.conf': conf('proxy_pass http://bakend;') },
    expect: ['nginx.conf:7:25'],
    fixes: ['backend'],
  },
  {
    name: 'near miss: the upstream block name',
    files: { 'nginx.conf': conf('proxy_pass http://backend;') },
    expect: [],
  },
  {
    name: 'near miss: an unrelated external host, runtime unknown',
    files: { 'nginx.conf': conf('proxy_pass https://api.github.com;') },
    expect: [],
  },
  {
    name: 'Compose: no such service on the network (variable pass, per-request failure)',
    files: {
      'docker-compose.yml': compose,
      'nginx.conf': conf('resolver 127.0.0.11 valid=10s;\n      set $target http://apii:3000;\n      proxy_pass $target;'),
    },
    expect: ['nginx.conf:8:26'],
    fixes: ['api'],
  },
  {
    name: 'near miss: Compose service name on the shared network',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('proxy_pass http://api:3000;') },
    expect: [],
  },
] satisfies RuleCase[];
