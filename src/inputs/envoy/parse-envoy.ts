import { basename, dirname } from 'node:path';
import type { SourcePosition } from '../../core/position.js';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ConfigFile, ConfigInput } from '../config/config-input.js';
import { embeddedPosition } from '../nginx/embedded.js';
import { loadYaml, type YamlDoc } from '../yaml/load-yaml.js';
import type {
  EnvoyCluster,
  EnvoyClusterRef,
  EnvoyConfig,
  EnvoyDiscovery,
  EnvoyEndpoint,
  EnvoyFacts,
  EnvoyHealthCheck,
  EnvoyListener,
  EnvoyThresholds,
  EnvoyUpstreamProtocol,
} from './model.js';
import { YamlCursor } from './yaml-cursor.js';

const MENTIONS_ENVOY = /static_resources|staticResources|envoy\.config\.(cluster|listener)\.v3/;
const DISCOVERY_TYPES = new Set(['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST']);
const HTTP_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
const GRPC_FILTER = /grpc_web|grpc_http1_bridge|grpc_json_transcoder|grpc_http1_reverse_bridge/;

interface Source {
  file: string;
  /** The cursor of the bootstrap root, or of each xDS resource. */
  bootstrap?: YamlCursor;
  clusters: YamlCursor[];
  listeners: YamlCursor[];
  /** Paths of file-based CDS/LDS the bootstrap names. */
  resourcePaths: string[];
  dynamicClusters: boolean;
  directory: string;
}

/**
 * Envoy v3 configurations: bootstraps (`static_resources`) in YAML or JSON, file-based xDS resources
 * (`resources:` of Cluster/Listener type) joined to the bootstrap that names them, and bootstraps held in
 * Kubernetes ConfigMaps (positions in the YAML file). Malformed pieces are reported and skipped.
 */
export function parseEnvoy(input: ConfigInput, earlier: Partial<LintFacts> = {}): EnvoyFacts {
  const sources: Source[] = [];
  for (const file of input.files) {
    if (!/\.(ya?ml|json)$/i.test(file.path) || !MENTIONS_ENVOY.test(file.text)) continue;
    for (const doc of input.yaml(file).docs) {
      const source = readSource(doc, file, undefined);
      if (source) sources.push(source);
    }
  }
  const configs: EnvoyConfig[] = [];
  const bootstraps = sources.filter((s) => s.bootstrap);
  const used = new Set<Source>();
  for (const b of bootstraps) {
    const parts = [b];
    for (const other of sources) {
      if (other.bootstrap || used.has(other)) continue;
      if (b.resourcePaths.some((p) => basename(p) === basename(other.file)) || (b.resourcePaths.length > 0 && other.directory === b.directory)) {
        parts.push(other);
        used.add(other);
      }
    }
    configs.push(buildConfig(input, `envoy:${b.file}`, b.file, parts));
  }
  for (const s of sources) if (!s.bootstrap && !used.has(s)) configs.push(buildConfig(input, `envoy:${s.file}`, s.file, [s]));
  configs.push(...embeddedConfigs(input, earlier, new Set(sources.map((s) => s.file))));
  return { configs };
}

function embeddedConfigs(input: ConfigInput, earlier: Partial<LintFacts>, alreadyRead: Set<string>): EnvoyConfig[] {
  const configs: EnvoyConfig[] = [];
  for (const configMap of earlier.kubernetes?.configMaps ?? []) {
    for (const entry of configMap.entries) {
      if (entry.looksLike !== 'envoy' || !MENTIONS_ENVOY.test(entry.text)) continue;
      if (alreadyRead.has(entry.file) && entry.file !== configMap.object?.file) continue;
      const where = { file: entry.file, line: entry.line, column: entry.column, exactLines: entry.exactLines, at: entry.at };
      const place = (p: SourcePosition) => embeddedPosition(p, where);
      const yaml = loadYaml(entry.key, entry.text);
      for (const p of yaml.problems) input.problem(place(p.at), p.message);
      const sources = yaml.docs.flatMap((doc) => readSource(doc, { path: entry.file, absolutePath: entry.file, text: entry.text }, place) ?? []);
      if (sources.length === 0) continue;
      const id = `envoy:${entry.file}#${configMap.namespace ? `${configMap.namespace}/` : ''}${configMap.name}/${entry.key}`;
      configs.push(buildConfig(input, id, entry.file, sources));
    }
  }
  return configs;
}

function readSource(doc: YamlDoc, file: ConfigFile, place: ((p: SourcePosition) => SourcePosition) | undefined): Source | undefined {
  const root = YamlCursor.root(doc, place);
  if (!root.isMap()) return undefined;
  const directory = dirname(file.absolutePath);
  const statics = root.get('static_resources');
  if (statics) {
    const dynamic = root.get('dynamic_resources');
    const resourcePaths: string[] = [];
    let dynamicClusters = false;
    for (const key of ['cds_config', 'lds_config']) {
      const c = dynamic?.get(key);
      if (!c) continue;
      const path = c.get('path')?.string() ?? c.at('path_config_source', 'path')?.string();
      if (path) resourcePaths.push(path);
      else if (key === 'cds_config') dynamicClusters = true;
    }
    if (dynamic?.get('ads_config')) dynamicClusters = true;
    return {
      file: file.path,
      bootstrap: root,
      clusters: statics.get('clusters')?.items() ?? [],
      listeners: statics.get('listeners')?.items() ?? [],
      resourcePaths,
      dynamicClusters,
      directory,
    };
  }
  const resources = root.get('resources')?.items() ?? [];
  const typed = (r: YamlCursor, kind: string) =>
    (r.get('@type')?.string() ?? '').endsWith(`envoy.config.${kind}.v3.${kind === 'cluster' ? 'Cluster' : 'Listener'}`);
  const clusters = resources.filter((r) => typed(r, 'cluster'));
  const listeners = resources.filter((r) => typed(r, 'listener'));
  if (clusters.length === 0 && listeners.length === 0) return undefined;
  return { file: file.path, clusters, listeners, resourcePaths: [], dynamicClusters: false, directory };
}

function buildConfig(input: ConfigInput, id: string, file: string, sources: Source[]): EnvoyConfig {
  const root = sources[0]!.clusters[0] ?? sources[0]!.listeners[0] ?? sources[0]!.bootstrap!;
  const config: EnvoyConfig = {
    id,
    file,
    files: [...new Set(sources.map((s) => s.file))],
    at: sources[0]!.bootstrap?.get('static_resources')?.keyPos() ?? root.pos(),
    clusters: [],
    listeners: [],
    danglingRoutes: [],
    dynamicClusters: sources.some((s) => s.dynamicClusters),
  };
  for (const s of sources) {
    for (const c of s.clusters) {
      const cluster = readCluster(input, config, c);
      if (!cluster) continue;
      if (config.clusters.some((x) => x.name.value === cluster.name.value))
        input.problem(cluster.name.at, `cluster \`${cluster.name.value}\` is defined twice: Envoy refuses the configuration`);
      else config.clusters.push(cluster);
    }
    for (const l of s.listeners) config.listeners.push(readListener(input, l));
  }
  const byName = new Map(config.clusters.map((c) => [c.name.value, c]));
  for (const listener of config.listeners) {
    for (const ref of listener.routes) {
      const cluster = byName.get(ref.cluster.value);
      if (cluster) cluster.usedBy.push(ref);
      else if (!config.dynamicClusters) config.danglingRoutes.push(ref);
    }
  }
  return config;
}

// ---------------------------------------------------------------- clusters

function readCluster(input: ConfigInput, config: EnvoyConfig, c: YamlCursor): EnvoyCluster | undefined {
  const name = c.get('name')?.locatedString();
  if (!c.isMap()) return undefined;
  if (!name) {
    input.problem(c.pos(), 'cluster without a `name`: Envoy refuses it');
    return undefined;
  }
  const typeNode = c.get('type');
  const typeText = typeNode?.string()?.toUpperCase();
  const discovery: EnvoyDiscovery = c.get('cluster_type')
    ? 'OTHER'
    : typeText === undefined
      ? 'STATIC'
      : DISCOVERY_TYPES.has(typeText)
        ? (typeText as EnvoyDiscovery)
        : 'OTHER';
  const keys = c.entries().map(([, v]) => v);
  const cluster: EnvoyCluster = {
    name,
    at: c.pos(),
    discovery,
    endpoints: [],
    healthChecks: [],
    circuitBreakers: [],
    protocol: 'http1',
    insertAt: (keys[1] ?? keys[0] ?? c).keyPos(),
    usedBy: [],
    node: c,
  };
  if (typeNode) cluster.typeAt = typeNode.pos();
  const connect = c.get('connect_timeout');
  if (connect) {
    const seconds = parseEnvoyDuration(connect);
    if (seconds === undefined) input.problem(connect.pos(), `connect_timeout \`${connect.string() ?? '?'}\` is not a duration (e.g. 0.25s)`);
    else cluster.connectTimeout = { value: seconds, at: connect.pos() };
  }
  readEndpoints(input, config, cluster, c);
  for (const h of c.get('health_checks')?.items() ?? []) cluster.healthChecks.push(readHealthCheck(h));
  for (const t of c.at('circuit_breakers', 'thresholds')?.items() ?? []) cluster.circuitBreakers.push(readThresholds(t));
  const outlier = c.get('outlier_detection');
  if (outlier) {
    cluster.outlierDetection = { at: outlier.keyPos() };
    const set = (field: 'consecutive5xx' | 'consecutiveGatewayFailure' | 'maxEjectionPercent', key: string) => {
      const v = outlier.get(key)?.locatedNumber();
      if (v) cluster.outlierDetection![field] = v;
    };
    set('consecutive5xx', 'consecutive_5xx');
    set('consecutiveGatewayFailure', 'consecutive_gateway_failure');
    set('maxEjectionPercent', 'max_ejection_percent');
    const base = outlier.get('base_ejection_time');
    const seconds = base ? parseEnvoyDuration(base) : undefined;
    if (base && seconds !== undefined) cluster.outlierDetection.baseEjectionTime = { value: seconds, at: base.pos() };
  }
  const panic = c.at('common_lb_config', 'healthy_panic_threshold')?.locatedNumber();
  if (panic) cluster.panicThreshold = panic;
  readTls(cluster, c);
  readProtocol(input, cluster, c);
  return cluster;
}

function readEndpoints(input: ConfigInput, config: EnvoyConfig, cluster: EnvoyCluster, c: YamlCursor): void {
  const add = (endpoint: YamlCursor, address: YamlCursor | undefined, healthPort?: YamlCursor) => {
    const id = `${config.id}#${cluster.name.value}/${cluster.endpoints.length}`;
    const socket = address?.get('socket_address');
    const pipe = address?.at('pipe', 'path')?.string();
    const e: EnvoyEndpoint = { id, cluster: cluster.name.value, text: '', at: (address ?? endpoint).pos() };
    if (pipe !== undefined) {
      e.pipe = pipe;
      e.text = `unix:${pipe}`;
    } else if (socket) {
      const host = socket.get('address');
      const port = socket.get('port_value');
      if (host?.string() !== undefined) {
        e.host = host.string()!;
        e.hostAt = host.pos();
      }
      const portNumber = port?.number();
      if (port && portNumber !== undefined && Number.isInteger(portNumber)) {
        e.port = portNumber;
        e.portAt = port.pos();
      } else if (!socket.get('named_port')) input.problem(socket.pos(), `endpoint of cluster \`${cluster.name.value}\` has no \`port_value\``);
      e.text = `${e.host ?? '?'}:${e.port ?? '?'}`;
    } else {
      input.problem((address ?? endpoint).pos(), `endpoint of cluster \`${cluster.name.value}\` has no \`socket_address\``);
      return;
    }
    const hc = healthPort?.locatedNumber();
    if (hc) e.healthCheckPort = hc;
    cluster.endpoints.push(e);
  };
  for (const locality of c.at('load_assignment', 'endpoints')?.items() ?? []) {
    for (const lb of locality.get('lb_endpoints')?.items() ?? []) {
      const endpoint = lb.get('endpoint');
      if (!endpoint) continue;
      add(endpoint, endpoint.get('address'), endpoint.at('health_check_config', 'port_value'));
    }
  }
  const hosts = c.get('hosts');
  if (hosts) {
    input.problem(hosts.keyPos(), `\`hosts\` is an Envoy v2 field that v3 rejects: list the endpoints under \`load_assignment\``);
    for (const h of hosts.items()) add(h, h);
  }
}

function readHealthCheck(h: YamlCursor): EnvoyHealthCheck {
  const check: EnvoyHealthCheck = { at: h.pos(), kind: 'other' };
  const http = h.get('http_health_check');
  if (http) {
    check.kind = 'http';
    const path = http.get('path')?.locatedString();
    if (path) check.path = path;
  } else if (h.get('tcp_health_check')) check.kind = 'tcp';
  else if (h.get('grpc_health_check')) check.kind = 'grpc';
  for (const [field, key] of [
    ['timeout', 'timeout'],
    ['interval', 'interval'],
  ] as const) {
    const node = h.get(key);
    const seconds = node ? parseEnvoyDuration(node) : undefined;
    if (node && seconds !== undefined) check[field] = { value: seconds, at: node.pos() };
  }
  return check;
}

function readThresholds(t: YamlCursor): EnvoyThresholds {
  const out: EnvoyThresholds = { priority: t.get('priority')?.string()?.toUpperCase() ?? 'DEFAULT', at: t.pos() };
  const set = (field: 'maxConnections' | 'maxPendingRequests' | 'maxRequests' | 'maxRetries', key: string) => {
    const v = t.get(key)?.locatedNumber();
    if (v) out[field] = v;
  };
  set('maxConnections', 'max_connections');
  set('maxPendingRequests', 'max_pending_requests');
  set('maxRequests', 'max_requests');
  set('maxRetries', 'max_retries');
  return out;
}

function readTls(cluster: EnvoyCluster, c: YamlCursor): void {
  const sockets = [
    c.get('transport_socket'),
    ...(c
      .get('transport_socket_matches')
      ?.items()
      .map((m) => m.get('transport_socket')) ?? []),
  ];
  for (const socket of sockets) {
    if (!socket) continue;
    const name = socket.get('name')?.string() ?? '';
    const typed = socket.get('typed_config');
    const type = typed?.get('@type')?.string() ?? '';
    if (!/UpstreamTlsContext/.test(type) && !/transport_sockets\.tls$|^tls$/.test(name)) continue;
    const tls: NonNullable<EnvoyCluster['tls']> = { at: socket.keyPos(), alpn: [] };
    const sni = typed?.get('sni')?.locatedString();
    if (sni) tls.sni = sni;
    tls.alpn = (typed?.at('common_tls_context', 'alpn_protocols')?.items() ?? []).flatMap((a) => a.string() ?? []);
    cluster.tls = tls;
    return;
  }
}

function readProtocol(input: ConfigInput, cluster: EnvoyCluster, c: YamlCursor): void {
  const set = (protocol: EnvoyUpstreamProtocol, at: SourcePosition) => {
    cluster.protocol = protocol;
    cluster.protocolAt = at;
  };
  const legacy = c.get('http2_protocol_options');
  if (legacy) set('http2', legacy.keyPos());
  const selection = c.get('protocol_selection');
  if (selection?.string()?.toUpperCase() === 'USE_DOWNSTREAM_PROTOCOL') set('downstream', selection.pos());
  let common = c.get('common_http_protocol_options');
  const typed = c.get('typed_extension_protocol_options');
  const options = typed?.get(HTTP_OPTIONS);
  if (options) {
    const explicit = options.get('explicit_http_config');
    if (explicit?.get('http2_protocol_options')) set('http2', explicit.get('http2_protocol_options')!.keyPos());
    else if (explicit?.get('http_protocol_options')) set('http1', explicit.get('http_protocol_options')!.keyPos());
    else if (options.get('auto_config')) set('auto', options.get('auto_config')!.keyPos());
    else if (options.get('use_downstream_protocol_config')) set('downstream', options.get('use_downstream_protocol_config')!.keyPos());
    common = options.get('common_http_protocol_options') ?? common;
  }
  const idle = common?.get('idle_timeout');
  if (idle) {
    const seconds = parseEnvoyDuration(idle);
    if (seconds === undefined) input.problem(idle.pos(), `idle_timeout \`${idle.string() ?? '?'}\` is not a duration (e.g. 30s)`);
    else cluster.idleTimeout = { value: seconds, at: idle.pos() };
  }
}

// ---------------------------------------------------------------- listeners

function readListener(input: ConfigInput, l: YamlCursor): EnvoyListener {
  const name = l.get('name')?.string() ?? '(unnamed)';
  const socket = l.at('address', 'socket_address');
  const listener: EnvoyListener = { name, at: l.pos(), routes: [], grpcFilters: [] };
  const address = socket?.get('address')?.string();
  const port = socket?.get('port_value')?.number();
  if (address !== undefined) listener.address = address;
  if (port !== undefined) listener.port = port;
  const label = `listener \`${name}\`${port !== undefined ? ` (:${port})` : ''}`;
  for (const chain of l.get('filter_chains')?.items() ?? []) {
    for (const filter of chain.get('filters')?.items() ?? []) {
      const filterName = filter.get('name')?.string() ?? '';
      const typed = filter.get('typed_config');
      const type = typed?.get('@type')?.string() ?? '';
      if (/http_connection_manager/.test(filterName) || /HttpConnectionManager/.test(type)) readHttpManager(input, listener, label, typed);
      else if (/tcp_proxy/.test(filterName) || /TcpProxy/.test(type)) {
        const cluster = typed?.get('cluster')?.locatedString();
        if (cluster) listener.routes.push({ cluster, route: `${label}, tcp_proxy`, kind: 'tcp_proxy' });
        for (const w of typed?.at('weighted_clusters', 'clusters')?.items() ?? []) {
          const n = w.get('name')?.locatedString();
          if (n) listener.routes.push({ cluster: n, route: `${label}, tcp_proxy (weighted)`, kind: 'tcp_proxy' });
        }
      }
    }
  }
  return listener;
}

function readHttpManager(input: ConfigInput, listener: EnvoyListener, label: string, typed: YamlCursor | undefined): void {
  if (!typed) return;
  for (const f of typed.get('http_filters')?.items() ?? []) {
    const n = f.get('name')?.locatedString();
    const type = f.at('typed_config', '@type')?.string() ?? '';
    if (n && (GRPC_FILTER.test(n.value) || GRPC_FILTER.test(type.toLowerCase()))) listener.grpcFilters.push(n);
  }
  const hosts = typed.at('route_config', 'virtual_hosts')?.items() ?? [];
  for (const vh of hosts) {
    const vhName = vh.get('name')?.string();
    for (const r of vh.get('routes')?.items() ?? []) {
      const match = r.get('match');
      const matchText =
        match?.get('prefix')?.string() ??
        match?.get('path')?.string() ??
        match?.get('path_separated_prefix')?.string() ??
        match?.at('safe_regex', 'regex')?.string() ??
        '?';
      const where = `${label}${hosts.length > 1 && vhName ? `, virtual host \`${vhName}\`` : ''}, route \`${matchText}\``;
      const grpcMatch = match?.get('grpc');
      const grpcHeader = match
        ?.get('headers')
        ?.items()
        .find((h) => /^content-type$/i.test(h.get('name')?.string() ?? '') && /grpc/.test(JSON.stringify(h.value)));
      const grpc = grpcMatch
        ? { reason: `route \`${matchText}\` matches gRPC requests (\`match.grpc\`)`, at: grpcMatch.keyPos() }
        : grpcHeader
          ? { reason: `route \`${matchText}\` matches \`content-type: application/grpc\``, at: grpcHeader.pos() }
          : listener.grpcFilters[0]
            ? { reason: `${label} runs \`${listener.grpcFilters[0].value}\`, which sends gRPC upstream`, at: listener.grpcFilters[0].at }
            : undefined;
      const action = r.get('route');
      if (!action) continue;
      const timeoutNode = action.get('timeout');
      const timeout = timeoutNode ? parseEnvoyDuration(timeoutNode) : undefined;
      const push = (cluster: YamlCursor | undefined, kind: EnvoyClusterRef['kind']) => {
        const located = cluster?.locatedString();
        if (!located) return;
        const ref: EnvoyClusterRef = { cluster: located, route: where, kind };
        if (grpc) ref.grpc = grpc;
        if (timeoutNode && timeout !== undefined) ref.timeout = { value: timeout, at: timeoutNode.pos() };
        listener.routes.push(ref);
      };
      push(action.get('cluster'), 'route');
      for (const w of action.at('weighted_clusters', 'clusters')?.items() ?? []) push(w.get('name'), 'weighted');
      for (const m of action.get('request_mirror_policies')?.items() ?? []) push(m.get('cluster'), 'mirror');
      if (!action.get('cluster') && !action.get('weighted_clusters') && !action.get('cluster_header') && !action.get('cluster_specifier_plugin'))
        input.problem(action.keyPos(), `route \`${matchText}\` of ${label} names no cluster`);
    }
  }
}

// ---------------------------------------------------------------- values

/** Proto durations: `"0.25s"`, `5s`, `{seconds: 1, nanos: 500000000}`; also `ms`/`m`/`h` that people write. */
export function parseEnvoyDuration(node: YamlCursor): number | undefined {
  if (node.isMap()) {
    const seconds = node.get('seconds')?.number() ?? 0;
    const nanos = node.get('nanos')?.number() ?? 0;
    return seconds + nanos / 1e9;
  }
  const text = node.string()?.trim();
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!m) return undefined;
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * factor;
}
