import type { RuleCase } from '../../rule-case.js';

const compose = (image: string, port: string) => `services:
  web:
    image: nginx:1.27
    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf:ro"]
  app:
    image: ${image}
    expose: ["${port}"]
`;

const site = (pass: string) => `server {
  listen 80;
  location ~ \\.php$ {
    include fastcgi_params;
    ${pass}
  }
}
`;

export default [
  {
    name: 'fastcgi_pass to an Apache PHP image on port 80',
    files: { 'docker-compose.yml': compose('php:8.3-apache', '80'), 'site.conf': site('fastcgi_pass app:80;') },
    expect: ['site.conf:5:5'],
    fixes: ['proxy_pass http://app:80;'],
  },
  {
    name: 'near miss: fastcgi_pass to php-fpm on 9000',
    files: { 'docker-compose.yml': compose('php:8.3-fpm-alpine', '9000'), 'site.conf': site('fastcgi_pass app:9000;') },
    expect: [],
  },
  {
    name: 'near miss: proxy_pass to a Node server on 9000 (not PHP-FPM)',
    files: { 'docker-compose.yml': compose('node:20', '9000'), 'site.conf': site('proxy_pass http://app:9000;') },
    expect: [],
  },
  {
    name: 'fastcgi_pass to port 9000 of the WordPress image (Apache on 80, no PHP-FPM)',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx:1.27\n    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf:ro"]\n  wordpress:\n    image: wordpress:latest\n',
      'site.conf': site('fastcgi_pass wordpress:9000;'),
    },
    expect: ['site.conf:5:5'],
  },
  {
    name: 'near miss: the -fpm variant of the WordPress image',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx:1.27\n    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf:ro"]\n  wordpress:\n    image: wordpress:6.6-php8.2-fpm-alpine\n',
      'site.conf': site('fastcgi_pass wordpress:9000;'),
    },
    expect: [],
  },
  {
    name: 'near miss: the Apache image with a command that starts PHP-FPM',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx:1.27\n    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf:ro"]\n  app:\n    image: php:8.3-apache\n    command: ["php-fpm", "-F"]\n',
      'site.conf': site('fastcgi_pass app:9000;'),
    },
    expect: [],
  },
] satisfies RuleCase[];
