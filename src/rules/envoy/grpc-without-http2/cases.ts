import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const BACKENDS = '  inventory:\n    image: ghcr.io/example/inventory:2.4\n    expose:\n      - "50051"\n';

const GRPC_WEB = `                  - name: envoy.filters.http.grpc_web
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.grpc_web.v3.GrpcWeb
`;

const ROUTE = `                        - match: { prefix: "/" }
                          route: { cluster: inventory }
`;

export default [
  {
    name: 'grpc-web from browsers: the filter sends gRPC upstream',
    files: {
      'docker-compose.yml': envoyCompose(BACKENDS),
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('inventory', 'inventory', 50051), ROUTE, GRPC_WEB),
    },
    expect: ['envoy/envoy.yaml:32:13'],
  },
  {
    name: 'near miss: the legacy cluster-level http2_protocol_options',
    files: {
      'docker-compose.yml': envoyCompose(BACKENDS),
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('inventory', 'inventory', 50051, '      http2_protocol_options: {}\n'), ROUTE, GRPC_WEB),
    },
    expect: [],
  },
  {
    name: 'near miss: plain HTTP routes to an HTTP/1.1 backend',
    files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('inventory', 'inventory', 50051), ROUTE) },
    expect: [],
  },
] satisfies RuleCase[];
