import { defineSignature } from '../../core/define-signature.js';

const K8S_SRC = 'https://github.com/kubernetes/kubernetes/blob/v1.30.0';
const KUBECTL_DESCRIBE = 'https://github.com/kubernetes/kubectl/blob/v0.30.0/pkg/describe/describe.go';

/**
 * The kubelet event `<Type> probe failed: <output>` (pkg/kubelet/prober/prober.go), as shown by
 * `kubectl describe pod` / `kubectl get events`. Go ≥1.14 quotes the URL (`Get "http://…": …`), older
 * releases did not (`Get http://…: …`).
 */
const PROBE = String.raw`\b(?:Readiness|Liveness|Startup) probe failed: `;
const GET_URL = String.raw`Get "?(?<upstream>(?:https?:\/\/)?[^"\s]+?)"?: `;
const DIAL = String.raw`dial tcp \[?(?<host>[0-9a-f.:%\w-]+?)\]?:(?<port>\d{1,5}): `;

export const signatures = [
  defineSignature({
    id: 'kubernetes/probe-connection-refused',
    catalog: 'K8S-PROBE',
    platform: 'kubernetes',
    title: 'Readiness/Liveness/Startup probe failed: dial tcp <pod-ip>:<port>: connect: connection refused',
    keywords: ['probe failed'],
    pattern: new RegExp(`${PROBE}(?:${GET_URL})?${DIAL}connect: connection refused`, 'i'),
    phase: 'health-check',
    status: null,
    meaning:
      "The kubelet's probe reached the pod IP, but nothing accepted the connection on the probe port: the app listens only on 127.0.0.1/localhost, on another port than the probe, or has not started yet. A failing readiness probe removes the pod from the Service endpoints.",
    causes: {
      'bind-loopback': 0.35,
      'port-mismatch': 0.25,
      'startup-order': 0.25,
      'no-endpoints': 0.15,
    },
    checks: [
      'kubectl exec <pod> -- sh -c "ss -ltn 2>/dev/null || netstat -ltn"   # 127.0.0.1:{port} instead of 0.0.0.0:{port}?',
      'kubectl get pod <pod> -o jsonpath="{.spec.containers[*].ports}"   # compare with the probe port {port}',
      'kubectl logs <pod> --previous   # did the app crash or start late?',
    ],
    fix: 'Make the app listen on 0.0.0.0 on the probe port (or point the probe at the port the app really uses); add a startupProbe or initialDelaySeconds for slow starters.',
    source: `${K8S_SRC}/pkg/kubelet/prober/prober.go`,
    evidence: 'kb',
    fields: { code: 'ECONNREFUSED' },
  }),
  defineSignature({
    id: 'kubernetes/probe-connect-timeout',
    catalog: 'K8S-PROBE',
    platform: 'kubernetes',
    title: 'Probe failed: dial tcp <pod-ip>:<port>: i/o timeout (or no route to host / waiting for connection)',
    keywords: ['probe failed'],
    pattern: new RegExp(
      `${PROBE}(?:${GET_URL})?(?:${DIAL}(?<detail>i\\/o timeout|connect: no route to host|connect: network is unreachable)|net\\/http: request canceled while waiting for connection)`,
      'i',
    ),
    phase: 'health-check',
    status: null,
    meaning:
      'The kubelet could not even open a TCP connection to the pod within the probe timeout: packets to the pod IP are dropped (CNI/network policy/host firewall), or the container is so overloaded it cannot accept.',
    causes: {
      'network-blocked': 0.4,
      'resource-exhaustion': 0.25,
      'slow-upstream': 0.2,
      'startup-order': 0.15,
    },
    checks: [
      'From the node (`kubectl debug node/<node> -it --image=busybox`): `curl -sv -m 5 http://{host}:{port}/`',
      'kubectl top pod <pod>   # CPU throttled at its limit?',
      'kubectl get networkpolicy -A   # host/node traffic to the pod allowed?',
    ],
    fix: 'Allow node-to-pod traffic on the probe port (CNI, host firewall, policies) and give the container enough CPU; raise timeoutSeconds if it is just slow to accept.',
    source: `${K8S_SRC}/pkg/kubelet/prober/prober.go`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'kubernetes/probe-response-timeout',
    catalog: 'K8S-PROBE',
    platform: 'kubernetes',
    title: 'Probe failed: context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    keywords: ['probe failed'],
    pattern: new RegExp(
      `${PROBE}(?:${GET_URL})?(?:context deadline exceeded|net\\/http: request canceled|net\\/http: timeout awaiting response headers)(?: \\(Client\\.Timeout exceeded while awaiting headers\\))?(?! while waiting for connection)`,
      'i',
    ),
    phase: 'health-check',
    status: null,
    meaning:
      'The probe connected (or was still waiting) but got no HTTP response headers within timeoutSeconds (1 s by default): the health endpoint is slow (checks dependencies, GC pause, CPU throttling) or the app is overloaded.',
    causes: {
      'slow-upstream': 0.45,
      'timeout-misaligned': 0.25,
      'resource-exhaustion': 0.2,
      'startup-order': 0.1,
    },
    checks: [
      "kubectl exec <pod> -- sh -c 'time wget -qO- {upstream}'   # how long does the health endpoint take?",
      'kubectl get pod <pod> -o jsonpath="{.spec.containers[*].readinessProbe}"   # timeoutSeconds',
      'kubectl top pod <pod>',
    ],
    fix: 'Keep the health endpoint cheap (no dependency calls in liveness), give the container more CPU, and raise timeoutSeconds above its real latency.',
    source: `${K8S_SRC}/pkg/probe/http/http.go`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'kubernetes/readiness-probe-http-status',
    catalog: 'K8S-PROBE',
    platform: 'kubernetes',
    title: 'Readiness probe failed: HTTP probe failed with statuscode: <code>',
    keywords: ['readiness probe failed'],
    pattern: /\bReadiness probe failed: HTTP probe failed with statuscode: (?<detail>\d{3})/i,
    phase: 'health-check',
    status: null,
    meaning:
      'The app answers, but its readiness probe gets a status outside 200-399 (a wrong probe path, an auth-protected path, an HTTP probe on a TLS port, or the app reporting a dependency down). A pod that is not Ready is removed from the Service endpoints: when every pod fails it, proxies in front of the Service have no endpoint and answer 503.',
    causes: {
      'no-endpoints': 0.45,
      'config-error': 0.25,
      'startup-order': 0.15,
      other: 0.15,
    },
    checks: [
      'kubectl get endpointslices -l kubernetes.io/service-name=<service>   # no ready address: the probe keeps the pods out',
      'kubectl get pod <pod> -o jsonpath="{.spec.containers[*].readinessProbe.httpGet}"   # path, port, scheme',
      'kubectl port-forward pod/<pod> 18080:<probe-port> & curl -sv http://127.0.0.1:18080<probe-path>',
    ],
    fix: 'Point the readiness probe at a path that returns 200 without auth (scheme: HTTPS for TLS ports); if the app reports itself unready, fix the dependency it checks.',
    source: `${K8S_SRC}/pkg/kubelet/prober/prober.go`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'kubernetes/probe-http-status',
    catalog: 'K8S-PROBE',
    platform: 'kubernetes',
    title: 'Probe failed: HTTP probe failed with statuscode: <code>',
    keywords: ['http probe failed with statuscode'],
    // A readiness probe is its own signature (the pod leaves the endpoints); liveness, startup or a bare probe text here.
    pattern: new RegExp(`(?:${PROBE})?(?<!Readiness probe failed: )\\bHTTP probe failed with statuscode: (?<detail>\\d{3})`, 'i'),
    phase: 'health-check',
    status: null,
    meaning:
      'The app answered the HTTP probe, but with a status outside 200-399: a wrong probe path (404), an auth-protected path (401/403), an HTTP probe against a TLS port (400), or the app reporting itself unhealthy (500/503).',
    causes: {
      'config-error': 0.4,
      other: 0.25,
      'startup-order': 0.2,
      'port-mismatch': 0.15,
    },
    checks: [
      'kubectl get pod <pod> -o jsonpath="{.spec.containers[*].readinessProbe.httpGet}"   # path, port, scheme',
      'kubectl port-forward pod/<pod> 18080:<probe-port> & curl -sv http://127.0.0.1:18080<probe-path>',
    ],
    fix: 'Point the probe at a path that returns 200 without auth (and scheme: HTTPS for TLS ports); if the app reports unhealthy, fix the dependency it checks.',
    source: `${K8S_SRC}/pkg/probe/http/http.go`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'kubernetes/container-oom-killed',
    // A kubelet companion text of the probe failures (catalog section 20): the container status, not the probe.
    catalog: 'K8S-PROBE',
    platform: 'kubernetes',
    title: 'Container terminated: Reason OOMKilled (exit code 137)',
    keywords: ['oomkilled'],
    pattern: /\b(?:Reason:[ \t]+)?OOMKilled\b(?:[\s\S]{0,200}?\bExit Code:[ \t]+(?<detail>137)\b)?/,
    phase: 'read-headers',
    status: null,
    meaning:
      "The container used more memory than its limit and the kernel killed it: requests in flight are cut (the proxy sees the connection closed or reset) and new ones are refused until it restarts. A JVM or runtime heap sized above the container's memory limit is the usual reason.",
    causes: {
      'resource-exhaustion': 0.6,
      'upstream-reset': 0.2,
      'not-listening': 0.2,
    },
    checks: [
      'kubectl describe pod <pod>   # Last State: Terminated, Reason: OOMKilled, Exit Code: 137; Restart Count',
      'kubectl get pod <pod> -o jsonpath="{.spec.containers[*].resources.limits.memory}"   # compare with -Xmx / heap settings',
      'kubectl top pod <pod> --containers',
    ],
    fix: 'Raise the memory limit or shrink the heap to fit it (for the JVM: -XX:MaxRAMPercentage=75 instead of a fixed -Xmx above the limit), and look for a leak if usage keeps growing.',
    source: 'https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/#exceed-a-containers-memory-limit',
    evidence: 'doc',
  }),
  defineSignature({
    id: 'kubernetes/pod-failed-scheduling',
    catalog: 'K8S-NOENDPOINTS',
    platform: 'kubernetes',
    title: 'FailedScheduling: 0/<n> nodes are available (the pods stay Pending)',
    keywords: ['nodes are available'],
    pattern: /\b0\/\d+ nodes are available:(?<detail>[^\n]{0,200})/,
    phase: 'connect',
    status: null,
    meaning:
      'The scheduler found no node for the pods (not enough CPU or memory for their requests, taints, affinity, unbound volumes), so they stay Pending and never become Ready: the Service in front of them has no endpoints.',
    causes: {
      'no-endpoints': 0.65,
      'resource-exhaustion': 0.25,
      'config-error': 0.1,
    },
    checks: [
      'kubectl get pods -o wide   # STATUS Pending, no NODE',
      'kubectl describe pod <pod>   # the FailedScheduling event says which resource or constraint is missing',
      'kubectl describe nodes | grep -A 8 "Allocated resources"',
    ],
    fix: 'Make the pods schedulable: lower the requests to what a node can offer (a typo such as `cpu: 4` for `400m` is common), add nodes, or relax the taint/affinity the event names.',
    source: 'https://github.com/kubernetes/kubernetes/blob/v1.30.0/pkg/scheduler/framework/types.go',
    evidence: 'src',
  }),
  defineSignature({
    id: 'kubernetes/service-no-endpoints',
    catalog: 'K8S-NOENDPOINTS',
    platform: 'kubernetes',
    title: 'Service without endpoints (Endpoints: <none>, kube-proxy "has no endpoints" REJECT rule)',
    keywords: ['endpoints'],
    pattern: new RegExp(
      [
        // kubectl describe service <svc>
        String.raw`\bEndpoints:[ \t]+<none>` +
          String.raw`(?:(?<=\bName:[ \t]+(?<backend>[a-z0-9][\w.-]*)[\s\S]{0,2000}?)|)` +
          String.raw`(?:(?<=\bTargetPort:[ \t]+(?<port>\d{1,5})\/\w+[\s\S]{0,300}?)|)`,
        // kubectl get endpoints <svc>
        String.raw`\bENDPOINTS[ \t]+AGE\b[^\n]{0,2000}?\s(?<backend_2>[a-z0-9][\w.-]*)[ \t]+<none>[ \t]`,
        // iptables-save from kube-proxy (iptables mode)
        String.raw`--comment "?(?<backend_3>[\w.-]+\/[\w.-]+(?::[\w-]+)?) has no endpoints"?` +
          String.raw`(?:(?<=-d (?<host>[\d.]+)\/32[^\n]{0,200}?)|)` +
          String.raw`(?:(?=[^\n]{0,200}?--dport (?<port_2>\d{1,5}))|)`,
      ].join('|'),
    ),
    phase: 'connect',
    status: null,
    meaning:
      'The Service selects no ready pod, so there is nothing behind its ClusterIP: kube-proxy rejects connections (clients see connection refused) or drops them (i/o timeout in IPVS/eBPF modes). The selector does not match the pod labels, the pods are not Ready, or none exist.',
    causes: {
      'no-endpoints': 0.55,
      'port-mismatch': 0.2,
      'startup-order': 0.25,
    },
    checks: [
      'kubectl get endpointslices -l kubernetes.io/service-name={backend} -o wide',
      'kubectl get svc {backend} -o jsonpath="{.spec.selector}"; kubectl get pods --show-labels   # does the selector match?',
      'kubectl get pods -o wide   # are the selected pods Ready? (kubectl describe pod <pod> for probe failures)',
    ],
    fix: 'Make the Service selector match the pod labels and get the pods Ready (fix failing readiness probes); the targetPort must be the port the container listens on.',
    source: `${K8S_SRC}/pkg/proxy/iptables/proxier.go`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'kubernetes/ingress-backend-service-not-found',
    catalog: 'K8S-NOENDPOINTS',
    platform: 'kubernetes',
    title: 'kubectl describe ingress: <service>:<port> (<error: endpoints "<service>" not found>)',
    keywords: ['<error: endpoints', '<error: services', '<error: endpointslices'],
    pattern:
      /\(<error: (?:endpoints|services|endpointslices?(?:\.discovery\.k8s\.io)?) "(?<backend_2>[^"]+)" not found>\)(?:(?<=\b(?<backend>[a-z0-9][\w.-]{0,252}):(?<port>[\w-]{1,15})[ \t]+\(<error: [^)\n]{0,200}\))|)/i,
    phase: 'connect',
    status: null,
    meaning:
      'An Ingress rule points at a Service that has no endpoints object in that namespace: the Service name is misspelled, lives in another namespace, or was never created. The ingress controller answers 503 for that path.',
    causes: {
      'config-error': 0.5,
      'no-endpoints': 0.35,
      'port-mismatch': 0.15,
    },
    checks: [
      'kubectl get svc {backend} -n <ingress-namespace>   # exists in the same namespace as the Ingress?',
      'kubectl get endpointslices -l kubernetes.io/service-name={backend} -n <ingress-namespace>',
    ],
    fix: 'Create the Service (or fix the backend service name/port in the Ingress) in the same namespace as the Ingress.',
    source: KUBECTL_DESCRIBE,
    evidence: 'kb',
  }),
];
