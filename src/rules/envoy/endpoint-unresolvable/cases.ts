import type { RuleCase } from '../../nginx/rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const BACKENDS = '  payments:\n    image: ghcr.io/example/payments:5.0\n    expose:\n      - "9000"\n';

export default [
  {
    name: 'a typo of the service name, suggested as the fix',
    files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'payment', 9000)) },
    expect: ['envoy/envoy.yaml:39:32'],
    fixes: ['payments'],
  },
  {
    name: 'near miss: an external name (looked up by DNS outside the project)',
    files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'api.stripe.com', 443)) },
    expect: [],
  },
  {
    name: 'near miss: a network alias of the backend on the default network',
    files: {
      'docker-compose.yml': envoyCompose(`${BACKENDS}    networks:\n      default:\n        aliases:\n          - pay\n`),
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'pay', 9000)),
    },
    expect: [],
  },
] satisfies RuleCase[];
