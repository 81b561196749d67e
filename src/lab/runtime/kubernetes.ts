/**
 * The Kubernetes parts of a scenario, as the cluster would compute them: ClusterIPs, the endpoints each Service
 * selects (started pods whose labels match, at the target port resolved by number or container-port name), and
 * kube-proxy's rules — DNAT from the ClusterIP to an endpoint, or a REJECT when a Service has no endpoints —
 * written as nft rules loaded into every pod's namespace (kube-proxy puts them in the node's; the effect on a
 * pod's connections is the same).
 */
import type { KubernetesServiceSpec, ScenarioSpec } from '../model.js';
import type { LabLayout } from './state.js';

/** The cluster DNS Service address (kube-dns), answered by a dnsmasq in every pod. */
export const CLUSTER_DNS = '198.19.0.10';
/** The name Kubernetes gives a container port the lab's Deployments declare. */
export const CONTAINER_PORT_NAME = 'http';

export function clusterIpOf(scenario: ScenarioSpec, service: string): string {
  const index = (scenario.services ?? []).findIndex((s) => s.name === service);
  return `198.19.0.${20 + Math.max(0, index)}`;
}

export function serviceFqdn(scenario: ScenarioSpec, service: string): string {
  return `${service}.${scenario.project}.svc.cluster.local`;
}

export interface Endpoint {
  pod: string;
  address: string;
  port: number;
}

/** The pods a Service's selector matches that run, with the target port resolved per pod. */
export function endpointsOf(scenario: ScenarioSpec, layout: LabLayout, service: KubernetesServiceSpec): Endpoint[] {
  const pods = [
    { host: scenario.proxy.host, labels: scenario.proxy.labels ?? {}, port: scenario.proxy.port, started: true },
    ...scenario.backends.map((b) => ({ host: b.host, labels: b.labels ?? {}, port: b.behaviour.port, started: b.started })),
  ];
  const out: Endpoint[] = [];
  for (const pod of pods) {
    if (!pod.started) continue;
    const selected = Object.entries(service.selector).every(([k, v]) => pod.labels[k] === v);
    if (!selected || Object.keys(service.selector).length === 0) continue;
    const port = typeof service.targetPort === 'number' ? service.targetPort : service.targetPort === CONTAINER_PORT_NAME ? pod.port : undefined;
    const address = layout.hosts.find((h) => h.name === pod.host)?.addresses[scenario.networks[0]];
    if (port !== undefined && address) out.push({ pod: pod.host, address, port });
  }
  return out;
}

/** kube-proxy's view of every Service, as one nft table for a pod's namespace. */
export function serviceRules(scenario: ScenarioSpec, layout: LabLayout): string {
  const nat: string[] = [];
  const filter: string[] = [];
  for (const service of scenario.services ?? []) {
    const ip = clusterIpOf(scenario, service.name);
    const endpoints = endpointsOf(scenario, layout, service);
    const id = `${scenario.project}/${service.name}`;
    // One endpoint per Service is all the scenarios use; kube-proxy would pick among several at random.
    if (endpoints.length > 0) nat.push(`ip daddr ${ip} tcp dport ${service.port} dnat to ${endpoints[0].address}:${endpoints[0].port} comment "${id}"`);
    else filter.push(`ip daddr ${ip} tcp dport ${service.port} reject comment "${id} has no endpoints"`);
  }
  return [
    'table ip kube-services {',
    '    chain nat-output {',
    '        type nat hook output priority -100; policy accept;',
    ...nat.map((r) => `        ${r}`),
    '    }',
    '    chain filter-output {',
    '        type filter hook output priority 0; policy accept;',
    ...filter.map((r) => `        ${r}`),
    '    }',
    '}',
    '',
  ].join('\n');
}
