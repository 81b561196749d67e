import { located } from '../../core/position.js';
import type {
  ConfigMap,
  ConfigMapEntry,
  GatewayApiGateway,
  GatewayRoute,
  Ingress,
  IngressBackend,
  IngressClass,
  KubeObject,
  ManualEndpoints,
  NamespaceObject,
  NetworkPolicy,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  ReferenceGrant,
  RouteBackend,
  Service,
  ServicePort,
  YamlPath,
} from './model.js';
import { readLabelSelector, readMapSelector } from './read-workloads.js';
import { integer, isRecord, list, type Plain, record, text } from './values.js';
import { readEndpointAddresses } from './read-live.js';

export function readService(object: KubeObject): Service {
  const spec = record(object.value.spec);
  const type = text(spec.type) ?? 'ClusterIP';
  const clusterIP = text(spec.clusterIP);
  const service: Service = {
    object,
    type,
    headless: clusterIP === 'None',
    ports: list(spec.ports).flatMap((p, i) => (isRecord(p) ? [readServicePort(object, i, p)] : [])),
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
  };
  if (clusterIP !== undefined) service.clusterIP = clusterIP;
  if (type === 'ExternalName' && typeof spec.externalName === 'string') service.externalName = located(spec.externalName, object.pos(['spec', 'externalName']));
  // An empty selector is no selector: the endpoints controller leaves such Services alone.
  if (isRecord(spec.selector) && Object.keys(spec.selector).length > 0) service.selector = readMapSelector(object, ['spec', 'selector'], spec.selector);
  return service;
}

function readServicePort(object: KubeObject, index: number, p: Plain): ServicePort {
  const path = ['spec', 'ports', index];
  const rawPort = located<unknown>(p.port, object.pos([...path, 'port']));
  const port: ServicePort = { rawPort, protocol: text(p.protocol)?.toUpperCase() ?? 'TCP', at: object.pos(path), index };
  const number = integer(p.port);
  if (number !== undefined) port.port = number;
  const name = text(p.name);
  if (name !== undefined) port.name = located(name, object.pos([...path, 'name']));
  if (p.targetPort !== undefined && p.targetPort !== null) {
    port.rawTargetPort = located<unknown>(p.targetPort, object.pos([...path, 'targetPort']));
    if (typeof p.targetPort === 'number' || typeof p.targetPort === 'string') port.targetPort = located(p.targetPort, port.rawTargetPort.at);
  }
  if (typeof p.appProtocol === 'string') port.appProtocol = p.appProtocol;
  return port;
}

/** v1 Endpoints (named like the Service) and discovery.k8s.io EndpointSlices (label `kubernetes.io/service-name`). */
export function readEndpoints(object: KubeObject): ManualEndpoints | undefined {
  const out = (serviceName: string, addressCount: number, ports: ManualEndpoints['ports']): ManualEndpoints => {
    const e: ManualEndpoints = { object, serviceName, addressCount, ports, addresses: readEndpointAddresses(object) };
    if (object.namespace !== undefined) e.namespace = object.namespace;
    return e;
  };
  const portsOf = (v: unknown) =>
    list(v).flatMap((p) => {
      if (!isRecord(p)) return [];
      const port: { name?: string; port?: number } = {};
      if (typeof p.name === 'string') port.name = p.name;
      const n = integer(p.port);
      if (n !== undefined) port.port = n;
      return [port];
    });
  if (object.kind === 'Endpoints') {
    let addresses = 0;
    const ports: ManualEndpoints['ports'] = [];
    for (const subset of list(object.value.subsets)) {
      addresses += list(record(subset).addresses).length;
      ports.push(...portsOf(record(subset).ports));
    }
    return out(object.name, addresses, ports);
  }
  const serviceName = object.labels['kubernetes.io/service-name'];
  if (!serviceName) return undefined;
  return out(serviceName, list(object.value.endpoints).length, portsOf(object.value.ports));
}

export function readIngress(object: KubeObject): Ingress {
  const spec = record(object.value.spec);
  const ingress: Ingress = { object, backends: [] };
  if (typeof spec.ingressClassName === 'string') ingress.ingressClassName = located(spec.ingressClassName, object.pos(['spec', 'ingressClassName']));
  const annotation = object.annotations['kubernetes.io/ingress.class'];
  if (annotation !== undefined) ingress.classAnnotation = located(annotation, object.pos(['metadata', 'annotations', 'kubernetes.io/ingress.class']));
  const defaultKey = spec.defaultBackend !== undefined ? 'defaultBackend' : spec.backend !== undefined ? 'backend' : undefined;
  if (defaultKey) ingress.backends.push(readIngressBackend(object, ['spec', defaultKey], spec[defaultKey], 'default backend'));
  list(spec.rules).forEach((rule, r) => {
    const host = text(record(rule).host);
    list(record(record(rule).http).paths).forEach((p, i) => {
      const path = text(record(p).path) ?? '/';
      const route = `${host ? `host ${host}, ` : ''}path ${path}`;
      ingress.backends.push(readIngressBackend(object, ['spec', 'rules', r, 'http', 'paths', i, 'backend'], record(p).backend, route));
    });
  });
  return ingress;
}

function readIngressBackend(object: KubeObject, path: YamlPath, value: unknown, route: string): IngressBackend {
  const v = record(value);
  const backend: IngressBackend = { route, at: object.pos(path) };
  if (isRecord(v.resource)) backend.resource = true;
  if (isRecord(v.service)) {
    // networking.k8s.io/v1: service.name + service.port.number | service.port.name
    const service = v.service;
    if (typeof service.name === 'string') backend.serviceName = located(service.name, object.pos([...path, 'service', 'name']));
    const port = record(service.port);
    if (typeof port.number === 'number') backend.port = located(port.number, object.pos([...path, 'service', 'port', 'number']));
    else if (typeof port.name === 'string') backend.port = located(port.name, object.pos([...path, 'service', 'port', 'name']));
  } else if (typeof v.serviceName === 'string') {
    // extensions/v1beta1 and networking.k8s.io/v1beta1: serviceName + servicePort (number or name)
    backend.serviceName = located(v.serviceName, object.pos([...path, 'serviceName']));
    if (typeof v.servicePort === 'number' || typeof v.servicePort === 'string') backend.port = located(v.servicePort, object.pos([...path, 'servicePort']));
  }
  return backend;
}

export function readIngressClass(object: KubeObject): IngressClass {
  const ingressClass: IngressClass = { object, isDefault: object.annotations['ingressclass.kubernetes.io/is-default-class'] === 'true' };
  const controller = text(record(object.value.spec).controller);
  if (controller) ingressClass.controller = controller;
  return ingressClass;
}

export function readNamespace(object: KubeObject): NamespaceObject {
  return { object, labels: { ...object.labels, 'kubernetes.io/metadata.name': object.name } };
}

export function readNetworkPolicy(object: KubeObject): NetworkPolicy {
  const spec = record(object.value.spec);
  const written = list(spec.policyTypes).filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress');
  const policyTypes: NetworkPolicy['policyTypes'] = written.length > 0 ? written : spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
  const rules = (direction: 'ingress' | 'egress'): PolicyRule[] =>
    list(spec[direction]).flatMap((r, i) => {
      if (!isRecord(r) && r !== null) return [];
      const rule = record(r);
      const peerKey = direction === 'ingress' ? 'from' : 'to';
      const path = ['spec', direction, i];
      return [
        {
          peers: list(rule[peerKey]).flatMap((p, j) => (isRecord(p) ? [readPeer(object, [...path, peerKey, j], p)] : [])),
          ports: list(rule.ports).flatMap((p, j) => (isRecord(p) ? [readPolicyPort(object, [...path, 'ports', j], p)] : [])),
          at: object.pos(path),
        },
      ];
    });
  return {
    object,
    podSelector: readLabelSelector(object, ['spec', 'podSelector'], spec.podSelector),
    policyTypes,
    ingress: rules('ingress'),
    egress: rules('egress'),
  };
}

function readPeer(object: KubeObject, path: YamlPath, p: Plain): PolicyPeer {
  const peer: PolicyPeer = { at: object.pos(path) };
  if (p.podSelector !== undefined) peer.podSelector = readLabelSelector(object, [...path, 'podSelector'], p.podSelector);
  if (p.namespaceSelector !== undefined) peer.namespaceSelector = readLabelSelector(object, [...path, 'namespaceSelector'], p.namespaceSelector);
  if (isRecord(p.ipBlock)) {
    peer.ipBlock = {
      cidr: text(p.ipBlock.cidr) ?? '',
      except: list(p.ipBlock.except).flatMap((x) => (typeof x === 'string' ? [x] : [])),
    };
  }
  return peer;
}

function readPolicyPort(object: KubeObject, path: YamlPath, p: Plain): PolicyPort {
  const port: PolicyPort = { protocol: text(p.protocol)?.toUpperCase() ?? 'TCP', at: object.pos(path) };
  if (typeof p.port === 'number' || typeof p.port === 'string') port.port = located(p.port, object.pos([...path, 'port']));
  const endPort = integer(p.endPort);
  if (endPort !== undefined) port.endPort = endPort;
  return port;
}

/** ConfigMap data entries, with where their text starts so embedded nginx/HAProxy configs can be parsed in place. */
export function readConfigMap(object: KubeObject, fileLines: () => readonly string[]): ConfigMap {
  const data = record(object.value.data);
  const entries: ConfigMapEntry[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') continue;
    const at = object.pos(['data', key]);
    // A block literal (`|`) starts on the line after its indicator; its lines map 1:1 onto file lines.
    const literal = object.doc.scalarStyle([...object.base, 'data', key]) === 'BLOCK_LITERAL';
    let column = at.column;
    if (literal) {
      const lines = fileLines();
      let i = at.line;
      while (i < lines.length && lines[i]!.trim().length === 0) i++;
      const first = lines[i] ?? '';
      column = first.length - first.trimStart().length + 1;
    }
    entries.push({
      key,
      text: value,
      file: object.file,
      line: literal ? at.line + 1 : at.line,
      column,
      exactLines: literal,
      at,
      looksLike: looksLike(key, value),
    });
  }
  const configMap: ConfigMap = { object, name: object.name, entries };
  if (object.namespace !== undefined) configMap.namespace = object.namespace;
  return configMap;
}

export function looksLike(key: string, value: string): ConfigMapEntry['looksLike'] {
  if (/nginx|\.conf$/i.test(key) && /\b(?:server|location|upstream|http)\s*\{|proxy_pass\s/.test(value)) return 'nginx';
  if (/\bproxy_pass\s|\bupstream\s+\S+\s*\{/.test(value)) return 'nginx';
  if (/haproxy/i.test(key) || /^\s*(?:frontend|backend|listen)\s+\S+/m.test(value)) return 'haproxy';
  if (/envoy/i.test(key) || /static_resources\s*:|"static_resources"/.test(value)) return 'envoy';
  return 'other';
}

// ---------------------------------------------------------------- Gateway API

export function readGatewayApiGateway(object: KubeObject): GatewayApiGateway {
  const spec = record(object.value.spec);
  const gateway: GatewayApiGateway = {
    object,
    listeners: list(spec.listeners).flatMap((l, i) => {
      if (!isRecord(l)) return [];
      const listener: GatewayApiGateway['listeners'][number] = { name: text(l.name) ?? '', protocol: text(l.protocol) ?? 'HTTP' };
      const port = integer(l.port);
      if (port !== undefined) listener.port = located(port, object.pos(['spec', 'listeners', i, 'port']));
      if (typeof l.hostname === 'string') listener.hostname = l.hostname;
      return [listener];
    }),
  };
  if (typeof spec.gatewayClassName === 'string') gateway.className = spec.gatewayClassName;
  return gateway;
}

/** HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute: parents and every backendRef. */
export function readGatewayRoute(object: KubeObject): GatewayRoute {
  const spec = record(object.value.spec);
  const route: GatewayRoute = {
    object,
    parentRefs: list(spec.parentRefs).flatMap((p, i) => {
      if (!isRecord(p) || typeof p.name !== 'string') return [];
      const ref: GatewayRoute['parentRefs'][number] = {
        name: p.name,
        kind: text(p.kind) ?? 'Gateway',
        group: text(p.group) ?? 'gateway.networking.k8s.io',
        at: object.pos(['spec', 'parentRefs', i]),
      };
      if (typeof p.namespace === 'string') ref.namespace = p.namespace;
      if (typeof p.sectionName === 'string') ref.sectionName = p.sectionName;
      return [ref];
    }),
    backends: [],
  };
  list(spec.rules).forEach((rule, r) => {
    const match = record(list(record(rule).matches)[0]);
    const pathMatch = text(record(match.path).value);
    const label = `rules[${r}]${pathMatch ? ` (path ${pathMatch})` : ''}`;
    list(record(rule).backendRefs).forEach((b, i) => {
      if (!isRecord(b) || typeof b.name !== 'string') return;
      const path = ['spec', 'rules', r, 'backendRefs', i];
      const backend: RouteBackend = {
        group: text(b.group) ?? '',
        kind: text(b.kind) ?? 'Service',
        name: located(b.name, object.pos([...path, 'name'])),
        route: label,
        at: object.pos(path),
      };
      if (typeof b.namespace === 'string') backend.namespace = located(b.namespace, object.pos([...path, 'namespace']));
      const port = integer(b.port);
      if (port !== undefined) backend.port = located(port, object.pos([...path, 'port']));
      route.backends.push(backend);
    });
  });
  return route;
}

export function readReferenceGrant(object: KubeObject): ReferenceGrant {
  const spec = record(object.value.spec);
  return {
    object,
    from: list(spec.from).flatMap((f) => (isRecord(f) ? [{ group: text(f.group) ?? '', kind: text(f.kind) ?? '', namespace: text(f.namespace) ?? '' }] : [])),
    to: list(spec.to).flatMap((t) => {
      if (!isRecord(t)) return [];
      const to: ReferenceGrant['to'][number] = { group: text(t.group) ?? '', kind: text(t.kind) ?? '' };
      if (typeof t.name === 'string') to.name = t.name;
      return [to];
    }),
  };
}
