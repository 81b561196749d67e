import { defineRule } from '../../../core/define-rule.js';
import { keepaliveMissing, passesUsing } from '../../../inputs/nginx/queries.js';
import { insertLinesBefore } from '../../proxy-paths.js';

const COMPOSE = `services:
  nginx:
    image: nginx:1.27-alpine
    ports:
      - "443:443"
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
  api:
    image: ghcr.io/example/api:5.0
    expose:
      - "8080"
`;

const conf = (location: string) => `events { worker_connections 4096; }

http {
  resolver 127.0.0.11 valid=10s ipv6=off;

  upstream api {
    zone api 64k;
    server api:8080 resolve;
    keepalive 64;
    keepalive_timeout 30s;
  }

  server {
    listen 443 ssl;
    ssl_certificate     /etc/nginx/tls/site.crt;
    ssl_certificate_key /etc/nginx/tls/site.key;

    location / {
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
${location}      proxy_pass http://api;
    }
  }
}
`;

export default defineRule({
  id: 'nginx/upstream-keepalive-unused',
  domain: 'nginx',
  cause: 'resource-exhaustion',
  severity: 'warning',
  title: 'An upstream keepalive pool that nginx never uses',
  docs: {
    why: '`keepalive N` in an `upstream` block only keeps connections open when the requests allow it: `proxy_pass` must speak HTTP/1.1 (`proxy_http_version 1.1`; nginx\'s default is 1.0) and must not forward `Connection: close` (`proxy_set_header Connection "";`), and `fastcgi_pass` needs `fastcgi_keep_conn on`. Otherwise every request opens and closes a TCP connection: under load the proxy runs out of ephemeral ports (`connect() failed (99: Cannot assign requested address)`), TIME_WAIT sockets pile up and latency grows. Note that one `proxy_set_header` in a location drops all those inherited from `server`/`http`.',
    problem: {
      description: 'The pool is declared but requests go out as HTTP/1.0 with Connection: close.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('') },
    },
    fixed: {
      files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('      proxy_http_version 1.1;\n      proxy_set_header Connection "";\n') },
    },
    remediation:
      'In every location that passes to the upstream add `proxy_http_version 1.1;` and `proxy_set_header Connection "";` (repeat the other `proxy_set_header` lines there, as they are not inherited once one is set); for FastCGI add `fastcgi_keep_conn on;`.',
    references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive'],
  },
  check(ctx) {
    for (const config of ctx.facts.nginx.configs) {
      for (const upstream of config.upstreams) {
        if (!upstream.keepalive || upstream.keepalive.value === 0 || upstream.context !== 'http') continue;
        for (const pass of passesUsing(config, upstream)) {
          const missing = keepaliveMissing(pass);
          if (missing.length === 0) continue;
          ctx.report({
            message: `${pass.directive} ${pass.url.value} (${pass.route}) sends to upstream \`${upstream.name.value}\`, whose \`keepalive ${upstream.keepalive.value}\` is never used: ${missing.map((m) => m.why).join(' and ')}, so every request opens a new connection.`,
            at: pass.at,
            fix: insertLinesBefore(
              ctx.facts,
              pass.at,
              missing.map((m) => m.line),
              'let requests reuse the upstream connections',
            ),
            related: [{ at: upstream.keepalive.at, message: `keepalive ${upstream.keepalive.value}` }],
          });
        }
      }
    }
  },
});
