import { defineRule } from '../../../core/define-rule.js';
import type { ResolvedPath } from '../../../evidence/topology/model.js';
import type { NginxPass } from '../../../inputs/nginx/model.js';
import { nginxTargetIndex } from '../../../inputs/nginx/queries.js';
import { findingPath, pathsByTarget, replaceAt } from '../../proxy-paths.js';
import { describeNginxTarget } from '../describe-target.js';

const COMPOSE = `services:
  edge:
    image: nginx:1.27-alpine
    ports:
      - "443:443"
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
      - ./certs:/etc/nginx/tls:ro
  orders:
    image: ghcr.io/example/orders-grpc:1.12
    expose:
      - "50051"
`;

const conf = (location: string) => `events {}

http {
  resolver 127.0.0.11 valid=10s ipv6=off;

  server {
    listen 443 ssl;
    http2 on;
    server_name api.example.com;
    ssl_certificate     /etc/nginx/tls/api.crt;
    ssl_certificate_key /etc/nginx/tls/api.key;

    location /orders.v1.OrderService/ {
      set $orders_upstream ${location};
    }
  }
}
`;

/** gRPC service paths look like `/package.Service/Method`. */
const GRPC_PATH = /^\/[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*\.[A-Z][A-Za-z0-9_]*\/?$/;

/** Why the backend is a gRPC server, when something says so. */
export function grpcEvidence(pass: NginxPass | undefined, path: ResolvedPath | undefined, http2: boolean): string | undefined {
  const name = path?.listen?.name;
  if (name && /^(grpc|h2c)(-|$)/i.test(name)) return `the backend's port is named \`${name}\``;
  const port = path?.target.port;
  if (port === 50051) return 'port 50051 is the conventional gRPC port';
  // A service path alone may be gRPC-Web (HTTP/1.1, rightly proxied); with HTTP/2 clients it is gRPC.
  if (http2 && pass?.locationPath && GRPC_PATH.test(pass.locationPath)) return `\`${pass.locationPath}\` is a gRPC service path served over HTTP/2`;
  return undefined;
}

export default defineRule({
  id: 'nginx/grpc-over-proxy-pass',
  domain: 'nginx',
  cause: 'protocol-mismatch',
  severity: 'error',
  title: 'A gRPC backend is reached with proxy_pass instead of grpc_pass',
  docs: {
    why: '`proxy_pass` speaks HTTP/1.x to the backend; gRPC needs HTTP/2 end to end with trailers. A gRPC server receiving HTTP/1.1 closes the connection or answers garbage: nginx logs `upstream prematurely closed connection` or `upstream sent invalid header`, clients get `UNAVAILABLE`/`INTERNAL` or status 502. `grpc_pass grpc://…` (or `grpcs://`) is the directive for gRPC backends.',
    problem: {
      description: 'The orders gRPC service listens on 50051 and is proxied as HTTP/1.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('http://orders:50051;\n      proxy_pass $orders_upstream') },
    },
    fixed: { files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('grpc://orders:50051;\n      grpc_pass $orders_upstream') } },
    remediation:
      'Use `grpc_pass grpc://host:port;` (or `grpcs://` for TLS backends), with `http2` enabled on the listening side, and `grpc_read_timeout` for long streams.',
    references: ['https://nginx.org/en/docs/http/ngx_http_grpc_module.html#grpc_pass', 'https://www.nginx.com/blog/nginx-1-13-10-grpc/'],
  },
  check(ctx) {
    const index = nginxTargetIndex(ctx.facts.nginx);
    const reported = new Set<NginxPass>();
    for (const [id, path] of pathsByTarget(ctx.facts, 'nginx')) {
      const ref = index.get(id);
      if (!ref) continue;
      const passes = ref.kind === 'pass' ? [ref.pass] : ref.passes;
      for (const pass of passes) {
        if (pass.directive !== 'proxy_pass' || pass.context !== 'http' || reported.has(pass)) continue;
        const server = pass.serverIndex !== undefined ? ref.config.servers[pass.serverIndex] : undefined;
        const evidence = grpcEvidence(pass, path, server?.http2 ?? false);
        if (!evidence) continue;
        reported.add(pass);
        const url = pass.url.value.replace(/^https?:\/\//i, (m) => (m.toLowerCase() === 'https://' ? 'grpcs://' : 'grpc://'));
        const fix =
          pass.variables.length > 0 && !/^https?:\/\//i.test(pass.url.value) ? undefined : replaceAt(pass.at, `grpc_pass ${url};`, 'pass gRPC over HTTP/2');
        ctx.report({
          message: `${describeNginxTarget(ref, path)} sends HTTP/1.x to a gRPC backend (${evidence}): calls fail with 502 / UNAVAILABLE; use grpc_pass.`,
          at: pass.at,
          path: findingPath(path),
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
