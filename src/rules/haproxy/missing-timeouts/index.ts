import { defineRule } from '../../../core/define-rule.js';
import type { HaproxyProxy, HaproxyTimeoutName } from '../../../inputs/haproxy/model.js';
import { replaceAt } from '../../proxy-paths.js';

const cfg = (timeouts: string) => `global
    log stdout format raw local0
    maxconn 2000

defaults
    mode http
    log global
    option httplog
${timeouts}
frontend www
    bind :80
    default_backend app

backend app
    balance leastconn
    server app1 10.0.1.11:8080 check
    server app2 10.0.1.12:8080 check
`;

const NEEDED: Record<HaproxyProxy['kind'], HaproxyTimeoutName[]> = {
  frontend: ['client'],
  backend: ['connect', 'server'],
  listen: ['connect', 'client', 'server'],
};

const DEFAULT_VALUE: Partial<Record<HaproxyTimeoutName, string>> = { connect: '5s', client: '30s', server: '30s' };

export default defineRule({
  id: 'haproxy/missing-timeouts',
  domain: 'haproxy',
  cause: 'timeout-misaligned',
  severity: 'warning',
  title: 'HAProxy proxies without connect, client or server timeouts',
  docs: {
    why: "HAProxy's `timeout connect`, `timeout client` and `timeout server` default to no timeout at all. Without them a dead backend holds connections until the kernel gives up, a stalled server keeps the request open forever, and idle clients never go away: sessions pile up to `maxconn`, new connections queue and the proxy stops answering. HAProxy warns at start-up: `missing timeouts for backend 'app'. While not properly invalid, you will certainly encounter various problems with such a configuration`.",
    problem: {
      description: 'No timeouts anywhere: neither in defaults nor in the proxies.',
      files: { 'haproxy/haproxy.cfg': cfg('') },
    },
    fixed: { files: { 'haproxy/haproxy.cfg': cfg('    timeout connect 5s\n    timeout client  30s\n    timeout server  30s\n') } },
    remediation:
      'Set `timeout connect` (a few seconds), `timeout client` and `timeout server` (above the slowest expected response) in `defaults`, and `timeout tunnel` for WebSocket backends.',
    references: ['https://docs.haproxy.org/3.0/configuration.html#4-timeout%20connect', 'https://docs.haproxy.org/3.0/configuration.html#4-timeout%20server'],
  },
  check(ctx) {
    for (const config of ctx.facts.haproxy.configs) {
      // One finding per defaults section they share, so the fix lands where all of them read it.
      const byDefaults = new Map<string, { proxies: HaproxyProxy[]; missing: Set<HaproxyTimeoutName> }>();
      for (const proxy of [...config.frontends, ...config.backends.filter((b) => b.kind === 'backend')]) {
        // Without servers (a stats page, a redirect) nothing is connected to: only the client side matters.
        const needed = proxy.servers.length === 0 ? NEEDED[proxy.kind].filter((t) => t === 'client') : NEEDED[proxy.kind];
        const missing = needed.filter((t) => proxy.timeouts[t] === undefined);
        if (missing.length === 0) continue;
        const key = proxy.defaults ?? '';
        const group = byDefaults.get(key) ?? { proxies: [], missing: new Set() };
        group.proxies.push(proxy);
        for (const t of missing) group.missing.add(t);
        byDefaults.set(key, group);
      }
      const defaultsSection = (name: string) => config.sections.filter((s) => s.kind === 'defaults' && (name === '' || s.name?.value === name)).pop();
      for (const [name, group] of byDefaults) {
        const missing = [...group.missing];
        const section = defaultsSection(name);
        const first = group.proxies[0];
        const header = section?.header.at ?? first.at;
        const lines = missing.map((t) => `    timeout ${t} ${DEFAULT_VALUE[t] ?? '30s'}`).join('\n');
        const fix =
          header.endColumn !== undefined
            ? replaceAt(
                { ...header, line: header.endLine ?? header.line, column: header.endColumn },
                `\n${lines}`,
                `set ${missing.map((t) => `timeout ${t}`).join(', ')}`,
              )
            : undefined;
        const names = group.proxies.map((p) => `${p.kind} \`${p.name.value}\``);
        ctx.report({
          message: `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} ${names.length === 1 ? 'has' : 'have'} no ${missing.map((t) => `\`timeout ${t}\``).join(', ')}: HAProxy waits forever on dead backends and idle clients, sessions pile up to maxconn.`,
          at: first.at,
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
