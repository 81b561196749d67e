import { defineRule } from '../../../core/define-rule.js';
import type { SourcePosition } from '../../../core/position.js';
import type { EnvoyCluster } from '../../../inputs/envoy/model.js';
import { isJsonFile } from '../../../inputs/envoy/queries.js';
import { insertLinesBefore, pathsByTarget } from '../../proxy-paths.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const BACKENDS = `  inventory:
    image: ghcr.io/example/inventory-grpc:2.4
    expose:
      - "50051"
`;

const ROUTES = `                        - match: { prefix: "/inventory.v1.Inventory/", grpc: {} }
                          route: { cluster: inventory, timeout: 30s }
`;

const H2 = `      typed_extension_protocol_options:
        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
          explicit_http_config:
            http2_protocol_options: {}
`;

export const HTTP2_OPTION_LINES = [
  'typed_extension_protocol_options:',
  '  envoy.extensions.upstreams.http.v3.HttpProtocolOptions:',
  '    "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
  '    explicit_http_config:',
  '      http2_protocol_options: {}',
];

/** Why a cluster carries gRPC: its routes, its health check, its name or the backend's port name. */
export function grpcEvidence(cluster: EnvoyCluster, portNames: readonly string[]): { reason: string; at?: SourcePosition } | undefined {
  const routed = cluster.usedBy.find((r) => r.grpc);
  if (routed?.grpc) return routed.grpc;
  const check = cluster.healthChecks.find((h) => h.kind === 'grpc');
  if (check) return { reason: 'its health check is a gRPC health check', at: check.at };
  const named = portNames.find((n) => /^grpc/i.test(n));
  if (named) return { reason: `the backend's port is named \`${named}\`` };
  if (/grpc/i.test(cluster.name.value)) return { reason: `the cluster is named \`${cluster.name.value}\``, at: cluster.name.at };
  return undefined;
}

export default defineRule({
  id: 'envoy/grpc-without-http2',
  domain: 'envoy',
  cause: 'protocol-mismatch',
  severity: 'error',
  title: 'An Envoy cluster carrying gRPC talks HTTP/1.1 to its backend',
  docs: {
    why: 'gRPC needs HTTP/2 end to end. A cluster speaks HTTP/1.1 to its endpoints unless HTTP/2 is configured (`typed_extension_protocol_options` with `explicit_http_config.http2_protocol_options`, or `auto_config` over TLS with ALPN `h2`). The gRPC server then rejects the HTTP/1.1 request or closes the connection: clients see `UNAVAILABLE: upstream connect error or disconnect/reset before headers. reset reason: protocol error` or a 503 with `upstream_reset_before_response_started{protocol_error}`.',
    problem: {
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('inventory', 'inventory', 50051), ROUTES) },
    },
    fixed: {
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('inventory', 'inventory', 50051, H2), ROUTES) },
    },
    remediation:
      'Configure HTTP/2 toward the cluster: `typed_extension_protocol_options` → `envoy.extensions.upstreams.http.v3.HttpProtocolOptions` → `explicit_http_config: { http2_protocol_options: {} }` (h2c), or TLS with ALPN `h2`.',
    references: [
      'https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/upstreams/http/v3/http_protocol_options.proto',
      'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/other_protocols/grpc',
    ],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'envoy');
    for (const config of ctx.facts.envoy.configs) {
      for (const cluster of config.clusters) {
        const h2 = cluster.protocol === 'http2' || cluster.protocol === 'downstream' || (cluster.protocol === 'auto' && cluster.tls !== undefined);
        if (h2 || (cluster.usedBy.length > 0 && cluster.usedBy.every((r) => r.kind === 'tcp_proxy'))) continue;
        const portNames = cluster.endpoints.flatMap((e) => paths.get(e.id)?.listen?.name ?? []);
        const evidence = grpcEvidence(cluster, portNames);
        if (!evidence) continue;
        const canInsert = !cluster.node.get('typed_extension_protocol_options') && !isJsonFile(cluster.insertAt.file);
        const fix = canInsert ? insertLinesBefore(ctx.facts, cluster.insertAt, HTTP2_OPTION_LINES, 'speak HTTP/2 (h2c) to the endpoints') : undefined;
        const how = cluster.protocol === 'auto' ? '`auto_config` without TLS, which falls back to HTTP/1.1' : 'HTTP/1.1 (no HTTP/2 configured)';
        ctx.report({
          message: `cluster \`${cluster.name.value}\` carries gRPC (${evidence.reason}) but speaks ${how} to its endpoints: gRPC calls fail with UNAVAILABLE / 503 (protocol error).`,
          at: cluster.protocolAt ?? cluster.name.at,
          ...(fix ? { fix } : {}),
          ...(evidence.at ? { related: [{ at: evidence.at, message: 'why the traffic is gRPC' }] } : {}),
        });
      }
    }
  },
});
