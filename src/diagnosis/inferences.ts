import { defineInference, type Inference } from '../core/define-inference.js';
import type { SetupFacts, Target } from '../evidence/setup-facts.js';
import { isContainerized } from '../evidence/setup-facts.js';
import type { SetupTag } from '../knowledge/context-hints.js';

const LOCAL_KINDS = new Set(['loopback-v4', 'loopback-v6', 'localhost', 'unspecified']);
/** Targets that name a host other than the proxy's own loopback (not a pool name or a unix socket, which name no host). */
const ADDRESSED_KINDS = new Set(['docker-host', 'k8s-service-name', 'k8s-cluster-ip', 'private-ip', 'public-ip', 'name']);

const localTarget = (f: SetupFacts): Target | undefined => f.targets.find((t) => LOCAL_KINDS.has(t.kind));
const has = (f: SetupFacts, tag: SetupTag) => f.tags.has(tag);
const where = (f: SetupFacts, tag: SetupTag) => f.tags.get(tag)?.from ?? '';
const proxy = (f: SetupFacts) => f.proxyName ?? 'the proxy';
const containerWhy = (f: SetupFacts) => {
  for (const tag of ['istio', 'kubernetes', 'compose', 'container'] as const) {
    const e = f.tags.get(tag);
    if (e) return `${e.label} (from ${e.from})`;
  }
  return 'a container';
};
const addr = (t: Target) => (t.port ? `${t.host}:${t.port}` : t.host);

/**
 * Setup reasoning, most specific first. Each line of `shift` is a judgement call documented by its
 * `description`; tests in explain.test.ts pin the rankings these produce on realistic pastes.
 */
export const INFERENCES: readonly Inference[] = [
  defineInference({
    id: 'loopback-target-in-container',
    description: 'A proxy in a container or pod that targets 127.0.0.1/localhost/::1 reaches its own namespace, not the backend.',
    applies: (f) => {
      const t = localTarget(f);
      if (!t || !isContainerized(f) || has(f, 'vm')) return null;
      return `the upstream is ${addr(t)} and ${proxy(f)} runs in ${containerWhy(f)}: there ${t.host} is the container itself`;
    },
    shift: { 'wrong-host-localhost': 3, 'not-listening': -0.7, 'bind-loopback': -0.5, 'port-mismatch': -0.5 },
  }),
  defineInference({
    id: 'loopback-target-unknown-setup',
    description: 'A loopback target with no word on containers: a container is the common culprit, so raise it without asserting it.',
    applies: (f) => {
      const t = localTarget(f);
      if (!t || isContainerized(f) || has(f, 'vm')) return null;
      return `the upstream is ${addr(t)}: if ${proxy(f)} runs in a container or pod, that address is the container itself`;
    },
    shift: { 'wrong-host-localhost': 0.9 },
  }),
  defineInference({
    id: 'loopback-target-on-plain-host',
    description: 'On a plain host a loopback target is legitimate; the backend itself is then the suspect.',
    applies: (f) => {
      const t = localTarget(f);
      if (!t || !has(f, 'vm') || isContainerized(f)) return null;
      return `the upstream is ${addr(t)} on a plain host, so the proxy and the backend share one loopback interface`;
    },
    shift: { 'wrong-host-localhost': -1.5, 'not-listening': 0.6, 'port-mismatch': 0.3 },
  }),
  defineInference({
    id: 'refused-on-non-loopback-target',
    description:
      "A connection refused by an address that is not loopback: the proxy reached another host or container, not its own namespace's localhost, so the localhost mistake is not what happened (whatever a signature's list says for the case where the address is loopback).",
    applies: (f) => {
      if (!f.failures.has('refused') || localTarget(f)) return null;
      const t = f.targets.find((x) => ADDRESSED_KINDS.has(x.kind));
      return t ? `the refused address ${addr(t)} is not a loopback address: the connection left the proxy's own network namespace` : null;
    },
    shift: { 'wrong-host-localhost': -1.5 },
  }),
  defineInference({
    id: 'ipv6-localhost-refused',
    description: '`localhost` resolved to ::1 while the server listens on IPv4 127.0.0.1 only (Node ≥17, IPv6-first resolvers).',
    applies: (f) => {
      const t = f.targets.find((x) => x.kind === 'loopback-v6');
      if (!t || !f.failures.has('refused')) return null;
      return `the refused address is ${addr(t)}: "localhost" resolved to IPv6 ::1 while the server most likely listens on IPv4 127.0.0.1 only`;
    },
    shift: { 'wrong-host-localhost': 1.6, 'not-listening': -0.4 },
  }),
  defineInference({
    id: 'unspecified-address-target',
    description: '0.0.0.0 is a listen address, not a destination.',
    applies: (f) => {
      const t = f.targets.find((x) => x.kind === 'unspecified');
      return t ? `the proxy connects to ${addr(t)}, which is a listen address, not a place to connect to` : null;
    },
    shift: { 'wrong-host-localhost': 1, 'config-error': 0.8 },
  }),
  defineInference({
    id: 'docker-host-name',
    description: 'host.docker.internal needs extra_hosts: host-gateway on Linux, and the host service must listen beyond loopback.',
    applies: (f) => {
      const t = f.targets.find((x) => x.kind === 'docker-host');
      if (!t) return null;
      return `the target is ${t.host}: on Linux it only resolves with \`extra_hosts: ["host.docker.internal:host-gateway"]\`, and the host's service must listen on more than 127.0.0.1`;
    },
    shift: { 'dns-failure': 0.5, 'bind-loopback': 1, 'config-error': 0.5 },
  }),
  defineInference({
    id: 'refused-on-cluster-ip',
    description: 'kube-proxy (iptables mode) rejects connections to a ClusterIP whose Service has no ready endpoints.',
    applies: (f) => {
      const t = f.targets.find((x) => x.kind === 'k8s-cluster-ip');
      if (!t || !f.failures.has('refused')) return null;
      return `${addr(t)} looks like a Service ClusterIP: kube-proxy refuses connections to a Service with no ready endpoints`;
    },
    shift: { 'no-endpoints': 1.5, 'port-mismatch': 0.4 },
  }),
  defineInference({
    id: 'timeout-on-cluster-ip',
    description: 'A ClusterIP that times out: the pod network or a NetworkPolicy drops packets (IPVS/eBPF modes also time out with no endpoints).',
    applies: (f) => {
      const t = f.targets.find((x) => x.kind === 'k8s-cluster-ip');
      if (!t || !f.failures.has('connect-timeout') || f.failures.has('refused')) return null;
      return `${addr(t)} looks like a Service ClusterIP that never answered: packets are dropped between the pod and the Service's endpoints`;
    },
    shift: { 'network-blocked': 0.8, 'no-endpoints': 0.3 },
  }),
  defineInference({
    id: 'refused-on-pod-ip-in-kubernetes',
    description: 'Refused on a pod IP while the pod runs: the app listens on 127.0.0.1 or another port.',
    applies: (f) => {
      const t = f.targets.find((x) => x.kind === 'private-ip' && !x.host.startsWith('172.'));
      // A pod that keeps restarting refuses while it is down: that says nothing about its bind address or port.
      if (!t || !f.failures.has('refused') || !has(f, 'kubernetes') || has(f, 'restarting')) return null;
      return `${addr(t)} refused inside Kubernetes: if the pod is running, the app listens on 127.0.0.1 or on another port than the one targeted`;
    },
    shift: { 'bind-loopback': 0.8, 'port-mismatch': 0.6 },
  }),
  defineInference({
    id: 'pool-name-instead-of-peer',
    description: 'nginx names the upstream{} block instead of a peer when no server could be chosen.',
    applies: (f) => {
      const t = f.targets.find((x) => x.kind === 'pool-name');
      return t && !f.failures.has('no-upstream') ? `the log names the pool "${t.host}" instead of a server address: no server in it could be chosen` : null;
    },
    shift: { 'no-healthy-upstream': 0.8, 'outlier-ejection': 0.3 },
  }),
  defineInference({
    id: 'php-fpm-upstream',
    description: 'FastCGI upstreams are PHP-FPM pools: refused or a missing socket means php-fpm is down or listens elsewhere.',
    applies: (f) =>
      has(f, 'php') && (f.failures.has('refused') || f.phases.has('connect'))
        ? 'the upstream is FastCGI (PHP-FPM): php-fpm is down, or listens on another socket/port than fastcgi_pass'
        : null,
    shift: { 'not-listening': 0.6, 'config-error': 0.4 },
  }),
  defineInference({
    id: 'plain-http-to-tls-port',
    description: 'http:// to port 443/8443 (or https:// to 80/8080) is a TLS mismatch.',
    applies: (f) => {
      const t = f.targets.find(
        (x) => (x.scheme === 'http' && (x.port === '443' || x.port === '8443')) || (x.scheme === 'https' && (x.port === '80' || x.port === '8080')),
      );
      return t ? `the proxy speaks ${t.scheme} to port ${t.port}, which normally expects ${t.scheme === 'http' ? 'TLS' : 'plain HTTP'}` : null;
    },
    shift: { 'tls-mismatch': 2 },
  }),
  defineInference({
    id: 'compose-name-not-resolving',
    description: 'In Compose a service name only resolves for containers on a shared network.',
    applies: (f) =>
      f.failures.has('dns') && (has(f, 'compose') || has(f, 'container'))
        ? 'a name did not resolve inside Docker: services resolve each other only on a shared network (and only while the target container exists)'
        : null,
    shift: { 'dns-failure': 0.8, 'network-blocked': 0.4, 'startup-order': 0.3 },
  }),
  defineInference({
    id: 'connect-timeout-means-dropped',
    description: 'A connect timeout means SYNs go unanswered: a firewall/policy drops them or the address is stale.',
    applies: (f) =>
      f.failures.has('connect-timeout') && !f.failures.has('refused')
        ? 'the TCP handshake never completed (no answer, not a refusal): packets are dropped on the way or the address is stale'
        : null,
    shift: { 'network-blocked': 0.6, 'no-endpoints': 0.2 },
  }),
  // What the user says about the pattern of failures.
  defineInference({
    id: 'fails-after-idle',
    description: 'Failures after idle periods are the keep-alive race or an idle timeout shorter than the other side.',
    applies: (f) => (has(f, 'idle') ? `you describe ${f.tags.get('idle')?.label} (${where(f, 'idle')})` : null),
    shift: { 'keepalive-race': 2.2, 'timeout-misaligned': 1, 'not-listening': -1, 'wrong-host-localhost': -1.5, 'port-mismatch': -1 },
  }),
  defineInference({
    id: 'fails-intermittently',
    description: 'Intermittent failures rule out static misconfiguration and point at races, load and ejections.',
    applies: (f) => (has(f, 'intermittent') && !has(f, 'always') ? `you describe intermittent failures (${where(f, 'intermittent')})` : null),
    shift: {
      'keepalive-race': 0.9,
      'resource-exhaustion': 0.6,
      'outlier-ejection': 0.5,
      'upstream-reset': 0.5,
      'slow-upstream': 0.3,
      'wrong-host-localhost': -1.5,
      'port-mismatch': -1.2,
      'bind-loopback': -1.2,
      'not-listening': -0.6,
      'dns-failure': -0.4,
    },
  }),
  defineInference({
    id: 'fails-always',
    description: 'Every request failing points at static configuration: wrong host, port, bind address or scheme.',
    applies: (f) => (has(f, 'always') && !has(f, 'intermittent') ? `you say every request fails (${where(f, 'always')})` : null),
    shift: {
      'wrong-host-localhost': 0.5,
      'port-mismatch': 0.5,
      'bind-loopback': 0.4,
      'not-listening': 0.4,
      'config-error': 0.3,
      // https:// to a plain port (or the reverse) fails every handshake, as a wrong port fails every connect.
      'tls-mismatch': 0.5,
      // Every backend out of the pool fails every request too (all failing health checks, all marked down).
      'no-healthy-upstream': 0.3,
      'keepalive-race': -1.5,
      'resource-exhaustion': -0.8,
      'outlier-ejection': -0.5,
    },
  }),
  defineInference({
    id: 'fails-around-deploys',
    description: 'Failures during rollouts: old pods gone before new ones are ready, or the proxy starts first.',
    applies: (f) => (has(f, 'after-deploy') ? `you describe failures around deploys or restarts (${where(f, 'after-deploy')})` : null),
    shift: { 'startup-order': 1.2, 'no-endpoints': 0.6, 'upstream-reset': 0.3, 'dns-failure': 0.2 },
  }),
  defineInference({
    id: 'fails-at-startup',
    description: 'Failures only at start-up: the proxy comes up before the backend.',
    applies: (f) => (has(f, 'startup') ? `you describe failures at start-up (${where(f, 'startup')})` : null),
    shift: { 'startup-order': 2, 'dns-failure': 0.3 },
  }),
  defineInference({
    id: 'fails-under-load',
    description: 'Failures under load: pools, file descriptors, backlogs and breakers run out.',
    applies: (f) => (has(f, 'under-load') ? `you describe failures under load (${where(f, 'under-load')})` : null),
    shift: { 'resource-exhaustion': 1.6, 'circuit-open': 0.8, 'slow-upstream': 0.7, 'outlier-ejection': 0.4, 'wrong-host-localhost': -1, 'port-mismatch': -1 },
  }),
  defineInference({
    id: 'fails-since-upgrade',
    description: 'Failures since an upgrade: TLS defaults, protocol versions or config syntax changed.',
    applies: (f) => (has(f, 'after-upgrade') ? `you say it started with an upgrade (${where(f, 'after-upgrade')})` : null),
    shift: { 'tls-mismatch': 0.7, 'protocol-mismatch': 0.6, 'config-error': 0.6 },
  }),
  defineInference({
    id: 'backend-answers-directly',
    description: "The backend answers when called directly, so it runs: the proxy's path to it is wrong.",
    applies: (f) =>
      has(f, 'direct-works') || has(f, 'host-works')
        ? `the backend answers when called directly (${where(f, has(f, 'direct-works') ? 'direct-works' : 'host-works')}), so it is running`
        : null,
    shift: { 'not-listening': -1.5, 'wrong-host-localhost': 0.8, 'bind-loopback': 0.8, 'network-blocked': 0.6, 'dns-failure': 0.3 },
  }),
  defineInference({
    id: 'answers-only-on-its-own-loopback',
    description: 'The app answers on localhost inside its own container/pod (or says it listens on 127.0.0.1): others cannot reach it.',
    applies: (f) =>
      has(f, 'works-inside') && !has(f, 'vm') ? `${f.tags.get('works-inside')?.label} (${where(f, 'works-inside')}): it is bound to its own loopback` : null,
    shift: { 'bind-loopback': 2.2, 'not-listening': -1.5, 'wrong-host-localhost': -0.5 },
  }),
  defineInference({
    id: 'backend-reported-running',
    description: 'The backend runs, so a refusal means it is not reachable at the address and port the proxy uses.',
    applies: (f) =>
      has(f, 'backend-running') && f.failures.has('refused')
        ? `you say the backend is running (${where(f, 'backend-running')}), yet connections are refused`
        : null,
    shift: { 'not-listening': -1.5, 'bind-loopback': 0.6, 'port-mismatch': 0.5, 'wrong-host-localhost': 0.3 },
  }),
  defineInference({
    id: 'backend-restarting',
    description:
      'A backend that keeps restarting (OOMKilled, CrashLoopBackOff) refuses or resets connections while it is down: the app is not listening between restarts, often for lack of memory, not misconfigured.',
    applies: (f) => (has(f, 'restarting') ? `${f.tags.get('restarting')?.label} (${where(f, 'restarting')})` : null),
    shift: {
      'not-listening': 0.5,
      'resource-exhaustion': 0.6,
      'upstream-reset': 0.2,
      'bind-loopback': -1,
      'port-mismatch': -0.6,
      'wrong-host-localhost': -0.8,
    },
  }),
  defineInference({
    id: 'probe-fails-and-refused-in-kubernetes',
    description:
      "The kubelet's probes reach the pod IP too; if they fail as well while the pod runs, the app does not accept connections on its pod IP and port.",
    applies: (f) =>
      has(f, 'health-check') && has(f, 'kubernetes') && f.failures.has('refused') && !has(f, 'restarting')
        ? 'the readiness/liveness probe fails as well: the app does not accept connections on its pod IP and port'
        : null,
    shift: { 'bind-loopback': 0.7, 'port-mismatch': 0.5 },
  }),
  defineInference({
    id: 'no-healthy-host-in-kubernetes',
    description: 'In Kubernetes a cluster with no healthy host usually has no ready endpoints: selector mismatch, pods not Ready, or a subset matching no pod.',
    applies: (f) =>
      f.failures.has('no-upstream') && has(f, 'kubernetes')
        ? "in Kubernetes the backend pool is the Service's ready endpoints: an empty pool usually means no ready pod matches (selector, readiness, or a DestinationRule subset)"
        : null,
    shift: { 'no-endpoints': 0.6 },
  }),
  defineInference({
    id: 'long-running-requests',
    description: 'Long requests and streams outlive default proxy read timeouts.',
    applies: (f) =>
      has(f, 'long-requests') || has(f, 'websocket') ? `you mention ${f.tags.get('long-requests')?.label ?? f.tags.get('websocket')?.label}` : null,
    shift: { 'timeout-misaligned': 1.2, 'slow-upstream': 0.8 },
  }),
  defineInference({
    id: 'mesh-mtls',
    description: 'In a mesh, STRICT mTLS toward a workload without a sidecar (or the reverse) resets connections.',
    applies: (f) => (has(f, 'istio') && (has(f, 'mtls') || has(f, 'tls')) ? 'the setup uses a mesh with mTLS' : null),
    shift: { 'tls-mismatch': 1.2 },
  }),
  defineInference({
    id: 'tls-mentioned',
    description: 'The user mentions TLS/HTTPS toward the backend.',
    applies: (f) =>
      has(f, 'tls') && !has(f, 'istio') && (f.failures.has('reset') || f.failures.has('tls') || f.failures.has('protocol'))
        ? 'you mention HTTPS/TLS and the connection broke during the exchange'
        : null,
    shift: { 'tls-mismatch': 0.9 },
  }),
  defineInference({
    id: 'permission-denied-on-tcp-connect',
    description:
      'connect() to a TCP address failing with EACCES is a security policy (SELinux httpd_can_network_connect, AppArmor, seccomp), not file permissions.',
    applies: (f) => {
      const t = f.targets.find((x) => x.kind !== 'unix-socket' && x.kind !== 'pool-name');
      return f.failures.has('permission') && t
        ? `connect() to ${addr(t)} was denied with EACCES (13): on a TCP address that is a security policy such as SELinux's httpd_can_network_connect`
        : null;
    },
    shift: { 'network-blocked': 1.6 },
  }),
  defineInference({
    id: 'selinux-host',
    description: "SELinux (httpd_can_network_connect off) makes nginx's connect() fail with 13: Permission denied.",
    applies: (f) => (has(f, 'selinux') ? `SELinux is likely in play (${where(f, 'selinux')})` : null),
    shift: { 'network-blocked': 1.2 },
  }),
  defineInference({
    id: 'firewall-mentioned',
    description: 'The user points at firewall rules, security groups or NetworkPolicies.',
    applies: (f) => (has(f, 'firewall') ? `you mention ${f.tags.get('firewall')?.label} (${where(f, 'firewall')})` : null),
    shift: { 'network-blocked': 1 },
  }),
  defineInference({
    id: 'health-checks-mentioned',
    description: 'The user points at health checks.',
    applies: (f) => (has(f, 'health-check') ? `you mention health checks (${where(f, 'health-check')})` : null),
    shift: { 'no-healthy-upstream': 0.8, 'no-endpoints': 0.3 },
  }),
  defineInference({
    id: 'port-protocol-declared',
    description: 'How a port declares its protocol (Istio port names, appProtocol, h2c) decides how the proxy speaks to it.',
    applies: (f) => (has(f, 'protocol-hint') ? `you point at ${f.tags.get('protocol-hint')?.label} (${where(f, 'protocol-hint')})` : null),
    shift: { 'protocol-mismatch': 2.5 },
  }),
  defineInference({
    id: 'grpc-backend',
    description: 'gRPC needs HTTP/2 end to end; an HTTP/1.1 hop breaks it.',
    applies: (f) => (has(f, 'grpc') ? `the traffic is gRPC (${where(f, 'grpc')})` : null),
    shift: { 'protocol-mismatch': 0.7 },
  }),
  defineInference({
    id: 'node-backend-localhost',
    description: 'Node ≥17 resolves localhost to ::1 first; a server on 127.0.0.1 then refuses.',
    applies: (f) =>
      has(f, 'node-backend') && f.targets.some((t) => t.kind === 'localhost' || t.kind === 'loopback-v6') && f.failures.has('refused')
        ? 'a Node.js app on "localhost" may be resolved as ::1 while the server listens on IPv4 only'
        : null,
    shift: { 'wrong-host-localhost': 0.6 },
  }),
];
