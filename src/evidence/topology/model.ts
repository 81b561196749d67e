import type { CauseId } from '../../core/ids.js';
import type { SourcePosition } from '../../core/position.js';

/**
 * The topology: one graph for everything `updoc lint` was given. A request is followed from a proxy's
 * route to its upstream target, through name resolution and networks, to the service, the workload and
 * the port the process listens on. Every edge is resolved, broken (with the reason) or unknown (the
 * configs given do not say).
 */

export type RuntimePlatform = 'host' | 'compose' | 'kubernetes';

/** Where a process runs, i.e. its network identity: what `localhost` means to it and which names it can resolve. */
export interface RuntimeRef {
  platform: RuntimePlatform;
  /** `compose:<project>/<service>`, `k8s:<namespace>/<Kind>/<name>`, `host`. */
  id: string;
  /** For people: "Compose service `proxy`", "Deployment `web` (namespace `shop`)". */
  label: string;
}

export type ProxyProduct = 'nginx' | 'haproxy' | 'envoy' | 'traefik' | 'caddy' | 'kubernetes-ingress' | 'gateway-api' | 'istio' | 'cloud-lb';

export interface ProxyNode {
  id: string;
  product: ProxyProduct;
  /** "nginx (nginx/nginx.conf)", "Ingress `shop/web`". */
  label: string;
  /** The main config file, used to find the runtime that mounts it. */
  configFile?: string;
  at?: SourcePosition;
  /** Filled by the topology builder (a contributor's `locate`) when the configs tell where it runs. */
  runtime?: RuntimeRef;
}

/** A place a proxy sends requests to, as written in its config. */
export interface UpstreamTarget {
  id: string;
  proxyId: string;
  /** The route that leads here: "server api.example.com, location /api/", "frontend fe → backend be". */
  route?: string;
  /** Host as written (name or IP literal); absent for unix sockets. */
  host?: string;
  port?: number;
  /** Port used when none is written (80 for http, 443 for https …); `port` stays undefined then. */
  defaultPort?: number;
  scheme?: string;
  unixSocket?: string;
  /** Contains variables resolved at request time (nginx `$backend`), so cannot be followed statically. */
  dynamic?: boolean;
  /** Kubernetes-style references carry a namespace; names inside a namespace resolve relative to it. */
  namespace?: string;
  /** The value as written, for messages and fixes. */
  text: string;
  at: SourcePosition;
}

/** Something that listens: a Compose service, a Kubernetes workload's container, a Spring app, a host process. */
export interface BackendNode {
  id: string;
  runtime: RuntimeRef;
  label: string;
  listens: ListenSpec[];
  at?: SourcePosition;
}

export interface ListenSpec {
  port: number;
  /** Bind address when the config says (`127.0.0.1` = loopback only); undefined = unknown/wildcard by default. */
  address?: string;
  name?: string;
  protocol?: 'tcp' | 'udp' | 'sctp';
  /** Which setting says so: "containerPort", "server.port", "expose", "listen". */
  source: string;
  at?: SourcePosition;
}

export type EdgeStatus = 'resolved' | 'broken' | 'unknown';

export interface PathStep {
  kind: 'proxy' | 'route' | 'target' | 'dns' | 'network' | 'service' | 'endpoints' | 'workload' | 'port' | 'listen' | 'policy' | 'mesh' | 'health';
  status: EdgeStatus;
  /** "api:3000", "Compose service `api`", "✗ no Compose service `api` on network `front`". */
  text: string;
  at?: SourcePosition;
}

/** What a target resolves to, seen from the runtime the proxy runs in. */
export interface TargetResolution {
  status: EdgeStatus;
  steps: PathStep[];
  backend?: BackendNode;
  /** The listen spec the request lands on, when resolved to one. */
  listen?: ListenSpec;
  problem?: PathProblem;
}

/** Why a path is broken (or cannot be followed), for rules and for people. */
export interface PathProblem {
  cause: CauseId;
  reason: string;
  /**
   * Set when the value to change is not in the proxy's own config but in a Compose file or in Kubernetes/Istio
   * objects: the rules of that platform report it there, once, and the proxy's rules stay silent.
   */
  fixIn?: 'compose' | 'kubernetes';
}

export interface ResolvedPath extends TargetResolution {
  proxy: ProxyNode;
  target: UpstreamTarget;
}

export interface TopologyEdge {
  from: string;
  to: string;
  kind: 'routes-to' | 'resolves-to' | 'selects' | 'runs' | 'listens' | 'member-of' | 'allows' | 'depends-on';
  status: EdgeStatus;
  reason?: string;
  at?: SourcePosition;
}

export interface Topology {
  proxies: ProxyNode[];
  targets: UpstreamTarget[];
  backends: BackendNode[];
  /** Every target of every proxy, followed. Cross-layer rules read these. */
  paths: ResolvedPath[];
  edges: TopologyEdge[];
}
