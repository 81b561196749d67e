import type { Located, SourcePosition } from '../../core/position.js';
import type { YamlCursor } from './yaml-cursor.js';

/**
 * What the Envoy parser gathers: one entry per Envoy configuration (a v3 bootstrap with `static_resources`, the
 * file-based CDS/LDS resources beside it, or a bootstrap held in a Kubernetes ConfigMap), with the clusters and
 * listeners it defines and where every value is written.
 */
export interface EnvoyFacts {
  configs: EnvoyConfig[];
}

export interface EnvoyConfig {
  /** Also the topology ProxyNode id: `envoy:<file>` (`envoy:<file>#<ns>/<configmap>/<key>` when embedded). */
  id: string;
  file: string;
  files: string[];
  at: SourcePosition;
  clusters: EnvoyCluster[];
  listeners: EnvoyListener[];
  /** Routes that name a cluster this configuration does not define (and cannot get elsewhere: no CDS). */
  danglingRoutes: EnvoyClusterRef[];
  /** Clusters come from a management server (CDS over gRPC/ADS): a name missing here may be defined there. */
  dynamicClusters: boolean;
}

export type EnvoyDiscovery = 'STATIC' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'EDS' | 'ORIGINAL_DST' | 'OTHER';

export type EnvoyUpstreamProtocol = 'http1' | 'http2' | 'auto' | 'downstream';

export interface EnvoyCluster {
  name: Located<string>;
  at: SourcePosition;
  /** `type` as written (default STATIC); `cluster_type` extensions (dynamic forward proxy …) are OTHER. */
  discovery: EnvoyDiscovery;
  typeAt?: SourcePosition;
  /** Seconds; Envoy's default is 5 s. */
  connectTimeout?: Located<number>;
  endpoints: EnvoyEndpoint[];
  healthChecks: EnvoyHealthCheck[];
  circuitBreakers: EnvoyThresholds[];
  outlierDetection?: EnvoyOutlierDetection;
  /** `common_lb_config.healthy_panic_threshold` in percent (Envoy's default 50). */
  panicThreshold?: Located<number>;
  /** Upstream TLS (`transport_socket` with an UpstreamTlsContext). */
  tls?: { at: SourcePosition; sni?: Located<string>; alpn: string[] };
  /** HTTP version Envoy speaks to the endpoints (HTTP/1.1 unless configured). */
  protocol: EnvoyUpstreamProtocol;
  /** Where HTTP/2 (or auto/downstream) is configured; absent for the HTTP/1.1 default. */
  protocolAt?: SourcePosition;
  /** Idle timeout of upstream connections in seconds (Envoy's default 1 h). */
  idleTimeout?: Located<number>;
  /** Where `typed_extension_protocol_options` (or the cluster's first key) is: where protocol options are added. */
  insertAt: SourcePosition;
  /** Routes that send requests here. */
  usedBy: EnvoyClusterRef[];
  /** The cluster's cursor, for positions of fields not kept here. */
  node: YamlCursor;
}

export interface EnvoyEndpoint {
  /** Topology target id. */
  id: string;
  cluster: string;
  /** `address:port_value` as written, for messages. */
  text: string;
  host?: string;
  port?: number;
  pipe?: string;
  hostAt?: SourcePosition;
  portAt?: SourcePosition;
  at: SourcePosition;
  /** `health_check_config.port_value`: health checks go to this port instead. */
  healthCheckPort?: Located<number>;
}

export interface EnvoyHealthCheck {
  at: SourcePosition;
  kind: 'http' | 'tcp' | 'grpc' | 'other';
  path?: Located<string>;
  timeout?: Located<number>;
  interval?: Located<number>;
}

export interface EnvoyThresholds {
  priority: string;
  at: SourcePosition;
  maxConnections?: Located<number>;
  maxPendingRequests?: Located<number>;
  maxRequests?: Located<number>;
  maxRetries?: Located<number>;
}

export interface EnvoyOutlierDetection {
  at: SourcePosition;
  consecutive5xx?: Located<number>;
  consecutiveGatewayFailure?: Located<number>;
  /** Percent; Envoy's default 10 (yet at least one host is always ejectable). */
  maxEjectionPercent?: Located<number>;
  baseEjectionTime?: Located<number>;
}

export interface EnvoyListener {
  name: string;
  at: SourcePosition;
  address?: string;
  port?: number;
  routes: EnvoyClusterRef[];
  /** HTTP filters that need HTTP/2 (gRPC) toward the upstream: grpc_web, grpc_http1_bridge, grpc_json_transcoder. */
  grpcFilters: Located<string>[];
}

/** A place that sends requests to a cluster by name. */
export interface EnvoyClusterRef {
  cluster: Located<string>;
  /** "listener `ingress` (:10000), route `/api`" */
  route: string;
  kind: 'route' | 'weighted' | 'mirror' | 'tcp_proxy';
  /** The route's `timeout` in seconds (Envoy's default 15 s; 0 disables it). */
  timeout?: Located<number>;
  /** The route matches gRPC requests only (`match.grpc`) or its listener transforms to gRPC. */
  grpc?: { reason: string; at: SourcePosition };
}
