import type { Located, SourcePosition } from '../../core/position.js';

/**
 * What the Traefik parser gathers: the Traefik instances (Compose services running the image, with their static
 * settings from flags, environment and `traefik.yml|toml`), the routers and services of dynamic configuration
 * files (file provider, YAML or TOML), and the routers and services Compose labels declare (Docker provider).
 */
export interface TraefikFacts {
  instances: TraefikInstance[];
  files: TraefikDynamicFile[];
  containers: TraefikContainer[];
  /** Kubernetes CRD routes (`IngressRoute`, `IngressRouteTCP`) of the Kubernetes provider. */
  ingressRoutes: TraefikIngressRoute[];
}

export interface TraefikIngressRoute {
  /** Also the topology ProxyNode id: `traefik:k8s:<namespace>/<kind>/<name>`. */
  id: string;
  kind: 'IngressRoute' | 'IngressRouteTCP';
  name: string;
  namespace?: string;
  file: string;
  at: SourcePosition;
  /** Each Service a route sends to (TraefikService references are skipped). */
  services: {
    /** Topology target id. */
    id: string;
    match?: string;
    name: Located<string>;
    namespace?: string;
    /** Service port by number or by name. */
    port?: Located<number | string>;
    at: SourcePosition;
  }[];
}

export interface TraefikInstance {
  /** `traefik:compose:<project>/<service>` or `traefik:static:<file>`. */
  id: string;
  label: string;
  /** Topology runtime id of the Compose service running it. */
  runtimeId?: string;
  /** Id of the Compose project it runs in. */
  project?: string;
  staticFile?: string;
  /** The Docker provider's settings (flags, env and static file merged; flags win). */
  docker: {
    /** Configured (`--providers.docker`, `providers: docker:`), or assumed when nothing says (labels are then read). */
    configured: boolean;
    /** Default true. */
    exposedByDefault: boolean;
    exposedByDefaultAt?: SourcePosition;
    network?: Located<string>;
  };
  at: SourcePosition;
}

export interface TraefikDynamicFile {
  /** Also the topology ProxyNode id: `traefik:<file>`. */
  id: string;
  file: string;
  format: 'yaml' | 'toml';
  routers: TraefikRouter[];
  services: TraefikService[];
  at: SourcePosition;
}

export type TraefikProtocol = 'http' | 'tcp' | 'udp';

export interface TraefikRouter {
  name: string;
  protocol: TraefikProtocol;
  provider: 'file' | 'docker';
  nameAt: SourcePosition;
  rule?: Located<string>;
  /** As written: `api`, `api@file`, `api@docker`, `api@internal`. */
  service?: Located<string>;
  at: SourcePosition;
}

export interface TraefikService {
  name: string;
  protocol: TraefikProtocol;
  provider: 'file' | 'docker' | 'kubernetescrd';
  nameAt: SourcePosition;
  at: SourcePosition;
  kind: 'loadBalancer' | 'weighted' | 'mirroring' | 'failover' | 'auto';
  /** Services a weighted / mirroring / failover service names. */
  children: Located<string>[];
  servers: TraefikServer[];
  /** Docker labels: `loadbalancer.server.port` and `.scheme`. */
  port?: Located<number>;
  scheme?: Located<string>;
  healthCheck?: { path?: Located<string>; port?: Located<number>; at: SourcePosition };
}

/** One place a service sends requests to. */
export interface TraefikServer {
  /** Topology target id. */
  id: string;
  /** `http://api:3000` (file provider `url`), `api:5432` (TCP `address`), or the container and port (Docker). */
  text: string;
  scheme: string;
  host?: string;
  port?: number;
  defaultPort?: number;
  hostAt?: SourcePosition;
  portAt?: SourcePosition;
  at: SourcePosition;
  /** Placeholders or templates in the value: only known at run time. */
  dynamic?: boolean;
  /** Docker provider: the port was detected (no port label), and from what. */
  detectedFrom?: string;
}

/** A Compose service as the Docker provider sees it through its labels. */
export interface TraefikContainer {
  /** Compose project id and service name. */
  project: string;
  service: string;
  runtimeId: string;
  /** Traefik instance whose Docker provider reads it. */
  instance?: string;
  /** `traefik.enable` label. */
  enable?: Located<boolean>;
  /** `traefik.docker.network` label. */
  network?: Located<string>;
  routers: TraefikRouter[];
  services: TraefikService[];
  /** Where labels can be added (the first `traefik.*` label), and whether they are a list (`- key=value`) or a map. */
  labelsAt: SourcePosition;
  labelsForm: 'list' | 'map';
  /** Ports Traefik's port detection sees (ports, expose, Dockerfile EXPOSE, image defaults), lowest first. */
  exposedPorts: number[];
}
