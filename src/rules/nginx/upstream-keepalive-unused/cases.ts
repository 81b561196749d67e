import type { RuleCase } from '../../rule-case.js';

const conf = (http: string, location: string) => `events {}
http {
  upstream app { server 10.0.0.10:8080; keepalive 32; }
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
    name: 'HTTP/1.1 at server level but a location proxy_set_header drops the inherited Connection ""',
    files: {
      'nginx.conf': conf('', 'proxy_set_header Host $host;\n      proxy_pass http://app;').replace(
        '    listen 80;',
        '    listen 80;\n    proxy_http_version 1.1;\n    proxy_set_header Connection "";',
      ),
    },
    expect: ['nginx.conf:11:7'],
    fixes: ['proxy_set_header Connection "";\n      '],
  },
  {
    name: 'near miss: keepalive done right, with a WebSocket map for the Connection header',
    files: {
      'nginx.conf': conf(
        '  map $http_upgrade $connection_upgrade { default upgrade; "" ""; }',
        'proxy_http_version 1.1;\n      proxy_set_header Upgrade $http_upgrade;\n      proxy_set_header Connection $connection_upgrade;\n      proxy_pass http://app;',
      ),
    },
    expect: [],
  },
  {
    name: 'FastCGI pool without fastcgi_keep_conn',
    files: { 'nginx.conf': conf('  upstream php { server php:9000; keepalive 8; }', 'fastcgi_pass php;') },
    expect: ['nginx.conf:8:7'],
  },
  {
    name: 'near miss: no keepalive in the upstream block',
    files: { 'nginx.conf': conf('', 'proxy_pass http://10.0.0.1:80;') },
    expect: [],
  },
] satisfies RuleCase[];
