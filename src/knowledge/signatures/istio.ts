import { defineSignature } from '../../core/define-signature.js';

/*
 * Istio specifics (catalog section 4). istio-proxy is Envoy, so the generic flag/body/reset-reason
 * signatures live in envoy.ts; these add what only Istio's log format and components reveal
 * (cluster names, inbound vs outbound, pilot-agent, istiod, mesh policies).
 *
 * Istio default text access log (pilot/pkg/model/telemetry_logging.go, Istio ≥ 1.9):
 *   [START] "METHOD PATH PROTO" CODE FLAGS DETAILS CONN_TERM_DETAILS "TRANSPORT_FAILURE_REASON"
 *   BYTES_IN BYTES_OUT DURATION UPSTREAM_TIME "XFF" "UA" "REQ_ID" "AUTHORITY" "UPSTREAM_HOST"
 *   UPSTREAM_CLUSTER UPSTREAM_LOCAL DOWNSTREAM_LOCAL DOWNSTREAM_REMOTE SNI ROUTE
 */

const ISTIO_SRC = 'https://github.com/istio/istio/blob/master/pilot/pkg/model/telemetry_logging.go';
const ISTIO_DOCS = 'https://istio.io/latest/docs';

const REQUEST_LINE = String.raw`"(?:[A-Z]{3,10} [^"\s]+ [^"\s]+|- - -)"`;
const NUM = String.raw`(?:\d+|-)`;
/** Bytes in/out, duration, upstream service time, then "xff" "ua" "request id" "authority". */
const COUNTERS_AND_HEADERS = String.raw`${NUM} ${NUM} ${NUM} ${NUM}(?: "[^"\n]*"){4}`;
const KV = String.raw`"?\s*[:=]\s*"?`;
const CONNECT_ERROR = String.raw`delayed[ _]connect[ _]error:[ _]`;

export const signatures = [
  defineSignature({
    id: 'istio/access-log-upstream-failure',
    catalog: 'IST-LOG',
    platform: 'istio',
    title: 'Istio access-log line of a failed upstream request (flags, details, upstream host, cluster)',
    keywords: [
      'outbound|',
      'inbound|',
      '"- - -"',
      'upstream_reset_',
      '_not_found',
      'no_healthy_upstream',
      'response_timeout',
      'per_try',
      'passthroughcluster',
      'blackholecluster',
    ],
    pattern: new RegExp(
      String.raw`${REQUEST_LINE} (?<status>5\d\d|0) (?=[A-Z,]*\b(?:UF|UH|UO|URX|UC|UR|UPE|NR|NC|UT|LR|DF|OM)\b)(?<flags>[A-Z]{1,5}(?:,[A-Z]{1,5}){0,30}) (?<detail>\S+) \S+ "(?:-|(?<transportFailureReason>[^"\n]*))" ${COUNTERS_AND_HEADERS} "(?:-|(?<upstream>[^"\s]+))" (?:-|(?<backend>[^\s"]+))`,
    ),
    phase: 'connect',
    status: [503, 502, 504],
    meaning:
      'An Istio sidecar/gateway access-log line for a request that failed on the upstream side. The cluster name gives the direction: outbound|<port>|<subset>|<host> = this proxy calling another service; inbound|<port>|| = the sidecar could not reach its own app; PassthroughCluster/BlackHoleCluster = traffic outside the mesh registry.',
    causes: { 'not-listening': 0.45, 'tls-mismatch': 0.3, 'config-error': 0.25 },
    checks: [
      'istioctl proxy-config endpoints <pod> --cluster "{backend}"',
      'kubectl exec <pod> -c istio-proxy -- curl -sv http://{host}:{port}/',
      'istioctl x describe pod <pod>',
    ],
    fix: 'Use the flags and details of the line: UF = make {host}:{port} accept connections, UH/NC = fix endpoints/subsets, UC = keep-alive or mTLS mismatch, TLS errors = align DestinationRule/PeerAuthentication.',
    source: ISTIO_SRC,
    evidence: 'src',
  }),

  defineSignature({
    id: 'istio/inbound-app-refused',
    catalog: 'IST-INBOUND-REFUSED',
    platform: 'istio',
    title: 'inbound|<port>|| 503 UF: the sidecar cannot reach its own application',
    keywords: ['inbound|'],
    pattern: new RegExp(
      [
        String.raw`" (?<status>503|0) (?<flags>(?:[A-Z]{1,5},){0,30}UF(?:,[A-Z]{1,5}){0,30}) (?![^\n]{0,800}?${CONNECT_ERROR}(?:110|113|101|Connection[ _]timed|No[ _]route|Network[ _]is))[^\n]{0,1200}?"(?:-|(?<upstream>[^"\s]+))" (?<backend>inbound\|\d+\|[^\s|]*\|\S*)`,
        String.raw`\bresponse_flags${KV}(?<flags_2>(?:[A-Z]{1,5},){0,30}UF(?:,[A-Z]{1,5}){0,30})\b[^\n]{0,1500}?\bupstream_cluster${KV}(?<backend_2>inbound\|\d+\|[^\s|",]*\|[^\s",]*)(?:[^\n]{0,300}?\bupstream_host${KV}(?<upstream_2>[^"\s,]+))?`,
      ].join('|'),
    ),
    phase: 'connect',
    status: 503,
    meaning:
      "The pod's own sidecar could not connect to the application container on the inbound port: the app listens only on 127.0.0.1/localhost (Istio ≥ 1.10 forwards inbound traffic to the pod IP), listens on another port than the Service targetPort, or has not started yet.",
    causes: { 'bind-loopback': 0.35, 'port-mismatch': 0.25, 'startup-order': 0.2, 'not-listening': 0.2 },
    checks: [
      'kubectl exec <pod> -c istio-proxy -- ss -ltn   # app on 127.0.0.1:<port> instead of 0.0.0.0:<port>?',
      'kubectl get svc <service> -o yaml | grep -E "port:|targetPort"   # compare with the port in {backend}',
      'kubectl exec <pod> -c istio-proxy -- curl -sv http://{host}:{port}/',
    ],
    fix: 'Make the app listen on 0.0.0.0 (or the pod IP) on the port the Service targets, and gate traffic on a readiness probe so the sidecar is not sent requests before the app listens.',
    source: `https://istio.io/latest/blog/2021/upcoming-networking-changes/`,
    evidence: 'kb',
    fields: { errno: '111', code: 'ECONNREFUSED', flags: 'UF' },
  }),

  defineSignature({
    id: 'istio/proxy-not-ready',
    catalog: 'IST-OUTBOUND-BEFORE-PROXY',
    platform: 'istio',
    title: 'pilot-agent: Envoy proxy is NOT ready: config not received from Pilot/XDS server',
    keywords: ['envoy proxy is not ready'],
    pattern:
      /Envoy proxy is NOT ready: config not (?:fully )?received from (?:Pilot|XDS server|xDS server)(?: \(is (?:Pilot|Istiod|istiod) running\?\))?:?(?: (?<detail>cds updates: \d+ successful, \d+ rejected; lds updates: \d+ successful, \d+ rejected))?/,
    phase: 'connect',
    status: null,
    meaning:
      "The sidecar has not received its listeners/clusters from istiod yet. Until then iptables already redirects the pod's traffic into an Envoy that cannot route it, so the app's early outbound calls fail; if it never becomes ready, istiod is unreachable.",
    causes: { 'startup-order': 0.6, 'network-blocked': 0.25, 'config-error': 0.15 },
    checks: [
      'istioctl proxy-status   # is this proxy SYNCED?',
      'kubectl -n istio-system get pods -l app=istiod',
      'kubectl exec <pod> -c istio-proxy -- curl -sv istiod.istio-system.svc:15012',
    ],
    fix: 'Set holdApplicationUntilProxyStarts: true (meshConfig.defaultConfig or the proxy.istio.io/config annotation) so the app starts after the sidecar is ready, and make istiod reachable on 15012.',
    source: `${ISTIO_DOCS}/reference/config/istio.mesh.v1alpha1/#ProxyConfig`,
    evidence: 'kb',
  }),

  defineSignature({
    id: 'istio/app-connect-before-proxy-ready',
    catalog: 'IST-OUTBOUND-BEFORE-PROXY',
    platform: 'istio',
    title: 'connection refused to 127.0.0.1:15001 — the app called out before the sidecar listened',
    keywords: ['127.0.0.1:15001', '127.0.0.1:15006'],
    pattern:
      /(?:ECONNREFUSED|connection refused)[^\n]{0,80}?(?<host>127\.0\.0\.1):(?<port>1500[16])\b|(?<host_2>127\.0\.0\.1):(?<port_2>1500[16])\b[^\n]{0,60}?(?:ECONNREFUSED|connection refused)/i,
    phase: 'connect',
    status: null,
    meaning:
      "The app's connection was redirected to the sidecar's capture port (15001 outbound / 15006 inbound) but Envoy was not listening yet: the app container started before the istio-proxy sidecar was ready.",
    causes: { 'startup-order': 0.8, 'not-listening': 0.2 },
    checks: [
      'kubectl get pod <pod> -o jsonpath="{.metadata.annotations.proxy\\.istio\\.io/config}"   # holdApplicationUntilProxyStarts?',
      'kubectl logs <pod> -c istio-proxy | head -50   # when did Envoy become ready?',
    ],
    fix: 'Enable holdApplicationUntilProxyStarts (or retry outbound calls at startup) so the app waits for the sidecar.',
    source: `${ISTIO_DOCS}/reference/config/istio.mesh.v1alpha1/#ProxyConfig`,
    evidence: 'kb',
    fields: { errno: '111', code: 'ECONNREFUSED' },
  }),

  defineSignature({
    id: 'istio/xds-stream-closed',
    catalog: 'IST-XDS',
    platform: 'istio',
    title: 'gRPC config stream closed: 14, … (sidecar lost istiod)',
    keywords: ['grpc config stream'],
    pattern:
      /gRPC config stream (?:to [\w.-]+ )?closed(?: since \d+s ago)?: (?:[1-9]\d*), (?:upstream connect error or disconnect\/reset before headers\.? (?:retried and the latest )?reset reason: (?<resetReason>[a-z][a-z ]{0,40}[a-z])|connection error: desc = "transport: Error while dialing:? dial tcp(?: (?<upstream>[^\s"]+?))?: (?<detail>[^"\n]{1,200})"|(?<detail_2>no healthy upstream))/,
    phase: 'connect',
    status: null,
    meaning:
      'The proxy (or pilot-agent) lost its xDS stream to istiod (port 15012/15010) and cannot reconnect, so its configuration goes stale: new endpoints, routes and certificates stop arriving.',
    causes: { 'network-blocked': 0.45, 'not-listening': 0.35, 'dns-failure': 0.2 },
    checks: [
      'kubectl -n istio-system get pods -l app=istiod -o wide',
      'kubectl exec <pod> -c istio-proxy -- curl -sv istiod.istio-system.svc:15012',
      'kubectl get networkpolicy -A   # egress to istio-system:15012 allowed?',
    ],
    fix: 'Make istiod reachable from the pod on 15012 (istiod running, NetworkPolicy/firewall allows it, DNS resolves istiod.istio-system.svc).',
    source: `${ISTIO_DOCS}/ops/diagnostic-tools/proxy-cmd/`,
    evidence: 'kb',
  }),

  defineSignature({
    id: 'istio/plaintext-rejected-by-strict-mtls',
    catalog: 'IST-MTLS-STRICT',
    platform: 'istio',
    title: 'inbound NR filter_chain_not_found: plaintext client to a STRICT mTLS workload',
    keywords: ['filter_chain_not_found'],
    pattern: new RegExp(
      String.raw`${REQUEST_LINE} (?<status>\d{1,3}) (?<flags>NR) (?<detail>filter_chain_not_found)\b(?: \S+ "[^"\n]*" ${COUNTERS_AND_HEADERS} "[^"\n]*" \S+ \S+ (?<upstream>[^\s-]\S*) (?<client>[^\s-]\S*))?`,
    ),
    phase: 'tls',
    status: null,
    meaning:
      "The server's sidecar found no filter chain for the incoming connection: typically a plaintext client (no sidecar, or a DestinationRule that disables TLS) talking to a workload whose PeerAuthentication is STRICT, so the sidecar closes the connection. The client sees 503 UC / connection reset.",
    causes: { 'tls-mismatch': 0.65, 'config-error': 0.25, 'port-mismatch': 0.1 },
    checks: [
      'kubectl get peerauthentication -A',
      'istioctl x describe pod <server-pod>',
      'kubectl get pod -A -o wide | grep {client}   # which client connected, and does it have a sidecar?',
    ],
    fix: 'Give the client a sidecar (or ISTIO_MUTUAL in its DestinationRule), or set the server PeerAuthentication to PERMISSIVE while migrating.',
    source: `${ISTIO_DOCS}/tasks/security/authentication/mtls-migration/`,
    evidence: 'kb',
  }),

  defineSignature({
    id: 'istio/outbound-connection-termination',
    catalog: 'IST-MTLS-STRICT',
    platform: 'istio',
    title: 'outbound 503 UC upstream_reset_before_response_started{connection_termination} (mTLS/plaintext mismatch?)',
    keywords: ['connection_termination'],
    pattern: new RegExp(
      String.raw`" (?<status>503) (?<flags>(?:[A-Z]{1,5},){0,30}UC(?:,[A-Z]{1,5}){0,30}) (?<detail>upstream_reset_before_response_started\{connection_termination\})[^\n]{0,1200}?"(?:-|(?<upstream>[^"\s]+))" (?<backend>outbound\|\d+\|[^\s|]*\|\S+)`,
    ),
    phase: 'tls',
    status: 503,
    meaning:
      "The client sidecar's connection to the service was closed before any response. In a mesh, when this happens on every request it is usually an mTLS mismatch (STRICT server, client DestinationRule with tls.mode DISABLE/SIMPLE, or a server without sidecar receiving ISTIO_MUTUAL); when intermittent it is the keep-alive race.",
    causes: { 'tls-mismatch': 0.4, 'keepalive-race': 0.3, 'protocol-mismatch': 0.15, 'config-error': 0.15 },
    checks: [
      'istioctl x describe pod <client-pod>   # effective mTLS mode towards {backend}',
      'kubectl get peerauthentication,destinationrule -A',
      'kubectl logs <server-pod> -c istio-proxy | grep filter_chain_not_found',
    ],
    fix: 'Align mTLS: ISTIO_MUTUAL (or no DestinationRule tls override) towards STRICT workloads, PERMISSIVE during migration; if intermittent, make the app keep-alive timeout longer than the proxy idle timeout.',
    source: `${ISTIO_DOCS}/ops/common-problems/network-issues/`,
    evidence: 'kb',
    fields: { resetReason: 'connection termination' },
  }),

  defineSignature({
    id: 'istio/blackhole-cluster',
    catalog: 'IST-BLACKHOLE',
    platform: 'istio',
    title: 'BlackHoleCluster / block_all: destination not in the registry (REGISTRY_ONLY)',
    keywords: ['blackholecluster', 'block_all'],
    pattern: new RegExp(
      [
        String.raw`"(?:-|[^"\s]+)" BlackHoleCluster (?:-|\S+) (?<upstream>[^\s-]\S*)`,
        String.raw`\bupstream_cluster${KV}BlackHoleCluster\b`,
        String.raw`${REQUEST_LINE} (?<status>502) \S+ \S+ \S+ "[^"\n]*" ${NUM} ${NUM} ${NUM} ${NUM} "[^"\n]*" "[^"\n]*" "[^"\n]*" "(?<host>[^"\s:]+)(?::(?<port>\d+))?"[^\n]{0,400}? block_all\b`,
        String.raw`\bcluster\.BlackHoleCluster\.upstream_cx_(?:none_healthy|total)\s*:\s*[1-9]`,
      ].join('|'),
    ),
    phase: 'policy',
    status: 502,
    meaning:
      'The mesh runs with outboundTrafficPolicy REGISTRY_ONLY and the destination is not in the service registry, so the sidecar sends the traffic to BlackHoleCluster: HTTP gets 502 (route block_all), TCP connections are closed.',
    causes: { 'network-blocked': 0.6, 'config-error': 0.4 },
    checks: ['kubectl get configmap istio -n istio-system -o yaml | grep -A2 outboundTrafficPolicy', 'kubectl get serviceentry -A'],
    fix: 'Add a ServiceEntry for the external host (and an egress gateway if required), or switch outboundTrafficPolicy to ALLOW_ANY.',
    source: `${ISTIO_DOCS}/tasks/traffic-management/egress/egress-control/`,
    evidence: 'kb',
  }),

  defineSignature({
    id: 'istio/rbac-access-denied',
    catalog: 'IST-RBAC',
    platform: 'istio',
    title: 'RBAC: access denied (AuthorizationPolicy)',
    keywords: ['rbac: access denied', 'rbac_access_denied', 'enforced denied'],
    pattern:
      /RBAC: access denied|(?:" (?<status>\d{3}) \S+ )?rbac_access_denied_matched_policy\[(?<detail>[^\]\s]+)\]|enforced denied, matched policy (?<detail_2>\S+)/,
    phase: 'policy',
    status: 403,
    meaning:
      'An Istio AuthorizationPolicy rejected the request with 403 — not a connectivity failure. Common after enabling a deny-by-default policy (health probes, ingress gateway → app, a missing principal).',
    causes: { 'config-error': 1 },
    checks: [
      'kubectl get authorizationpolicy -A',
      'istioctl x authz check <pod>',
      'kubectl logs <pod> -c istio-proxy | grep rbac_access_denied   # which policy matched',
    ],
    fix: "Add an ALLOW rule for this source principal/namespace/path (or fix the DENY rule) in the workload's AuthorizationPolicy.",
    source: `${ISTIO_DOCS}/ops/common-problems/security-issues/`,
    evidence: 'kb',
  }),

  defineSignature({
    id: 'istio/subset-not-found',
    catalog: 'IST-SUBSET',
    platform: 'istio',
    title: '503 NC cluster_not_found / UH on a subset cluster: VirtualService subset vs DestinationRule',
    keywords: ['cluster_not_found', 'outbound|', 'host+subset'],
    pattern: new RegExp(
      [
        String.raw`" (?<status>503) (?<flags>(?:[A-Z]{1,5},){0,30}NC(?:,[A-Z]{1,5}){0,30}) cluster_not_found\b`,
        String.raw`" (?<status_2>503) (?<flags_2>(?:[A-Z]{1,5},){0,30}UH(?:,[A-Z]{1,5}){0,30}) [^\n]{0,1200}?"(?:-|[^"\s]+)" (?<backend>outbound\|\d+\|[^|\s]+\|\S+)`,
        String.raw`Referenced host\+subset in destinationrule not found: "(?<detail>[^"]+)"`,
      ].join('|'),
    ),
    phase: 'policy',
    status: 503,
    meaning:
      "A VirtualService routes to a subset that no DestinationRule defines (503 NC cluster_not_found), or the subset's labels match no running pod (503 UH on an outbound|<port>|<subset>|<host> cluster).",
    causes: { 'config-error': 0.65, 'no-endpoints': 0.35 },
    checks: ['istioctl analyze -A', 'kubectl get destinationrule -A -o yaml | grep -B2 -A4 "subsets:"', 'kubectl get pods -l <subset-labels> --show-labels'],
    fix: 'Define the subset in a DestinationRule for the same host (apply the DestinationRule before the VirtualService that uses it) and make its labels match the pods.',
    source: `${ISTIO_DOCS}/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule`,
    evidence: 'kb',
  }),

  defineSignature({
    id: 'istio/protocol-mismatch',
    catalog: 'IST-PROTO',
    platform: 'istio',
    title: 'UPE / protocol_error on a mesh cluster, or "peer does not support HTTP/2": port protocol mismatch',
    keywords: ['outbound|', 'inbound|', 'does not support http/2'],
    pattern: new RegExp(
      [
        String.raw`" (?<status>50[23]) (?:(?<flags>(?:[A-Z]{1,5},){0,30}UPE(?:,[A-Z]{1,5}){0,30}) \S+|(?:-|[A-Z,]{1,40}) (?<detail>upstream_reset_before_response_started\{protocol_error\}))[^\n]{0,1200}?"(?:-|(?<upstream>[^"\s]+))" (?<backend>(?:outbound|inbound)\|\d+\|[^\s|]*\|\S*)`,
        String.raw`(?<detail_2>peer does not support HTTP\/2 properly)`,
      ].join('|'),
    ),
    phase: 'read-headers',
    status: [502, 503],
    meaning:
      'Envoy uses the wrong codec for the app: Istio picks the protocol from the Service port name (grpc*, http2*, http*) or appProtocol, and a port declared HTTP/2/gRPC in front of an HTTP/1.1 app (or HTTP in front of a non-HTTP protocol) fails with a protocol error.',
    causes: { 'protocol-mismatch': 0.75, 'config-error': 0.25 },
    checks: [
      'kubectl get svc <service> -o yaml | grep -E "name:|appProtocol"',
      'istioctl proxy-config clusters <pod> --fqdn <service-host> -o json | grep -E "http2ProtocolOptions|typedExtensionProtocolOptions"',
    ],
    fix: 'Name the Service port (or set appProtocol) after the protocol the app really speaks: http for HTTP/1.1, grpc/http2 only for HTTP/2 apps, tcp for server-first or non-HTTP protocols.',
    source: `${ISTIO_DOCS}/ops/configuration/traffic-management/protocol-selection/`,
    evidence: 'kb',
  }),
];
