import type { RuleCase } from '../rule-case.js';

const proxy = `services:
  proxy:
    image: jwilder/nginx-proxy:alpine
    ports:
      - "80:80"
    volumes:
      - /var/run/docker.sock:/tmp/docker.sock:ro
`;

export default [
  {
    name: 'VIRTUAL_PORT in list form names a port nothing declares',
    files: {
      'docker-compose.yml': `${proxy}  app:
    build: ./app
    environment:
      - VIRTUAL_HOST=app.example.com
      - VIRTUAL_PORT=8000
    expose:
      - "3000"
`,
    },
    expect: ['docker-compose.yml:12:9'],
    fixes: ['3000'],
  },
  {
    name: 'no VIRTUAL_PORT and two exposed ports: nginx-proxy falls back to 80',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/api:2
    environment:
      VIRTUAL_HOST: api.example.com
    expose:
      - "3000"
      - "9229"
`,
    },
    expect: ['docker-compose.yml:11:21'],
    fixes: [undefined],
  },
  {
    name: 'near miss: no VIRTUAL_PORT and exactly one exposed port',
    files: { 'docker-compose.yml': `${proxy}  api:\n    image: example/api:2\n    environment:\n      VIRTUAL_HOST: api.example.com\n    expose: ["3000"]\n` },
    expect: [],
  },
  {
    name: 'near miss: VIRTUAL_PORT is the container port of a published mapping',
    files: {
      'docker-compose.yml': `${proxy}  api:\n    image: example/api:2\n    environment:\n      VIRTUAL_HOST: api.example.com\n      VIRTUAL_PORT: 3000\n    ports: ["8080:3000"]\n`,
    },
    expect: [],
  },
  {
    name: 'near miss: an nginx proxy configured by files, not by VIRTUAL_*',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx:1.27\n    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf:ro"]\n  api:\n    image: example/api:2\n    ports: ["8080:3000"]\n',
      'site.conf': 'server {\n    listen 80;\n    location / {\n        proxy_pass http://api:8080;\n    }\n}\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
