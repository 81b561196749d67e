import { defineRule } from '../../../core/define-rule.js';
import type { Located } from '../../../core/position.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import type { ConnectionPool } from '../../../inputs/kubernetes/model.js';
import { BOOKSTORE_NAMESPACE, manifests, REVIEWS } from '../example-manifests.js';

const rule = (pool: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookstore
spec:
  host: reviews
  trafficPolicy:
    connectionPool:
${pool}`;

/** Limits at or below which any concurrency overflows (the values of Istio's circuit-breaking demo). */
const LIMITS: { key: keyof Omit<ConnectionPool, 'at' | 'maxRequestsPerConnection'>; max: number; what: string }[] = [
  { key: 'maxConnections', max: 2, what: 'tcp.maxConnections' },
  { key: 'http1MaxPendingRequests', max: 1, what: 'http.http1MaxPendingRequests' },
  { key: 'http2MaxRequests', max: 2, what: 'http.http2MaxRequests' },
];

export default defineRule({
  id: 'istio/connection-pool-too-small',
  domain: 'istio',
  cause: 'circuit-open',
  severity: 'warning',
  title: 'DestinationRule connection pool limits that overflow under any load',
  catalog: ['X10'],
  docs: {
    why: 'Connection pool settings are circuit breakers: requests beyond `tcp.maxConnections`, `http.http1MaxPendingRequests` or `http.http2MaxRequests` are rejected at once with 503 and response flag UO ("upstream overflow") — per client sidecar. Values of 1 or 2, often copied from Istio\'s circuit-breaking tutorial, trip with two concurrent requests.',
    problem: {
      description: 'The tutorial values made it to production.',
      files: {
        'mesh/reviews.yaml': manifests(
          BOOKSTORE_NAMESPACE,
          REVIEWS,
          rule('      tcp:\n        maxConnections: 1\n      http:\n        http1MaxPendingRequests: 1\n        maxRequestsPerConnection: 1\n'),
        ),
      },
    },
    fixed: {
      files: {
        'mesh/reviews.yaml': manifests(
          BOOKSTORE_NAMESPACE,
          REVIEWS,
          rule('      tcp:\n        maxConnections: 200\n      http:\n        http1MaxPendingRequests: 100\n        http2MaxRequests: 500\n'),
        ),
      },
    },
    remediation:
      'Size the limits from the real concurrency (requests per second × latency, per client pod, with headroom), or leave them out (the defaults are 2³²−1).',
    references: [
      'https://istio.io/latest/docs/tasks/traffic-management/circuit-breaking/',
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings',
    ],
  },
  check(ctx) {
    for (const dr of ctx.facts.kubernetes.istio.destinationRules) {
      const pools = [dr.trafficPolicy, ...dr.subsets.map((s) => s.trafficPolicy)].flatMap((p) =>
        p ? [p.connectionPool, ...p.portLevel.map((l) => l.connectionPool)] : [],
      );
      for (const pool of pools) {
        if (!pool) continue;
        for (const { key, max, what } of LIMITS) {
          const value = pool[key] as Located<number> | undefined;
          if (!value || value.value > max || value.value <= 0) continue;
          ctx.report({
            message: `${describe(dr.object)} limits ${what} to ${value.value}: with more concurrent requests than that, client sidecars reject the rest with 503 UO (upstream overflow)`,
            at: value.at,
          });
        }
      }
    }
  },
});
