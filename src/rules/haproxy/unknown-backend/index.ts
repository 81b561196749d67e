import { defineRule } from '../../../core/define-rule.js';
import { editDistance, replaceAt } from '../../proxy-paths.js';

const cfg = (name: string) => `global
    log stdout format raw local0

defaults
    mode http
    timeout connect 5s
    timeout client  30s
    timeout server  30s

frontend www
    bind :80
    acl is_admin path_beg /admin
    use_backend ${name} if is_admin
    default_backend web

backend admin_servers
    server admin1 10.0.3.5:8080 check

backend web
    server web1 10.0.3.10:8080 check
`;

export default defineRule({
  id: 'haproxy/unknown-backend',
  domain: 'haproxy',
  cause: 'config-error',
  severity: 'error',
  title: 'use_backend or default_backend names a backend that does not exist',
  docs: {
    why: "HAProxy checks every `use_backend`/`default_backend` name when it loads: an unknown one stops it (`[ALERT] Proxy 'www': unable to find required use_backend: 'admin'`), so a typo takes every site of that HAProxy down at the next restart, and a reload keeps serving the old configuration.",
    problem: {
      files: { 'haproxy/haproxy.cfg': cfg('admin') },
    },
    fixed: { files: { 'haproxy/haproxy.cfg': cfg('admin_servers') } },
    remediation: 'Use the exact name of a `backend` (or `listen`) section.',
    references: ['https://docs.haproxy.org/3.0/configuration.html#4-use_backend', 'https://docs.haproxy.org/3.0/configuration.html#4-default_backend'],
  },
  check(ctx) {
    for (const config of ctx.facts.haproxy.configs) {
      const names = config.backends.map((b) => b.name.value);
      for (const frontend of config.frontends) {
        const refs = [...frontend.useBackends.filter((u) => !u.dynamic).map((u) => u.name), ...(frontend.defaultBackend ? [frontend.defaultBackend] : [])];
        for (const ref of refs) {
          if (names.includes(ref.value)) continue;
          const close = names
            .map((n) => ({ n, d: n.includes(ref.value) || ref.value.includes(n) ? 1 : editDistance(ref.value, n) }))
            .filter((c) => c.d <= 2)
            .sort((a, b) => a.d - b.d);
          const suggestion = close.length > 0 && (close.length === 1 || close[0].d < close[1].d) ? close[0].n : undefined;
          ctx.report({
            message: `${frontend.kind} \`${frontend.name.value}\` routes to backend \`${ref.value}\`, which does not exist${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}: HAProxy refuses to start.`,
            at: ref.at,
            ...(suggestion ? { fix: replaceAt(ref.at, suggestion, `route to \`${suggestion}\``) } : {}),
          });
        }
      }
    }
  },
});
