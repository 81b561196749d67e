import type { RuleCase } from '../../rule-case.js';

const conf = (http: string, location: string) => `events {}
http {
${http}
  server {
    listen 80;
    location /ws/ {
      proxy_http_version 1.1;
      ${location}
      proxy_pass http://10.0.0.7:4000;
    }
  }
}
`;

export default [
  {
    name: 'an explicit 30s read timeout on a WebSocket location',
    files: { 'nginx.conf': conf('', 'proxy_set_header Upgrade $http_upgrade;\n      proxy_set_header Connection "upgrade";\n      proxy_read_timeout 30s;') },
    expect: ['nginx.conf:10:7'],
    fixes: [undefined],
  },
  {
    name: 'near miss: a long timeout inherited from http',
    files: { 'nginx.conf': conf('  proxy_read_timeout 3600s;', 'proxy_set_header Upgrade $http_upgrade;\n      proxy_set_header Connection "upgrade";') },
    expect: [],
  },
  {
    name: 'near miss: Connection $connection_upgrade alone (the keepalive idiom), no Upgrade header',
    files: { 'nginx.conf': conf('', 'proxy_set_header Connection $connection_upgrade;') },
    expect: [],
  },
] satisfies RuleCase[];
