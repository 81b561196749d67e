import { defineRule } from '../../../core/define-rule.js';
import type { Located } from '../../../core/position.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';
import { replaceValue } from '../../text-edits.js';

const BACKENDS = `  app:
    image: ghcr.io/example/shop:1.8
    expose:
      - "8080"
`;

const breakers = (connections: number, pending: number) => `      circuit_breakers:
        thresholds:
          - priority: DEFAULT
            max_connections: ${connections}
            max_pending_requests: ${pending}
            max_requests: ${Math.max(connections, 1024)}
`;

/** Below this, a handful of concurrent requests opens the breaker (Envoy's defaults are 1024). */
const TINY = 10;

export default defineRule({
  id: 'envoy/circuit-breaker-tiny',
  domain: 'envoy',
  cause: 'circuit-open',
  severity: 'warning',
  title: 'Envoy circuit-breaker thresholds so small that normal load trips them',
  catalog: ['X10'],
  docs: {
    why: 'Circuit-breaker thresholds cap connections, pending requests and active requests per cluster (defaults 1024 each). With `max_connections: 1` and `max_pending_requests: 1`, the third concurrent request is rejected at once with `503` and response flag `UO` (upstream overflow, `upstream_rq_pending_overflow` counts up) — the backend is healthy and idle. Values this small are usually copied from a demo.',
    problem: {
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, breakers(1, 1))) },
    },
    fixed: {
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, breakers(512, 256))) },
    },
    remediation: "Size the thresholds for peak concurrency (requests per second × latency, with headroom), or drop them to keep Envoy's defaults of 1024.",
    references: [
      'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking',
      'https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/circuit_breaker.proto',
    ],
  },
  check(ctx) {
    for (const config of ctx.facts.envoy.configs) {
      for (const cluster of config.clusters) {
        for (const t of cluster.circuitBreakers) {
          if (t.priority !== 'DEFAULT') continue;
          const tiny: [string, Located<number>][] = [];
          if (t.maxConnections && t.maxConnections.value < TINY) tiny.push(['max_connections', t.maxConnections]);
          if (t.maxPendingRequests && t.maxPendingRequests.value < TINY) tiny.push(['max_pending_requests', t.maxPendingRequests]);
          if (t.maxRequests && t.maxRequests.value < TINY) tiny.push(['max_requests', t.maxRequests]);
          for (const [name, value] of tiny) {
            const fix = replaceValue(ctx.facts, value.at, '1024', `raise ${name} to Envoy's default 1024`);
            ctx.report({
              message: `cluster \`${cluster.name.value}\` opens its circuit breaker at ${name}: ${value.value}: with a few concurrent requests Envoy rejects the rest with 503 (UO, upstream overflow) although the backend is fine.`,
              at: value.at,
              ...(fix ? { fix } : {}),
            });
          }
        }
      }
    }
  },
});
