import type { RuleCase } from '../../rule-case.js';

export default [
  {
    name: 'stream proxy_pass without port',
    files: { 'nginx.conf': 'events {}\nstream {\n  server {\n    listen 5432;\n    proxy_pass postgres;\n  }\n}\n' },
    expect: ['nginx.conf:5:16'],
  },
  {
    name: 'stream upstream server without port',
    files: { 'nginx.conf': 'events {}\nstream {\n  upstream db { server postgres; }\n  server { listen 5432; proxy_pass db; }\n}\n' },
    expect: ['nginx.conf:3:24'],
  },
  {
    name: 'grpc_pass without port',
    files: { 'nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80 http2;\n    location / { grpc_pass grpc://orders; }\n  }\n}\n' },
    expect: ['nginx.conf:5:35'],
  },
  {
    name: 'near miss: fastcgi_pass naming an upstream block, a unix socket, and proxy_pass defaulting to 80',
    files: {
      'nginx.conf':
        'events {}\nhttp {\n  upstream php { server php-fpm:9000; }\n  server {\n    listen 80;\n    location ~ \\.php$ { fastcgi_pass php; }\n    location /sock { fastcgi_pass unix:/run/php/php-fpm.sock; }\n    location / { proxy_pass http://app; }\n  }\n}\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
