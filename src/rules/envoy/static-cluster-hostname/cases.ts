import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const BACKENDS = '  app:\n    image: ghcr.io/example/shop:1.8\n    expose:\n      - "8080"\n';

export default [
  {
    name: 'no `type` written: STATIC by default, a line is added',
    files: {
      'docker-compose.yml': envoyCompose(BACKENDS),
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080).replace('      type: STRICT_DNS\n', '')),
    },
    expect: ['envoy/envoy.yaml:38:32'],
    fixes: ['type: STRICT_DNS\n      '],
  },
  {
    name: 'near miss: STATIC with IP addresses (v4 and v6)',
    files: {
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', '10.0.3.7', 8080, '', 'STATIC') + envoyCluster('app6', '"::1"', 8080, '', 'STATIC')),
    },
    expect: [],
  },
] satisfies RuleCase[];
