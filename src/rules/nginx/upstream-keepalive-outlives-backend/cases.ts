import type { RuleCase } from '../../rule-case.js';
import { nginxKeepAliveSite, PROPERTIES, springCompose } from '../../spring/examples.js';

const compose = (command: string) => `services:
  proxy:
    image: nginx:1.27
    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]
  api:
    image: python:3.12-slim
    command: ${command}
    expose: ["8000"]
`;

const conf = (extra: string) => `events {}
http {
  upstream api {
    server api:8000;
    keepalive 16;${extra}
  }
  server { listen 80; location / { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://api; } }
}
`;

const springSite = nginxKeepAliveSite();

export default [
  {
    name: 'gunicorn default keep-alive (2 s) against an explicit 30s',
    files: { 'docker-compose.yml': compose('gunicorn -b 0.0.0.0:8000 app:app'), 'nginx.conf': conf('\n    keepalive_timeout 30s;') },
    expect: ['nginx.conf:6:5'],
    fixes: ['keepalive_timeout 1s;'],
  },
  {
    name: 'near miss: gunicorn --keep-alive 75 outlives the default 60 s',
    files: { 'docker-compose.yml': compose('gunicorn --keep-alive 75 -b 0.0.0.0:8000 app:app'), 'nginx.conf': conf('') },
    expect: [],
  },
  {
    name: 'uvicorn with --timeout-keep-alive 5 and nginx at 10s',
    files: {
      'docker-compose.yml': compose('["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000", "--timeout-keep-alive", "5"]'),
      'nginx.conf': conf('\n    keepalive_timeout 10s;'),
    },
    expect: ['nginx.conf:6:5'],
  },
  {
    name: 'near miss: backend unknown (no Compose file)',
    files: { 'nginx.conf': conf('\n    keepalive_timeout 30s;') },
    expect: [],
  },
  {
    name: 'a Node.js app built from a Dockerfile (FROM node, CMD node server.js): 5 s against the default 60 s',
    files: {
      'docker-compose.yml': 'services:\n  proxy:\n    image: nginx:1.27\n    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]\n  api:\n    build: ./api\n',
      'api/Dockerfile': 'FROM node:20-alpine AS deps\nRUN npm ci\n\nFROM node:20-alpine\nCOPY --from=deps /app /app\nEXPOSE 8000\nCMD ["node", "server.js"]\n',
      'nginx.conf': conf(''),
    },
    expect: ['nginx.conf:5:5'],
    fixes: ['keepalive_timeout 4s;\n    '],
  },
  {
    name: 'near miss: the Dockerfile runs gunicorn with --keep-alive 75',
    files: {
      'docker-compose.yml': 'services:\n  proxy:\n    image: nginx:1.27\n    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]\n  api:\n    build: ./api\n',
      'api/Dockerfile': 'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["gunicorn", "--keep-alive", "75", "-b", "0.0.0.0:8000", "app:app"]\n',
      'nginx.conf': conf(''),
    },
    expect: [],
  },
  {
    name: 'near miss: the connections are never reused (HTTP/1.0, Connection: close): nginx/upstream-keepalive-unused says so',
    files: {
      'docker-compose.yml': compose('gunicorn -b 0.0.0.0:8000 app:app'),
      'nginx.conf': conf('').replace('proxy_http_version 1.1; proxy_set_header Connection ""; ', ''),
    },
    expect: [],
  },
  {
    name: 'a Spring Boot app on embedded Tomcat (60 s connection timeout by default) against the default 60 s',
    files: {
      'docker-compose.yml': springCompose(),
      'nginx/default.conf': springSite,
      [PROPERTIES]: 'spring.application.name=orders\nserver.port=8080\n',
    },
    expect: ['nginx/default.conf:3:5'],
    fixes: ['keepalive_timeout 59s;\n    '],
  },
  {
    name: 'near miss: the Tomcat keep-alive is written in application.properties: spring/keep-alive-below-proxy-idle reports it there',
    files: {
      'docker-compose.yml': springCompose(),
      'nginx/default.conf': springSite,
      [PROPERTIES]: 'spring.application.name=orders\nserver.port=8080\nserver.tomcat.keep-alive-timeout=20s\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
