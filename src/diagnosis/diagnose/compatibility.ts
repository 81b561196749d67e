import type { CauseId } from '../../core/ids.js';
import type { FailureKind } from '../../evidence/setup-facts.js';

/**
 * Which failures each cause can produce, as seen from the proxy. A configuration defect explains the failure at
 * hand only if it could have produced what was observed: a missing start-up dependency does not make every TLS
 * handshake fail, but STRICT mTLS toward a plain-text client does reset connections. Used to weigh lint findings
 * against the symptoms; causes not listed (config-error, other) are compatible with anything.
 */
const CAN_PRODUCE: Partial<Record<CauseId, readonly FailureKind[]>> = {
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

/**
 * How a configuration defect reads from the proxy's side: the cause a symptom alone suggests when the defect is
 * the real one. A Compose service on no shared network has no name for the proxy (it reads as `dns-failure`);
 * kube-proxy rejects connections to a Service with no ready endpoints (refused: it reads as `not-listening`); a
 * wrong port or a loopback bind is refused like a stopped backend; a name that does not resolve empties a DNS-discovered
 * pool. When the configs show the defect on the path
 * that fails, an observation read as one of these is just as likely under the defect, so it no longer argues
 * against it.
 */
export const READS_AS: Partial<Record<CauseId, readonly CauseId[]>> = {
  'network-blocked': ['dns-failure'],
  'no-endpoints': ['not-listening', 'no-healthy-upstream'],
  'port-mismatch': ['not-listening'],
  'bind-loopback': ['not-listening'],
  'wrong-host-localhost': ['not-listening', 'bind-loopback'],
  'startup-order': ['not-listening', 'dns-failure'],
  'tls-mismatch': ['upstream-reset', 'protocol-mismatch'],
  // A backend name that does not resolve leaves a DNS-discovered pool empty: Envoy STRICT_DNS answers `UH`.
  'dns-failure': ['no-endpoints', 'no-healthy-upstream'],
};
