import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster } from '../examples.js';

const breakers = (priority: string, requests: number) => `      circuit_breakers:
        thresholds:
          - priority: ${priority}
            max_requests: ${requests}
            max_retries: 1
`;

export default [
  {
    name: 'five concurrent requests at most',
    files: { 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, breakers('DEFAULT', 5))) },
    expect: ['envoy/envoy.yaml:35:27'],
    fixes: ['1024'],
  },
  {
    name: 'near miss: a tiny HIGH-priority threshold, and max_retries (not a concurrency cap)',
    files: { 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, breakers('HIGH', 2))) },
    expect: [],
  },
  {
    name: 'near miss: thresholds sized for load',
    files: { 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, breakers('DEFAULT', 200))) },
    expect: [],
  },
] satisfies RuleCase[];
