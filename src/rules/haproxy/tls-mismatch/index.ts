import { defineRule } from '../../../core/define-rule.js';
import { describeServer, haproxyTargetIndex } from '../../../inputs/haproxy/queries.js';
import { findingPath, pathsByTarget, replaceAt } from '../../proxy-paths.js';
import { portSpeaks } from '../../port-speaks.js';

const cfg = (server: string) => `global
    log stdout format raw local0

defaults
    mode http
    timeout connect 5s
    timeout client  30s
    timeout server  30s

frontend www
    bind :443 ssl crt /usr/local/etc/haproxy/certs/site.pem
    default_backend portal

backend portal
    option httpchk GET /status
${server}`;

export default defineRule({
  id: 'haproxy/tls-mismatch',
  domain: 'haproxy',
  cause: 'tls-mismatch',
  severity: 'error',
  title: 'An HAProxy server line uses TLS toward a plain port, or plain HTTP toward a TLS port',
  docs: {
    why: '`ssl` on a server line makes HAProxy start a TLS handshake; without it HAProxy speaks plain TCP/HTTP. `ssl` toward a plain-HTTP port fails the handshake (`Layer6 invalid response` / `SSL handshake failure`), and plain HTTP toward a TLS port in `mode http` gets `400 Bad Request` or a reset: the check marks the server DOWN and clients get 503. (In `mode tcp` without `ssl`, forwarding to 443 is TLS passthrough and fine.)',
    problem: {
      description: 'The portal serves HTTPS on 443; HAProxy talks plain HTTP to it.',
      files: { 'haproxy/haproxy.cfg': cfg('    server portal1 10.0.4.20:443 check\n') },
    },
    fixed: { files: { 'haproxy/haproxy.cfg': cfg('    server portal1 10.0.4.20:443 check ssl verify required ca-file @system-ca\n') } },
    remediation: 'Add `ssl verify required ca-file @system-ca` (and `sni`) for TLS backends, remove `ssl` for plain ones — or fix the port.',
    references: ['https://docs.haproxy.org/3.0/configuration.html#5.2-ssl', 'https://docs.haproxy.org/3.0/configuration.html#5.2-verify'],
  },
  check(ctx) {
    const index = haproxyTargetIndex(ctx.facts.haproxy);
    for (const [id, path] of pathsByTarget(ctx.facts, 'haproxy')) {
      const ref = index.get(id);
      if (!ref) continue;
      const speaks = portSpeaks(ctx.facts, path.target.port ?? path.target.defaultPort, path);
      if (!speaks) continue;
      const ssl = ref.server.options.ssl?.value === true;
      const end =
        ref.server.at.endColumn !== undefined
          ? { ...ref.server.at, line: ref.server.at.endLine ?? ref.server.at.line, column: ref.server.at.endColumn }
          : undefined;
      if (ssl && speaks.expected === 'plain') {
        const sslAt = ref.server.options.ssl?.at;
        ctx.report({
          message: `${describeServer(ref, path.target.route)} uses \`ssl\` but ${speaks.evidence}: the TLS handshake fails, the server is marked DOWN and clients get 503.`,
          at: sslAt ?? ref.server.at,
          path: findingPath(path),
          ...(sslAt && sslAt.line === ref.server.at.line ? { fix: replaceAt({ ...sslAt, column: sslAt.column - 1 }, '', 'speak plain HTTP') } : {}),
        });
      } else if (!ssl && speaks.expected === 'tls' && ref.backend.mode.value === 'http') {
        ctx.report({
          message: `${describeServer(ref, path.target.route)} speaks plain HTTP but ${speaks.evidence}: the backend answers 400 or resets, the server is marked DOWN and clients get 503.`,
          at: ref.server.portAt ?? ref.server.at,
          path: findingPath(path),
          ...(end ? { fix: replaceAt(end, ' ssl verify required ca-file @system-ca', 'speak TLS to the backend') } : {}),
        });
      }
    }
  },
});
