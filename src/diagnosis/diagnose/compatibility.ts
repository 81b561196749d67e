import type { CauseId } from '../../core/ids.js';
import type { FailureKind } from '../../evidence/setup-facts.js';

/**
 * Which failures each cause can produce, as seen from the proxy. A configuration defect explains the failure at
 * hand only if it could have produced what was observed: a missing start-up dependency does not make every TLS
 * handshake fail, but STRICT mTLS toward a plain-text client does reset connections. Used to weigh lint findings
 * against the symptoms; causes not listed (config-error, other) are compatible with anything.
 */
export const CAN_PRODUCE: Partial<Record<CauseId, readonly FailureKind[]>> = {
  'not-listening': ['refused', 'no-upstream', 'reset'],
  'wrong-host-localhost': ['refused', 'unreachable', 'no-upstream', 'protocol', 'connect-timeout'],
  'bind-loopback': ['refused', 'no-upstream'],
  'dns-failure': ['dns', 'no-upstream', 'unreachable', 'connect-timeout'],
  'network-blocked': ['connect-timeout', 'refused', 'unreachable', 'permission', 'reset', 'no-upstream', 'dns', 'tls'],
  'port-mismatch': ['refused', 'no-upstream', 'protocol', 'tls', 'reset', 'read-timeout', 'connect-timeout'],
  'no-endpoints': ['no-upstream', 'refused', 'connect-timeout', 'dns', 'unreachable'],
  'no-healthy-upstream': ['no-upstream', 'refused', 'connect-timeout'],
  'startup-order': ['refused', 'dns', 'no-upstream', 'connect-timeout', 'unreachable'],
  // Plain text to a TLS or mTLS port is reset or answered with garbage; TLS to a plain port fails the handshake.
  'tls-mismatch': ['tls', 'reset', 'protocol', 'read-timeout', 'no-upstream'],
  'protocol-mismatch': ['protocol', 'reset', 'read-timeout', 'tls'],
  'timeout-misaligned': ['read-timeout', 'reset', 'connect-timeout'],
  'keepalive-race': ['reset', 'protocol'],
  'resource-exhaustion': ['refused', 'connect-timeout', 'reset', 'read-timeout', 'overflow', 'no-upstream', 'permission'],
  'circuit-open': ['overflow', 'no-upstream'],
  'outlier-ejection': ['no-upstream', 'overflow'],
  'upstream-reset': ['reset', 'protocol'],
  'slow-upstream': ['read-timeout', 'connect-timeout', 'overflow', 'no-upstream'],
};

/** True when `cause` can produce at least one of the observed failure kinds (or nothing was observed). */
export function canProduce(cause: CauseId, observed: ReadonlySet<FailureKind>): boolean {
  const kinds = CAN_PRODUCE[cause];
  if (!kinds || observed.size === 0) return true;
  return kinds.some((k) => observed.has(k));
}
