import { defineRule } from '../../../core/define-rule.js';
import type { NginxConfig, NginxUpstream } from '../../../inputs/nginx/model.js';
import { runtimeResolver } from '../../dynamic-addresses.js';
import { insertLinesBefore, pathsByTarget } from '../../proxy-paths.js';

const COMPOSE = `services:
  lb:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
  api:
    image: ghcr.io/example/api:3.1
    deploy:
      replicas: 3
    expose:
      - "3000"
`;

const conf = (extra: string) => `events {}

http {
${extra}  upstream api {
    zone api 64k;
    # Re-resolved while running: scaled replicas and recreated containers are picked up.
    server api:3000 resolve;
    keepalive 16;
    keepalive_timeout 30s;
  }

  server {
    listen 80;
    location / {
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://api;
    }
  }
}
`;

export default defineRule({
  id: 'nginx/resolve-without-resolver',
  domain: 'nginx',
  cause: 'config-error',
  severity: 'error',
  title: 'An upstream server uses `resolve` without a resolver or a shared-memory zone',
  catalog: ['G3'],
  docs: {
    why: '`server name resolve;` makes nginx re-resolve an upstream name while running (the fix for stale container addresses, in nginx 1.27.3+ and NGINX Plus). It needs a `resolver` (in the upstream block or in `http`) and the upstream in shared memory (`zone`); without them nginx refuses to start: `no resolver defined to resolve api` or `resolving names at run time requires upstream "api" … to be in shared memory`.',
    problem: {
      description: 'Dynamic re-resolution without telling nginx which DNS server to ask.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx.conf': conf('') },
    },
    fixed: { files: { 'docker-compose.yml': COMPOSE, 'nginx.conf': conf('  resolver 127.0.0.11 valid=10s ipv6=off;\n\n') } },
    remediation:
      'Add `resolver <dns> valid=10s;` to the `http` (or upstream) block — 127.0.0.11 under Docker, the cluster DNS Service in Kubernetes — and a `zone <name> 64k;` to the upstream block.',
    references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#resolve', 'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#zone'],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'nginx');
    for (const config of ctx.facts.nginx.configs) {
      for (const upstream of config.upstreams) {
        const first = upstream.servers.find((s) => s.resolve);
        if (!first) continue;
        if (!upstream.zone) {
          ctx.report({
            message: `upstream \`${upstream.name.value}\` has \`resolve\` servers but no \`zone\`: nginx refuses to start (resolving names at run time requires the upstream to be in shared memory).`,
            at: first.at,
            fix: insertLinesBefore(ctx.facts, upstream.servers[0].at, [`zone ${upstream.name.value} 64k;`], 'keep the upstream in shared memory'),
          });
        }
        if (!upstream.resolver && !contextResolver(config, upstream)) {
          const resolver = runtimeResolver(paths.get(first.id));
          ctx.report({
            message: `upstream \`${upstream.name.value}\` server ${first.address.value} uses \`resolve\` but no \`resolver\` is set: nginx refuses to start (no resolver defined to resolve ${first.host ?? first.address.value}).`,
            at: first.at,
            ...(resolver
              ? { fix: insertLinesBefore(ctx.facts, upstream.servers[0].at, [`resolver ${resolver} valid=10s ipv6=off;`], `resolve through ${resolver}`) }
              : {}),
          });
        }
      }
    }
  },
});

/** A `resolver` written directly in the http (or stream) block holding the upstream. */
function contextResolver(config: NginxConfig, upstream: NginxUpstream): boolean {
  const block = config.directives.find((d) => d.name === upstream.context && d.block?.some((c) => c.name === 'upstream' && c.at === upstream.at));
  // A conf.d snippet is read as the inside of http: its top level is the http block.
  const level = block?.block ?? (config.kind === 'snippet' ? config.directives : []);
  return level.some((d) => d.name === 'resolver');
}
