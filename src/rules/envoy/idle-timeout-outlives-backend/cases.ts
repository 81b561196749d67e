import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const gunicorn = '  app:\n    build: ./app\n    command: ["gunicorn", "--bind", "0.0.0.0:8000", "--keep-alive", "2", "app:app"]\n    expose:\n      - "8000"\n';
const idle = (seconds: string) => `      typed_extension_protocol_options:
        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
          common_http_protocol_options:
            idle_timeout: ${seconds}
          explicit_http_config:
            http_protocol_options: {}
`;

export default [
  {
    name: 'gunicorn --keep-alive 2 behind an idle_timeout of 30 s',
    files: { 'docker-compose.yml': envoyCompose(gunicorn), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8000, idle('30s'))) },
    expect: ['envoy/envoy.yaml:36:27'],
    fixes: ['1s'],
  },
  {
    name: 'near miss: idle_timeout below the backend keep-alive; and a backend whose keep-alive is not known',
    files: {
      'docker-compose.yml': envoyCompose(`${gunicorn}  other:\n    image: ghcr.io/example/other:1.0\n    expose:\n      - "9000"\n`),
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8000, idle('1s')) + envoyCluster('other', 'other', 9000)),
    },
    expect: [],
  },
  {
    name: 'near miss: an HTTP/2 (gRPC) cluster to a Node.js server: h2 sessions do not use the HTTP/1.1 keep-alive timer',
    files: {
      'docker-compose.yml': envoyCompose('  grpc:\n    image: node:22-alpine\n    command: ["node", "grpc-server.js"]\n    expose:\n      - "50051"\n'),
      'envoy/envoy.yaml': envoyBootstrap(
        envoyCluster(
          'app',
          'grpc',
          50051,
          '      typed_extension_protocol_options:\n        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:\n          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions\n          explicit_http_config:\n            http2_protocol_options: {}\n',
        ),
      ),
    },
    expect: [],
  },
] satisfies RuleCase[];
