import { defineRule } from '../../../core/define-rule.js';
import { activeServers } from '../../../inputs/nginx/queries.js';
import { replaceAt } from '../../proxy-paths.js';

const COMPOSE = `services:
  lb:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
  app-blue:
    image: ghcr.io/example/app:4.2
    expose: ["8080"]
  app-green:
    image: ghcr.io/example/app:4.2
    expose: ["8080"]
`;

const conf = (next: string) => `events {}

http {
  resolver 127.0.0.11 valid=10s ipv6=off;

  upstream app {
    zone app 64k;
    server app-blue:8080 resolve;
    server app-green:8080 resolve;
  }

  server {
    listen 80;
    location / {
      ${next}
      proxy_pass http://app;
    }
  }
}
`;

export default defineRule({
  id: 'nginx/failover-disabled',
  domain: 'nginx',
  cause: 'config-error',
  severity: 'warning',
  title: 'proxy_next_upstream off: one failing server fails its share of requests',
  docs: {
    why: 'With several servers in an upstream, nginx normally retries a request whose connection failed (`error`, `timeout`) on the next server. `proxy_next_upstream off` (or `proxy_next_upstream_tries 1`) turns that off: while one server is down or restarting — a rolling deploy, a crashed container — every request that nginx picks it for fails with 502 although the other servers are healthy.',
    problem: {
      description: 'Blue/green pair; a restart of either colour fails half of the requests.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('proxy_next_upstream off;') },
    },
    fixed: { files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('proxy_next_upstream error timeout;') } },
    remediation:
      'Keep the default `proxy_next_upstream error timeout;` (add `http_502 http_503` if the servers answer those while starting), and bound retries with `proxy_next_upstream_tries`/`_timeout` instead of turning them off.',
    references: [
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream',
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#max_fails',
    ],
  },
  check(ctx) {
    for (const config of ctx.facts.nginx.configs) {
      for (const pass of config.passes) {
        const upstream = pass.upstream ? config.upstreams.find((u) => u.name.value === pass.upstream) : undefined;
        if (!upstream || activeServers(upstream).length < 2) continue;
        const next = pass.settings.nextUpstream;
        const tries = pass.settings.nextUpstreamTries;
        const off = next.value.length === 1 && next.value[0] === 'off';
        if (!off && tries.value !== 1) continue;
        const directive = `${pass.directive.replace(/_pass$/, '')}_next_upstream`;
        const at = off ? next.at : tries.at;
        ctx.report({
          message: `${pass.directive} ${pass.url.value} (${pass.route}) never retries on another server of \`${upstream.name.value}\` (${off ? `${directive} off` : `${directive}_tries 1`}): while one of its ${activeServers(upstream).length} servers is down, the requests sent to it fail with 502.`,
          at: at ?? pass.at,
          ...(off && next.at ? { fix: replaceAt(next.at, `${directive} error timeout;`, 'retry connection errors and timeouts on the next server') } : {}),
        });
      }
    }
  },
});
