import type { Cause } from '../../core/define-cause.js';
import type { CauseId } from '../../core/ids.js';
import bindLoopback from './bind-loopback.js';
import circuitOpen from './circuit-open.js';
import configError from './config-error.js';
import dnsFailure from './dns-failure.js';
import keepaliveRace from './keepalive-race.js';
import networkBlocked from './network-blocked.js';
import noEndpoints from './no-endpoints.js';
import noHealthyUpstream from './no-healthy-upstream.js';
import notListening from './not-listening.js';
import other from './other.js';
import outlierEjection from './outlier-ejection.js';
import portMismatch from './port-mismatch.js';
import protocolMismatch from './protocol-mismatch.js';
import resourceExhaustion from './resource-exhaustion.js';
import slowUpstream from './slow-upstream.js';
import startupOrder from './startup-order.js';
import timeoutMisaligned from './timeout-misaligned.js';
import tlsMismatch from './tls-mismatch.js';
import upstreamReset from './upstream-reset.js';
import wrongHostLocalhost from './wrong-host-localhost.js';

/** The root-cause taxonomy, one declaration per id of CAUSE_IDS, in that order. */
export const CAUSES: readonly Cause[] = [
  notListening,
  wrongHostLocalhost,
  bindLoopback,
  dnsFailure,
  networkBlocked,
  portMismatch,
  noEndpoints,
  noHealthyUpstream,
  startupOrder,
  tlsMismatch,
  protocolMismatch,
  timeoutMisaligned,
  keepaliveRace,
  resourceExhaustion,
  circuitOpen,
  outlierEjection,
  upstreamReset,
  slowUpstream,
  configError,
  other,
];

const BY_ID = new Map<string, Cause>(CAUSES.map((c) => [c.id, c]));

export function causeById(id: CauseId): Cause {
  const cause = BY_ID.get(id);
  if (!cause) throw new Error(`unknown cause id: ${id}`);
  return cause;
}
