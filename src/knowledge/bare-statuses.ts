import type { CauseId, Phase } from '../core/ids.js';
import type { FailureKind } from '../evidence/setup-facts.js';

/**
 * What a bare status code or a proxy's default error page says when no more specific signature
 * matched. Weights follow the catalog's status mapping (nginx: connection errors → 502, timeouts → 504;
 * Envoy/HAProxy/ALB: no usable backend → 503).
 */
export interface BareStatus {
  status: number;
  /** How the connection failed, when the status alone says it (503: no usable backend). */
  failure?: FailureKind;
  pattern: RegExp;
  title: string;
  phase: Phase;
  meaning: string;
  causes: Partial<Record<CauseId, number>>;
}

export const BARE_STATUSES: readonly BareStatus[] = [
  {
    status: 502,
    pattern: /\b502\b(?:\s*[-:]?\s*bad gateway)?|\bbad gateway\b/i,
    title: '502 Bad Gateway',
    phase: 'connect',
    meaning: 'The proxy could not get a valid response from its upstream: the connection was refused, reset, or the answer was not HTTP it could use.',
    causes: {
      'not-listening': 0.28,
      'wrong-host-localhost': 0.18,
      'upstream-reset': 0.14,
      'port-mismatch': 0.11,
      'startup-order': 0.09,
      'keepalive-race': 0.09,
      'protocol-mismatch': 0.06,
      'tls-mismatch': 0.05,
    },
  },
  {
    status: 503,
    failure: 'no-upstream',
    pattern: /\b503\b(?:\s*[-:]?\s*service (?:temporarily )?unavailable)?|\bservice (?:temporarily )?unavailable\b/i,
    title: '503 Service Unavailable',
    phase: 'health-check',
    meaning: 'The proxy had no usable backend for the request: none registered, none healthy, or a limit (circuit breaker, queue) rejected it.',
    causes: { 'no-healthy-upstream': 0.3, 'no-endpoints': 0.25, 'not-listening': 0.15, 'circuit-open': 0.1, 'startup-order': 0.1, 'resource-exhaustion': 0.1 },
  },
  {
    status: 504,
    pattern: /\b504\b(?:\s*[-:]?\s*gateway time-?out)?|\bgateway time-?out\b/i,
    title: '504 Gateway Timeout',
    phase: 'read-headers',
    meaning: "The proxy gave up waiting: either the TCP connection never completed or the backend did not answer within the proxy's timeout.",
    causes: { 'slow-upstream': 0.35, 'timeout-misaligned': 0.25, 'network-blocked': 0.2, 'resource-exhaustion': 0.1, 'no-endpoints': 0.1 },
  },
];
