import { isIP } from 'node:net';
import type { SourcePosition } from '../../core/position.js';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { TopologyBuilder, TopologyContributor } from '../../evidence/topology/contributor.js';
import type { BackendNode, ListenSpec, PathStep, ProxyNode, RuntimeRef, TargetResolution, UpstreamTarget } from '../../evidence/topology/model.js';
import { looksLikeClusterName, parseClusterName } from './cluster-dns.js';
import { describe, objectId, qualifiedName, workloadId } from './index-objects.js';
import { formatLabels, formatSelector, selectsPodsOf } from './labels.js';
import { LOOPBACK, listenHints } from './listen-hints.js';
import {
  denyingAuthorization,
  destinationRulesFor,
  inboundBypassed,
  isMeshed,
  meshMembership,
  mtlsModeFor,
  serviceEntryFor,
  sidecarAdmits,
  sidecarFor,
} from './mesh.js';
import type { ConfigMap, Ingress, KubernetesFacts, PolicyRule, Service, ServicePort, Workload } from './model.js';
import { closestName, liveEndpoints } from './queries.js';
import { dnsVerdict, egressVerdict, ingressVerdict, nearMiss, type PodEnd, podEndOf } from './network-policy.js';
import { gatewayApiLocation, ingressControllerLocation, istioGatewayLocation, type ProxyLocation } from './proxy-locations.js';
import { containerPortFor, describeContainerPorts, describeServicePorts, servicePortFor, servingContainers, targetPortOf } from './service-ports.js';

/** How a target refers to its backend: by object reference (Ingress, routes, Istio) or by DNS name (proxy configs). */
interface TargetInfo {
  ref: 'ingress' | 'route' | 'virtual-service';
  portName?: string;
  /** DestinationRule subset a VirtualService route names: only those pods are backends. */
  subset?: string;
}

interface State {
  /** Runtimes that stand for a proxy whose pods the input does not contain (an unseen ingress controller). */
  locations: Map<string, ProxyLocation>;
  targets: Map<string, TargetInfo>;
  backends: Map<string, BackendNode>;
  /** Services some proxy route reaches (directly or through an ExternalName). */
  reached: Set<Service>;
}

const states = new WeakMap<KubernetesFacts, State>();

/** Which mesh mechanism a broken `mesh` step comes from, for the rule that reports it. */
export type MeshStepOrigin = 'mtls' | 'sidecar-scope' | 'registry-only' | 'authorization';
const origins = new WeakMap<PathStep, MeshStepOrigin>();

export function meshStepOrigin(step: PathStep): MeshStepOrigin | undefined {
  return origins.get(step);
}

function markLast(resolution: TargetResolution, origin: MeshStepOrigin): TargetResolution {
  const step = resolution.steps.at(-1);
  if (step) origins.set(step, origin);
  return resolution;
}

function stateOf(k: KubernetesFacts): State {
  let state = states.get(k);
  if (!state) {
    state = { locations: new Map(), targets: new Map(), backends: new Map(), reached: new Set() };
    states.set(k, state);
  }
  return state;
}

/** Pseudo-runtime for the mesh's sidecars as a whole (VirtualServices bound to `mesh`). */
const MESH_RUNTIME_ID = 'k8s-mesh';

export const kubernetesTopology: TopologyContributor = {
  name: 'kubernetes',
  resolves: 'kubernetes',
  contribute(facts, graph) {
    const k = facts.kubernetes;
    if (!k || k.objects.length === 0) return;
    const state = stateOf(k);
    addBackends(k, state, graph);
    addIngresses(k, state, graph);
    addGatewayRoutes(k, state, graph);
    addVirtualServices(k, state, graph);
  },
  locate(proxy, facts) {
    const k = facts.kubernetes;
    if (!k || k.configMaps.length === 0 || !proxy.configFile) return undefined;
    return locateConfig(facts, proxy);
  },
  resolve(target, from, facts) {
    const k = facts.kubernetes;
    if (!k) return undefined;
    const resolution = resolveTarget(k, stateOf(k), target, from);
    if (resolution?.problem && resolution.status === 'broken' && brokenInObjects(resolution.steps, target)) resolution.problem.fixIn = 'kubernetes';
    return resolution;
  },
};

/** Services a route of some proxy (Ingress, HTTPRoute, VirtualService, nginx …) leads to; filled while the topology is built. */
export function reachedServices(k: KubernetesFacts): ReadonlySet<Service> {
  return stateOf(k).reached;
}

// ---------------------------------------------------------------- nodes

function runtimeOf(workload: Workload): RuntimeRef {
  return { platform: 'kubernetes', id: workloadId(workload), label: describe(workload.object) };
}

function addBackends(k: KubernetesFacts, state: State, graph: TopologyBuilder): void {
  for (const service of k.services) {
    const id = objectId(service.object);
    const node: BackendNode = {
      id,
      runtime: { platform: 'kubernetes', id, label: describe(service.object) },
      label: describe(service.object),
      listens: service.ports.flatMap((p) => {
        if (p.port === undefined) return [];
        const listen: ListenSpec = { port: p.port, protocol: protocolOf(p.protocol), source: 'Service port', at: p.rawPort.at };
        if (p.name) listen.name = p.name.value;
        return [listen];
      }),
      at: service.object.at,
    };
    state.backends.set(id, node);
    graph.addBackend(node);
    if (!service.selector) continue;
    const selected = k.index.workloadsSelectedBy(service.selector, service.object.namespace);
    for (const w of selected) {
      graph.addEdge({ from: id, to: workloadId(w), kind: 'selects', status: 'resolved', at: service.selector.at });
      // Each Service port → the container port it lands on (or why it lands nowhere).
      for (const port of service.ports) {
        const target = targetPortOf(port);
        if (target === undefined || port.port === undefined) continue;
        const match = containerPortFor(w, target, port.protocol);
        const at = port.targetPort?.at ?? port.rawPort.at;
        if (match === undefined)
          graph.addEdge({
            from: id,
            to: workloadId(w),
            kind: 'listens',
            status: 'broken',
            reason: `port ${port.port} → ${target}: no such container port`,
            at,
          });
        else
          graph.addEdge({
            from: id,
            to: workloadId(w),
            kind: 'listens',
            status: match === 'undeclared' ? 'unknown' : 'resolved',
            reason: `port ${port.port} → ${match === 'undeclared' ? `${target} (not declared)` : `${match.container.name}:${match.number}`}`,
            at,
          });
      }
    }
    if (selected.length === 0) {
      graph.addEdge({
        from: id,
        to: id,
        kind: 'selects',
        status: 'broken',
        reason: `selector ${formatSelector(service.selector)} matches no pod template`,
        at: service.selector.at,
      });
    }
  }
  for (const workload of k.workloads) {
    const id = workloadId(workload);
    const listens: ListenSpec[] = [];
    for (const container of servingContainers(workload)) {
      const hints = listenHints(container);
      for (const port of container.ports) {
        if (!port.containerPort) continue;
        const listen: ListenSpec = {
          port: port.containerPort.value,
          protocol: protocolOf(port.protocol),
          source: `containerPort (container \`${container.name}\`)`,
          at: port.containerPort.at,
        };
        if (port.name) listen.name = port.name.value;
        const bind = hints.find((h) => h.address !== undefined && (h.port === undefined || h.port === listen.port));
        if (bind?.address) listen.address = bind.address;
        listens.push(listen);
      }
      for (const hint of hints) {
        if (hint.port === undefined || listens.some((l) => l.port === hint.port)) continue;
        const listen: ListenSpec = { port: hint.port, source: `${hint.source} (container \`${container.name}\`)`, at: hint.at };
        if (hint.address) listen.address = hint.address;
        listens.push(listen);
      }
    }
    const node: BackendNode = { id, runtime: runtimeOf(workload), label: describe(workload.object), listens, at: workload.object.at };
    state.backends.set(id, node);
    graph.addBackend(node);
  }
}

function protocolOf(protocol: string): ListenSpec['protocol'] {
  return protocol === 'UDP' ? 'udp' : protocol === 'SCTP' ? 'sctp' : 'tcp';
}

function proxyRuntime(state: State, proxyId: string, location: ProxyLocation): RuntimeRef {
  if (location.workload) return runtimeOf(location.workload);
  const id = `k8s-proxy:${proxyId}`;
  state.locations.set(id, location);
  return { platform: 'kubernetes', id, label: location.label };
}

/** The id of the proxy node standing for an Ingress (its controller, as far as this Ingress is concerned). */
export function ingressProxyId(ingress: Ingress): string {
  return `k8s-ingress:${qualifiedName(ingress.object)}`;
}

function addIngresses(k: KubernetesFacts, state: State, graph: TopologyBuilder): void {
  for (const ingress of k.ingresses) {
    const id = ingressProxyId(ingress);
    const proxy: ProxyNode = {
      id,
      product: 'kubernetes-ingress',
      label: `Ingress \`${qualifiedName(ingress.object)}\``,
      configFile: ingress.object.file,
      at: ingress.object.at,
      runtime: proxyRuntime(state, id, ingressControllerLocation(k, ingress)),
    };
    graph.addProxy(proxy);
    ingress.backends.forEach((backend, i) => {
      if (!backend.serviceName) return;
      const port = backend.port?.value;
      const target: UpstreamTarget = {
        id: `${id}#${i}`,
        proxyId: id,
        route: backend.route,
        host: backend.serviceName.value,
        text: `${backend.serviceName.value}${port !== undefined ? `:${port}` : ''}`,
        at: backend.at,
      };
      if (typeof port === 'number') target.port = port;
      if (ingress.object.namespace !== undefined) target.namespace = ingress.object.namespace;
      const info: TargetInfo = { ref: 'ingress' };
      if (typeof port === 'string') info.portName = port;
      state.targets.set(target.id, info);
      graph.addTarget(target);
    });
  }
}

function addGatewayRoutes(k: KubernetesFacts, state: State, graph: TopologyBuilder): void {
  for (const route of k.gatewayApi.routes) {
    const id = `k8s-route:${route.object.kind}/${qualifiedName(route.object)}`;
    const parent = route.parentRefs.find((p) => p.kind === 'Gateway');
    const gateway = parent
      ? k.gatewayApi.gateways.find((g) => g.object.name === parent.name && k.index.compatible(g.object.namespace, parent.namespace ?? route.object.namespace))
      : undefined;
    const location: ProxyLocation = gateway
      ? gatewayApiLocation(k, gateway)
      : { source: { namespace: { kind: 'elsewhere' } }, label: parent ? `Gateway \`${parent.name}\`` : 'the gateway' };
    graph.addProxy({
      id,
      product: 'gateway-api',
      label: `${route.object.kind} \`${qualifiedName(route.object)}\``,
      configFile: route.object.file,
      at: route.object.at,
      runtime: proxyRuntime(state, id, location),
    });
    route.backends.forEach((backend, i) => {
      if (backend.kind !== 'Service' || (backend.group !== '' && backend.group !== 'core')) return;
      const target: UpstreamTarget = {
        id: `${id}#${i}`,
        proxyId: id,
        route: backend.route,
        host: backend.name.value,
        text: `${backend.name.value}${backend.port ? `:${backend.port.value}` : ''}`,
        at: backend.at,
      };
      if (backend.port) target.port = backend.port.value;
      const ns = backend.namespace?.value ?? route.object.namespace;
      if (ns !== undefined) target.namespace = ns;
      state.targets.set(target.id, { ref: 'route' });
      graph.addTarget(target);
    });
  }
}

function addVirtualServices(k: KubernetesFacts, state: State, graph: TopologyBuilder): void {
  for (const vs of k.istio.virtualServices) {
    const id = `k8s-vs:${qualifiedName(vs.object)}`;
    const gatewayRef = vs.gateways.find((g) => g.value !== 'mesh');
    let runtime: RuntimeRef;
    if (gatewayRef) {
      const [gwNs, gwName] = gatewayRef.value.includes('/') ? gatewayRef.value.split('/', 2) : [vs.object.namespace, gatewayRef.value];
      const gateway = k.istio.gateways.find((g) => g.object.name === gwName && k.index.compatible(g.object.namespace, gwNs));
      const location: ProxyLocation = gateway
        ? istioGatewayLocation(k, gateway)
        : { source: { namespace: { kind: 'elsewhere' } }, label: `Istio gateway \`${gatewayRef.value}\``, meshed: true };
      runtime = proxyRuntime(state, id, location);
    } else {
      state.locations.set(MESH_RUNTIME_ID, { source: { namespace: { kind: 'elsewhere' } }, label: 'the sidecars of the mesh', meshed: true });
      runtime = { platform: 'kubernetes', id: MESH_RUNTIME_ID, label: 'the sidecars of the mesh' };
    }
    graph.addProxy({ id, product: 'istio', label: `VirtualService \`${qualifiedName(vs.object)}\``, configFile: vs.object.file, at: vs.object.at, runtime });
    vs.destinations.forEach((d, i) => {
      const target: UpstreamTarget = {
        id: `${id}#${i}`,
        proxyId: id,
        route: d.route,
        host: d.host.value,
        text: `${d.host.value}${d.port ? `:${d.port.value}` : ''}${d.subset ? ` (subset ${d.subset.value})` : ''}`,
        at: d.at,
      };
      if (d.port) target.port = d.port.value;
      if (vs.object.namespace !== undefined) target.namespace = vs.object.namespace;
      state.targets.set(target.id, d.subset ? { ref: 'virtual-service', subset: d.subset.value } : { ref: 'virtual-service' });
      graph.addTarget(target);
    });
  }
}

// ---------------------------------------------------------------- locate

/**
 * Which workload runs a proxy whose config sits in a ConfigMap: the ConfigMap holding that text (written in
 * the YAML itself, generated from the file by kustomize, or a copy of the file), mounted by a workload.
 */
function locateConfig(facts: LintFacts, proxy: ProxyNode): RuntimeRef | undefined {
  const k = facts.kubernetes;
  const configFile = proxy.configFile!;
  const fileText = facts.files.find((f) => f.path === configFile)?.text.trim();
  const line = proxy.at?.file === configFile ? proxy.at.line : undefined;
  const holders: ConfigMap[] = k.configMaps.filter((cm) =>
    cm.entries.some((e) => {
      if (e.file === configFile) {
        if (e.file !== cm.object?.file || line === undefined) return true;
        const last = e.line + e.text.split('\n').length;
        return line >= e.at.line && line <= last;
      }
      return fileText !== undefined && fileText.length > 0 && e.text.trim() === fileText;
    }),
  );
  const product = proxy.product;
  let best: { workload: Workload; score: number } | undefined;
  for (const cm of holders) {
    for (const workload of k.workloads) {
      if (!k.index.compatible(workload.object.namespace, cm.namespace)) continue;
      const volumes = workload.template.volumes.filter((v) => v.configMaps.includes(cm.name)).map((v) => v.name);
      if (volumes.length === 0) continue;
      const mounting = workload.template.containers.filter((c) => c.volumeMounts.some((m) => volumes.includes(m.name)));
      const score = (mounting.length > 0 ? 1 : 0) + (mounting.some((c) => c.image.toLowerCase().includes(product)) ? 2 : 0);
      if (!best || score > best.score) best = { workload, score };
    }
  }
  return best ? runtimeOf(best.workload) : undefined;
}

// ---------------------------------------------------------------- resolve

interface Source {
  workload?: Workload;
  location?: ProxyLocation;
  end?: PodEnd;
  meshed: 'yes' | 'no' | 'unknown';
  label: string;
}

function sourceOf(k: KubernetesFacts, state: State, from: RuntimeRef): Source {
  const location = state.locations.get(from.id);
  if (location) return { location, end: location.source, meshed: location.meshed ? 'yes' : 'unknown', label: location.label };
  const workload = k.index.workloadById(from.id);
  if (!workload) return { meshed: 'unknown', label: from.label };
  const controller = [...state.locations.values()].find((l) => l.workload === workload);
  const membership = meshMembership(k, workload);
  const meshed = controller?.meshed || isMeshed(membership) ? 'yes' : membership.state === 'none' ? 'no' : 'unknown';
  return { workload, end: podEndOf(workload), meshed, label: describe(workload.object) };
}

function resolveTarget(k: KubernetesFacts, state: State, target: UpstreamTarget, from: RuntimeRef): TargetResolution | undefined {
  if (target.dynamic || target.unixSocket || !target.host) return undefined;
  const info = state.targets.get(target.id);
  const source = sourceOf(k, state, from);
  const namespace = target.namespace ?? source.workload?.object.namespace;
  const steps: PathStep[] = [];
  const port = target.port ?? target.defaultPort;
  const host = target.host;

  if (!info && LOOPBACK.test(host)) return resolveLoopback(state, source, target, port);
  let service: Service | undefined;
  if (isIP(host) !== 0) {
    service = k.services.find((s) => s.clusterIP === host);
    if (!service) return undefined;
    steps.push({ kind: 'dns', status: 'resolved', text: `${host} is the ClusterIP of ${describe(service.object)}`, at: target.at });
  } else {
    // Ingress and route backends name a Service; VirtualService hosts are DNS names (short or `svc.ns.svc.cluster.local`).
    const found = findService(k, host, namespace, info !== undefined, target.at, steps, info?.ref === 'virtual-service');
    if ('resolution' in found) return found.resolution ?? externalScope(k, source, host, target);
    service = found.service;
  }
  return followService(k, state, source, target, service, port, info, steps, 0, !info);
}

type Found = { service: Service } | { resolution: TargetResolution | undefined };

function findService(
  k: KubernetesFacts,
  host: string,
  namespace: string | undefined,
  byReference: boolean,
  at: SourcePosition,
  steps: PathStep[],
  dnsForm = false,
): Found {
  const name =
    byReference && !dnsForm
      ? { service: host.toLowerCase(), namespace: undefined, form: 'short' as const }
      : parseClusterName(host, (ns) => k.index.hasNamespace(ns));
  if (!name) {
    if (!looksLikeClusterName(host)) return { resolution: undefined };
    return { resolution: unknown(steps, `\`${host}\` names a namespace that is not part of the input`, at) };
  }
  const ns = name.namespace ?? namespace;
  if (name.service === 'kubernetes' && (ns === 'default' || ns === undefined)) return { resolution: unknown(steps, 'the Kubernetes API server', at) };
  const services = k.index.services(name.service, ns);
  const service = services[0];
  const where = ns !== undefined ? ` in namespace \`${ns}\`` : '';
  if (!service) {
    if (ns !== undefined && !k.index.hasNamespace(ns)) return { resolution: unknown(steps, `namespace \`${ns}\` is not part of the input`, at) };
    if (k.index.isIncomplete(ns)) return { resolution: unknown(steps, `no Service \`${name.service}\`${where} among the documents that could be read`, at) };
    const similar = closestName(
      name.service,
      k.services.filter((s) => k.index.compatible(s.object.namespace, ns)).map((s) => s.object.name),
    );
    const hint = similar ? ` (did you mean \`${similar}\`?)` : '';
    steps.push({ kind: byReference ? 'service' : 'dns', status: 'broken', text: `✗ no Service \`${name.service}\`${where}${hint}`, at });
    const reason = byReference
      ? `Service \`${name.service}\` does not exist${where}${hint}`
      : `\`${host}\` does not resolve: no Service \`${name.service}\`${where}${hint}`;
    return { resolution: { status: 'broken', steps, problem: { cause: byReference ? 'config-error' : 'dns-failure', reason } } };
  }
  if (!byReference) steps.push({ kind: 'dns', status: 'resolved', text: `\`${host}\` → ${describe(service.object)}`, at });
  return { service };
}

function unknown(steps: PathStep[], text: string, at?: SourcePosition): TargetResolution {
  const step: PathStep = { kind: 'dns', status: 'unknown', text };
  if (at) step.at = at;
  steps.push(step);
  return { status: 'unknown', steps };
}

function broken(
  steps: PathStep[],
  kind: PathStep['kind'],
  text: string,
  at: SourcePosition | undefined,
  cause: NonNullable<TargetResolution['problem']>['cause'],
  reason: string,
): TargetResolution {
  const step: PathStep = { kind, status: 'broken', text: `✗ ${text}` };
  if (at) step.at = at;
  steps.push(step);
  return { status: 'broken', steps, problem: { cause, reason } };
}

function followService(
  k: KubernetesFacts,
  state: State,
  source: Source,
  target: UpstreamTarget,
  service: Service,
  port: number | undefined,
  info: TargetInfo | undefined,
  steps: PathStep[],
  depth: number,
  byDns: boolean,
): TargetResolution {
  const svcLabel = describe(service.object);
  state.reached.add(service);
  const mesh = meshScope(k, source, service, undefined, steps);
  if (mesh) return mesh;
  if (service.type === 'ExternalName') {
    const external = service.externalName?.value ?? '';
    steps.push({
      kind: 'service',
      status: 'resolved',
      text: `${svcLabel} is an ExternalName for \`${external}\``,
      at: service.externalName?.at ?? service.object.at,
    });
    if (depth >= 3) return unknown(steps, 'ExternalName chain too long to follow');
    const name = parseClusterName(external, (ns) => k.index.hasNamespace(ns));
    if (!name || name.form === 'short') return unknown(steps, `\`${external}\` is outside the cluster`);
    const next = k.index.services(name.service, name.namespace)[0];
    if (!next) {
      if (name.namespace !== undefined && !k.index.hasNamespace(name.namespace))
        return unknown(steps, `namespace \`${name.namespace}\` is not part of the input`);
      return broken(
        steps,
        'dns',
        `no Service \`${name.service}\` in namespace \`${name.namespace}\``,
        service.externalName?.at,
        'dns-failure',
        `ExternalName \`${external}\` does not resolve`,
      );
    }
    // Ingress controllers and proxies connect to the name's Service with the port they were given.
    return followService(k, state, source, target, next, port ?? service.ports[0]?.port, undefined, steps, depth + 1, true);
  }
  const portRef: number | string | undefined = info?.portName ?? port;
  let servicePort = portRef !== undefined ? servicePortFor(service, portRef) : service.ports.length === 1 ? service.ports[0] : undefined;
  if (!servicePort && service.headless && typeof portRef === 'number') servicePort = undefined;
  if (!servicePort && !service.headless) {
    if (portRef === undefined) return unknown(steps, `${svcLabel} has several ports and the target names none`, target.at);
    const asTarget = service.ports.find((p) => typeof portRef === 'number' && p.port !== undefined && podPortNumber(k, service, p) === portRef);
    const hint = asTarget ? `; ${portRef} is its targetPort (the container port): use the Service port ${asTarget.port}` : '';
    return broken(
      steps,
      'service',
      `${svcLabel} has no port ${typeof portRef === 'number' ? portRef : `\`${portRef}\``} (it has ${describeServicePorts(service)})${hint}`,
      target.at,
      'port-mismatch',
      `${svcLabel} does not expose port ${portRef}${hint}`,
    );
  }
  if (servicePort)
    steps.push({
      kind: 'service',
      status: 'resolved',
      text: `${svcLabel} port ${servicePort.port ?? '?'}${servicePort.targetPort ? ` → targetPort ${servicePort.targetPort.value}` : ''}`,
      at: servicePort.at,
    });

  const live = liveEndpoints(k, service);
  if (!service.selector) {
    if (!live)
      return {
        status: 'unknown',
        steps: [...steps, { kind: 'endpoints', status: 'unknown', text: `${svcLabel} has no selector and no Endpoints/EndpointSlice in the input` }],
      };
    if (!live.ready) return noReadyEndpoints(steps, svcLabel, service, live.endpoints);
    const endpoints = live.endpoints;
    steps.push({
      kind: 'endpoints',
      status: 'resolved',
      text: `${svcLabel} is backed by ${endpoints[0]!.object.kind} \`${endpoints[0]!.object.name}\``,
      at: endpoints[0]!.object.at,
    });
    return { status: 'resolved', steps, backend: state.backends.get(objectId(service.object))! };
  }
  let workloads = k.index.workloadsSelectedBy(service.selector, service.object.namespace);
  const subset = info?.subset ? destinationRulesFor(k, service).flatMap((r) => r.subsets.filter((x) => x.name.value === info.subset))[0] : undefined;
  if (subset && workloads.length > 0) {
    const selector = { ...service.selector, matchLabels: { ...service.selector.matchLabels, ...subset.labels } };
    workloads = workloads.filter((w) => selectsPodsOf(selector, w));
    if (workloads.length === 0) {
      return broken(
        steps,
        'workload',
        `subset \`${subset.name.value}\` (${formatLabels(subset.labels)}) selects none of the pods of ${svcLabel}`,
        subset.at,
        'no-endpoints',
        `subset \`${subset.name.value}\` of ${svcLabel} has no endpoints`,
      );
    }
  }
  if (workloads.length === 0) {
    if (k.index.isIncomplete(service.object.namespace)) return { status: 'unknown', steps };
    // A dump of Services and EndpointSlices without the pods: the live objects say whether anything is ready.
    if (live && !live.ready) return noReadyEndpoints(steps, svcLabel, service, live.endpoints);
    if (live || (k.index.workloadsIn(service.object.namespace).length === 0 && !subset))
      return {
        status: 'unknown',
        steps: [...steps, { kind: 'endpoints', status: 'unknown', text: `the input has no pod template of ${svcLabel}'s namespace` }],
      };
    return broken(
      steps,
      'workload',
      `selector ${formatSelector(service.selector)} of ${svcLabel} matches no pod template`,
      service.selector.at,
      'no-endpoints',
      `${svcLabel} has no endpoints: its selector matches no pod template`,
    );
  }
  const podPort = service.headless && !servicePort ? portRef! : servicePort ? targetPortOf(servicePort) : undefined;
  if (podPort === undefined) return { status: 'unknown', steps };
  const protocol = servicePort?.protocol ?? 'TCP';
  let chosen: { workload: Workload; number?: number; name?: string; container?: string; at?: SourcePosition } | undefined;
  let undeclared: Workload | undefined;
  for (const workload of workloads) {
    const match = containerPortFor(workload, podPort, protocol);
    if (match === 'undeclared') undeclared ??= workload;
    else if (match) {
      chosen = { workload, container: match.container.name };
      if (match.number !== undefined) chosen.number = match.number;
      if (match.port?.name) chosen.name = match.port.name.value;
      if (match.port?.containerPort) chosen.at = match.port.containerPort.at;
      break;
    }
  }
  if (!chosen && undeclared && typeof podPort === 'number') chosen = { workload: undeclared, number: podPort };
  if (!chosen) {
    const w = workloads[0]!;
    return broken(
      steps,
      'port',
      `${typeof podPort === 'number' ? `port ${podPort}` : `port name \`${podPort}\``} is not a container port of ${describe(w.object)} (it declares ${describeContainerPorts(w)})`,
      servicePort?.targetPort?.at ?? servicePort?.at ?? target.at,
      'port-mismatch',
      `${svcLabel} forwards to ${typeof podPort === 'number' ? `port ${podPort}` : `\`${podPort}\``}, which no container of ${describe(w.object)} declares`,
    );
  }
  const workload = chosen.workload;
  steps.push({ kind: 'workload', status: 'resolved', text: describe(workload.object), at: workload.object.at });
  const listen: ListenSpec = {
    port: chosen.number ?? 0,
    protocol: protocolOf(protocol),
    source: chosen.at ? `containerPort (container \`${chosen.container}\`)` : 'targetPort (no containerPort declared)',
  };
  if (chosen.name) listen.name = chosen.name;
  if (chosen.at) listen.at = chosen.at;
  steps.push({
    kind: 'port',
    status: 'resolved',
    text: `container port ${chosen.number ?? '?'}${chosen.name ? ` (\`${chosen.name}\`)` : ''}`,
    ...(chosen.at ? { at: chosen.at } : {}),
  });

  // The process must listen beyond loopback.
  const container = workload.template.containers.find((c) => c.name === chosen!.container);
  if (container) {
    const loopback = listenHints(container).find(
      (h) => h.address !== undefined && LOOPBACK.test(h.address) && (h.port === undefined || h.port === listen.port),
    );
    if (loopback) {
      listen.address = loopback.address!;
      return broken(
        steps,
        'listen',
        `${container.name} listens on ${loopback.address}${loopback.port ? `:${loopback.port}` : ''} only (${loopback.source})`,
        loopback.at,
        'bind-loopback',
        `the process in ${describe(workload.object)} binds to loopback, so connections to the pod address are refused`,
      );
    }
    const probe = container.readinessProbe;
    if (probe?.port && typeof probe.port.value === 'string' && containerPortFor(workload, probe.port.value) === undefined) {
      return broken(
        steps,
        'health',
        `readiness probe names port \`${probe.port.value}\`, which no container declares: the pods never become Ready`,
        probe.port.at,
        'no-endpoints',
        `${describe(workload.object)} never becomes Ready, so ${svcLabel} has no ready endpoints`,
      );
    }
  }
  const policy = policyScope(k, source, workload, listen, byDns);
  if (policy) return { ...policy, steps: [...steps, ...policy.steps] };
  const meshProblem = meshScope(k, source, service, { workload, port: listen.port }, steps);
  if (meshProblem) return meshProblem;
  // Configured right, but the live objects (a kubectl dump) show no pod ready to take the traffic.
  if (live && !live.ready) return noReadyEndpoints(steps, svcLabel, service, live.endpoints);
  const backend = state.backends.get(workloadId(workload))!;
  return { status: 'resolved', steps, backend, listen };
}

/** Broken at the Service: its live Endpoints/EndpointSlices list no ready address (reported where the rule reports). */
function noReadyEndpoints(
  steps: PathStep[],
  svcLabel: string,
  service: Service,
  endpoints: readonly { object: { kind: string; name: string } }[],
): TargetResolution {
  const objects = endpoints.map((e) => `${e.object.kind} \`${e.object.name}\``).join(' and ');
  return broken(
    steps,
    'endpoints',
    `${objects} of ${svcLabel} list${endpoints.length === 1 ? 's' : ''} no ready address (live)`,
    service.object.at,
    'no-endpoints',
    `${svcLabel} has no ready endpoints in the live objects`,
  );
}

/** The container port number a Service port forwards to (a named targetPort looked up in the selected pods). */
function podPortNumber(k: KubernetesFacts, service: Service, port: ServicePort): number | undefined {
  const target = targetPortOf(port);
  if (typeof target !== 'string') return target;
  if (!service.selector) return undefined;
  for (const workload of k.index.workloadsSelectedBy(service.selector, service.object.namespace)) {
    const match = containerPortFor(workload, target, port.protocol);
    if (match && match !== 'undeclared' && match.number !== undefined) return match.number;
  }
  return undefined;
}

function resolveLoopback(state: State, source: Source, target: UpstreamTarget, port: number | undefined): TargetResolution | undefined {
  const workload = source.workload;
  if (!workload || port === undefined) return undefined;
  const steps: PathStep[] = [{ kind: 'dns', status: 'resolved', text: `\`${target.host}\` is the pod of ${describe(workload.object)} itself`, at: target.at }];
  const match = containerPortFor(workload, port);
  if (match === 'undeclared') return { status: 'unknown', steps };
  if (!match) {
    return broken(
      steps,
      'port',
      `no container in the same pod declares port ${port} (it declares ${describeContainerPorts(workload)})`,
      target.at,
      'wrong-host-localhost',
      `\`${target.host}\` inside ${describe(workload.object)} is that pod itself, and nothing in it serves port ${port}`,
    );
  }
  steps.push({
    kind: 'port',
    status: 'resolved',
    text: `container \`${match.container.name}\` port ${port}`,
    ...(match.port?.containerPort ? { at: match.port.containerPort.at } : {}),
  });
  const listen: ListenSpec = { port, source: `containerPort (container \`${match.container.name}\`)` };
  return { status: 'resolved', steps, backend: state.backends.get(workloadId(workload))!, listen };
}

/** A meshed client with REGISTRY_ONLY egress reaches external hosts only through a ServiceEntry. */
function externalScope(k: KubernetesFacts, source: Source, host: string, target: UpstreamTarget): TargetResolution | undefined {
  if (!source.workload || source.meshed !== 'yes' || isIP(host) !== 0 || !host.includes('.')) return undefined;
  const sidecar = sidecarFor(k, source.workload);
  const policy = sidecar?.outboundTrafficPolicy ?? k.istio.mesh.outboundTrafficPolicy;
  if (policy?.value !== 'REGISTRY_ONLY' || serviceEntryFor(k, host)) return undefined;
  const steps: PathStep[] = [{ kind: 'dns', status: 'resolved', text: `\`${host}\` is outside the cluster`, at: target.at }];
  return markLast(
    broken(
      steps,
      'mesh',
      `outbound traffic policy REGISTRY_ONLY and no ServiceEntry for \`${host}\`: the sidecar of ${describe(source.workload.object)} blocks it`,
      policy.at,
      'network-blocked',
      `the sidecar sends requests for \`${host}\` to the BlackHoleCluster (502)`,
    ),
    'registry-only',
  );
}

/** NetworkPolicies on the way: the source's egress (and DNS when a name is looked up), the backend's ingress. */
function policyScope(k: KubernetesFacts, source: Source, workload: Workload, listen: ListenSpec, byDns: boolean): TargetResolution | undefined {
  if (k.networkPolicies.length === 0 || !source.end) return undefined;
  const port = { number: listen.port || undefined, name: listen.name, protocol: (listen.protocol ?? 'tcp').toUpperCase() } as const;
  const portRef = { protocol: port.protocol, ...(port.number ? { number: port.number } : {}), ...(port.name ? { name: port.name } : {}) };
  if (source.workload && byDns) {
    const dns = dnsVerdict(k, source.workload);
    if (dns.result === 'denied') {
      const names = dns.policies.map((p) => `\`${p.object.name}\``).join(', ');
      return broken(
        [],
        'policy',
        `egress of ${describe(source.workload.object)} is limited by NetworkPolicy ${names} and nothing allows DNS (port 53) to kube-dns`,
        dns.policies[0]!.object.at,
        'dns-failure',
        `name lookups from ${describe(source.workload.object)} are blocked by NetworkPolicy ${names}`,
      );
    }
  }
  if (source.workload && source.workload !== workload) {
    const egress = egressVerdict(k, source.workload, portRef, podEndOf(workload));
    if (egress.result === 'denied') {
      const names = egress.policies.map((p) => `\`${p.object.name}\``).join(', ');
      return broken(
        [],
        'policy',
        `egress of ${describe(source.workload.object)} is limited by NetworkPolicy ${names}, which allows nothing to ${describe(workload.object)} on port ${listen.port}`,
        egress.policies[0]!.object.at,
        'network-blocked',
        `NetworkPolicy ${names} blocks ${source.label} → ${describe(workload.object)}:${listen.port}`,
      );
    }
  }
  if (source.workload === workload) return undefined;
  const ingress = ingressVerdict(k, workload, portRef, source.end);
  if (ingress.result !== 'denied') return undefined;
  const names = ingress.policies.map((p) => `\`${p.object.name}\``).join(', ');
  const miss = nearMiss(k, ingress.policies, 'ingress', portRef, source.end);
  const portText = `port ${listen.port}${listen.name ? ` (\`${listen.name}\`)` : ''}`;
  let text = `NetworkPolicy ${names} isolates ${describe(workload.object)} and admits nothing from ${source.label} on ${portText}`;
  let at = ingress.policies[0]!.object.at;
  if (miss?.miss === 'port' && miss.rule) {
    text = `NetworkPolicy \`${miss.policy.object.name}\` admits ${source.label} only on ${describePolicyPorts(miss.rule)}, not on ${portText}`;
    at = miss.rule.ports[0]?.port?.at ?? miss.rule.ports[0]?.at ?? miss.rule.at;
  } else if (miss?.miss === 'peer' && miss.rule) {
    text = `NetworkPolicy \`${miss.policy.object.name}\` admits ${portText} only from ${describePeers(miss.rule)}, which does not include ${source.label}`;
    at = miss.rule.peers[0]?.at ?? miss.rule.at;
  } else if (miss) at = miss.policy.object.at;
  return broken([], 'policy', text, at, 'network-blocked', `NetworkPolicy ${names} blocks ${source.label} → ${describe(workload.object)}:${listen.port}`);
}

function describePolicyPorts(rule: PolicyRule): string {
  return rule.ports
    .map(
      (p) =>
        `${p.port ? (typeof p.port.value === 'number' ? `${p.port.value}${p.endPort ? `-${p.endPort}` : ''}` : `\`${p.port.value}\``) : 'every port'}${p.protocol !== 'TCP' ? `/${p.protocol}` : ''}`,
    )
    .join(', ');
}

function describePeers(rule: PolicyRule): string {
  return rule.peers
    .map((peer) => {
      if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr}`;
      const parts: string[] = [];
      if (peer.namespaceSelector) parts.push(`namespaces with ${formatSelector(peer.namespaceSelector)}`);
      if (peer.podSelector) parts.push(`pods with ${formatSelector(peer.podSelector)}`);
      return parts.length === 0 ? 'anything' : parts.join(' and ');
    })
    .join('; ');
}

/**
 * Mesh checks. Before the backend is known: a Sidecar egress scope or REGISTRY_ONLY that leaves the Service out.
 * With the backend: STRICT mTLS on it while the client has no sidecar.
 */
function meshScope(
  k: KubernetesFacts,
  source: Source,
  service: Service,
  backend: { workload: Workload; port: number } | undefined,
  steps: PathStep[],
): TargetResolution | undefined {
  if (k.istio.peerAuthentications.length === 0 && k.istio.sidecars.length === 0 && k.istio.authorizationPolicies.length === 0) return undefined;
  if (!backend) {
    if (!source.workload || source.meshed !== 'yes') return undefined;
    const sidecar = sidecarFor(k, source.workload);
    if (!sidecar || sidecarAdmits(sidecar, service, service.object.name)) return undefined;
    const mode = sidecar.outboundTrafficPolicy?.value ?? k.istio.mesh.outboundTrafficPolicy?.value ?? 'ALLOW_ANY';
    if (mode !== 'REGISTRY_ONLY') return undefined;
    return markLast(
      broken(
        [...steps],
        'mesh',
        `Sidecar \`${sidecar.object.name}\` limits the egress of ${describe(source.workload.object)} to ${sidecar.egressHosts.map((h) => `\`${h.value}\``).join(', ')}, which leaves out ${describe(service.object)} (REGISTRY_ONLY)`,
        sidecar.object.at,
        'network-blocked',
        `the sidecar of ${describe(source.workload.object)} sends requests for ${describe(service.object)} to the BlackHoleCluster (502)`,
      ),
      'sidecar-scope',
    );
  }
  const membership = meshMembership(k, backend.workload);
  if (membership.state !== 'sidecar' || inboundBypassed(backend.workload, backend.port)) return undefined;
  const denying = denyingAuthorization(k, backend.workload);
  if (denying) {
    return markLast(
      broken(
        [...steps],
        'mesh',
        `AuthorizationPolicy \`${denying.object.name}\` allows nothing (no rules) for ${describe(backend.workload.object)}: every request is denied`,
        denying.object.at,
        'network-blocked',
        `the sidecar of ${describe(backend.workload.object)} answers 403 "RBAC: access denied" to every request`,
      ),
      'authorization',
    );
  }
  if (source.meshed !== 'no') return undefined;
  const mode = mtlsModeFor(k, backend.workload, backend.port);
  if (mode.mode !== 'STRICT') return undefined;
  return markLast(
    broken(
      [...steps],
      'mesh',
      `PeerAuthentication \`${mode.policy?.object.name}\` requires mTLS (STRICT) for ${describe(backend.workload.object)}, and ${source.label} has no sidecar to provide it`,
      mode.at,
      'tls-mismatch',
      `${source.label} sends plain text to ${describe(backend.workload.object)}, whose sidecar only accepts mTLS: the connection is reset`,
    ),
    'mtls',
  );
}

/**
 * Follows a cluster DNS name written in a proxy whose runtime the configs do not tell (an nginx.conf
 * next to the manifests): only names, Services and ports are checked, nothing that depends on the caller.
 */
export function resolveFromOutside(k: KubernetesFacts, target: UpstreamTarget): TargetResolution | undefined {
  if (!target.host || !looksLikeClusterName(target.host)) return undefined;
  return resolveTarget(k, stateOf(k), target, { platform: 'kubernetes', id: 'k8s-outside', label: 'outside the cluster' });
}

/**
 * Whether a broken path's value to change is in Kubernetes objects (a NetworkPolicy, the mesh, a selector,
 * a container port, a probe, a bind address, an ExternalName) rather than in the proxy's own config: the last
 * broken step cites where. Then the kubernetes/istio rules report it and a proxy's rules stay quiet.
 */
function brokenInObjects(steps: readonly PathStep[], target: UpstreamTarget): boolean {
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.status !== 'broken') continue;
    if (!step.at) return false;
    // A step cited at the target itself is about the value written in the proxy config (the name, the port);
    // anywhere else it cites a Kubernetes object (an ExternalName, a selector, a policy, the mesh).
    return step.at.file !== target.at.file || step.at.line !== target.at.line || step.at.column !== target.at.column;
  }
  return false;
}
