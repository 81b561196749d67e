import { defineRule } from '../../../core/define-rule.js';
import type { Fix } from '../../../core/define-rule.js';
import type { CaddyUpstream } from '../../../inputs/caddy/model.js';
import { linesOf } from '../../text-edits.js';
import { pathsByTarget } from '../../proxy-paths.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = `  inventory:
    image: ghcr.io/example/inventory-grpc:2.4
    expose:
      - "50051"
`;

const site = (upstream: string) =>
  caddySite(`	@grpc protocol grpc
	reverse_proxy @grpc ${upstream}
	reverse_proxy web:8080
`);

export default defineRule({
  id: 'caddy/grpc-without-h2c',
  domain: 'caddy',
  cause: 'protocol-mismatch',
  severity: 'error',
  title: 'Caddy proxies gRPC to a plain-text upstream over HTTP/1.1',
  docs: {
    why: 'gRPC needs HTTP/2. Toward a plain-text (non-TLS) upstream Caddy speaks HTTP/1.1 unless told `h2c` (`h2c://` in the address, or `transport http { versions h2c 2 }`). The gRPC server rejects the HTTP/1.1 request: clients get `502` / `UNAVAILABLE` and Caddy logs `malformed HTTP response` or `EOF`.',
    problem: {
      description: 'Requests matched as gRPC go to the inventory service over HTTP/1.1.',
      files: {
        'docker-compose.yml': caddyCompose(`${BACKENDS}  web:\n    image: ghcr.io/example/web:1.0\n    expose:\n      - "8080"\n`),
        'caddy/Caddyfile': site('inventory:50051'),
      },
    },
    fixed: {
      files: {
        'docker-compose.yml': caddyCompose(`${BACKENDS}  web:\n    image: ghcr.io/example/web:1.0\n    expose:\n      - "8080"\n`),
        'caddy/Caddyfile': site('h2c://inventory:50051'),
      },
    },
    remediation: 'Write the upstream as `h2c://host:port` (or add `transport http { versions h2c 2 }`); toward TLS upstreams HTTP/2 is negotiated by ALPN.',
    references: [
      'https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#the-http-transport',
      'https://caddyserver.com/docs/caddyfile/matchers#protocol',
    ],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'caddy');
    for (const config of ctx.facts.caddy.configs) {
      for (const proxy of config.proxies) {
        if (proxy.transport.protocol !== 'http' || proxy.transport.tls) continue;
        for (const upstream of proxy.upstreams) {
          if (upstream.scheme === 'h2c' || upstream.dynamic || upstream.unixSocket !== undefined) continue;
          const portName = paths.get(upstream.id)?.listen?.name;
          const evidence = proxy.matcher?.grpc
            ? `its matcher \`${proxy.matcher.text}\` selects gRPC requests`
            : portName && /^grpc/i.test(portName)
              ? `the backend's port is named \`${portName}\``
              : upstream.port === 50051
                ? '50051 is the gRPC port'
                : /grpc/i.test(upstream.host ?? '')
                  ? `the upstream is called \`${upstream.host}\``
                  : undefined;
          if (!evidence) continue;
          const fix = h2cFix(linesOf(ctx.facts, upstream.text.at.file), upstream);
          ctx.report({
            message: `${proxy.directive} ${upstream.text.value} (${proxy.route}) carries gRPC (${evidence}) but Caddy speaks HTTP/1.1 to a plain-text upstream: gRPC calls fail with 502 / UNAVAILABLE.`,
            at: upstream.text.at,
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});

/** `api:50051` → `h2c://api:50051`; `http://api:50051` → `h2c://api:50051` (Caddyfile tokens only). */
function h2cFix(lines: readonly string[] | undefined, upstream: CaddyUpstream): Fix | undefined {
  const at = upstream.text.at;
  if (lines === undefined || at.endLine !== at.line || !at.file.toLowerCase().includes('caddy') || /\.json$/i.test(at.file)) return undefined;
  if (upstream.schemeAt)
    return {
      description: 'speak h2c',
      file: at.file,
      line: at.line,
      column: upstream.schemeAt.column,
      endLine: at.line,
      endColumn: upstream.schemeAt.endColumn!,
      replacement: 'h2c',
    };
  const line = lines[at.line - 1] ?? '';
  const column = at.column + (line[at.column - 1] === '"' ? 1 : 0);
  return { description: 'speak h2c', file: at.file, line: at.line, column, endLine: at.line, endColumn: column, replacement: 'h2c://' };
}
