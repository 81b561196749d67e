import { defineRule } from '../../../core/define-rule.js';
import type { HaproxyConfig, HaproxyProxy } from '../../../inputs/haproxy/model.js';

/** A backend without servers that answers by itself (stats page, `http-request return`, redirects, a built-in service). */
function answersItself(config: HaproxyConfig, backend: HaproxyProxy): boolean {
  if (backend.kind === 'listen') return true;
  const section = config.sections.find((s) => s.header.at === backend.at);
  return (section?.lines ?? []).some(
    (l) =>
      l.keyword === 'stats' ||
      l.keyword === 'redirect' ||
      (l.keyword === 'http-request' && /^(return|deny|redirect|use-service|tarpit)$/.test(l.words[1]?.value ?? '')),
  );
}

const cfg = (servers: string) => `global
    log stdout format raw local0

defaults
    mode http
    timeout connect 5s
    timeout client  30s
    timeout server  30s

frontend www
    bind :80
    acl is_api path_beg /api
    use_backend api if is_api
    default_backend web

backend api
    option httpchk GET /health
${servers}
backend web
    server web1 10.0.2.10:8080 check
`;

export default defineRule({
  id: 'haproxy/no-usable-server',
  domain: 'haproxy',
  cause: 'no-healthy-upstream',
  severity: 'error',
  title: 'A backend that receives traffic has no enabled server',
  docs: {
    why: 'A backend with no `server` line, or whose servers are all `disabled`, has nothing to send requests to: every request routed there gets `503 Service Unavailable` with termination state `SC` and `<NOSRV>` in the log. Typically a maintenance flag left behind, or servers meant to be added at run time through the Runtime API after a restart.',
    problem: {
      description: 'Both API servers were disabled for a migration and the config was deployed as is.',
      files: { 'haproxy/haproxy.cfg': cfg('    server api1 10.0.2.21:3000 check disabled\n    server api2 10.0.2.22:3000 check disabled\n') },
    },
    fixed: { files: { 'haproxy/haproxy.cfg': cfg('    server api1 10.0.2.21:3000 check\n    server api2 10.0.2.22:3000 check disabled\n') } },
    remediation:
      'Enable at least one server (remove `disabled`), or stop routing to the backend; servers added through the Runtime API are lost on reload unless written here (or use `server-template`).',
    references: ['https://docs.haproxy.org/3.0/configuration.html#5.2-disabled', 'https://docs.haproxy.org/3.0/configuration.html#4-server-template'],
  },
  check(ctx) {
    for (const config of ctx.facts.haproxy.configs) {
      for (const backend of config.backends) {
        if (backend.usedBy.length === 0 || (backend.servers.length === 0 && answersItself(config, backend))) continue;
        const enabled = backend.servers.filter((s) => s.options.disabled?.value !== true);
        if (enabled.length > 0) continue;
        ctx.report({
          message:
            backend.servers.length === 0
              ? `backend \`${backend.name.value}\` (used by ${backend.usedBy.map((f) => `\`${f}\``).join(', ')}) has no server: every request routed there gets 503.`
              : `every server of backend \`${backend.name.value}\` is \`disabled\`: every request routed there gets 503 (<NOSRV>).`,
          at: backend.name.at,
          related: backend.servers.map((s) => ({ at: s.at, message: `server ${s.name.value} disabled` })),
        });
      }
    }
  },
});
