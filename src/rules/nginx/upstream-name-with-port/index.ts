import { defineRule } from '../../../core/define-rule.js';
import { replaceAt } from '../../proxy-paths.js';

const COMPOSE = `services:
  web:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
  app:
    image: node:20-alpine
    command: node dist/main.js
    expose:
      - "3000"
`;

const site = (pass: string) => `resolver 127.0.0.11 valid=10s ipv6=off;

upstream app {
    zone app 64k;
    server app:3000 resolve;
}

server {
    listen 80;

    location / {
        proxy_set_header Host $host;
        proxy_pass ${pass};
    }
}
`;

export default defineRule({
  id: 'nginx/upstream-name-with-port',
  domain: 'nginx',
  cause: 'config-error',
  severity: 'error',
  title: 'proxy_pass names an upstream block and adds a port',
  catalog: ['G1'],
  docs: {
    why: 'When the host of `proxy_pass` (or `grpc_pass`, `fastcgi_pass`, stream `proxy_pass`) is the name of an `upstream` block, the ports come from the block\'s `server` lines. Adding a port (`proxy_pass http://app:3000` next to `upstream app { … }`) makes nginx refuse the whole configuration: `nginx: [emerg] upstream "app" may not have port 3000`. A reload keeps the old configuration; a fresh container exits. It happens easily when the block is named like the Compose service.',
    problem: {
      description: 'The upstream block `app` is named like the service, and the pass adds the service port.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/default.conf': site('http://app:3000') },
    },
    fixed: { files: { 'docker-compose.yml': COMPOSE, 'nginx/default.conf': site('http://app') } },
    remediation: 'Drop the port from the pass (the `server` lines carry it), or rename the upstream block so the pass addresses the host directly.',
    references: [
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#upstream',
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass',
    ],
  },
  check(ctx) {
    for (const config of ctx.facts.nginx.configs) {
      for (const pass of config.passes) {
        if (!pass.upstream || pass.port === undefined || !pass.portAt) continue;
        const fix = pass.hostAt
          ? replaceAt({ ...pass.portAt, column: pass.hostAt.endColumn ?? pass.portAt.column - 1 }, '', "drop the port: the upstream block's servers carry it")
          : undefined;
        const block = config.upstreams.find((u) => u.name.value === pass.upstream);
        ctx.report({
          message: `${pass.directive} ${pass.url.value} (${pass.route}) adds port ${pass.port} to upstream block \`${pass.upstream}\`: nginx refuses the configuration (upstream "${pass.host}" may not have port ${pass.port}).`,
          at: pass.portAt,
          ...(fix ? { fix } : {}),
          ...(block ? { related: [{ at: block.name.at, message: `upstream \`${pass.upstream}\`` }] } : {}),
        });
      }
    }
  },
});
