import { nginxSite, type RuleCase } from '../rule-case.js';

const proxy = `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
`;

export default [
  {
    name: 'the default port 80 of a proxy_pass without a port',
    files: { 'docker-compose.yml': `${proxy}  web:\n    build: ./web\n`, 'site.conf': nginxSite('web') },
    expect: ['docker-compose.yml:6:3'],
    fixes: ['expose:\n      - "80"\n    '],
  },
  {
    name: 'near miss: the port is declared by PORT, --port or EXPOSE',
    files: {
      'docker-compose.yml': `${proxy}  a:\n    image: example/a\n    environment: [PORT=3000]\n  b:\n    image: example/b\n    command: ["serve", "--port", "4000"]\n  c:\n    build: ./c\n`,
      'c/Dockerfile': 'FROM node:22\nEXPOSE 5000\n',
      'site.conf': nginxSite('a:3000', 'b:4000', 'c:5000'),
    },
    expect: [],
  },
  {
    name: 'near miss: an image whose default port is known (a mismatch stays unknown, not reported as undeclared)',
    files: { 'docker-compose.yml': `${proxy}  grafana:\n    image: grafana/grafana:11.2.0\n`, 'site.conf': nginxSite('grafana:3000') },
    expect: [],
  },
  {
    name: 'near miss: built FROM an image that EXPOSEs the port (php-fpm 9000, through a named build stage too)',
    files: {
      'docker-compose.yml': `${proxy}  php:\n    build:\n      context: .\n      dockerfile: docker/php/Dockerfile\n  admin:\n    build: ./admin\n`,
      'docker/php/Dockerfile': 'FROM php:8.3-fpm-alpine\nRUN docker-php-ext-install pdo_mysql\n',
      'admin/Dockerfile':
        'FROM --platform=$BUILDPLATFORM composer:2 AS vendor\nRUN composer install\n\nFROM php:8.3-fpm AS app\nCOPY --from=vendor /app/vendor /var/www/vendor\n\nFROM app\nCOPY . /var/www\n',
      'site.conf':
        'server {\n    listen 80;\n    location ~ \\.php$ {\n        fastcgi_pass php:9000;\n    }\n    location /admin/ {\n        fastcgi_pass admin:9000;\n    }\n}\n',
    },
    expect: [],
  },
  {
    name: 'built FROM a base with no known port, no EXPOSE: still undeclared',
    files: {
      'docker-compose.yml': `${proxy}  api:\n    build: ./api\n`,
      'api/Dockerfile': 'FROM node:22-alpine\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
      'site.conf': nginxSite('api:3000'),
    },
    expect: ['docker-compose.yml:6:3'],
    fixes: ['expose:\n      - "3000"\n    '],
  },
] satisfies RuleCase[];
