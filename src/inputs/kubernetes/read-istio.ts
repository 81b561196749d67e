import { parse as parseYaml } from 'yaml';
import { type Located, located } from '../../core/position.js';
import type {
  AuthorizationPolicy,
  ConnectionPool,
  DestinationRule,
  IstioFacts,
  IstioGateway,
  KubeObject,
  OutlierDetection,
  PeerAuthentication,
  ServiceEntry,
  SidecarResource,
  TrafficPolicy,
  VirtualService,
  VsDestination,
  YamlPath,
} from './model.js';
import { readLabelSelector } from './read-workloads.js';
import { integer, isRecord, list, type Plain, record, stringMap, text } from './values.js';

const ISTIO_GROUPS = new Set(['networking.istio.io', 'security.istio.io']);

export function isIstioKind(object: KubeObject, kind: string): boolean {
  return object.kind === kind && ISTIO_GROUPS.has(object.group);
}

export function emptyIstioFacts(): IstioFacts {
  return {
    virtualServices: [],
    destinationRules: [],
    peerAuthentications: [],
    sidecars: [],
    gateways: [],
    serviceEntries: [],
    authorizationPolicies: [],
    mesh: { rootNamespace: 'istio-system' },
  };
}

/** Adds the object to the Istio facts when it is an Istio kind (or mesh configuration); returns whether it was. */
export function readIstioObject(object: KubeObject, istio: IstioFacts): boolean {
  if (object.group === 'networking.istio.io') {
    if (object.kind === 'VirtualService') istio.virtualServices.push(readVirtualService(object));
    else if (object.kind === 'DestinationRule') istio.destinationRules.push(readDestinationRule(object));
    else if (object.kind === 'Sidecar') istio.sidecars.push(readSidecar(object));
    else if (object.kind === 'Gateway') istio.gateways.push(readIstioGateway(object));
    else if (object.kind === 'ServiceEntry') istio.serviceEntries.push(readServiceEntry(object));
    else return false;
    return true;
  }
  if (object.group === 'security.istio.io') {
    if (object.kind === 'PeerAuthentication') istio.peerAuthentications.push(readPeerAuthentication(object));
    else if (object.kind === 'AuthorizationPolicy') istio.authorizationPolicies.push(readAuthorizationPolicy(object));
    else return false;
    return true;
  }
  if (object.kind === 'IstioOperator') {
    readMeshConfig(object, record(record(object.value.spec).meshConfig), ['spec', 'meshConfig'], istio);
    return true;
  }
  if (object.kind === 'ConfigMap' && object.name === 'istio' && typeof record(object.value.data).mesh === 'string') {
    // The mesh config is YAML inside a string: positions point at the `mesh` key.
    let mesh: unknown;
    try {
      mesh = parseYaml(record(object.value.data).mesh as string, { maxAliasCount: 100 });
    } catch {
      return false;
    }
    readMeshConfig(object, record(mesh), undefined, istio);
  }
  return false;
}

function readMeshConfig(object: KubeObject, mesh: Plain, path: YamlPath | undefined, istio: IstioFacts): void {
  if (typeof mesh.rootNamespace === 'string') istio.mesh.rootNamespace = mesh.rootNamespace;
  const mode = text(record(mesh.outboundTrafficPolicy).mode);
  if (mode) {
    const at = path ? object.pos([...path, 'outboundTrafficPolicy', 'mode']) : object.pos(['data', 'mesh']);
    istio.mesh.outboundTrafficPolicy = located(mode, at);
  }
}

function strings(object: KubeObject, path: YamlPath, value: unknown): Located<string>[] {
  return list(value).flatMap((v, i) => (typeof v === 'string' ? [located(v, object.pos([...path, i]))] : []));
}

function readVirtualService(object: KubeObject): VirtualService {
  const spec = record(object.value.spec);
  const destinations: VsDestination[] = [];
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    list(spec[protocol]).forEach((r, i) => {
      const route = record(r);
      list(route.route).forEach((d, j) => {
        const destination = destinationOf(object, [`spec`, protocol, i, 'route', j, 'destination'], record(d).destination, `${protocol}[${i}].route[${j}]`);
        if (destination) destinations.push(destination);
      });
      if (protocol === 'http' && route.mirror !== undefined) {
        const destination = destinationOf(object, ['spec', 'http', i, 'mirror'], route.mirror, `http[${i}].mirror`);
        if (destination) destinations.push(destination);
      }
    });
  }
  return {
    object,
    hosts: strings(object, ['spec', 'hosts'], spec.hosts),
    gateways: strings(object, ['spec', 'gateways'], spec.gateways),
    destinations,
    exportTo: list(spec.exportTo).flatMap((x) => (typeof x === 'string' ? [x] : [])),
  };
}

function destinationOf(object: KubeObject, path: YamlPath, value: unknown, route: string): VsDestination | undefined {
  const d = record(value);
  if (typeof d.host !== 'string') return undefined;
  const destination: VsDestination = { host: located(d.host, object.pos([...path, 'host'])), route, at: object.pos(path) };
  if (typeof d.subset === 'string') destination.subset = located(d.subset, object.pos([...path, 'subset']));
  const port = integer(record(d.port).number);
  if (port !== undefined) destination.port = located(port, object.pos([...path, 'port', 'number']));
  return destination;
}

function readDestinationRule(object: KubeObject): DestinationRule {
  const spec = record(object.value.spec);
  const rule: DestinationRule = {
    object,
    host: located(text(spec.host) ?? '', object.pos(['spec', 'host'])),
    subsets: list(spec.subsets).flatMap((s, i) => {
      if (!isRecord(s) || typeof s.name !== 'string') return [];
      const subset: DestinationRule['subsets'][number] = {
        name: located(s.name, object.pos(['spec', 'subsets', i, 'name'])),
        labels: stringMap(s.labels),
        at: object.pos(['spec', 'subsets', i]),
      };
      if (isRecord(s.trafficPolicy)) subset.trafficPolicy = readTrafficPolicy(object, ['spec', 'subsets', i, 'trafficPolicy'], s.trafficPolicy);
      return [subset];
    }),
    exportTo: list(spec.exportTo).flatMap((x) => (typeof x === 'string' ? [x] : [])),
  };
  if (isRecord(spec.trafficPolicy)) rule.trafficPolicy = readTrafficPolicy(object, ['spec', 'trafficPolicy'], spec.trafficPolicy);
  if (isRecord(spec.workloadSelector)) rule.workloadSelector = stringMap(spec.workloadSelector.matchLabels);
  return rule;
}

function readTrafficPolicy(object: KubeObject, path: YamlPath, value: Plain): TrafficPolicy {
  const policy: TrafficPolicy = { portLevel: [], at: object.pos(path), ...settings(object, path, value) };
  list(value.portLevelSettings).forEach((s, i) => {
    const port = integer(record(record(s).port).number);
    if (port === undefined) return;
    policy.portLevel.push({ port, ...settings(object, [...path, 'portLevelSettings', i], record(s)) });
  });
  return policy;
}

function settings(object: KubeObject, path: YamlPath, value: Plain): Pick<TrafficPolicy, 'tlsMode' | 'outlierDetection' | 'connectionPool'> {
  const out: Pick<TrafficPolicy, 'tlsMode' | 'outlierDetection' | 'connectionPool'> = {};
  const mode = text(record(value.tls).mode);
  if (mode) out.tlsMode = located(mode, object.pos([...path, 'tls', 'mode']));
  if (isRecord(value.outlierDetection)) out.outlierDetection = readOutlierDetection(object, [...path, 'outlierDetection'], value.outlierDetection);
  if (isRecord(value.connectionPool)) out.connectionPool = readConnectionPool(object, [...path, 'connectionPool'], value.connectionPool);
  return out;
}

function readOutlierDetection(object: KubeObject, path: YamlPath, v: Plain): OutlierDetection {
  const out: OutlierDetection = { at: object.pos(path) };
  const numberAt = (key: keyof OutlierDetection & string) => {
    const n = percentOrInteger(v[key]);
    if (n !== undefined) (out as unknown as Record<string, Located<number>>)[key] = located(n, object.pos([...path, key]));
  };
  numberAt('consecutive5xxErrors');
  numberAt('consecutiveGatewayErrors');
  numberAt('consecutiveErrors');
  numberAt('maxEjectionPercent');
  numberAt('minHealthPercent');
  if (typeof v.baseEjectionTime === 'string') out.baseEjectionTime = located(v.baseEjectionTime, object.pos([...path, 'baseEjectionTime']));
  return out;
}

function readConnectionPool(object: KubeObject, path: YamlPath, v: Plain): ConnectionPool {
  const out: ConnectionPool = { at: object.pos(path) };
  const tcp = record(v.tcp);
  const http = record(v.http);
  const maxConnections = integer(tcp.maxConnections);
  if (maxConnections !== undefined) out.maxConnections = located(maxConnections, object.pos([...path, 'tcp', 'maxConnections']));
  for (const key of ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection'] as const) {
    const n = integer(http[key]);
    if (n !== undefined) out[key] = located(n, object.pos([...path, 'http', key]));
  }
  return out;
}

/** `100`, `"100"` or wrapped `{value: 100}` as some generated manifests write. */
function percentOrInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (isRecord(value)) return percentOrInteger(value.value);
  return undefined;
}

function readPeerAuthentication(object: KubeObject): PeerAuthentication {
  const spec = record(object.value.spec);
  const pa: PeerAuthentication = { object, portLevel: [] };
  if (isRecord(spec.selector) && Object.keys(record(spec.selector.matchLabels)).length > 0) {
    pa.selector = readLabelSelector(object, ['spec', 'selector'], spec.selector);
  }
  const mode = text(record(spec.mtls).mode);
  if (mode) pa.mode = located(mode.toUpperCase(), object.pos(['spec', 'mtls', 'mode']));
  for (const [port, setting] of Object.entries(record(spec.portLevelMtls))) {
    const m = text(record(setting).mode);
    if (m && /^\d+$/.test(port)) pa.portLevel.push({ port: Number(port), mode: located(m.toUpperCase(), object.pos(['spec', 'portLevelMtls', port, 'mode'])) });
  }
  return pa;
}

function readSidecar(object: KubeObject): SidecarResource {
  const spec = record(object.value.spec);
  const egressHosts: Located<string>[] = [];
  list(spec.egress).forEach((e, i) => {
    egressHosts.push(...strings(object, ['spec', 'egress', i, 'hosts'], record(e).hosts));
  });
  const sidecar: SidecarResource = { object, egressHosts, hasEgress: Array.isArray(spec.egress) && spec.egress.length > 0 };
  if (isRecord(spec.workloadSelector)) sidecar.workloadSelector = stringMap(spec.workloadSelector.labels);
  const mode = text(record(spec.outboundTrafficPolicy).mode);
  if (mode) sidecar.outboundTrafficPolicy = located(mode, object.pos(['spec', 'outboundTrafficPolicy', 'mode']));
  return sidecar;
}

function readIstioGateway(object: KubeObject): IstioGateway {
  const spec = record(object.value.spec);
  return {
    object,
    selector: stringMap(spec.selector),
    servers: list(spec.servers).flatMap((s, i) => {
      if (!isRecord(s)) return [];
      const server: IstioGateway['servers'][number] = {
        protocol: text(record(s.port).protocol)?.toUpperCase() ?? 'HTTP',
        hosts: strings(object, ['spec', 'servers', i, 'hosts'], s.hosts),
        at: object.pos(['spec', 'servers', i]),
      };
      const port = integer(record(s.port).number);
      if (port !== undefined) server.port = located(port, object.pos(['spec', 'servers', i, 'port', 'number']));
      return [server];
    }),
  };
}

function readServiceEntry(object: KubeObject): ServiceEntry {
  const spec = record(object.value.spec);
  const entry: ServiceEntry = {
    object,
    hosts: strings(object, ['spec', 'hosts'], spec.hosts),
    ports: list(spec.ports).flatMap((p) => {
      const n = integer(record(p).number);
      if (n === undefined) return [];
      const port: ServiceEntry['ports'][number] = { number: n };
      const name = text(record(p).name);
      if (name) port.name = name;
      const protocol = text(record(p).protocol);
      if (protocol) port.protocol = protocol;
      return [port];
    }),
    exportTo: list(spec.exportTo).flatMap((x) => (typeof x === 'string' ? [x] : [])),
  };
  if (typeof spec.location === 'string') entry.location = spec.location;
  if (typeof spec.resolution === 'string') entry.resolution = spec.resolution;
  return entry;
}

function readAuthorizationPolicy(object: KubeObject): AuthorizationPolicy {
  const spec = object.value.spec;
  const s = record(spec);
  const action = text(s.action) ?? 'ALLOW';
  const policy: AuthorizationPolicy = {
    object,
    action,
    denyAll: action === 'ALLOW' && (spec === null || spec === undefined || list(s.rules).length === 0) && !('provider' in s),
  };
  if (isRecord(s.selector)) policy.selector = stringMap(s.selector.matchLabels);
  return policy;
}
