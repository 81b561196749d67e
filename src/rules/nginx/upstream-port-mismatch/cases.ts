import type { RuleCase } from '../rule-case.js';

const compose = `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
  api:
    image: node:20-alpine
    command: node server.js
    expose:
      - "3000"
`;

const conf = (location: string) => `events {}
http {
  server {
    listen 80;
    location / {
      ${location}
    }
  }
}
`;

export default [
  {
    name: 'proxy_pass without a port means 80 (G2): the fix writes the container port',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('proxy_pass http://api;') },
    expect: ['nginx.conf:6:25'],
    fixes: [':3000'],
  },
  {
    name: 'explicit wrong port',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('proxy_pass http://api:8080/;') },
    expect: ['nginx.conf:6:29'],
    fixes: ['3000'],
  },
  {
    name: 'near miss: the right port',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('proxy_pass http://api:3000/;') },
    expect: [],
  },
  {
    name: 'near miss: no Compose file, so where nginx runs is unknown',
    files: { 'nginx.conf': conf('proxy_pass http://api:8080/;') },
    expect: [],
  },
  {
    name: 'near miss: resolver + variable pointing at the right port',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('resolver 127.0.0.11 valid=10s;\n      set $api http://api:3000;\n      proxy_pass $api;') },
    expect: [],
  },
] satisfies RuleCase[];
