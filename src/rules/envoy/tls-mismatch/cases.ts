import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const TLS = `      transport_socket:
        name: envoy.transport_sockets.tls
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
          sni: billing.internal
`;

const BACKENDS = '  billing:\n    image: ghcr.io/example/billing:1.1\n    expose:\n      - "8443"\n';

export default [
  {
    name: 'plain text to the HTTPS port 8443',
    files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'billing', 8443)) },
    expect: ['envoy/envoy.yaml:40:35'],
  },
  {
    name: 'near miss: TLS with SNI to 8443',
    files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'billing', 8443, TLS)) },
    expect: [],
  },
  {
    name: 'near miss: a port that says nothing about TLS',
    files: {
      'docker-compose.yml': envoyCompose(BACKENDS.replace('8443', '9000')),
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'billing', 9000, TLS)),
    },
    expect: [],
  },
] satisfies RuleCase[];
