import { defineRule } from '../../../core/define-rule.js';
import { haproxyTargetIndex } from '../../../inputs/haproxy/queries.js';
import { backendProcesses, backendRequestTimeout } from '../../backend-process.js';
import { pathsByTarget, replaceAt } from '../../proxy-paths.js';
import { haproxyCompose } from '../examples.js';

const BACKENDS = `  exports:
    image: ghcr.io/example/exports:1.6
    command: gunicorn --workers 4 --timeout 300 --bind 0.0.0.0:8000 exports.wsgi
    expose:
      - "8000"
`;

const cfg = (timeout: string) => `global
    log stdout format raw local0

defaults
    mode http
    timeout connect 5s
    timeout client  60s
    timeout server  60s

resolvers docker
    nameserver dns 127.0.0.11:53

frontend www
    bind :8080
    default_backend exports

backend exports
${timeout}    server exports1 exports:8000 check resolvers docker init-addr last,libc,none
`;

export default defineRule({
  id: 'haproxy/server-timeout-below-backend',
  domain: 'haproxy',
  cause: 'timeout-misaligned',
  severity: 'warning',
  title: '`timeout server` is shorter than the time the backend is allowed per request',
  docs: {
    why: 'HAProxy gives up on a response after `timeout server` and answers 504 (termination state `sH`), while a backend configured for longer requests — gunicorn with `--timeout 300` — keeps working on it. Long exports and reports then fail every time they take longer than the proxy waits.',
    problem: {
      description: 'gunicorn allows 300 s per request; HAProxy waits 60 s.',
      files: { 'docker-compose.yml': haproxyCompose(BACKENDS), 'haproxy/haproxy.cfg': cfg('') },
    },
    fixed: { files: { 'docker-compose.yml': haproxyCompose(BACKENDS), 'haproxy/haproxy.cfg': cfg('    timeout server 310s\n') } },
    remediation:
      "Raise `timeout server` in that backend a little above the backend's own request timeout (and `timeout client` in the frontend when clients wait as long), or shorten the backend's.",
    references: ['https://docs.haproxy.org/3.0/configuration.html#4-timeout%20server', 'https://docs.gunicorn.org/en/stable/settings.html#timeout'],
  },
  check(ctx) {
    const index = haproxyTargetIndex(ctx.facts.haproxy);
    const reported = new Set<string>();
    for (const [id, path] of pathsByTarget(ctx.facts, 'haproxy')) {
      const ref = index.get(id);
      if (!ref || reported.has(ref.backend.name.value + ref.config.id)) continue;
      const known = backendRequestTimeout(backendProcesses(ctx.facts, path.backend));
      const timeout = ref.backend.timeouts.server;
      if (!known || !timeout || timeout.value >= known.seconds * 1000) continue;
      reported.add(ref.backend.name.value + ref.config.id);
      const wanted = `timeout server ${known.seconds + 10}s`;
      const own = timeout.from === 'proxy' && timeout.at;
      const header = ref.backend.at;
      const fix = own
        ? replaceAt(timeout.at!, wanted, 'wait a little longer than the backend')
        : header.endColumn !== undefined
          ? replaceAt({ ...header, line: header.endLine ?? header.line, column: header.endColumn }, `\n    ${wanted}`, 'wait a little longer than the backend')
          : undefined;
      ctx.report({
        message: `backend \`${ref.backend.name.value}\` waits ${timeout.value / 1000} s for a response (timeout server${timeout.from === 'defaults' ? ', from defaults' : ''}), but ${path.backend?.label ?? 'its server'} may take up to ${known.seconds} s (${known.source}): slower requests get 504 while the backend keeps working.`,
        at: own ? timeout.at! : ref.backend.name.at,
        ...(fix ? { fix } : {}),
        ...(known.at ? { related: [{ at: known.at, message: known.source }] } : {}),
      });
    }
  },
});
