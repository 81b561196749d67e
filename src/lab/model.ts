/**
 * What a lab scenario is, as data: the hosts (each a network namespace), the networks between them (bridges),
 * the services running on the hosts (a real nginx or HAProxy, small real Node backends), the faults, the traffic
 * and what updoc must conclude. One declaration renders both the runtime and the files a user of that setup
 * would have (Compose file + proxy config, or a VM's /etc files), see `render/`.
 */
import type { CauseId } from '../core/ids.js';

/**
 * `compose`: every service is a container with its own namespace; `vm`: plain Linux hosts running several services;
 * `kubernetes`: every workload is a pod on one pod network, reached through Services.
 */
export type LabPlatform = 'compose' | 'vm' | 'kubernetes';

export interface ScenarioSpec {
  /** Lower-case words joined by '-'; part of namespace names, so at most 32 characters. */
  name: string;
  /** The taxonomy cause updoc must name first; null for the healthy baseline (updoc must report no problem). */
  cause: CauseId | null;
  /** One sentence: what is broken, as a user would describe the setup. */
  description: string;
  /** Longer explanation for the rendered README: what happens and what to look at. */
  story: string;
  platform: LabPlatform;
  /** Compose project name (containers are `<project>-<service>-1`), the Kubernetes namespace, or the VMs' domain. */
  project: string;
  /** Kubernetes Services (ClusterIPs from 198.19.0.0/24, kube-proxy's rules as nft in every pod). */
  services?: KubernetesServiceSpec[];
  /** Networks in declaration order (Compose networks, or the VMs' LAN). */
  networks: string[];
  hosts: HostSpec[];
  proxy: ProxySpec;
  backends: BackendSpec[];
  faults?: FaultSpec[];
  traffic: TrafficSpec;
  /** Which of updoc's analyses must name `cause` first (the others still run and are shown). */
  checks: CheckSpec;
  /** Messages the reproduction must produce: the lines users see in production for this failure. */
  evidence: EvidenceSpec[];
}

export interface HostSpec {
  /** The Compose service (container) or the VM's hostname. */
  name: string;
  networks: string[];
}

/** Where the proxy runs and how it is configured. */
export type ProxySpec = NginxProxySpec | HaproxyProxySpec;

interface ProxyBase {
  /** Compose service / systemd unit name. */
  service: string;
  host: string;
  /** Port the proxy listens on inside its host (Compose publishes it as `publishedPort`). */
  port: number;
  publishedPort: number;
  image: string;
  /** Compose `depends_on`: plain list, or with `condition: service_healthy`; absent = none. */
  dependsOn?: { services: string[]; healthy: boolean };
  /** The proxy is expected to exit at start-up (e.g. an unresolvable upstream): the lab does not wait for it. */
  failsToStart?: boolean;
  /** Kubernetes pod labels. */
  labels?: Record<string, string>;
}

export interface NginxProxySpec extends ProxyBase {
  kind: 'nginx';
  /** `resolver` directive (Docker's embedded DNS is 127.0.0.11). */
  resolver?: string;
  upstreams: NginxUpstream[];
  locations: NginxLocation[];
}

export interface NginxUpstream {
  name: string;
  servers: { address: string; params?: string }[];
  /** Extra directives inside the block (`keepalive 16;`, `keepalive_timeout 4s;`), without the semicolon. */
  directives?: string[];
}

export interface NginxLocation {
  path: string;
  /** Directives in order, without the semicolon (`proxy_pass http://api:3000`, `proxy_read_timeout 1s`). */
  directives: string[];
}

export interface HaproxyProxySpec extends ProxyBase {
  kind: 'haproxy';
  /** `defaults` timeouts etc., without the leading indentation. */
  defaults: string[];
  backend: { name: string; options: string[]; servers: { name: string; address: string; params?: string }[] };
}

/** A small real Node HTTP server (src/lab/backend-server.ts) whose behaviour the scenario sets. */
export interface BackendSpec {
  /** Compose service / systemd unit. */
  service: string;
  host: string;
  /** What the rendered files say runs there (`node:20-alpine`, `["node", "server.js"]`). */
  image: string;
  command: string[];
  /** Environment the rendered files give the app (HOST/PORT are the ones tools read for the bind address and port). */
  environment: Record<string, string>;
  /** Compose `expose:` ports. */
  expose: number[];
  /** Compose healthcheck against this path on the app's own port (run inside its container). */
  healthcheck?: string;
  /** Compose `ulimits: nofile` (and the real limit the process gets through prlimit). */
  fdLimit?: number;
  /** Whether the lab starts the process at all (false = the service is down). */
  started: boolean;
  /** Kubernetes pod labels (Services select on them). */
  labels?: Record<string, string>;
  behaviour: BackendBehaviour;
}

/** What the backend process really does; rendered into its runtime spec file. */
export interface BackendBehaviour {
  /** Address and port it binds (`0.0.0.0`, `127.0.0.1`, `::`). */
  bind: string;
  port: number;
  /** Serves HTTPS with a certificate the lab makes at `up`. */
  tls?: boolean;
  /** Waits this long before listening (a slow boot: migrations, caches). */
  startDelayMs?: number;
  /** Node's `server.keepAliveTimeout` (its default is 5000). */
  keepAliveTimeoutMs?: number;
  /**
   * The keep-alive race, made deterministic: a connection idle for at least this long is closed when the next
   * request arrives on it, without an answer — what happens when the server's idle timer and the proxy's reuse
   * meet. (Node's own idle timer is disabled then, so the race is the only way such a connection ends.)
   */
  closeIdleOnReuseMs?: number;
  /** Extra time before answering, on every path or on those starting with `slowPath`. */
  latencyMs?: number;
  slowPath?: string;
  /** Requests starting with this path crash the worker mid-response (headers and part of the body sent). */
  crashPath?: string;
  /** Status for every request except the health path (e.g. 503 while its database is down). */
  status?: number;
  /** Status of the health path (default 200). */
  healthStatus?: number;
  healthPath?: string;
  /** Read a file on every request (a template): one more descriptor per request in flight. */
  readFilePerRequest?: boolean;
  /** Run as a cluster primary that forks one worker and forks a new one when it dies (pm2 / Docker restart). */
  restartWorker?: boolean;
}

export interface KubernetesServiceSpec {
  name: string;
  port: number;
  /** A number, or the name of a container port. */
  targetPort: number | string;
  selector: Record<string, string>;
}

export type FaultSpec = { kind: 'nft-drop'; host: string; port: number; description: string };

export interface TrafficSpec {
  /** Wait after the proxy is up before the first request (health checks settle, a slow boot is under way). */
  startAfterMs?: number;
  phases: TrafficPhase[];
  /** Per request. */
  timeoutMs: number;
  /** Whole drive. */
  deadlineMs: number;
  /** What the client must see for the reproduction to count (besides the log evidence). */
  expect: ClientExpectation[];
}

export interface TrafficPhase {
  count: number;
  method: 'GET' | 'POST';
  path: string;
  /** Between request starts (ms); 0 = all at once (bounded by concurrency). */
  intervalMs: number;
  /** Requests in flight at once (default 1). */
  concurrency?: number;
  /** Pause before this phase starts. */
  pauseBeforeMs?: number;
}

/** `outcome` is an HTTP status or a client error code (ECONNREFUSED, ECONNRESET, TIMEOUT). */
export interface ClientExpectation {
  outcome: number | string;
  atLeast?: number;
  /** Every request had this outcome. */
  all?: boolean;
}

export type CheckName = 'logs' | 'lint' | 'probe' | 'diagnose';
/** The single-source analyses, each seeing one kind of evidence. */
export type SingleCheck = Exclude<CheckName, 'diagnose'>;

/**
 * updoc's analyses all run on every scenario. `diagnose` (all the evidence at once) gives the verdict: `lab run`
 * matches when it names the scenario's cause first (the healthy baseline: reports no problem). `namedBy` lists the
 * single-source analyses whose own evidence holds the cause (logs that name it, configs that show it, a live path
 * that proves it); the end-to-end tests hold each of them to naming it first too, so a regression in one command
 * shows even when diagnose's other evidence hides it. The others are shown.
 */
export interface CheckSpec {
  namedBy: SingleCheck[];
  /**
   * `updoc logs` reads the proxy's logs, and these backends' logs too where the evidence lives there (a user
   * pastes both).
   */
  logsBackends?: string[];
  /** `updoc probe TARGET --from netns:<proxy's namespace>`: the URL the proxy is configured to reach. */
  probeTarget: string;
  /**
   * Analyses of `namedBy` that currently name another cause first on this faithful reproduction: findings about
   * updoc, each with what it said and what it missed. The tests assert they still miss, so a fix shows up as a
   * test to update (remove the entry) rather than silently. `diagnose` has none: it must name every cause.
   */
  knownMisses?: Partial<Record<SingleCheck, string>>;
}

export interface EvidenceSpec {
  /** `proxy` or a backend service name: whose logs must contain it. */
  source: string;
  pattern: RegExp;
  /** The knowledge-base signature that line must be classified as by `updoc logs`. */
  signature?: string;
}
