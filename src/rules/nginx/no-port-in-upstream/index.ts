import { defineRule, type Fix } from '../../../core/define-rule.js';
import { listenPorts, pathsByTarget, replaceAt } from '../../proxy-paths.js';

const COMPOSE = `services:
  nginx:
    image: nginx:1.27-alpine
    ports:
      - "8080:80"
    volumes:
      - ./public:/var/www/html:ro
      - ./docker/nginx/site.conf:/etc/nginx/conf.d/default.conf:ro
  php:
    image: php:8.3-fpm-alpine
    volumes:
      - ./public:/var/www/html
    expose:
      - "9000"
`;

const site = (pass: string) => `server {
    listen 80;
    root /var/www/html;
    index index.php;

    location / {
        try_files $uri $uri/ /index.php?$query_string;
    }

    location ~ \\.php$ {
        include fastcgi_params;
        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        fastcgi_pass ${pass};
    }
}
`;

const NEEDS_PORT = new Set(['fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass', 'grpc_pass']);

export default defineRule({
  id: 'nginx/no-port-in-upstream',
  domain: 'nginx',
  cause: 'config-error',
  severity: 'error',
  title: 'A pass or stream upstream without a port where nginx requires one',
  catalog: ['G2'],
  docs: {
    why: 'Only `proxy_pass http://…`/`https://…` and http `upstream` servers have a default port (80/443). `fastcgi_pass php;`, `uwsgi_pass`, `scgi_pass`, `grpc_pass` and stream `proxy_pass`/upstream servers need an explicit port unless the name is an `upstream` block: otherwise nginx refuses the configuration with `nginx: [emerg] no port in upstream "php"`, and the container exits.',
    problem: {
      description: 'PHP-FPM listens on 9000 in service `php`; the FastCGI pass has no port.',
      files: { 'docker-compose.yml': COMPOSE, 'docker/nginx/site.conf': site('php') },
    },
    fixed: { files: { 'docker-compose.yml': COMPOSE, 'docker/nginx/site.conf': site('php:9000') } },
    remediation: 'Write the port the backend listens on (`fastcgi_pass php:9000;`), or define an `upstream` block with that name whose servers carry ports.',
    references: [
      'https://nginx.org/en/docs/http/ngx_http_fastcgi_module.html#fastcgi_pass',
      'https://nginx.org/en/docs/stream/ngx_stream_proxy_module.html#proxy_pass',
    ],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'nginx');
    for (const config of ctx.facts.nginx.configs) {
      for (const pass of config.passes) {
        const needsPort = NEEDS_PORT.has(pass.directive) || pass.context === 'stream';
        if (!needsPort || pass.upstream || pass.port !== undefined || pass.unixSocket !== undefined || pass.dynamic || !pass.host) continue;
        const ports = listenPorts(paths.get(pass.id)?.backend);
        const fix: Fix | undefined =
          ports.length === 1 && pass.hostAt?.endColumn !== undefined
            ? replaceAt({ ...pass.hostAt, column: pass.hostAt.endColumn }, `:${ports[0]}`, `write the port ${ports[0]} the backend listens on`)
            : undefined;
        ctx.report({
          message: `${pass.directive} ${pass.url.value} (${pass.route}) has no port and \`${pass.host}\` is not an upstream block: nginx refuses the configuration (no port in upstream "${pass.host}").`,
          at: pass.hostAt ?? pass.url.at,
          ...(fix ? { fix } : {}),
        });
      }
      for (const upstream of config.upstreams) {
        if (upstream.context !== 'stream') continue;
        for (const server of upstream.servers) {
          if (server.port !== undefined || server.unixSocket !== undefined || !server.host) continue;
          const ports = listenPorts(paths.get(server.id)?.backend);
          const fix =
            ports.length === 1 && server.hostAt?.endColumn !== undefined
              ? replaceAt({ ...server.hostAt, column: server.hostAt.endColumn }, `:${ports[0]}`, `write the port ${ports[0]}`)
              : undefined;
          ctx.report({
            message: `stream upstream \`${upstream.name.value}\` server ${server.address.value} has no port: nginx refuses the configuration (no port in upstream "${server.address.value}").`,
            at: server.hostAt ?? server.address.at,
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});
