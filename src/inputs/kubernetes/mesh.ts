import type { Located, SourcePosition } from '../../core/position.js';
import { parseClusterName, serviceFqdn } from './cluster-dns.js';
import { labelsMatch, selectorMatches } from './labels.js';
import type { AuthorizationPolicy, DestinationRule, KubernetesFacts, PeerAuthentication, Service, SidecarResource, TrafficPolicy, Workload } from './model.js';

/** Whether a workload's pods run with an Istio data plane (sidecar or ambient ztunnel), and why we think so. */
export interface MeshMembership {
  state: 'sidecar' | 'ambient' | 'none' | 'unknown';
  reason: string;
  at?: SourcePosition;
}

export function isMeshed(m: MeshMembership): boolean {
  return m.state === 'sidecar' || m.state === 'ambient';
}

const INJECT = 'sidecar.istio.io/inject';

/**
 * Injection as the Istio webhook decides it: an `istio-proxy` container already there, the pod's
 * `sidecar.istio.io/inject` label (or legacy annotation), `istio.io/rev` on the pod, then the namespace's
 * `istio-injection` / `istio.io/rev` / `istio.io/dataplane-mode: ambient` labels. A namespace the input does
 * not declare leaves it unknown.
 */
export function meshMembership(facts: KubernetesFacts, workload: Workload): MeshMembership {
  const t = workload.template;
  if (t.containers.some((c) => c.name === 'istio-proxy')) return { state: 'sidecar', reason: 'has an `istio-proxy` container' };
  if (t.annotations['sidecar.istio.io/status']) return { state: 'sidecar', reason: 'already injected (`sidecar.istio.io/status`)' };
  const podSetting = t.labels[INJECT] ?? t.annotations[INJECT];
  if (podSetting === 'false') return { state: 'none', reason: `pod template sets \`${INJECT}: "false"\``, at: t.labelAt[INJECT] ?? t.labelsAt };
  if (podSetting === 'true') return { state: 'sidecar', reason: `pod template sets \`${INJECT}: "true"\`` };
  if (t.labels['istio.io/rev']) return { state: 'sidecar', reason: 'pod template sets `istio.io/rev`' };
  const ns = workload.object.namespace;
  if (ns === undefined) return { state: 'unknown', reason: 'namespace not set' };
  const namespace = facts.index.namespaceObject(ns);
  if (!namespace) return { state: 'unknown', reason: `namespace \`${ns}\` is not in the input` };
  const labels = namespace.labels;
  const at = namespace.object.at;
  if (labels['istio-injection'] === 'enabled') return { state: 'sidecar', reason: `namespace \`${ns}\` has \`istio-injection: enabled\``, at };
  if (labels['istio-injection'] === 'disabled') return { state: 'none', reason: `namespace \`${ns}\` has \`istio-injection: disabled\``, at };
  if (labels['istio.io/rev']) return { state: 'sidecar', reason: `namespace \`${ns}\` has \`istio.io/rev\``, at };
  if (labels['istio.io/dataplane-mode'] === 'ambient') return { state: 'ambient', reason: `namespace \`${ns}\` is in ambient mode`, at };
  return { state: 'none', reason: `namespace \`${ns}\` has no \`istio-injection\` or \`istio.io/rev\` label`, at };
}

export interface MtlsMode {
  mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE';
  /** The policy (and the value) that decides it; absent for Istio's default (PERMISSIVE). */
  policy?: PeerAuthentication;
  at?: SourcePosition;
  scope: 'port' | 'workload' | 'namespace' | 'mesh' | 'default';
}

/**
 * Ports whose inbound traffic the sidecar does not intercept (`traffic.sidecar.istio.io/excludeInboundPorts`, or
 * not in an explicit `includeInboundPorts` list): mTLS is not enforced on them.
 */
export function inboundBypassed(workload: Workload, port: number): boolean {
  const annotations = workload.template.annotations;
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
  if (list(annotations['traffic.sidecar.istio.io/excludeInboundPorts']).includes(String(port))) return true;
  const include = annotations['traffic.sidecar.istio.io/includeInboundPorts'];
  if (include === undefined) return false;
  const ports = list(include);
  return !ports.includes('*') && !ports.includes(String(port));
}

/** Effective PeerAuthentication mode for a workload (and port): port-level > workload > namespace > mesh > PERMISSIVE. */
export function mtlsModeFor(facts: KubernetesFacts, workload: Workload, port?: number): MtlsMode {
  const ns = workload.object.namespace;
  const policies = facts.istio.peerAuthentications;
  const fromValue = (policy: PeerAuthentication, value: Located<string>, scope: MtlsMode['scope']): MtlsMode | undefined => {
    const mode = value.value;
    if (mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE') return { mode, policy, at: value.at, scope };
    return undefined;
  };
  for (const policy of policies) {
    if (!policy.selector || policy.object.namespace !== ns || !selectorMatches(policy.selector, workload.template.labels)) continue;
    const portLevel = port !== undefined ? policy.portLevel.find((p) => p.port === port) : undefined;
    const decided = (portLevel && fromValue(policy, portLevel.mode, 'port')) ?? (policy.mode && fromValue(policy, policy.mode, 'workload'));
    if (decided) return decided;
  }
  const root = facts.istio.mesh.rootNamespace;
  if (ns !== root) {
    for (const policy of policies) {
      if (policy.selector || policy.object.namespace !== ns || !policy.mode) continue;
      const decided = fromValue(policy, policy.mode, 'namespace');
      if (decided) return decided;
    }
  }
  for (const policy of policies) {
    if (policy.selector || policy.object.namespace !== root || !policy.mode) continue;
    const decided = fromValue(policy, policy.mode, 'mesh');
    if (decided) return decided;
  }
  return { mode: 'PERMISSIVE', scope: 'default' };
}

/** Services an Istio host names (`reviews`, `reviews.ns`, FQDN; wildcards `*.ns.svc.cluster.local`, `*`), relative to `namespace`. */
export function servicesForIstioHost(facts: KubernetesFacts, host: string, namespace: string | undefined): Service[] {
  if (host.includes('*')) {
    const pattern = new RegExp(`^${host.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    return facts.services.filter(
      (s) =>
        pattern.test(serviceFqdn(s.object.name, s.object.namespace)) ||
        (s.object.namespace === undefined && pattern.test(serviceFqdn(s.object.name, namespace))),
    );
  }
  const name = parseClusterName(host, (ns) => facts.index.hasNamespace(ns));
  if (!name || name.pod) return [];
  return facts.index.services(name.service, name.namespace ?? namespace);
}

/** Is the host one a ServiceEntry declares (exact or wildcard)? */
export function serviceEntryFor(facts: KubernetesFacts, host: string) {
  const lower = host.toLowerCase();
  return facts.istio.serviceEntries.find((e) =>
    e.hosts.some((h) => {
      const v = h.value.toLowerCase();
      return v === lower || (v.startsWith('*') && lower.endsWith(v.slice(1)));
    }),
  );
}

/** DestinationRules whose host covers the Service (exact names first, wildcards after). */
export function destinationRulesFor(facts: KubernetesFacts, service: Service): DestinationRule[] {
  const rules = facts.istio.destinationRules.filter((dr) => servicesForIstioHost(facts, dr.host.value, dr.object.namespace).includes(service));
  return rules.sort((a, b) => Number(a.host.value.includes('*')) - Number(b.host.value.includes('*')));
}

/** The TLS mode a DestinationRule sets for a port (port-level settings win). */
export function tlsModeOf(policy: TrafficPolicy | undefined, port: number | undefined): Located<string> | undefined {
  if (!policy) return undefined;
  const portLevel = port !== undefined ? policy.portLevel.find((p) => p.port === port) : undefined;
  return portLevel?.tlsMode ?? policy.tlsMode;
}

/**
 * An ALLOW AuthorizationPolicy without rules (`spec: {}`) denies every request to the workloads it applies to,
 * unless another ALLOW policy applying to them has rules. Returns the denying policy when that is all there is.
 */
export function denyingAuthorization(facts: KubernetesFacts, workload: Workload): AuthorizationPolicy | undefined {
  const ns = workload.object.namespace;
  const root = facts.istio.mesh.rootNamespace;
  const applicable = facts.istio.authorizationPolicies.filter(
    (p) =>
      p.action === 'ALLOW' &&
      (p.selector && Object.keys(p.selector).length > 0
        ? p.object.namespace === ns && labelsMatch(p.selector, workload.template.labels)
        : p.object.namespace === ns || p.object.namespace === root),
  );
  if (applicable.length === 0 || !applicable.every((p) => p.denyAll)) return undefined;
  return applicable[0];
}

/** The Sidecar resource that scopes a workload: one with a matching workloadSelector, else the namespace default. */
export function sidecarFor(facts: KubernetesFacts, workload: Workload): SidecarResource | undefined {
  const ns = workload.object.namespace;
  const inNamespace = facts.istio.sidecars.filter((s) => s.object.namespace === ns);
  return (
    inNamespace.find((s) => s.workloadSelector && labelsMatch(s.workloadSelector, workload.template.labels)) ??
    inNamespace.find((s) => !s.workloadSelector) ??
    facts.istio.sidecars.find((s) => !s.workloadSelector && s.object.namespace === facts.istio.mesh.rootNamespace)
  );
}

/**
 * Does a Sidecar's egress admit a Service? Hosts are `namespace/dnsName`: `./x` is the Sidecar's namespace,
 * `*` any namespace, `~` none; the DNS part may be `*` or a `*.suffix` wildcard.
 */
export function sidecarAdmits(sidecar: SidecarResource, service: Service | undefined, host: string): boolean {
  if (!sidecar.hasEgress) return true;
  const serviceNs = service?.object.namespace;
  const fqdn = service ? serviceFqdn(service.object.name, serviceNs) : host.toLowerCase();
  for (const entry of sidecar.egressHosts) {
    const [nsPart, dnsPart] = entry.value.includes('/') ? (entry.value.split('/', 2) as [string, string]) : ['*', entry.value];
    if (nsPart === '~') continue;
    const ns = nsPart === '.' ? sidecar.object.namespace : nsPart;
    if (service && ns !== '*' && serviceNs !== undefined && ns !== undefined && ns !== serviceNs) continue;
    // External hosts (ServiceEntries) live in their ServiceEntry's namespace, which is not known here: any namespace part is accepted.
    if (dnsPart === '*') return true;
    const pattern = dnsPart.toLowerCase();
    if (pattern.startsWith('*')) {
      if (fqdn.endsWith(pattern.slice(1))) return true;
    } else if (pattern === fqdn || (service && (pattern === service.object.name || pattern === `${service.object.name}.${serviceNs}`))) return true;
  }
  return false;
}
