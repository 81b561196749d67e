import { defineRule } from '../../../core/define-rule.js';
import { reusesConnections } from '../../../inputs/nginx/queries.js';
import { backendKeepAlive, backendProcesses } from '../../backend-process.js';
import { pathsByTarget } from '../../proxy-paths.js';

const conf = (timeout: string) => `events {}

http {
  upstream billing {
    server 10.20.0.11:8080 max_fails=2;
    server 10.20.0.12:8080 max_fails=2;
    keepalive 16;
${timeout}  }

  server {
    listen 443 ssl;
    server_name billing.example.com;
    ssl_certificate     /etc/nginx/tls/billing.crt;
    ssl_certificate_key /etc/nginx/tls/billing.key;

    location / {
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://billing;
    }
  }
}
`;

export default defineRule({
  id: 'nginx/upstream-keepalive-timeout-default',
  domain: 'nginx',
  cause: 'keepalive-race',
  severity: 'info',
  title: 'An upstream keepalive pool relies on the 60 s default keepalive_timeout',
  catalog: ['X12'],
  docs: {
    why: "Idle upstream connections are kept for `keepalive_timeout`, 60 s unless set. Many application servers close idle connections much sooner (Node.js 5 s, gunicorn 2 s, uvicorn and Apache 5 s); then nginx occasionally reuses a connection at the moment the backend closes it and the request fails with 502 (`upstream prematurely closed connection`). The configs given do not say what the backend is, so the value cannot be checked; writing it down, below the backend's idle timeout, removes the race.",
    problem: {
      description: 'Backends outside the configs given; the pool keeps connections for the default 60 s.',
      files: { 'nginx/nginx.conf': conf('') },
    },
    fixed: { files: { 'nginx/nginx.conf': conf('    # Below the billing service idle timeout (75 s).\n    keepalive_timeout 30s;\n') } },
    remediation: "Write `keepalive_timeout` in the upstream block, shorter than the backend's keep-alive (idle) timeout.",
    references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive_timeout', 'https://nodejs.org/api/http.html#serverkeepalivetimeout'],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'nginx');
    for (const config of ctx.facts.nginx.configs) {
      for (const upstream of config.upstreams) {
        if (
          !upstream.keepalive ||
          upstream.keepalive.value === 0 ||
          !reusesConnections(config, upstream) ||
          upstream.keepaliveTimeout ||
          upstream.context !== 'http'
        )
          continue;
        // A known backend is judged by nginx/upstream-keepalive-outlives-backend.
        if (upstream.servers.some((s) => backendKeepAlive(backendProcesses(ctx.facts, paths.get(s.id)?.backend)))) continue;
        ctx.report({
          message: `upstream \`${upstream.name.value}\` keeps idle connections for the default 60 s; if its servers close idle connections sooner (Node.js 5 s, gunicorn 2 s), reused connections fail with 502 now and then: set keepalive_timeout below the backend's idle timeout.`,
          at: upstream.keepalive.at,
        });
      }
    }
  },
});
