import type { RuleCase } from '../../rule-case.js';

const compose = `services:
  proxy:
    image: nginx:1.27
    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]
  api:
    image: node:20
    expose: ["3000"]
`;

const conf = (http: string, location: string) => `events {}
http {
${http}
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
    name: 'upstream block server line naming a Compose service (no fix: resolve needs nginx 1.27.3+)',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('  upstream api { server api:3000; }', 'proxy_pass http://api;') },
    expect: ['nginx.conf:3:25'],
    fixes: [undefined],
  },
  {
    name: 'near miss: upstream server with resolve and zone',
    files: {
      'docker-compose.yml': compose,
      'nginx.conf': conf('  resolver 127.0.0.11 valid=10s;\n  upstream api { zone api 64k; server api:3000 resolve; }', 'proxy_pass http://api;'),
    },
    expect: [],
  },
  {
    name: 'a path in the URL: reported without a fix (a variable would change the URI passed)',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('', 'proxy_pass http://api:3000/v1/;') },
    expect: ['nginx.conf:7:25'],
    fixes: [undefined],
  },
  {
    name: 'near miss: Compose restarts nginx whenever it updates the backend (depends_on with restart: true)',
    files: {
      'docker-compose.yml': compose.replace(
        '    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]\n',
        '    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]\n    depends_on:\n      api:\n        condition: service_started\n        restart: true\n',
      ),
      'nginx.conf': conf('', 'proxy_pass http://api:3000;'),
    },
    expect: [],
  },
  {
    name: 'depends_on without restart: nginx is not restarted when the backend is recreated',
    files: {
      'docker-compose.yml': compose.replace(
        '    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]\n',
        '    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]\n    depends_on: [api]\n',
      ),
      'nginx.conf': conf('', 'proxy_pass http://api:3000;'),
    },
    expect: ['nginx.conf:7:25'],
  },
] satisfies RuleCase[];
