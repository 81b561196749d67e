import { defineRule } from '../../../core/define-rule.js';
import { pathsByTarget } from '../../proxy-paths.js';
import { portSpeaks } from '../../port-speaks.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const BACKENDS = `  app:
    image: nginx:1.27-alpine
    expose:
      - "80"
`;

const TLS = `      transport_socket:
        name: envoy.transport_sockets.tls
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
          sni: app.internal
`;

export default defineRule({
  id: 'envoy/tls-mismatch',
  domain: 'envoy',
  cause: 'tls-mismatch',
  severity: 'error',
  title: 'Envoy uses TLS toward a plain-HTTP port, or plain text toward a TLS port',
  docs: {
    why: 'A cluster speaks TLS to its endpoints only with a TLS `transport_socket` (UpstreamTlsContext). TLS toward a plain HTTP port fails the handshake (`upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS_error: … WRONG_VERSION_NUMBER`); plain text toward a TLS port gets the connection closed or `400 The plain HTTP request was sent to HTTPS port`. Both end as 503 for clients.',
    problem: {
      description: 'TLS toward nginx on port 80.',
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 80, TLS)) },
    },
    fixed: { files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 80)) } },
    remediation: 'Match the transport to the port: add an UpstreamTlsContext `transport_socket` (with `sni`) toward TLS ports, drop it toward plain ones.',
    references: [
      'https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/transport_sockets/tls/v3/tls.proto#extensions-transport-sockets-tls-v3-upstreamtlscontext',
    ],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'envoy');
    for (const config of ctx.facts.envoy.configs) {
      for (const cluster of config.clusters) {
        if (cluster.usedBy.length > 0 && cluster.usedBy.every((r) => r.kind === 'tcp_proxy') && !cluster.tls) continue;
        for (const endpoint of cluster.endpoints) {
          const speaks = portSpeaks(ctx.facts, endpoint.port, paths.get(endpoint.id));
          if (!speaks) continue;
          const usesTls = cluster.tls !== undefined;
          if (usesTls === (speaks.expected === 'tls')) continue;
          ctx.report({
            message: usesTls
              ? `cluster \`${cluster.name.value}\` speaks TLS to ${endpoint.text}, but ${speaks.evidence}: the handshake fails (WRONG_VERSION_NUMBER) and Envoy answers 503.`
              : `cluster \`${cluster.name.value}\` sends plain text to ${endpoint.text}, but ${speaks.evidence}: the backend closes the connection or answers 400, and Envoy answers 503.`,
            at: cluster.tls?.at ?? endpoint.portAt ?? cluster.name.at,
          });
          break;
        }
      }
    }
  },
});
