import { defineRule } from '../../../core/define-rule.js';
import { pathsByTarget } from '../../proxy-paths.js';
import { portSpeaks } from '../../port-speaks.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = `  app:
    image: nginx:1.27-alpine
    expose:
      - "80"
`;

export default defineRule({
  id: 'caddy/upstream-tls-mismatch',
  domain: 'caddy',
  cause: 'tls-mismatch',
  severity: 'error',
  title: 'Caddy uses TLS toward a plain-HTTP port, or plain HTTP toward a TLS port',
  docs: {
    why: 'Caddy speaks TLS to an upstream written as `https://…` or with `transport http { tls }`, and plain HTTP otherwise. TLS toward a plain port fails the handshake (`tls: first record does not look like a TLS handshake`); plain HTTP toward a TLS port gets `400 The plain HTTP request was sent to HTTPS port` or a reset. Clients see `502 Bad Gateway`.',
    problem: {
      description: 'TLS toward nginx on port 80.',
      files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy https://app:80\n') },
    },
    fixed: { files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy http://app:80\n') } },
    remediation: 'Match the scheme to the port: `https://` (or `transport http { tls }`) toward TLS ports, `http://` or no scheme toward plain ones.',
    references: ['https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#the-http-transport'],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'caddy');
    for (const config of ctx.facts.caddy.configs) {
      for (const proxy of config.proxies) {
        if (proxy.transport.protocol !== 'http') continue;
        for (const upstream of proxy.upstreams) {
          if (upstream.dynamic || upstream.unixSocket !== undefined) continue;
          const speaks = portSpeaks(ctx.facts, upstream.port ?? upstream.defaultPort, paths.get(upstream.id));
          if (!speaks) continue;
          const usesTls = proxy.transport.tls !== undefined || upstream.scheme === 'https';
          if (usesTls === (speaks.expected === 'tls')) continue;
          const swap = usesTls ? 'http' : 'https';
          const fix =
            upstream.schemeAt && upstream.schemeAt.endColumn !== undefined
              ? {
                  description: `use ${swap}://`,
                  file: upstream.schemeAt.file,
                  line: upstream.schemeAt.line,
                  column: upstream.schemeAt.column,
                  endLine: upstream.schemeAt.line,
                  endColumn: upstream.schemeAt.endColumn,
                  replacement: swap,
                }
              : undefined;
          ctx.report({
            message: usesTls
              ? `${proxy.directive} ${upstream.text.value} (${proxy.route}) uses TLS, but ${speaks.evidence}: the handshake fails and Caddy answers 502.`
              : `${proxy.directive} ${upstream.text.value} (${proxy.route}) speaks plain HTTP, but ${speaks.evidence}: the backend rejects it (400 or a reset) and Caddy answers 502.`,
            at: upstream.schemeAt ?? (usesTls && proxy.transport.tls ? proxy.transport.tls : upstream.text.at),
            ...(fix && upstream.scheme !== 'h2c' ? { fix } : {}),
          });
        }
      }
    }
  },
});
