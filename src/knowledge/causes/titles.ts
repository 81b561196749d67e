import type { CauseId } from '../../core/ids.js';

/**
 * The title of every cause, apart from the rest of its declaration (which takes it from here): a verdict names
 * its causes, and `updoc probe` should not load ~150 KB of explanations, checks and fixes at start-up for that.
 */
export const CAUSE_TITLES: Readonly<Record<CauseId, string>> = {
  'not-listening': 'Nothing is listening on the target port',
  'wrong-host-localhost': 'The proxy targets localhost, which is its own container or pod',
  'bind-loopback': 'The backend listens only on 127.0.0.1 (loopback) inside its own host, container or pod',
  'dns-failure': 'The backend name does not resolve (or resolves to a stale address)',
  'network-blocked': 'A firewall, security group or network policy blocks the path to the backend',
  'port-mismatch': 'The proxy targets a different port than the backend listens on',
  'no-endpoints': 'The Service, pool or target group has no backends at all',
  'no-healthy-upstream': 'Backends exist but every one of them is marked unhealthy',
  'startup-order': 'The caller started (or got traffic) before the backend was ready',
  'tls-mismatch': 'Proxy and backend disagree about TLS',
  'protocol-mismatch': 'Proxy and backend speak different application protocols',
  'timeout-misaligned': 'A timeout in the chain is shorter than the work it has to cover',
  'keepalive-race': 'The backend closes idle keep-alive connections just as the proxy reuses them',
  'resource-exhaustion': 'The proxy or backend ran out of a resource (file descriptors, ports, workers, memory)',
  'circuit-open': 'A circuit breaker or connection-pool limit rejects requests before they reach the backend',
  'outlier-ejection': 'Passive health checking ejected backends after errors',
  'upstream-reset': 'The backend accepted the request, then dropped the connection',
  'slow-upstream': "The backend is too slow to answer within the proxy's timeout",
  'config-error': 'The proxy configuration is invalid, stale or routes to the wrong place',
  other: 'No specific cause identified yet: work through the standard checks',
};
