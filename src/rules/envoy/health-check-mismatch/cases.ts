import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const check = (path: string) => `      health_checks:
        - timeout: 1s
          interval: 5s
          unhealthy_threshold: 2
          healthy_threshold: 1
          http_health_check: { path: "${path}" }
`;

const spring = `server.port=8080
management.server.port=8081
management.endpoints.web.exposure.include=health
`;

const compose = envoyCompose('  orders:\n    build: ./orders\n    expose:\n      - "8080"\n      - "8081"\n');

export default [
  {
    name: 'a Spring app: the actuator answers /actuator/health, the check asks /health',
    files: {
      'docker-compose.yml': compose,
      'orders/src/main/resources/application.properties': spring,
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'orders', 8081, check('/health'))),
    },
    expect: ['envoy/envoy.yaml:37:38'],
    fixes: ['"/actuator/health"'],
  },
  {
    name: 'near miss: the readiness group under the actuator health path',
    files: {
      'docker-compose.yml': compose,
      'orders/src/main/resources/application.properties': spring,
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'orders', 8081, check('/actuator/health/readiness'))),
    },
    expect: [],
  },
  {
    name: 'near miss: `/` is checked (it may well answer 200)',
    files: { 'docker-compose.yml': compose, 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'orders', 8080, check('/'))) },
    expect: [],
  },
] satisfies RuleCase[];
