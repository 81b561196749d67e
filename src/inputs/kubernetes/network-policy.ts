import type { KubeIndex } from './index-objects.js';
import { expressionMatches, isEmptySelector, selectorMatches } from './labels.js';
import type { KubernetesFacts, LabelSelector, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, Workload } from './model.js';

/** Three-valued logic: the input may not say (a namespace's labels, where an ingress controller runs). */
export type Tri = 'yes' | 'no' | 'maybe';

const and = (a: Tri, b: Tri): Tri => (a === 'no' || b === 'no' ? 'no' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes');
const or = (a: Tri, b: Tri): Tri => (a === 'yes' || b === 'yes' ? 'yes' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'no');

/**
 * The other end of a connection, as far as the configs tell. `elsewhere`: a namespace other than the
 * destination's that the input does not describe (an ingress controller installed separately);
 * `outside`: not a pod at all (a cloud load balancer, a node).
 */
export interface PodEnd {
  namespace: { kind: 'known'; name: string } | { kind: 'unspecified' } | { kind: 'elsewhere' } | { kind: 'outside' };
  /** Pod labels; undefined when unknown. */
  labels?: Readonly<Record<string, string>>;
  /** Host-network pods send from the node's address: selectors may not apply (CNI-dependent). */
  hostNetwork?: boolean;
}

export interface PortRef {
  number?: number;
  name?: string;
  protocol: string;
}

export interface PolicyVerdict {
  result: 'allowed' | 'denied' | 'unknown';
  /** Policies that isolate the pod in this direction (empty = not isolated, so allowed). */
  policies: NetworkPolicy[];
}

export function podEndOf(workload: Workload): PodEnd {
  const ns = workload.object.namespace;
  return {
    namespace: ns === undefined ? { kind: 'unspecified' } : { kind: 'known', name: ns },
    labels: workload.template.labels,
    hostNetwork: workload.template.hostNetwork,
  };
}

/** Policies that select the workload's pods for the direction (so the pods are isolated for it). */
export function isolatingPolicies(facts: KubernetesFacts, workload: Workload, direction: 'Ingress' | 'Egress'): NetworkPolicy[] {
  return policiesByNamespace(facts, workload.object.namespace).filter(
    (p) => p.policyTypes.includes(direction) && selectorMatches(p.podSelector, workload.template.labels),
  );
}

const policyIndex = new WeakMap<KubernetesFacts, Map<string | undefined, NetworkPolicy[]>>();

/** Policies in a namespace compatible with `namespace` (indexed once per input). */
function policiesByNamespace(facts: KubernetesFacts, namespace: string | undefined): NetworkPolicy[] {
  let index = policyIndex.get(facts);
  if (!index) {
    index = new Map();
    for (const p of facts.networkPolicies) {
      const list = index.get(p.object.namespace) ?? [];
      list.push(p);
      index.set(p.object.namespace, list);
    }
    policyIndex.set(facts, index);
  }
  if (namespace === undefined) return facts.networkPolicies;
  return [...(index.get(namespace) ?? []), ...(index.get(undefined) ?? [])];
}

/** Is traffic from `source` to `target` pods on `port` admitted by the target's ingress policies? */
export function ingressVerdict(facts: KubernetesFacts, target: Workload, port: PortRef, source: PodEnd): PolicyVerdict {
  return verdict(target, isolatingPolicies(facts, target, 'Ingress'), (policy) =>
    policy.ingress.reduce<Tri>((r, rule) => or(r, and(portsAdmit(rule, port), peersAdmit(facts, rule, policy, source))), 'no'),
  );
}

/** Is traffic from `source` pods to `destination` on `port` admitted by the source's egress policies? */
export function egressVerdict(facts: KubernetesFacts, source: Workload, port: PortRef, destination: PodEnd): PolicyVerdict {
  return verdict(source, isolatingPolicies(facts, source, 'Egress'), (policy) =>
    policy.egress.reduce<Tri>((r, rule) => or(r, and(portsAdmit(rule, port), peersAdmit(facts, rule, policy, destination))), 'no'),
  );
}

/**
 * Combines the isolating policies of a pod. A policy whose namespace differs from the workload's (one of them
 * written without a namespace, e.g. `helm template` output next to a chart that names its namespace) may or may
 * not be applied to that namespace: it can allow (then the answer is unknown) but never alone denies.
 */
function verdict(workload: Workload, policies: NetworkPolicy[], admits: (policy: NetworkPolicy) => Tri): PolicyVerdict {
  if (policies.length === 0) return { result: 'allowed', policies };
  const certain = policies.filter((p) => p.object.namespace === workload.object.namespace);
  let result: Tri = 'no';
  for (const policy of certain) {
    result = or(result, admits(policy));
    if (result === 'yes') return { result: 'allowed', policies };
  }
  let uncertain: Tri = 'no';
  for (const policy of policies) if (!certain.includes(policy)) uncertain = or(uncertain, admits(policy));
  if (certain.length === 0) return { result: uncertain === 'yes' ? 'allowed' : 'unknown', policies };
  if (uncertain !== 'no') result = or(result, 'maybe');
  return { result: result === 'no' ? 'denied' : 'unknown', policies: result === 'no' ? certain : policies };
}

/** Cluster DNS (CoreDNS/kube-dns pods in kube-system, port 53): what an egress-isolated pod must still reach. */
export const CLUSTER_DNS: PodEnd = { namespace: { kind: 'known', name: 'kube-system' }, labels: { 'k8s-app': 'kube-dns' } };

export function dnsVerdict(facts: KubernetesFacts, source: Workload): PolicyVerdict {
  const udp = egressVerdict(facts, source, { number: 53, name: 'dns', protocol: 'UDP' }, CLUSTER_DNS);
  if (udp.result !== 'denied') return udp;
  const tcp = egressVerdict(facts, source, { number: 53, name: 'dns-tcp', protocol: 'TCP' }, CLUSTER_DNS);
  return tcp.result === 'allowed' ? { result: 'unknown', policies: udp.policies } : udp;
}

function portsAdmit(rule: PolicyRule, port: PortRef): Tri {
  if (rule.ports.length === 0) return 'yes';
  let result: Tri = 'no';
  for (const p of rule.ports) result = or(result, portAdmits(p, port));
  return result;
}

function portAdmits(policyPort: PolicyPort, port: PortRef): Tri {
  if (policyPort.protocol !== port.protocol) return 'no';
  const value = policyPort.port?.value;
  if (value === undefined) return 'yes';
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return portAdmits({ ...policyPort, port: { value: Number(value), at: policyPort.port!.at } }, port);
    return port.name === undefined ? (port.number === undefined ? 'maybe' : 'no') : value === port.name ? 'yes' : 'no';
  }
  if (port.number === undefined) return 'maybe';
  const end = policyPort.endPort ?? value;
  return port.number >= value && port.number <= end ? 'yes' : 'no';
}

function peersAdmit(facts: KubernetesFacts, rule: PolicyRule, policy: NetworkPolicy, other: PodEnd): Tri {
  if (rule.peers.length === 0) return 'yes';
  let result: Tri = 'no';
  for (const peer of rule.peers) {
    result = or(result, peerAdmits(facts, peer, policy, other));
    if (result === 'yes') break;
  }
  return result;
}

export function peerAdmits(facts: KubernetesFacts, peer: PolicyPeer, policy: NetworkPolicy, other: PodEnd): Tri {
  if (peer.ipBlock) {
    // Pod and node addresses are not in the configs: any CIDR may cover them, except the ones it carves out.
    return /^(?:0\.0\.0\.0\/0|::\/0)$/.test(peer.ipBlock.cidr) && peer.ipBlock.except.length === 0 ? 'yes' : 'maybe';
  }
  if (other.namespace.kind === 'outside') return 'no';
  if (other.hostNetwork) return 'maybe';
  if (!peer.namespaceSelector && other.namespace.kind === 'elsewhere') {
    // A pod selector matching nothing the input describes may be meant for the unseen controller itself.
    return peer.podSelector && facts.index.workloadsSelectedBy(peer.podSelector, policy.object.namespace).length === 0 ? 'maybe' : 'no';
  }
  const namespace: Tri = peer.namespaceSelector ? namespaceSelected(facts.index, peer.namespaceSelector, other) : sameNamespace(policy.object.namespace, other);
  if (namespace === 'no') return 'no';
  let pod: Tri = 'yes';
  if (peer.podSelector && !isEmptySelector(peer.podSelector)) {
    pod = other.labels ? (selectorMatches(peer.podSelector, other.labels) ? 'yes' : 'no') : 'maybe';
  }
  return and(namespace, pod);
}

function sameNamespace(policyNamespace: string | undefined, other: PodEnd): Tri {
  switch (other.namespace.kind) {
    case 'known':
      return policyNamespace === undefined ? 'maybe' : policyNamespace === other.namespace.name ? 'yes' : 'no';
    case 'unspecified':
      return policyNamespace === undefined ? 'yes' : 'maybe';
    case 'elsewhere':
      return 'no';
    default:
      return 'no';
  }
}

/**
 * Does a namespaceSelector pick the other end's namespace? Declared Namespace objects give all labels;
 * any other namespace is only known by its implicit `kubernetes.io/metadata.name` label.
 */
export function namespaceSelected(index: KubeIndex, selector: LabelSelector, other: PodEnd): Tri {
  if (isEmptySelector(selector)) return 'yes';
  if (other.namespace.kind !== 'known') return 'maybe';
  const name = other.namespace.name;
  const declared = index.namespaceObject(name);
  if (declared) return selectorMatches(selector, declared.labels) ? 'yes' : 'no';
  const known = { 'kubernetes.io/metadata.name': name };
  let result: Tri = 'yes';
  for (const [k, v] of Object.entries(selector.matchLabels)) {
    result = and(result, k === 'kubernetes.io/metadata.name' ? (v === name ? 'yes' : 'no') : 'maybe');
  }
  for (const e of selector.matchExpressions) {
    result = and(result, e.key === 'kubernetes.io/metadata.name' ? (expressionMatches(e, known) ? 'yes' : 'no') : 'maybe');
  }
  return result;
}

/** The rule that comes closest to admitting the traffic, so a finding can point at what to change. */
export interface NearMiss {
  policy: NetworkPolicy;
  /** `port`: the rule admits the source but not this port; `peer`: the port but not the source; `none`: no rule at all. */
  miss: 'port' | 'peer' | 'none';
  rule?: PolicyRule;
}

export function nearMiss(
  facts: KubernetesFacts,
  policies: readonly NetworkPolicy[],
  direction: 'ingress' | 'egress',
  port: PortRef,
  other: PodEnd,
): NearMiss | undefined {
  let peerMiss: NearMiss | undefined;
  for (const policy of policies) {
    for (const rule of policy[direction]) {
      const peers = peersAdmit(facts, rule, policy, other);
      const ports = portsAdmit(rule, port);
      if (peers !== 'no' && ports === 'no') return { policy, miss: 'port', rule };
      if (ports !== 'no' && peers === 'no') peerMiss ??= { policy, miss: 'peer', rule };
    }
  }
  if (peerMiss) return peerMiss;
  const withRules = policies.find((p) => p[direction].length > 0);
  const first = withRules ?? policies[0];
  return first ? { policy: first, miss: 'none' } : undefined;
}
