import type { Located, SourcePosition } from '../../core/position.js';
import type { YamlDoc } from '../yaml/load-yaml.js';
import type { KubeIndex } from './index-objects.js';

/**
 * What the Kubernetes parser gathers: every object of every YAML/JSON document with `apiVersion` and
 * `kind` (Kubernetes, Gateway API, Istio and unknown CRDs alike), plus typed views of the kinds that
 * decide whether a request reaches a process. Every value a rule may cite keeps its position.
 *
 * Namespaces: `namespace` is undefined when neither `metadata.namespace` nor an enclosing
 * kustomization.yaml sets it ("unspecified": applied wherever `kubectl -n` points). Unspecified objects are
 * compatible with every namespace, so no rule reports a cross-namespace mismatch on them.
 */
export interface KubernetesFacts {
  objects: KubeObject[];
  workloads: Workload[];
  services: Service[];
  /** Endpoints and EndpointSlices, keyed by the Service they back. */
  endpoints: ManualEndpoints[];
  /** Pods with a `status` block (live objects from `kubectl get -o yaml`); manifests have none. */
  pods: LivePod[];
  /** `kind: Event` objects (core/v1 and events.k8s.io/v1), e.g. from `kubectl get events -o yaml`. */
  events: KubeEvent[];
  ingresses: Ingress[];
  ingressClasses: IngressClass[];
  namespaces: NamespaceObject[];
  networkPolicies: NetworkPolicy[];
  configMaps: ConfigMap[];
  limitRanges: LimitRange[];
  gatewayApi: {
    gateways: GatewayApiGateway[];
    routes: GatewayRoute[];
    referenceGrants: ReferenceGrant[];
  };
  istio: IstioFacts;
  /** Lookups shared by the topology and the rules (by kind/namespace/name, labels, DNS names). */
  index: KubeIndex;
}

export type YamlPath = readonly (string | number)[];

/** One object as written. Positions of any field come from `pos(path)` (path relative to the object). */
export interface KubeObject {
  apiVersion: string;
  /** API group (`apps`, `networking.k8s.io`, `networking.istio.io`; '' for core). */
  group: string;
  kind: string;
  name: string;
  namespace?: string;
  /** Where the namespace came from: the object itself or the kustomization.yaml that includes its file. */
  namespaceFrom?: 'metadata' | 'kustomization';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  file: string;
  /** First and last line of the object (its document, or its item of a `List`). */
  startLine: number;
  endLine: number;
  /** Template the object was rendered from (Helm's `# Source: chart/templates/x.yaml` comment). */
  helmSource?: string;
  value: Record<string, unknown>;
  /** Position of `metadata.name` (or of the object when it has none). */
  at: SourcePosition;
  pos(path: YamlPath): SourcePosition;
  keyPos(path: YamlPath): SourcePosition;
  /** The document the object lives in, and its path in it (non-empty for `List` items). */
  doc: YamlDoc;
  base: YamlPath;
}

/** `matchLabels` + `matchExpressions`; a Service selector is matchLabels only. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
  /** Position of the selector (for `{}` and messages) and of each matchLabels value. */
  at: SourcePosition;
  labelAt: Record<string, SourcePosition>;
  keyAt: Record<string, SourcePosition>;
}

// ---------------------------------------------------------------- workloads

export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
  'Rollout',
  'DeploymentConfig',
] as const;

export interface Workload {
  object: KubeObject;
  /** `spec.replicas` when written; Deployments default to 1, DaemonSets have one per node. */
  replicas?: number;
  /** The controller's own selector (absent for Pods and for kinds that default it). */
  selector?: LabelSelector;
  template: PodTemplate;
  /** Path of the pod template inside the object (`spec.template`, `spec.jobTemplate.spec.template`, []). */
  templatePath: YamlPath;
  /** StatefulSet `serviceName` (its headless Service). */
  serviceName?: string;
}

export interface PodTemplate {
  labels: Record<string, string>;
  labelAt: Record<string, SourcePosition>;
  /** Position of `metadata.labels` (or of the template when it has none): where a label is added. */
  labelsAt: SourcePosition;
  annotations: Record<string, string>;
  /** Main containers, native sidecars (`initContainers` with `restartPolicy: Always`) and plain init containers. */
  containers: Container[];
  hostNetwork: boolean;
  volumes: PodVolume[];
  runAsUser?: Located<number>;
}

export type ContainerRole = 'main' | 'sidecar' | 'init';

export interface Container {
  name: string;
  image: string;
  role: ContainerRole;
  ports: ContainerPort[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  env: EnvVar[];
  command: Located<string>[];
  args: Located<string>[];
  volumeMounts: { name: string; mountPath: string; subPath?: string }[];
  runAsUser?: Located<number>;
  /**
   * `resources.limits.memory`, when it is a memory quantity. 0 bytes is no limit (the runtime sets none), and
   * a LimitRange default does not replace it (admission fills in only a limit that is absent).
   */
  memoryLimit?: MemoryQuantity;
  /** `resources.limits.memory` as written when it is not a memory quantity (Kubernetes refuses the object). */
  malformedMemoryLimit?: Located<string>;
  at: SourcePosition;
  /** Path of the container inside the object, for positions of fields not kept here. */
  path: YamlPath;
}

/** A memory quantity as written (`768Mi`) and in bytes. */
export interface MemoryQuantity {
  bytes: number;
  quantity: string;
  at: SourcePosition;
}

/** A LimitRange: what admission fills in for containers of its namespace that set no limit of their own. */
export interface LimitRange {
  object: KubeObject;
  /** The `default` memory limit of its first `type: Container` item that has one above 0 bytes. */
  defaultMemory?: MemoryQuantity;
}

export interface ContainerPort {
  containerPort?: Located<number>;
  /** The value as written (for syntax checks: a string, 0, 70000 …). */
  rawPort: Located<unknown>;
  name?: Located<string>;
  protocol: string;
  at: SourcePosition;
}

export interface Probe {
  type: 'readiness' | 'liveness' | 'startup';
  handler: 'http' | 'tcp' | 'grpc' | 'exec' | 'none';
  /** Port by number or by name; absent for exec probes. */
  port?: Located<number | string>;
  path?: string;
  /** `httpGet.scheme`: what the kubelet speaks to the port (HTTP unless written). */
  scheme?: 'HTTP' | 'HTTPS';
  at: SourcePosition;
}

export interface EnvVar {
  name: string;
  /** Literal value; absent when it comes from `valueFrom`. */
  value?: Located<string>;
  at: SourcePosition;
}

export interface PodVolume {
  name: string;
  /** ConfigMaps the volume projects (a `configMap` volume or `projected.sources[].configMap`). */
  configMaps: string[];
}

// ---------------------------------------------------------------- services

export interface Service {
  object: KubeObject;
  type: string;
  clusterIP?: string;
  /** `clusterIP: None`: DNS returns the pods' addresses, so clients connect to container ports directly. */
  headless: boolean;
  externalName?: Located<string>;
  /** Absent when the Service has no selector (or an empty one): endpoints are managed by hand. */
  selector?: LabelSelector;
  ports: ServicePort[];
  publishNotReadyAddresses: boolean;
}

export interface ServicePort {
  name?: Located<string>;
  /** Valid port number, when it is one. */
  port?: number;
  rawPort: Located<unknown>;
  /** `targetPort` as written; absent means "same as port". */
  targetPort?: Located<number | string>;
  rawTargetPort?: Located<unknown>;
  protocol: string;
  appProtocol?: string;
  at: SourcePosition;
  index: number;
}

/** Endpoints or EndpointSlice objects that back a selector-less Service. */
export interface ManualEndpoints {
  object: KubeObject;
  serviceName: string;
  namespace?: string;
  addressCount: number;
  ports: { name?: string; port?: number }[];
  /** Every address with its readiness (Endpoints `notReadyAddresses`, EndpointSlice `conditions.ready: false`). */
  addresses: EndpointAddress[];
}

export interface EndpointAddress {
  ip: string;
  /** False only when the object says so: an EndpointSlice without `conditions.ready` counts as ready. */
  ready: boolean;
  /** `targetRef` Pod name, when given. */
  podName?: string;
  at: SourcePosition;
}

// ---------------------------------------------------------------- live status

/** A Pod's `status` as `kubectl get -o yaml` shows it. */
export interface LivePod {
  /** The Pod as a workload (its spec is its own pod template). */
  workload: Workload;
  phase?: string;
  /** The `Ready` condition, when present. */
  ready?: { status: string; reason?: string; message?: string; at: SourcePosition };
  containers: LiveContainer[];
  /** `metadata.deletionTimestamp` is set: the pod is going away, NotReady is expected. */
  terminating: boolean;
  /** The controller from `ownerReferences` (`ReplicaSet web-6d8f7c9b5d`). */
  owner?: { kind: string; name: string };
}

export interface LiveContainer {
  name: string;
  ready: boolean;
  restartCount: number;
  /** `state.waiting.reason` (`CrashLoopBackOff`, `ImagePullBackOff`, `ContainerCreating` …). */
  waiting?: string;
  /** `lastState.terminated` (or `state.terminated`): why the previous run ended. */
  lastTerminated?: { reason?: string; exitCode?: number };
  at: SourcePosition;
}

export interface KubeEvent {
  object: KubeObject;
  /** The object the event is about (`involvedObject` / `regarding`). */
  involvedKind?: string;
  involvedName: string;
  involvedNamespace?: string;
  reason: string;
  message: string;
  count: number;
  type?: string;
  at: SourcePosition;
}

// ---------------------------------------------------------------- ingress

export interface Ingress {
  object: KubeObject;
  ingressClassName?: Located<string>;
  /** The legacy `kubernetes.io/ingress.class` annotation. */
  classAnnotation?: Located<string>;
  backends: IngressBackend[];
}

export interface IngressBackend {
  /** "host shop.example.com, path /api" or "default backend". */
  route: string;
  serviceName?: Located<string>;
  /** Port by number or by name, as written. */
  port?: Located<number | string>;
  /** A `resource` backend (not a Service). */
  resource?: boolean;
  at: SourcePosition;
}

export interface IngressClass {
  object: KubeObject;
  controller?: string;
  isDefault: boolean;
}

export interface NamespaceObject {
  object: KubeObject;
  /** Labels including the implicit `kubernetes.io/metadata.name`. */
  labels: Record<string, string>;
}

// ---------------------------------------------------------------- Gateway API

export interface GatewayApiGateway {
  object: KubeObject;
  className?: string;
  listeners: { name: string; port?: Located<number>; protocol: string; hostname?: string }[];
}

export interface GatewayRoute {
  object: KubeObject;
  parentRefs: { name: string; namespace?: string; kind: string; group: string; sectionName?: string; at: SourcePosition }[];
  backends: RouteBackend[];
}

export interface RouteBackend {
  group: string;
  kind: string;
  name: Located<string>;
  namespace?: Located<string>;
  port?: Located<number>;
  /** "rules[0]" with its first match, for messages. */
  route: string;
  at: SourcePosition;
}

export interface ReferenceGrant {
  object: KubeObject;
  from: { group: string; kind: string; namespace: string }[];
  to: { group: string; kind: string; name?: string }[];
}

// ---------------------------------------------------------------- NetworkPolicy

export interface NetworkPolicy {
  object: KubeObject;
  podSelector: LabelSelector;
  /** Effective policy types (Ingress always, Egress when written or when `egress` is present). */
  policyTypes: ('Ingress' | 'Egress')[];
  ingress: PolicyRule[];
  egress: PolicyRule[];
}

export interface PolicyRule {
  /** Empty = every source/destination. */
  peers: PolicyPeer[];
  /** Empty = every port. */
  ports: PolicyPort[];
  at: SourcePosition;
}

export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except: string[] };
  at: SourcePosition;
}

export interface PolicyPort {
  protocol: string;
  port?: Located<number | string>;
  endPort?: number;
  at: SourcePosition;
}

// ---------------------------------------------------------------- ConfigMaps

export interface ConfigMap {
  /** Absent for ConfigMaps a kustomization.yaml `configMapGenerator` makes from files. */
  object?: KubeObject;
  name: string;
  namespace?: string;
  entries: ConfigMapEntry[];
}

export interface ConfigMapEntry {
  key: string;
  text: string;
  /** Where the text is written: inside the YAML file, or the generator's source file. */
  file: string;
  /** 1-based file line of the text's first line, and the indentation to add to its columns. */
  line: number;
  column: number;
  /** True when every line of `text` is the file line `line + i` at column `column` (block literals, source files). */
  exactLines: boolean;
  at: SourcePosition;
  /** What the text looks like: so the nginx/HAProxy/Envoy parsers can pick their own. */
  looksLike: 'nginx' | 'haproxy' | 'envoy' | 'other';
}

// ---------------------------------------------------------------- Istio

export interface IstioFacts {
  virtualServices: VirtualService[];
  destinationRules: DestinationRule[];
  peerAuthentications: PeerAuthentication[];
  sidecars: SidecarResource[];
  gateways: IstioGateway[];
  serviceEntries: ServiceEntry[];
  authorizationPolicies: AuthorizationPolicy[];
  /** From the `istio` ConfigMap (`data.mesh`) or an IstioOperator's `meshConfig`. */
  mesh: { rootNamespace: string; outboundTrafficPolicy?: Located<string> };
}

export interface VirtualService {
  object: KubeObject;
  hosts: Located<string>[];
  /** `gateways` as written; empty means `mesh`. */
  gateways: Located<string>[];
  destinations: VsDestination[];
  exportTo: string[];
}

export interface VsDestination {
  host: Located<string>;
  subset?: Located<string>;
  port?: Located<number>;
  /** "http[0].route[1]", "tcp[0].route[0]", "http[0].mirror". */
  route: string;
  at: SourcePosition;
}

export interface TrafficPolicy {
  tlsMode?: Located<string>;
  outlierDetection?: OutlierDetection;
  connectionPool?: ConnectionPool;
  portLevel: { port: number; tlsMode?: Located<string>; outlierDetection?: OutlierDetection; connectionPool?: ConnectionPool }[];
  at: SourcePosition;
}

export interface OutlierDetection {
  consecutive5xxErrors?: Located<number>;
  consecutiveGatewayErrors?: Located<number>;
  /** Deprecated alias of consecutiveGatewayErrors in old Istio versions. */
  consecutiveErrors?: Located<number>;
  maxEjectionPercent?: Located<number>;
  minHealthPercent?: Located<number>;
  baseEjectionTime?: Located<string>;
  at: SourcePosition;
}

export interface ConnectionPool {
  maxConnections?: Located<number>;
  http1MaxPendingRequests?: Located<number>;
  http2MaxRequests?: Located<number>;
  maxRequestsPerConnection?: Located<number>;
  at: SourcePosition;
}

export interface DestinationRule {
  object: KubeObject;
  host: Located<string>;
  subsets: { name: Located<string>; labels: Record<string, string>; trafficPolicy?: TrafficPolicy; at: SourcePosition }[];
  trafficPolicy?: TrafficPolicy;
  exportTo: string[];
  workloadSelector?: Record<string, string>;
}

export interface PeerAuthentication {
  object: KubeObject;
  selector?: LabelSelector;
  mode?: Located<string>;
  portLevel: { port: number; mode: Located<string> }[];
}

export interface SidecarResource {
  object: KubeObject;
  workloadSelector?: Record<string, string>;
  /** `ns/host` entries of every egress listener (`./host`, `*\/host`, `ns/*` …). */
  egressHosts: Located<string>[];
  hasEgress: boolean;
  outboundTrafficPolicy?: Located<string>;
}

export interface IstioGateway {
  object: KubeObject;
  selector: Record<string, string>;
  servers: { port?: Located<number>; protocol: string; hosts: Located<string>[]; at: SourcePosition }[];
}

export interface ServiceEntry {
  object: KubeObject;
  hosts: Located<string>[];
  ports: { number: number; name?: string; protocol?: string }[];
  location?: string;
  resolution?: string;
  exportTo: string[];
}

export interface AuthorizationPolicy {
  object: KubeObject;
  selector?: Record<string, string>;
  action: string;
  /** `spec: {}` (ALLOW with no rules): denies every request to the selected workloads. */
  denyAll: boolean;
}
