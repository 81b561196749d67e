import { defineRule } from '../../../core/define-rule.js';
import { activeServers } from '../../../inputs/nginx/queries.js';
import { replaceAt } from '../../proxy-paths.js';

const conf = (next: string) => `events {}

http {
  upstream payments {
    server 10.0.5.11:8443 max_fails=2 fail_timeout=15s;
    server 10.0.5.12:8443 max_fails=2 fail_timeout=15s;
  }

  server {
    listen 443 ssl;
    server_name pay.example.com;
    ssl_certificate     /etc/nginx/tls/pay.crt;
    ssl_certificate_key /etc/nginx/tls/pay.key;

    location /api/ {
      proxy_read_timeout 20s;
      ${next}
      proxy_pass https://payments;
    }
  }
}
`;

export default defineRule({
  id: 'nginx/next-upstream-non-idempotent',
  domain: 'nginx',
  cause: 'config-error',
  severity: 'warning',
  title: 'Failed POST and PATCH requests are retried on another server',
  docs: {
    why: 'By default nginx retries a request on the next upstream server only when it is safe: errors and timeouts for idempotent methods, and for any method only before anything was sent. `proxy_next_upstream … non_idempotent` also retries POST, LOCK and PATCH after the first server received them: a slow payment or order request that times out is executed a second time on another server. The client sees one 200 or 504, the database sees two orders.',
    problem: {
      description: 'Payment calls time out after 20 s and are then sent again to the second node.',
      files: { 'nginx/nginx.conf': conf('proxy_next_upstream error timeout http_502 non_idempotent;') },
    },
    fixed: { files: { 'nginx/nginx.conf': conf('proxy_next_upstream error timeout http_502;') } },
    remediation:
      'Drop `non_idempotent` (and rely on idempotency keys in the application if non-idempotent calls must be retried); limit retries with `proxy_next_upstream_tries` and `proxy_next_upstream_timeout`.',
    references: ['https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream'],
  },
  check(ctx) {
    for (const config of ctx.facts.nginx.configs) {
      for (const pass of config.passes) {
        const next = pass.settings.nextUpstream;
        if (!next.at || !next.value.includes('non_idempotent')) continue;
        const upstream = pass.upstream ? config.upstreams.find((u) => u.name.value === pass.upstream) : undefined;
        // With one server (and nothing resolving to several) there is nowhere to retry.
        if (!upstream || activeServers(upstream).length + upstream.servers.filter((s) => s.backup).length < 2) continue;
        const kept = next.value.filter((v) => v !== 'non_idempotent');
        const directive = `${pass.directive.replace(/_pass$/, '')}_next_upstream`;
        ctx.report({
          message: `${pass.directive} ${pass.url.value} (${pass.route}) retries non-idempotent requests (POST, PATCH, LOCK) on another server of \`${upstream.name.value}\` after they were sent: a timeout can execute them twice.`,
          at: next.at,
          ...(kept.length > 0 ? { fix: replaceAt(next.at, `${directive} ${kept.join(' ')};`, 'retry only what is safe to repeat') } : {}),
        });
      }
    }
  },
});
