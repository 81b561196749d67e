/** Every lab scenario, in the order `updoc lab list` shows them (the baseline first). */
import type { ScenarioSpec } from '../model.js';
import { bindLoopback } from './bind-loopback.js';
import { differentNetworks } from './different-networks.js';
import { dnsFailure } from './dns-failure.js';
import { firewallDrop } from './firewall-drop.js';
import { healthy } from './healthy.js';
import { k8sSelectorMismatch } from './k8s-selector-mismatch.js';
import { k8sTargetPort } from './k8s-target-port.js';
import { keepaliveRace } from './keepalive-race.js';
import { localhostIpv6 } from './localhost-ipv6.js';
import { noHealthyUpstreamHaproxy } from './no-healthy-upstream-haproxy.js';
import { noHealthyUpstreamNginx } from './no-healthy-upstream-nginx.js';
import { notListening } from './not-listening.js';
import { plainToTls } from './plain-to-tls.js';
import { portMismatch } from './port-mismatch.js';
import { resourceExhaustion } from './resource-exhaustion.js';
import { slowUpstream } from './slow-upstream.js';
import { startupOrder } from './startup-order.js';
import { tlsToPlain } from './tls-to-plain.js';
import { upstreamReset } from './upstream-reset.js';
import { wrongHostLocalhost } from './wrong-host-localhost.js';

export const SCENARIOS: readonly ScenarioSpec[] = [
  healthy,
  wrongHostLocalhost,
  localhostIpv6,
  bindLoopback,
  notListening,
  portMismatch,
  differentNetworks,
  dnsFailure,
  firewallDrop,
  noHealthyUpstreamHaproxy,
  noHealthyUpstreamNginx,
  startupOrder,
  keepaliveRace,
  slowUpstream,
  upstreamReset,
  resourceExhaustion,
  plainToTls,
  tlsToPlain,
  k8sSelectorMismatch,
  k8sTargetPort,
];

export function findScenario(name: string): ScenarioSpec | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
