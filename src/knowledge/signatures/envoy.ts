import { defineSignature, type Evidence, type Signature } from '../../core/define-signature.js';
import type { CauseId, Fields, Phase } from '../../core/ids.js';

/*
 * Envoy (also Istio, Envoy Gateway, Contour, Emissary, Gloo, Consul, App Mesh, Kuma): catalog section 3.
 *
 * Response flags are two-to-five-letter tokens, so their patterns only accept them in real context:
 *  - the default text access log (`"GET /api HTTP/1.1" 503 UF,URX 0 91 3 - … "10.244.1.7:8080"`) and
 *    Istio's default log (`"GET /api HTTP/1.1" 503 UF upstream_reset_before_response_started{…} - "…" … outbound|…`);
 *  - JSON access logs (`"response_flags":"UF,URX"`) and the flat `response_flags=UF,URX` rendering;
 *  - prose (`response flags: UH`, `503 UF`), and the long names (`UpstreamConnectionFailure`).
 */

const ENVOY_BLOB = 'https://github.com/envoyproxy/envoy/blob';
const FLAGS_SRC = `${ENVOY_BLOB}/02c062b5/source/common/stream_info/utility.h`;
const PROXY_STATUS_SRC = `${ENVOY_BLOB}/02c062b5/source/common/stream_info/utility.cc`;
const ROUTER_SRC = `${ENVOY_BLOB}/main/source/common/router/router.cc`;
const RESET_REASON_SRC = `${ENVOY_BLOB}/main/source/common/http/utility.cc`;
const RESET_ENUM_SRC = `${ENVOY_BLOB}/main/envoy/http/stream_reset_handler.h`;
const CONNECTION_SRC = `${ENVOY_BLOB}/main/source/common/network/connection_impl.cc`;
const SSL_SOCKET_SRC = `${ENVOY_BLOB}/main/source/common/tls/ssl_socket.cc`;
const DETAILS_SRC = `${ENVOY_BLOB}/main/envoy/stream_info/stream_info.h`;
const OUTLIER_DOC = 'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier';
const HEALTH_DOC = 'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/health_checking';
const STATS_DOC = 'https://www.envoyproxy.io/docs/envoy/latest/configuration/upstream/cluster_manager/cluster_stats';

/** Envoy admin endpoint as reached in Istio (15000); plain Envoy usually listens on 9901. */
const ADMIN = 'localhost:15000';

// ---------------------------------------------------------------------------------------------
// Pattern building blocks
// ---------------------------------------------------------------------------------------------

/** Hands out unique group names inside one pattern: `upstream`, then `upstream_2`, … */
function groupNamer(): (name: string) => string {
  const used = new Map<string, number>();
  return (name) => {
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  };
}
type Namer = ReturnType<typeof groupNamer>;

/** The quoted request line of Envoy's and Istio's default text formats (`"- - -"` for TCP). */
const REQUEST_LINE = String.raw`"(?:[A-Z]{3,10} [^"\s]+ [^"\s]+|- - -)"`;
const NUM = String.raw`(?:\d+|-)`;

/**
 * What follows %RESPONSE_FLAGS% in the default text formats (Envoy, Istio ≥ 1.9, older Istio), up to
 * %UPSTREAM_HOST% (and, for Istio, %UPSTREAM_CLUSTER%). Optional: custom formats yield no address.
 */
function accessLogTail(g: Namer): string {
  const envoy = String.raw` ${NUM} ${NUM} ${NUM} ${NUM}(?: "[^"\n]*"){4} "(?:-|(?<${g('upstream')}>[^"\s]+))"`;
  const istio = String.raw` \S+ \S+ "[^"\n]*" ${NUM} ${NUM} ${NUM} ${NUM}(?: "[^"\n]*"){4} "(?:-|(?<${g('upstream')}>[^"\s]+))"(?: (?:-|(?<${g('backend')}>[^\s"]+)))?`;
  // Istio < 1.9: … 503 UF "-" "<transport failure reason>" 0 91 …
  const istioLegacy = String.raw` "[^"\n]*" "[^"\n]*" ${NUM} ${NUM} ${NUM} ${NUM}(?: "[^"\n]*"){4} "(?:-|(?<${g('upstream')}>[^"\s]+))"(?: (?:-|(?<${g('backend')}>[^\s"]+)))?`;
  return `(?:${envoy}|${istio}|${istioLegacy})?`;
}

/** A comma-joined flag list (`UF,URX`, `URX, UF`) containing one of `target` as a whole item. */
function flagList(g: Namer, target: string): string {
  return String.raw`(?<${g('flags')}>(?:[A-Za-z]{1,40}, ?){0,30}(?:${target})(?:, ?[A-Za-z]{1,40}){0,30})(?!\w)`;
}

/** Optional JSON / key=value fields after response_flags (Istio's JSON log sorts keys). */
function jsonUpstreamTail(g: Namer): string {
  const value = String.raw`"?\s*[:=]\s*"?(?!-(?:[\s",}]|$)|null\b)`;
  return (
    String.raw`(?:[^\n]{0,1500}?\bupstream_cluster(?:_raw)?${value}(?<${g('backend')}>[^"\s,]+))?` +
    String.raw`(?:[^\n]{0,1500}?\bupstream_host${value}(?<${g('upstream')}>[^"\s,]+))?`
  );
}

/** The places a response flag is really printed (see the file comment). */
function flagContexts(g: Namer, target: string): string[] {
  return [
    // Envoy / Istio default text access log.
    String.raw`${REQUEST_LINE} (?<${g('status')}>\d{1,3}) ${flagList(g, target)}${accessLogTail(g)}`,
    // JSON access log, or its flat key=value rendering.
    String.raw`(?:response_code"?\s*[:=]\s*"?(?<${g('status')}>\d{1,3})\b[^\n]{0,400}?)?\bresponse_flags(?:_long)?"?\s*[:=]\s*"?${flagList(g, target)}${jsonUpstreamTail(g)}`,
    // Prose: "response flags: UH", "RESPONSE_FLAGS=UF", "ResponseFlags UF".
    String.raw`\b(?:[Rr]esponse|RESPONSE)[ _]?(?:[Ff]lags?|FLAGS?)(?:_LONG|_long)?["'\x60]?\s{0,3}(?:[:=]|is|was)?\s{0,3}["'\x60(]?${flagList(g, target)}`,
    // Prose / custom formats: a status code directly followed by the flags ("503 UF,URX").
    String.raw`(?<![\w./:-])(?<${g('status')}>[1-5]\d\d) ${flagList(g, target)}`,
  ];
}

/** Short flags that are also common word starts (" fi" in "file", " do", " ut" in "utc" …). */
const WORDLIKE_FLAGS = new Set(['DT', 'DC', 'UT', 'UR', 'DI', 'FI', 'SI', 'UPE', 'OM', 'DF', 'DO']);

/**
 * Prefilter literals for a flag: the token with the delimiter before it (" UF", ",UF", "\"UF", "=UF" …).
 * For word-like flags the delimiter after it is required too, plus the prose forms that can end a line.
 */
function flagKeywords(short: string, long: string): string[] {
  const s = short.toLowerCase();
  const before = [' ', ',', '"', '=', ':', "'", '(', '`'];
  const keywords = WORDLIKE_FLAGS.has(short)
    ? [
        ...before.flatMap((b) => [' ', ',', '"', "'", ')', '`', '.', ';'].map((a) => b + s + a)),
        ...['flags: ', 'flags=', 'flags ', 'flags:', 'flag: '].map((p) => p + s),
      ]
    : before.map((b) => b + s);
  return [...keywords, long.toLowerCase()];
}

interface Alternative {
  keywords: readonly string[];
  /** Regex source; its group names must not be flags/status/upstream/backend (those are taken). */
  pattern: string;
}

interface FlagSpec {
  id: string;
  catalog: string;
  short: string;
  long: string;
  /** Accept the long name on its own (only for names no other software uses). */
  bareLong: boolean;
  title: string;
  phase: Phase;
  status: number | readonly number[] | null;
  meaning: string;
  causes: Partial<Record<CauseId, number>>;
  checks: readonly string[];
  fix: string;
  /** Additional texts that carry the same information (the local-reply body, details). */
  extra?: readonly Alternative[];
  source?: string;
  evidence?: Evidence;
}

function flagSignature(spec: FlagSpec): Signature {
  const g = groupNamer();
  const target = `${spec.short}|${spec.long}`;
  const alternatives = flagContexts(g, target);
  if (spec.bareLong) alternatives.push(String.raw`\b${spec.long}\b`);
  for (const extra of spec.extra ?? []) alternatives.push(extra.pattern);
  return defineSignature({
    id: spec.id,
    catalog: spec.catalog,
    platform: 'envoy',
    title: spec.title,
    keywords: [...flagKeywords(spec.short, spec.long), ...(spec.extra ?? []).flatMap((e) => e.keywords)],
    pattern: new RegExp(alternatives.join('|')),
    phase: spec.phase,
    status: spec.status,
    meaning: spec.meaning,
    causes: spec.causes,
    checks: spec.checks,
    fix: spec.fix,
    source: spec.source ?? FLAGS_SRC,
    evidence: spec.evidence ?? 'src',
    fields: { flags: spec.short },
  });
}

/**
 * %RESPONSE_CODE_DETAILS% values in context: after the flags in Istio's text log, under the
 * `response_code_details` key of a JSON log, or in prose ("response code details: …").
 */
function detailContexts(g: Namer, values: string): string[] {
  const end = String.raw`(?![\w(])`;
  return [
    String.raw`${REQUEST_LINE} (?<${g('status')}>\d{1,3}) (?:-|(?<${g('flags')}>[A-Za-z]{1,40}(?:,[A-Za-z]{1,40}){0,30})) (?<${g('detail')}>${values})${end}`,
    String.raw`(?:response_code"?\s*[:=]\s*"?(?<${g('status')}>\d{1,3})\b[^\n]{0,300}?)?\b(?:[Rr]esponse|RESPONSE)[ _](?:[Cc]ode|CODE)[ _](?:[Dd]etails|DETAILS)"?\s{0,3}[:=]?\s{0,3}["'\x60]?(?<${g('detail')}>${values})${end}`,
  ];
}

/** Where Envoy prints a reset reason: the local-reply body, or the response code details. */
const RESET_PREFIX = String.raw`(?:reset reason: |upstream_reset_before_response_started\{)`;
/** The transport failure reason that may follow a reset reason (body form, then details form). */
function tfrSuffix(g: Namer): string {
  return String.raw`(?:, transport failure reason: (?<${g('transportFailureReason')}>[^"'\n,]{0,300}[^"'\n,\s])|[|,](?<${g('transportFailureReason')}>[^}\s"]{1,300})\})?`;
}

interface ResetSpec {
  id: string;
  catalog: string;
  /** Reset reason words as resetReasonToString prints them (space separated). */
  words: readonly string[];
  flags: string;
  title: string;
  phase: Phase;
  status: number;
  meaning: string;
  causes: Partial<Record<CauseId, number>>;
  checks: readonly string[];
  fix: string;
  source?: string;
}

function resetSignature(spec: ResetSpec): Signature {
  const g = groupNamer();
  const reason = spec.words.map((w) => w.replace(/ /g, '[ _]')).join('|');
  return defineSignature({
    id: spec.id,
    catalog: spec.catalog,
    platform: 'envoy',
    title: spec.title,
    keywords: spec.words.flatMap((w) => [`reset reason: ${w.toLowerCase()}`, `upstream_reset_before_response_started{${w.toLowerCase().replace(/ /g, '_')}`]),
    pattern: new RegExp(String.raw`${RESET_PREFIX}(?:${reason})(?![\w ])${tfrSuffix(g)}`, 'i'),
    phase: spec.phase,
    status: spec.status,
    meaning: spec.meaning,
    causes: spec.causes,
    checks: spec.checks,
    fix: spec.fix,
    source: spec.source ?? RESET_REASON_SRC,
    evidence: 'src',
    fields: { resetReason: spec.words[0], flags: spec.flags },
  });
}

const STAT_VALUE = String.raw`\s*:\s*[1-9]\d*`;

interface StatSpec {
  id: string;
  counters: readonly string[];
  title: string;
  phase: Phase;
  meaning: string;
  causes: Partial<Record<CauseId, number>>;
  checks: readonly string[];
  fix: string;
  evidence: Evidence;
  source: string;
}

/** Non-zero cluster counters, in /stats text, /stats?format=json and Prometheus form. */
function statSignature(spec: StatSpec): Signature {
  const counters = spec.counters.join('|');
  const pattern = [
    String.raw`(?:\bcluster\.(?<backend>\S{1,300}?)\.)?\b(?<detail>${counters})${STAT_VALUE}`,
    String.raw`"name"\s*:\s*"cluster\.(?<backend_2>[^"]{1,300}?)\.(?<detail_2>${counters})"\s*,\s*"value"\s*:\s*[1-9]`,
    String.raw`\benvoy_cluster_(?<detail_3>${counters})\{[^}\n]*?\bcluster_name="(?<backend_3>[^"]+)"[^}\n]*\}\s+[1-9]`,
  ].join('|');
  return defineSignature({
    id: spec.id,
    catalog: 'ENV-STATS',
    platform: 'envoy',
    title: spec.title,
    keywords: spec.counters.map((c) => c.toLowerCase()),
    pattern: new RegExp(pattern),
    phase: spec.phase,
    status: null,
    meaning: spec.meaning,
    causes: spec.causes,
    checks: spec.checks,
    fix: spec.fix,
    source: spec.source,
    evidence: spec.evidence,
  });
}

interface ProxyStatusSpec {
  id: string;
  errors: readonly string[];
  title: string;
  phase: Phase;
  status: number | readonly number[];
  meaning: string;
  causes: Partial<Record<CauseId, number>>;
  checks: readonly string[];
  fix: string;
}

/** RFC 9209 `Proxy-Status: envoy; error=…; details="…"`, and GCP's `proxyStatus` log field. */
function proxyStatusSignature(spec: ProxyStatusSpec): Signature {
  const errors = spec.errors.join('|');
  return defineSignature({
    id: spec.id,
    catalog: 'ENV-PROXY-STATUS',
    platform: 'envoy',
    title: spec.title,
    keywords: ['proxy-status', 'proxystatus'],
    pattern: new RegExp(
      String.raw`(?:proxy-status:\s*[^;\n]{1,100};\s*|proxyStatus"?\s*[:=]\s*"?)error=\\?"?(?<code>${errors})(?![\w])\\?"?(?:;\s*details=\\?"(?<detail>[^"\\\n]{1,300}))?`,
      'i',
    ),
    phase: spec.phase,
    status: spec.status,
    meaning: spec.meaning,
    causes: spec.causes,
    checks: spec.checks,
    fix: spec.fix,
    source: PROXY_STATUS_SRC,
    evidence: 'src',
  });
}

const TLS_PREFIX = String.raw`TLS[ _]error:[ _|]{0,2}(?:\d+:)?SSL[ _]routines:[A-Za-z_]*:`;

/**
 * A TLS transport failure reason that kept only BoringSSL's packed error number (a truncated paste or log field):
 * `TLS error: 268435581`. BoringSSL packs `(library << 24) | reason` (`ERR_PACK`), and the SSL library is 16, so an
 * SSL reason code r prints as 268435456 + r (CERTIFICATE_VERIFY_FAILED = 125 → 268435581, WRONG_VERSION_NUMBER = 247
 * → 268435703); an alert received from the peer is reason 1000 + the TLS alert number (`SSL_AD_REASON_OFFSET`:
 * certificate_expired = 45 → 268436501). The numbers name the reason as surely as the words after them do.
 */
function bareTlsCode(group: string, codes: readonly string[]): string {
  return String.raw`TLS[ _]error:[ _|]{0,2}(?<${group}>${codes.join('|')})(?![\d:])`;
}
const BORINGSSL_ERR_SRC = 'https://github.com/google/boringssl/blob/master/include/openssl/ssl.h';

function detailSignature(spec: {
  id: string;
  values: string;
  keywords: readonly string[];
  title: string;
  phase: Phase;
  status: number | readonly number[] | null;
  meaning: string;
  causes: Partial<Record<CauseId, number>>;
  checks: readonly string[];
  fix: string;
  fields?: Fields;
}): Signature {
  return defineSignature({
    id: spec.id,
    catalog: 'ENV-DET-OTHER',
    platform: 'envoy',
    title: spec.title,
    keywords: spec.keywords,
    pattern: new RegExp(detailContexts(groupNamer(), spec.values).join('|')),
    phase: spec.phase,
    status: spec.status,
    meaning: spec.meaning,
    causes: spec.causes,
    checks: spec.checks,
    fix: spec.fix,
    source: DETAILS_SRC,
    evidence: 'src',
    ...(spec.fields ? { fields: spec.fields } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// 3a. Response flags
// ---------------------------------------------------------------------------------------------

const responseFlags: Signature[] = [
  flagSignature({
    id: 'envoy/no-healthy-upstream',
    catalog: 'ENV-UH',
    short: 'UH',
    long: 'NoHealthyUpstream',
    bareLong: true,
    title: 'Response flag UH (NoHealthyUpstream) / body "no healthy upstream"',
    extra: [{ keywords: ['no healthy upstream'], pattern: String.raw`\bno healthy upstream\b` }],
    phase: 'health-check',
    status: 503,
    meaning:
      'Envoy found no usable host in the upstream cluster and answered 503 itself without trying to connect. The cluster has no endpoints (no ready pods, empty EDS/DNS), every host failed health checks or was outlier-ejected, or a subset selector matches no host.',
    causes: { 'no-endpoints': 0.4, 'no-healthy-upstream': 0.3, 'outlier-ejection': 0.18, 'config-error': 0.12 },
    checks: [
      'kubectl get endpointslices -A -l kubernetes.io/service-name=<service>',
      'istioctl proxy-config endpoints <pod> --cluster "{backend}"',
      `curl -s ${ADMIN}/clusters | grep health_flags`,
    ],
    fix: 'Give the cluster ready endpoints (pods Ready, Service selector and ports right, DestinationRule subset labels present on pods) and make sure health checks or outlier detection are not ejecting every host.',
  }),
  flagSignature({
    id: 'envoy/upstream-connection-failure',
    catalog: 'ENV-UF',
    short: 'UF',
    long: 'UpstreamConnectionFailure',
    bareLong: true,
    title: 'Response flag UF (UpstreamConnectionFailure)',
    phase: 'connect',
    status: 503,
    meaning:
      'Envoy picked an upstream host but could not open a connection to it (refused, timed out, or the TLS handshake failed) and returned 503. The transport failure reason or the response code details say which.',
    causes: { 'not-listening': 0.35, 'network-blocked': 0.22, 'tls-mismatch': 0.18, 'bind-loopback': 0.13, 'startup-order': 0.12 },
    checks: [
      'nc -vz -w 5 {host} {port}   # from the proxy pod / host',
      'kubectl exec <pod> -c istio-proxy -- curl -sv http://{host}:{port}/',
      'Read %UPSTREAM_TRANSPORT_FAILURE_REASON% / the response code details: "delayed connect error: 111" = refused, "connection timeout" = dropped, "TLS error" = TLS mismatch',
    ],
    fix: 'Make the backend listen on {host}:{port} on a non-loopback address, open the network path, or fix the upstream TLS settings — whichever the transport failure reason points to.',
  }),
  flagSignature({
    id: 'envoy/upstream-overflow',
    catalog: 'ENV-UO',
    short: 'UO',
    long: 'UpstreamOverflow',
    bareLong: true,
    title: 'Response flag UO (UpstreamOverflow): circuit breaker open',
    extra: [{ keywords: ['x-envoy-overloaded'], pattern: String.raw`\b[Xx]-[Ee]nvoy-[Oo]verloaded:\s*true\b` }],
    phase: 'pool',
    status: 503,
    meaning:
      'A circuit breaker of the cluster tripped (max_connections, max_pending_requests, max_requests or max_retries reached — Istio DestinationRule connectionPool limits), so Envoy rejected the request with 503 without contacting the upstream.',
    causes: { 'circuit-open': 0.5, 'resource-exhaustion': 0.3, 'slow-upstream': 0.2 },
    checks: [
      `curl -s ${ADMIN}/stats | grep -E 'upstream_rq_pending_overflow|upstream_cx_overflow|upstream_rq_retry_overflow'`,
      'kubectl get destinationrule -A -o yaml | grep -A8 connectionPool',
      'Check the backend latency: slow responses keep requests pending and fill the breaker',
    ],
    fix: 'Raise the circuit-breaker limits (Istio connectionPool http1MaxPendingRequests / maxRequestsPerConnection / tcp.maxConnections) to the real concurrency, or make the backend faster or scale it out.',
  }),
  flagSignature({
    id: 'envoy/no-route-found',
    catalog: 'ENV-NR',
    short: 'NR',
    long: 'NoRouteFound',
    bareLong: true,
    title: 'Response flag NR (NoRouteFound)',
    phase: 'policy',
    status: 404,
    meaning:
      'The request matched no route: the Host header or path fits no virtual host/route (missing VirtualService/HTTPRoute, wrong Host). On a listener it means no filter chain matched the connection (port not declared in the Service, plaintext to an mTLS-only inbound).',
    causes: { 'config-error': 0.6, 'port-mismatch': 0.25, 'tls-mismatch': 0.15 },
    checks: [
      'istioctl proxy-config routes <pod> -o json | grep -E \'"domains"|"prefix"|"path"\'',
      `curl -s '${ADMIN}/config_dump?resource=dynamic_route_configs' | grep -E 'domains|prefix'`,
      'Compare the request Host header with the VirtualService/HTTPRoute hosts and the Service port names',
    ],
    fix: 'Add a route that matches the request host and path (or send the expected Host header); for listener-level NR declare the port in the Service and align plaintext vs mTLS.',
  }),
  flagSignature({
    id: 'envoy/upstream-retry-limit-exceeded',
    catalog: 'ENV-URX',
    short: 'URX',
    long: 'UpstreamRetryLimitExceeded',
    bareLong: true,
    title: 'Response flag URX (UpstreamRetryLimitExceeded)',
    phase: 'connect',
    status: 503,
    meaning:
      'Envoy retried the request (or the TCP connect) and every attempt failed, so it gave up at the retry limit. The companion flag (UF, UC, UR …) tells which failure kept repeating.',
    causes: { 'not-listening': 0.4, 'upstream-reset': 0.35, 'no-healthy-upstream': 0.25 },
    checks: [
      'Look at the companion flag in the same line (UF = connect failed, UC = connection closed, UR = stream reset)',
      `curl -s ${ADMIN}/stats | grep -E 'upstream_rq_retry_limit_exceeded|upstream_cx_connect_fail'`,
      'nc -vz -w 5 {host} {port}',
    ],
    fix: 'Fix the failure shown by the companion flag; retries only hide it. Keep retry budgets small so they do not amplify an outage.',
  }),
  flagSignature({
    id: 'envoy/no-cluster-found',
    catalog: 'ENV-NC',
    short: 'NC',
    long: 'NoClusterFound',
    bareLong: true,
    title: 'Response flag NC (NoClusterFound)',
    phase: 'policy',
    status: [503, 404, 500],
    meaning:
      'The route points at an upstream cluster this Envoy does not have: not delivered yet by CDS (startup), a typo, a removed cluster, or an Istio subset used in a VirtualService without a DestinationRule defining it.',
    causes: { 'config-error': 0.65, 'startup-order': 0.35 },
    checks: [
      'istioctl proxy-config clusters <pod> | grep <service>',
      'kubectl get destinationrule -A -o yaml | grep -A3 subsets   # compare with the VirtualService "subset:"',
      'istioctl analyze -A',
    ],
    fix: 'Create the cluster the route references (DestinationRule subset, Service) or correct the route; if it only happens at startup, hold traffic until the proxy has its configuration.',
  }),
  flagSignature({
    id: 'envoy/duration-timeout',
    catalog: 'ENV-DT',
    short: 'DT',
    long: 'DurationTimeout',
    bareLong: false,
    title: 'Response flag DT (DurationTimeout)',
    phase: 'read-body',
    status: 504,
    meaning:
      'The connection or stream reached its maximum lifetime (max_connection_duration / max_downstream_connection_duration) and Envoy closed it on purpose.',
    causes: { 'timeout-misaligned': 1 },
    checks: [
      `curl -s ${ADMIN}/config_dump | grep -E 'max_connection_duration|max_downstream_connection_duration|max_stream_duration'`,
      'Compare the cap with how long the stream legitimately runs (downloads, WebSockets, gRPC streams)',
    ],
    fix: 'Raise or remove the duration cap for long-lived streams, or make clients reconnect gracefully when it is hit.',
  }),
  flagSignature({
    id: 'envoy/downstream-connection-termination',
    catalog: 'ENV-DC',
    short: 'DC',
    long: 'DownstreamConnectionTermination',
    bareLong: true,
    title: 'Response flag DC (DownstreamConnectionTermination): client went away',
    phase: 'read-headers',
    status: null,
    meaning:
      'The client closed its connection before Envoy finished the response (status 0 = nothing was sent). Usually the caller gave up because its own timeout is shorter than the backend latency.',
    causes: { 'timeout-misaligned': 0.6, 'slow-upstream': 0.4 },
    checks: [
      "Compare the line's %DURATION% with the client's timeout (load balancer idle timeout, HTTP client timeout)",
      'Check the backend latency: %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% on successful requests',
    ],
    fix: 'Align the timeouts: the caller must wait longer than the backend needs (or the backend must answer faster).',
  }),
  flagSignature({
    id: 'envoy/failed-local-health-check',
    catalog: 'ENV-LH',
    short: 'LH',
    long: 'FailedLocalHealthCheck',
    bareLong: true,
    title: 'Response flag LH (FailedLocalHealthCheck)',
    phase: 'health-check',
    status: 503,
    meaning: "This Envoy's own local service is failing the health-check filter, so Envoy answers 503 instead of forwarding.",
    causes: { 'no-healthy-upstream': 0.6, 'startup-order': 0.4 },
    checks: [
      'curl -sv http://127.0.0.1:<app-port>/<health-path>   # the local service health endpoint',
      `curl -s ${ADMIN}/config_dump | grep -A10 envoy.filters.http.health_check`,
    ],
    fix: "Fix the local service's health endpoint, or wait until the service is ready before it receives traffic.",
  }),
  flagSignature({
    id: 'envoy/upstream-request-timeout',
    catalog: 'ENV-UT',
    short: 'UT',
    long: 'UpstreamRequestTimeout',
    bareLong: true,
    title: 'Response flag UT (UpstreamRequestTimeout) / body "upstream request timeout"',
    extra: [{ keywords: ['upstream request timeout'], pattern: String.raw`\bupstream request timeout\b` }],
    phase: 'read-headers',
    status: 504,
    meaning:
      'The route timeout (Envoy default 15s; Istio has none unless the VirtualService sets one) or the per-try timeout expired before the upstream finished its response, so Envoy answered 504 "upstream request timeout".',
    causes: { 'slow-upstream': 0.55, 'timeout-misaligned': 0.45 },
    checks: [
      "curl -so /dev/null -w '%{time_starttransfer}s\\n' http://{host}:{port}/   # real backend latency",
      'istioctl proxy-config routes <pod> -o json | grep -E \'"timeout"|perTryTimeout\'',
      'Check backend saturation (CPU, DB, thread pool) at the time of the 504s',
    ],
    fix: 'Make the backend answer faster, or raise the route/VirtualService timeout (and perTryTimeout) above its real latency, keeping client timeouts longer than the proxy timeout.',
  }),
  flagSignature({
    id: 'envoy/local-reset',
    catalog: 'ENV-LR',
    short: 'LR',
    long: 'LocalReset',
    bareLong: false,
    title: 'Response flag LR (LocalReset)',
    phase: 'read-headers',
    status: 503,
    meaning:
      'Envoy itself reset the upstream stream before response headers: a codec/protocol error it detected, a per-try timeout with retry, overload, or an HTTP/1 upstream that half-closed early.',
    causes: { other: 0.4, 'protocol-mismatch': 0.35, 'upstream-reset': 0.25 },
    checks: [
      `curl -X POST '${ADMIN}/logging?http=debug&router=debug&http2=debug'   # then reproduce and read the proxy log`,
      `curl -s ${ADMIN}/stats | grep -E 'upstream_cx_protocol_error|upstream_rq_per_try_timeout|tx_reset'`,
    ],
    fix: 'Use the response code details and the debug log to find why Envoy reset the stream — most often an HTTP/1 vs HTTP/2 mismatch or a per-try timeout that is too short.',
  }),
  flagSignature({
    id: 'envoy/upstream-remote-reset',
    catalog: 'ENV-UR',
    short: 'UR',
    long: 'UpstreamRemoteReset',
    bareLong: true,
    title: 'Response flag UR (UpstreamRemoteReset)',
    phase: 'read-headers',
    status: 503,
    meaning:
      'The upstream reset or refused the stream before sending response headers: HTTP/2 RST_STREAM or REFUSED_STREAM, GOAWAY while shutting down (gRPC max-connection-age, rollout), or a failed CONNECT tunnel.',
    causes: { 'upstream-reset': 0.45, 'keepalive-race': 0.3, 'resource-exhaustion': 0.25 },
    checks: [
      'kubectl get pods -o wide   # restarts / rollouts of the backend at that time',
      `curl -s ${ADMIN}/stats | grep -E 'upstream_rq_rx_reset|upstream_cx_destroy_remote_with_active_rq'`,
      'Check the backend for max concurrent stream limits and max-connection-age settings',
    ],
    fix: 'Make the upstream drain gracefully (GOAWAY and wait before exit), raise its stream limits, and enable retries on reset/refused-stream for idempotent calls.',
  }),
  flagSignature({
    id: 'envoy/upstream-connection-termination',
    catalog: 'ENV-UC',
    short: 'UC',
    long: 'UpstreamConnectionTermination',
    bareLong: true,
    title: 'Response flag UC (UpstreamConnectionTermination)',
    phase: 'read-headers',
    status: 503,
    meaning:
      "An already established upstream connection was closed before response headers arrived. Most often the keep-alive race: the app closed an idle pooled connection (its keep-alive timeout is shorter than Envoy's idle_timeout) just as Envoy reused it; also app crash/restart, or the app closing on a protocol or mTLS mismatch.",
    causes: { 'keepalive-race': 0.4, 'upstream-reset': 0.3, 'protocol-mismatch': 0.15, 'tls-mismatch': 0.15 },
    checks: [
      "Compare the app's keep-alive/idle timeout (e.g. Node server.keepAliveTimeout 5s) with Envoy's upstream idle_timeout (default 1h)",
      `curl -s ${ADMIN}/stats | grep upstream_cx_destroy_remote_with_active_rq`,
      'kubectl get peerauthentication,destinationrule -A   # if every request fails: mTLS/protocol mismatch',
    ],
    fix: "Make the app's keep-alive timeout longer than the proxy's upstream idle timeout (or lower DestinationRule connectionPool.http.idleTimeout), enable retries on reset, and check mTLS/protocol settings if it fails every time.",
  }),
  flagSignature({
    id: 'envoy/delay-injected',
    catalog: 'ENV-DI',
    short: 'DI',
    long: 'DelayInjected',
    bareLong: false,
    title: 'Response flag DI (DelayInjected)',
    phase: 'policy',
    status: null,
    meaning: 'A fault-injection delay was added to this request on purpose (VirtualService fault.delay or the Envoy fault filter).',
    causes: { 'config-error': 0.6, other: 0.4 },
    checks: ["kubectl get virtualservice -A -o yaml | grep -B2 -A8 'fault:'"],
    fix: 'Remove or narrow the fault-injection delay if it was not intended.',
  }),
  flagSignature({
    id: 'envoy/fault-injected',
    catalog: 'ENV-FI',
    short: 'FI',
    long: 'FaultInjected',
    bareLong: false,
    title: 'Response flag FI (FaultInjected) / body "fault filter abort"',
    extra: [{ keywords: ['fault filter abort'], pattern: String.raw`\bfault filter abort\b` }],
    phase: 'policy',
    status: null,
    meaning: 'The error was injected on purpose by a fault filter (VirtualService fault.abort); the status is the configured abort code.',
    causes: { 'config-error': 0.6, other: 0.4 },
    checks: ["kubectl get virtualservice -A -o yaml | grep -B2 -A8 'fault:'"],
    fix: 'Remove or narrow the fault-injection abort if it was not intended.',
  }),
  flagSignature({
    id: 'envoy/rate-limited',
    catalog: 'ENV-RL',
    short: 'RL',
    long: 'RateLimited',
    bareLong: false,
    title: 'Response flag RL (RateLimited)',
    phase: 'policy',
    status: 429,
    meaning: "Envoy's rate limit filter rejected the request with 429. This is throttling, not a connectivity failure.",
    causes: { other: 0.6, 'config-error': 0.4 },
    checks: [`curl -s ${ADMIN}/stats | grep -E 'ratelimit|rate_limit'`, 'Review the local/global rate limit descriptors for this route'],
    fix: 'Raise the rate limit for this client/route if the traffic is legitimate, or slow the client down.',
  }),
  flagSignature({
    id: 'envoy/unauthorized-external-service',
    catalog: 'ENV-UAEX',
    short: 'UAEX',
    long: 'UnauthorizedExternalService',
    bareLong: true,
    title: 'Response flag UAEX (UnauthorizedExternalService): ext_authz denied or failed',
    extra: [
      {
        keywords: ['ext_authz_'],
        pattern: String.raw`(?:response_code_details"?\s*[:=]\s*"?|" \d{3} [A-Z,]{1,40} )(?<detail>ext_authz_(?:denied|error))\b`,
      },
    ],
    phase: 'policy',
    status: 403,
    meaning:
      'The external authorization service denied the request — or could not be reached or errored (details ext_authz_error), which fails closed by default.',
    causes: { 'config-error': 0.5, 'not-listening': 0.3, other: 0.2 },
    checks: [
      `curl -s ${ADMIN}/stats | grep ext_authz`,
      'Check the ext_authz service is up and reachable from the proxy, and its decision log for this request',
    ],
    fix: 'If the service errored (ext_authz_error) make it reachable or set failure_mode_allow deliberately; if it denied, fix the policy or the credentials.',
  }),
  flagSignature({
    id: 'envoy/rate-limit-service-error',
    catalog: 'ENV-RLSE',
    short: 'RLSE',
    long: 'RateLimitServiceError',
    bareLong: true,
    title: 'Response flag RLSE (RateLimitServiceError)',
    phase: 'policy',
    status: 500,
    meaning: 'The global rate limit service could not be reached or returned an error; with failure_mode_deny the request is rejected.',
    causes: { 'not-listening': 0.45, 'network-blocked': 0.3, 'config-error': 0.25 },
    checks: [`curl -s ${ADMIN}/clusters | grep -i ratelimit`, `curl -s ${ADMIN}/stats | grep -E 'ratelimit\\.(error|failure_mode_allowed)'`],
    fix: 'Make the rate limit service reachable (cluster, port, network policy) or decide explicitly whether failure_mode_deny is wanted.',
  }),
  flagSignature({
    id: 'envoy/stream-idle-timeout',
    catalog: 'ENV-SI',
    short: 'SI',
    long: 'StreamIdleTimeout',
    bareLong: false,
    title: 'Response flag SI (StreamIdleTimeout) / body "stream timeout"',
    // The local-reply body is just these two words, so only accept them as the whole line.
    extra: [{ keywords: ['stream timeout'], pattern: String.raw`(?:^|\n)\s*stream timeout\s*(?:\n|$)` }],
    phase: 'read-body',
    status: [408, 504],
    meaning:
      'No bytes moved on the stream for stream_idle_timeout (default 5 minutes): an idle long-poll, stream or slow upload. 408 if the request was not fully received, otherwise 504.',
    causes: { 'timeout-misaligned': 0.6, 'slow-upstream': 0.4 },
    checks: [
      `curl -s ${ADMIN}/config_dump | grep -E 'stream_idle_timeout|idle_timeout'`,
      'Check whether the backend sends keep-alive data on long-lived streams',
    ],
    fix: 'Raise stream_idle_timeout (or the route idle_timeout) for long-lived streams, or send periodic data/pings.',
  }),
  flagSignature({
    id: 'envoy/invalid-envoy-request-headers',
    catalog: 'ENV-IH',
    short: 'IH',
    long: 'InvalidEnvoyRequestHeaders',
    bareLong: true,
    title: 'Response flag IH (InvalidEnvoyRequestHeaders) / body "invalid header \'x-envoy-…\' with value …"',
    extra: [
      {
        keywords: ["invalid header 'x-envoy-"],
        pattern: String.raw`invalid header '(?<detail>x-envoy-[\w-]+)' with value '`,
      },
    ],
    phase: 'policy',
    status: 400,
    meaning: 'The client sent a malformed x-envoy-* header (strict_check_headers), so Envoy rejected the request with 400.',
    causes: { 'config-error': 0.6, other: 0.4 },
    checks: ['Look at the x-envoy-* headers the client sends (`curl -v`), e.g. x-envoy-max-retries, x-envoy-upstream-rq-timeout-ms'],
    fix: 'Send valid values for the x-envoy-* headers, or stop sending them from untrusted clients.',
  }),
  flagSignature({
    id: 'envoy/downstream-protocol-error',
    catalog: 'ENV-DPE',
    short: 'DPE',
    long: 'DownstreamProtocolError',
    bareLong: true,
    title: 'Response flag DPE (DownstreamProtocolError)',
    phase: 'read-headers',
    status: [400, 502],
    meaning:
      'The client spoke invalid HTTP to Envoy (HTTP/1 to an HTTP/2-only listener, TLS to a plaintext port, malformed headers), so the downstream connection was rejected.',
    causes: { 'protocol-mismatch': 0.6, 'tls-mismatch': 0.4 },
    checks: [
      'curl -v --http1.1 http://<listener>/ and curl -vk https://<listener>/   # which one the listener expects',
      `curl -s ${ADMIN}/stats | grep downstream_cx_protocol_error`,
    ],
    fix: 'Make the client use the protocol the listener expects (plaintext vs TLS, HTTP/1.1 vs HTTP/2) or configure the listener for it.',
  }),
  flagSignature({
    id: 'envoy/upstream-protocol-error',
    catalog: 'ENV-UPE',
    short: 'UPE',
    long: 'UpstreamProtocolError',
    bareLong: true,
    title: 'Response flag UPE (UpstreamProtocolError)',
    phase: 'read-headers',
    status: 502,
    meaning:
      "The upstream's reply is not valid for the protocol Envoy uses towards it: HTTP/2 (gRPC, port named grpc/http2) to an HTTP/1.1 app, HTTP/1 to an h2-only server, malformed headers, or not HTTP at all. Envoy answers 502.",
    causes: { 'protocol-mismatch': 0.7, 'port-mismatch': 0.3 },
    checks: [
      'kubectl get svc <service> -o yaml | grep -E "name:|appProtocol"   # Istio picks the codec from the port name',
      'curl -v --http2-prior-knowledge http://{host}:{port}/ ; curl -v --http1.1 http://{host}:{port}/',
      `curl -s ${ADMIN}/stats | grep upstream_cx_protocol_error`,
    ],
    fix: 'Declare the protocol the app really speaks (Service port name/appProtocol, http2_protocol_options only for h2 apps), or point the route at the right port.',
  }),
  flagSignature({
    id: 'envoy/upstream-max-stream-duration-reached',
    catalog: 'ENV-UMSDR',
    short: 'UMSDR',
    long: 'UpstreamMaxStreamDurationReached',
    bareLong: true,
    title: 'Response flag UMSDR / body "upstream max stream duration reached"',
    extra: [{ keywords: ['upstream max stream duration reached'], pattern: String.raw`\bupstream max stream duration reached\b` }],
    phase: 'read-body',
    status: [504, 408],
    meaning: 'The upstream stream exceeded max_stream_duration and Envoy cut it (504, or 408 if the request was not fully received).',
    causes: { 'timeout-misaligned': 0.6, 'slow-upstream': 0.4 },
    checks: [`curl -s ${ADMIN}/config_dump | grep -E 'max_stream_duration|grpc_timeout_header_max'`],
    fix: 'Raise max_stream_duration for routes that carry long streams, or make the backend finish sooner.',
  }),
  flagSignature({
    id: 'envoy/response-from-cache-filter',
    catalog: 'ENV-RFCF',
    short: 'RFCF',
    long: 'ResponseFromCacheFilter',
    bareLong: true,
    title: 'Response flag RFCF (ResponseFromCacheFilter)',
    phase: 'policy',
    status: null,
    meaning: 'The response was served from the cache filter; informational, the upstream was not contacted for this request.',
    causes: { other: 1 },
    checks: ['Check the cache filter configuration if stale or cached errors are being served'],
    fix: 'Nothing to fix for connectivity; purge or shorten caching if a cached error is being replayed.',
  }),
  flagSignature({
    id: 'envoy/no-filter-config-found',
    catalog: 'ENV-NFCF',
    short: 'NFCF',
    long: 'NoFilterConfigFound',
    bareLong: true,
    title: 'Response flag NFCF (NoFilterConfigFound)',
    phase: 'policy',
    status: 500,
    meaning: 'A filter whose configuration is delivered by ECDS has not received it, so Envoy rejects the request with 500.',
    causes: { 'config-error': 0.6, 'startup-order': 0.4 },
    checks: [`curl -s '${ADMIN}/config_dump?resource=ecds_filters'`, 'istioctl proxy-status   # is the proxy SYNCED?'],
    fix: 'Make the control plane deliver the filter configuration (or give it a default_config) before traffic arrives.',
  }),
  flagSignature({
    id: 'envoy/overload-manager',
    catalog: 'ENV-OM',
    short: 'OM',
    long: 'OverloadManagerTerminated',
    bareLong: true,
    title: 'Response flag OM (OverloadManagerTerminated) / body "envoy overloaded"',
    extra: [{ keywords: ['envoy overloaded'], pattern: String.raw`\benvoy overloaded\b` }],
    phase: 'pool',
    status: 503,
    meaning: 'The proxy itself is out of resources (memory, connections) according to its overload manager and is shedding load.',
    causes: { 'resource-exhaustion': 1 },
    checks: [
      `curl -s ${ADMIN}/stats | grep -E 'overload\\.|server\\.memory'`,
      'kubectl top pod <pod> --containers   # istio-proxy memory/CPU against its limits',
    ],
    fix: 'Give the proxy more memory/CPU (sidecar resources) or reduce its load (fewer connections, smaller config scope via Sidecar resources).',
  }),
  flagSignature({
    id: 'envoy/dns-resolution-failed',
    catalog: 'ENV-DF',
    short: 'DF',
    long: 'DnsResolutionFailed',
    bareLong: false,
    title: 'Response flag DF (DnsResolutionFailed)',
    phase: 'dns',
    status: 503,
    meaning: 'Per-request DNS resolution (dynamic forward proxy) failed for the requested host, so no connection was attempted.',
    causes: { 'dns-failure': 1 },
    checks: ['nslookup <requested-host>   # from the proxy pod', `curl -s ${ADMIN}/stats | grep -E 'dns_cache.*(dns_query_failure|dns_rq_pending_overflow)'`],
    fix: 'Fix the host name or the DNS resolver the proxy uses.',
  }),
  flagSignature({
    id: 'envoy/drop-overload',
    catalog: 'ENV-DO',
    short: 'DO',
    long: 'DropOverload',
    bareLong: true,
    title: 'Response flag DO (DropOverload)',
    phase: 'policy',
    status: 503,
    meaning: 'The control plane told Envoy (EDS drop_overloads) to drop a share of the traffic to this cluster, and this request was dropped.',
    causes: { 'circuit-open': 0.6, 'config-error': 0.4 },
    checks: [`curl -s '${ADMIN}/config_dump?include_eds' | grep -A5 drop_overload`],
    fix: 'Check why the control plane asks for drops (overloaded backend) and remove the policy when it is no longer needed.',
  }),
];

// ---------------------------------------------------------------------------------------------
// 3b. The "upstream connect error" local reply and its reset reasons
// ---------------------------------------------------------------------------------------------

const KNOWN_RESET_REASONS = [
  'local connection failure',
  'remote connection failure',
  'connection failure',
  'connection timeout',
  'connection termination',
  'local refused stream reset',
  'remote refused stream reset',
  'local reset',
  'remote reset',
  'remote error with CONNECT request',
  'protocol error',
  'overload manager reset',
  'overflow',
].join('|');

const body = defineSignature({
  id: 'envoy/upstream-connect-error',
  catalog: 'ENV-BODY',
  platform: 'envoy',
  title: 'upstream connect error or disconnect/reset before headers',
  keywords: ['upstream connect error or disconnect/reset before headers'],
  pattern: new RegExp(
    String.raw`upstream connect error or disconnect\/reset before headers\.?(?: (?:retried and the latest )?reset reason: (?<resetReason>${KNOWN_RESET_REASONS}|[a-z][a-z0-9 ]{0,60}[a-z0-9])(?:, transport failure reason: (?<transportFailureReason>[^"'\n,]{0,300}[^"'\n,\s]))?)?`,
    'i',
  ),
  phase: 'connect',
  status: [503, 502],
  meaning:
    "Envoy's own 503 (502 for a protocol error) local reply: it never got response headers from the upstream. The reset reason says what happened (connection failure/timeout = could not connect; connection termination = connection closed; overflow = circuit breaker) and the transport failure reason gives the socket/TLS error.",
  causes: { 'not-listening': 0.4, 'upstream-reset': 0.25, 'keepalive-race': 0.2, 'tls-mismatch': 0.15 },
  checks: [
    'Read the reset reason and transport failure reason in the body; they pick the branch (connect vs reset vs TLS)',
    "kubectl logs <pod> -c istio-proxy | grep -E '\" 50[23] '   # the access-log line carries flags and the upstream host",
    `curl -s ${ADMIN}/clusters | grep -E 'cx_connect_fail|health_flags'`,
  ],
  fix: 'Follow the reset reason: make the backend reachable for connection failures, align keep-alive timeouts for connection termination, raise circuit-breaker limits for overflow, fix TLS settings for TLS errors.',
  source: ROUTER_SRC,
  evidence: 'src',
});

const resetReasons: Signature[] = [
  resetSignature({
    id: 'envoy/reset-connection-failure',
    catalog: 'ENV-RR-CF',
    words: ['connection failure'],
    flags: 'UF',
    title: 'reset reason: connection failure (Envoy ≤ 1.27 / Istio ≤ 1.19)',
    phase: 'connect',
    status: 503,
    meaning:
      'The connection pool could not establish the TCP (or TLS) connection to the chosen upstream host. Older Envoy versions use this single wording for refused, unreachable, timed-out and TLS-failed connects; the transport failure reason tells them apart.',
    causes: { 'not-listening': 0.35, 'network-blocked': 0.25, 'tls-mismatch': 0.2, 'startup-order': 0.2 },
    checks: [
      'nc -vz -w 5 {host} {port}   # from the proxy pod',
      'Read the transport failure reason: "delayed connect error: 111" = refused, "TLS error" = TLS mismatch',
      `curl -s ${ADMIN}/stats | grep -E 'upstream_cx_connect_fail|upstream_cx_connect_timeout'`,
    ],
    fix: 'Make the backend listen on the address and port the cluster uses, open the path, or fix upstream TLS — as the transport failure reason indicates.',
    source: RESET_ENUM_SRC,
  }),
  resetSignature({
    id: 'envoy/reset-remote-connection-failure',
    catalog: 'ENV-RR-RCF',
    words: ['remote connection failure'],
    flags: 'UF',
    title: 'reset reason: remote connection failure',
    phase: 'connect',
    status: 503,
    meaning:
      'The peer side made the connect fail: the host answered the SYN with a reset (nothing listening on that address/port) or closed/alerted during the TLS handshake.',
    causes: { 'not-listening': 0.35, 'bind-loopback': 0.25, 'tls-mismatch': 0.2, 'port-mismatch': 0.2 },
    checks: [
      'nc -vz -w 5 {host} {port}',
      'kubectl exec <pod> -- ss -ltn   # app bound to 127.0.0.1 instead of 0.0.0.0? other port?',
      'kubectl get svc <service> -o yaml | grep targetPort   # compare with the container port',
    ],
    fix: "Make the app listen on 0.0.0.0 on the Service's targetPort (and be started before traffic arrives), or fix the TLS settings if the transport failure reason is a TLS error.",
  }),
  resetSignature({
    id: 'envoy/reset-local-connection-failure',
    catalog: 'ENV-RR-LCF',
    words: ['local connection failure'],
    flags: 'UF',
    title: 'reset reason: local connection failure',
    phase: 'connect',
    status: 503,
    meaning:
      "The connect failed on Envoy's own side: a local socket/bind error (ports or file descriptors exhausted, bad source address) or a TLS context that is not ready.",
    causes: { 'resource-exhaustion': 0.4, 'tls-mismatch': 0.35, 'config-error': 0.25 },
    checks: [
      'Read the transport failure reason (e.g. "failed to bind to …", "TLS error: Secret is not supplied by SDS")',
      'kubectl exec <pod> -c istio-proxy -- ss -s   # socket/port exhaustion',
    ],
    fix: 'Fix the local condition named by the transport failure reason: free local ports/file descriptors, correct bind_config, or deliver the TLS certificates.',
  }),
  resetSignature({
    id: 'envoy/reset-connection-timeout',
    catalog: 'ENV-RR-CT',
    words: ['connection timeout'],
    flags: 'UF',
    title: 'reset reason: connection timeout',
    phase: 'connect',
    status: 503,
    meaning:
      'The SYN to the upstream got no answer within connect_timeout (Envoy default 5s, Istio 10s): packets are dropped (NetworkPolicy, security group, firewall), the endpoint IP is stale or unroutable, or egress is blocked.',
    causes: { 'network-blocked': 0.5, 'no-endpoints': 0.3, 'resource-exhaustion': 0.2 },
    checks: [
      'nc -vz -w 5 {host} {port}   # from the proxy pod',
      'kubectl get networkpolicy -A',
      'kubectl get pods -A -o wide | grep {host}   # does the endpoint IP still belong to a running pod?',
    ],
    fix: 'Open the network path (NetworkPolicy/security group/firewall) from the proxy to the endpoint, or remove the stale endpoint.',
  }),
  resetSignature({
    id: 'envoy/reset-connection-termination',
    catalog: 'ENV-RR-TERM',
    words: ['connection termination'],
    flags: 'UC',
    title: 'reset reason: connection termination',
    phase: 'read-headers',
    status: 503,
    meaning:
      "An established upstream connection closed before response headers arrived: typically the keep-alive race (the app's idle timeout is shorter than Envoy's), an app crash/restart, or the app closing on an mTLS/protocol mismatch.",
    causes: { 'keepalive-race': 0.45, 'upstream-reset': 0.35, 'tls-mismatch': 0.2 },
    checks: [
      "Compare the app keep-alive timeout with Envoy's upstream idle_timeout (DestinationRule connectionPool.http.idleTimeout)",
      `curl -s ${ADMIN}/stats | grep upstream_cx_destroy_remote_with_active_rq`,
      'kubectl get peerauthentication -A   # fails every time? plaintext vs STRICT mTLS',
    ],
    fix: "Make the app's keep-alive timeout longer than the proxy's upstream idle timeout and allow a retry on reset; if every request fails, fix the mTLS/protocol mismatch.",
  }),
  resetSignature({
    id: 'envoy/reset-overflow',
    catalog: 'ENV-RR-OVF',
    words: ['overflow'],
    flags: 'UO',
    title: 'reset reason: overflow',
    phase: 'pool',
    status: 503,
    meaning: "The cluster's circuit breaker (pending requests or connections) is full, so the request was rejected without being sent.",
    causes: { 'circuit-open': 0.65, 'resource-exhaustion': 0.35 },
    checks: [
      `curl -s ${ADMIN}/stats | grep -E 'upstream_rq_pending_overflow|upstream_cx_overflow'`,
      'kubectl get destinationrule -A -o yaml | grep -A8 connectionPool',
    ],
    fix: 'Raise the circuit-breaker limits to match real concurrency, or speed up / scale the backend.',
  }),
  resetSignature({
    id: 'envoy/reset-local-reset',
    catalog: 'ENV-RR-LR',
    words: ['local reset', 'local refused stream reset'],
    flags: 'LR',
    title: 'reset reason: local reset / local refused stream reset',
    phase: 'read-headers',
    status: 503,
    meaning: 'Envoy reset the upstream stream itself (per-try timeout with retry, codec error it detected, overload).',
    causes: { other: 0.55, 'protocol-mismatch': 0.45 },
    checks: [
      `curl -X POST '${ADMIN}/logging?http=debug&router=debug'   # reproduce and read why the stream was reset`,
      `curl -s ${ADMIN}/stats | grep -E 'upstream_rq_per_try_timeout|upstream_cx_protocol_error'`,
    ],
    fix: 'Find the reason in the debug log; usually raise a too-short per-try timeout or fix an HTTP/1 vs HTTP/2 mismatch.',
  }),
  resetSignature({
    id: 'envoy/reset-remote-reset',
    catalog: 'ENV-RR-RR',
    words: ['remote reset', 'remote refused stream reset'],
    flags: 'UR',
    title: 'reset reason: remote reset / remote refused stream reset',
    phase: 'read-headers',
    status: 503,
    meaning:
      'The upstream sent HTTP/2 RST_STREAM or REFUSED_STREAM before response headers: server draining, max concurrent streams reached, or the app aborting the request.',
    causes: { 'upstream-reset': 0.6, 'resource-exhaustion': 0.4 },
    checks: ['kubectl get pods -o wide   # backend restarts/rollouts at that time', 'Check the backend max concurrent streams and graceful shutdown settings'],
    fix: 'Make the backend drain gracefully and raise its stream limits; retry refused streams (they are safe to retry).',
  }),
  resetSignature({
    id: 'envoy/reset-connect-request-error',
    catalog: 'ENV-RR-CONNECT',
    words: ['remote error with CONNECT request'],
    flags: 'UR',
    title: 'reset reason: remote error with CONNECT request',
    phase: 'connect',
    status: 503,
    meaning: 'A CONNECT tunnel (Istio ambient HBONE, egress tunnel) failed at the far end: the tunnel endpoint could not reach the final destination.',
    causes: { 'not-listening': 0.55, 'network-blocked': 0.45 },
    checks: ['kubectl logs -n istio-system -l app=ztunnel --tail=200   # ambient: the far-end error', 'nc -vz -w 5 {host} {port}   # from the tunnel endpoint'],
    fix: 'Make the final destination reachable from the tunnel endpoint (listening app, network policy, waypoint configuration).',
  }),
  resetSignature({
    id: 'envoy/reset-protocol-error',
    catalog: 'ENV-RR-PE',
    words: ['protocol error'],
    flags: 'UPE',
    title: 'reset reason: protocol error',
    phase: 'read-headers',
    status: 502,
    meaning:
      "The upstream's reply could not be parsed with the configured protocol (HTTP/2 to an HTTP/1 app or the reverse, malformed headers, non-HTTP server); Envoy answers 502.",
    causes: { 'protocol-mismatch': 1 },
    checks: [
      'kubectl get svc <service> -o yaml | grep -E "name:|appProtocol"',
      'curl -v --http1.1 http://{host}:{port}/ ; curl -v --http2-prior-knowledge http://{host}:{port}/',
    ],
    fix: 'Declare the protocol the app really speaks (port name/appProtocol, http2_protocol_options), or fix the malformed response headers.',
  }),
  resetSignature({
    id: 'envoy/reset-overload-manager',
    catalog: 'ENV-RR-OM',
    words: ['overload manager reset'],
    flags: 'OM',
    title: 'reset reason: overload manager reset',
    phase: 'pool',
    status: 503,
    meaning: "Envoy's overload manager reset the stream because the proxy is short of memory or connections.",
    causes: { 'resource-exhaustion': 1 },
    checks: [`curl -s ${ADMIN}/stats | grep -E 'overload\\.'`, 'kubectl top pod <pod> --containers'],
    fix: 'Give the proxy more resources or reduce its load.',
  }),
];

// ---------------------------------------------------------------------------------------------
// 3c. Transport failure reasons
// ---------------------------------------------------------------------------------------------

const CONNECT_ERROR = String.raw`(?:delayed|immediate)[ _]connect[ _]error:[ _]`;
const CONNECT_ERROR_KEYWORDS = ['delayed connect error', 'delayed_connect_error', 'immediate connect error', 'immediate_connect_error'];

const transportFailures: Signature[] = [
  defineSignature({
    id: 'envoy/delayed-connect-error-refused',
    catalog: 'ENV-TFR-ERRNO',
    platform: 'envoy',
    title: 'transport failure reason: delayed connect error: 111 / Connection refused',
    keywords: CONNECT_ERROR_KEYWORDS,
    pattern: new RegExp(String.raw`(?<transportFailureReason>${CONNECT_ERROR}(?:111\b|Connection[ _]refused))`, 'i'),
    phase: 'connect',
    status: 503,
    meaning:
      'The upstream host answered the connect with a reset: nothing listens on that endpoint port — the app is not started yet, the Service targetPort is wrong, or the app is bound to 127.0.0.1 while traffic arrives on the pod IP.',
    causes: { 'not-listening': 0.35, 'startup-order': 0.2, 'bind-loopback': 0.2, 'port-mismatch': 0.15, 'network-blocked': 0.1 },
    checks: [
      'kubectl exec <pod> -- ss -ltn   # is the app listening on 0.0.0.0:<targetPort>?',
      'kubectl get svc <service> -o yaml | grep -E "port|targetPort"',
      'nc -vz -w 5 {host} {port}',
    ],
    fix: 'Make the app listen on 0.0.0.0 (not localhost) on the port the Service targets, and gate traffic on readiness so it is not sent before the app listens.',
    source: CONNECTION_SRC,
    evidence: 'src',
    fields: { errno: '111', code: 'ECONNREFUSED' },
  }),
  defineSignature({
    id: 'envoy/delayed-connect-error-unreachable',
    catalog: 'ENV-TFR-ERRNO',
    platform: 'envoy',
    title: 'transport failure reason: delayed connect error: 113 / 101 (no route / network unreachable)',
    keywords: CONNECT_ERROR_KEYWORDS,
    pattern: new RegExp(
      String.raw`(?<transportFailureReason>${CONNECT_ERROR}(?:(?<errno>113|101)\b|(?<detail>No[ _]route[ _]to[ _]host|Network[ _]is[ _]unreachable)))`,
      'i',
    ),
    phase: 'connect',
    status: 503,
    meaning:
      'The endpoint IP is unreachable (EHOSTUNREACH 113 / ENETUNREACH 101): the pod or VM behind it is gone, the IP is stale in service discovery, or routing/firewall rejects it.',
    causes: { 'network-blocked': 0.45, 'no-endpoints': 0.35, 'not-listening': 0.2 },
    checks: [
      'kubectl get pods -A -o wide | grep {host}   # does the endpoint IP still exist?',
      'ip route get {host}   # from the proxy host/pod',
      'kubectl get networkpolicy -A',
    ],
    fix: 'Remove the stale endpoint (fix service discovery/EDS) or repair routing and firewall rules to it.',
    source: CONNECTION_SRC,
    evidence: 'src',
  }),
  defineSignature({
    id: 'envoy/delayed-connect-error-timed-out',
    catalog: 'ENV-TFR-ERRNO',
    platform: 'envoy',
    title: 'transport failure reason: delayed connect error: 110 / Connection timed out',
    keywords: CONNECT_ERROR_KEYWORDS,
    pattern: new RegExp(String.raw`(?<transportFailureReason>${CONNECT_ERROR}(?:110\b|Connection[ _]timed[ _]out))`, 'i'),
    phase: 'connect',
    status: 503,
    meaning: 'The kernel gave up on the SYN (ETIMEDOUT 110) before Envoy did: packets to the endpoint are silently dropped.',
    causes: { 'network-blocked': 0.6, 'no-endpoints': 0.25, 'resource-exhaustion': 0.15 },
    checks: ['nc -vz -w 5 {host} {port}', 'kubectl get networkpolicy -A', 'Check security groups / firewall between the proxy and {host}'],
    fix: 'Open the network path from the proxy to the endpoint, or remove the endpoint that no longer answers.',
    source: CONNECTION_SRC,
    evidence: 'src',
    fields: { errno: '110', code: 'ETIMEDOUT' },
  }),
  defineSignature({
    id: 'envoy/failed-to-bind',
    catalog: 'ENV-TFR-BIND',
    platform: 'envoy',
    title: 'transport failure reason: failed to bind to <addr>',
    keywords: ['failed to bind to', 'failed_to_bind_to'],
    pattern: new RegExp(
      String.raw`(?:transport failure reason: |[|,{"]|\[C\d+\] )(?<transportFailureReason>failed[ _]to[ _]bind[ _]to[ _](?<detail>[^"}\n,|]{3,160}))`,
    ),
    phase: 'connect',
    status: 503,
    meaning:
      "Envoy could not bind the upstream connection's local (source) address: the bind_config/source address is not on this host, or local ports are exhausted.",
    causes: { 'config-error': 0.6, 'resource-exhaustion': 0.4 },
    checks: [`curl -s ${ADMIN}/config_dump | grep -A5 bind_config`, 'ss -s   # local port / socket exhaustion on the proxy host'],
    fix: 'Use a source address that exists on the proxy host (or remove bind_config), and widen the ephemeral port range or reuse connections if ports are exhausted.',
    source: CONNECTION_SRC,
    evidence: 'src',
  }),
  defineSignature({
    id: 'envoy/tls-certificate-verify-failed',
    catalog: 'ENV-TFR-TLS-VERIFY',
    platform: 'envoy',
    title: 'TLS error: …:CERTIFICATE_VERIFY_FAILED',
    keywords: ['certificate_verify_failed', '268435581'],
    pattern: new RegExp(
      String.raw`(?<transportFailureReason>${TLS_PREFIX}(?<code>CERTIFICATE_VERIFY_FAILED))(?::(?<detail>verify[ _]cert[ _]failed:[ _][^:\n"}|]{1,80}))?` +
        `|(?<transportFailureReason_2>${bareTlsCode('code_2', ['268435581'])})`,
    ),
    phase: 'tls',
    status: 503,
    meaning:
      "Envoy did not trust the upstream's certificate: wrong CA in the DestinationRule/UpstreamTlsContext, SAN mismatch, a workload certificate from another mesh/CA, or an expired certificate.",
    causes: { 'tls-mismatch': 0.65, 'config-error': 0.35 },
    checks: [
      'openssl s_client -connect {host}:{port} -servername <sni> -showcerts </dev/null | openssl x509 -noout -issuer -subject -ext subjectAltName -dates',
      'kubectl get destinationrule -A -o yaml | grep -B3 -A8 "tls:"',
    ],
    fix: 'Give Envoy the CA that signed the upstream certificate and the right SNI/subjectAltNames, or renew the upstream certificate.',
    source: SSL_SOCKET_SRC,
    evidence: 'src',
  }),
  defineSignature({
    id: 'envoy/tls-wrong-version-number',
    catalog: 'ENV-TFR-TLS-VERSION',
    platform: 'envoy',
    title: 'TLS error: …:WRONG_VERSION_NUMBER (TLS to a plaintext port)',
    keywords: ['wrong_version_number', '268435703'],
    pattern: new RegExp(
      `(?<transportFailureReason>${TLS_PREFIX}(?<code>WRONG_VERSION_NUMBER))|(?<transportFailureReason_2>${bareTlsCode('code_2', ['268435703'])})`,
    ),
    phase: 'tls',
    status: 503,
    meaning:
      'Envoy originated TLS (DestinationRule SIMPLE/ISTIO_MUTUAL, UpstreamTlsContext) to a port that answers in plaintext — e.g. a pod without a sidecar, or an http port: the first bytes back were no TLS record. The reverse (plaintext toward a TLS port) gets the same reason on the TLS side, printed by the server that received it.',
    causes: { 'tls-mismatch': 0.7, 'port-mismatch': 0.3 },
    checks: [
      'curl -v http://{host}:{port}/   # answers in plaintext?',
      'kubectl get destinationrule -A -o yaml | grep -B3 -A5 "mode:"',
      'kubectl get pod -l app=<app> -o jsonpath="{.items[*].spec.containers[*].name}"   # istio-proxy present?',
    ],
    fix: 'Disable TLS origination for a plaintext target (or use the TLS port), or inject a sidecar into the target so ISTIO_MUTUAL works.',
    source: SSL_SOCKET_SRC,
    evidence: 'src',
  }),
  defineSignature({
    id: 'envoy/tls-handshake-alert',
    catalog: 'ENV-TFR-TLS-ALERT',
    platform: 'envoy',
    title: 'TLS error: …:SSLV3_ALERT_* / TLSV1_ALERT_* (upstream rejected the handshake)',
    keywords: [
      'sslv3_alert_',
      'tlsv1_alert_',
      'tlsv1_certificate_required',
      'no_shared_cipher',
      '268436496',
      '268436498',
      '268436504',
      '268436526',
      '268436572',
      '268435640',
    ],
    pattern: new RegExp(
      String.raw`(?<transportFailureReason>${TLS_PREFIX}(?<code>SSLV3_ALERT_(?!CERTIFICATE_EXPIRED\b)[A-Z_]+|TLSV1_ALERT_(?!UNRECOGNIZED_NAME\b)[A-Z_]+|TLSV1_CERTIFICATE_REQUIRED|NO_SHARED_CIPHER))` +
        // handshake_failure (40), bad_certificate (42), unknown_ca (48), protocol_version (70), certificate_required (116); NO_SHARED_CIPHER (184)
        `|(?<transportFailureReason_2>${bareTlsCode('code_2', ['268436496', '268436498', '268436504', '268436526', '268436572', '268435640'])})`,
    ),
    phase: 'tls',
    status: 503,
    meaning:
      "The upstream rejected Envoy's TLS handshake with an alert: client certificate missing or untrusted (mTLS), or no common protocol version/cipher/SNI (an expired certificate and an unknown name have signatures of their own).",
    causes: { 'tls-mismatch': 0.7, 'config-error': 0.3 },
    checks: [
      'openssl s_client -connect {host}:{port} -servername <sni> </dev/null   # with and without -cert/-key',
      'kubectl get destinationrule -A -o yaml | grep -B3 -A8 "tls:"   # clientCertificate / credentialName / sni',
    ],
    fix: 'Present the client certificate the upstream expects (mTLS), or align TLS versions, ciphers and SNI with it.',
    source: SSL_SOCKET_SRC,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'envoy/tls-certificate-expired',
    catalog: 'ENV-TFR-TLS-ALERT',
    platform: 'envoy',
    title: 'TLS error: …:CERTIFICATE_VERIFY_FAILED … certificate has expired / …:SSLV3_ALERT_CERTIFICATE_EXPIRED',
    keywords: ['certificate has expired', 'certificate_has_expired', 'sslv3_alert_certificate_expired', '268436501'],
    pattern: new RegExp(
      String.raw`(?<transportFailureReason>${TLS_PREFIX}(?:(?<code>CERTIFICATE_VERIFY_FAILED):(?<detail>(?:verify[ _]cert[ _]failed:[ _])?X509_verify_cert:[ _]certificate[ _]verification[ _]error[ _]at[ _]depth[ _]\d+:[ _]certificate[ _]has[ _]expired)|(?<code_2>SSLV3_ALERT_CERTIFICATE_EXPIRED)))` +
        `|(?<transportFailureReason_2>${bareTlsCode('code_3', ['268436501'])})`,
    ),
    phase: 'tls',
    status: 503,
    meaning:
      "A certificate in the handshake is past its notAfter date (or the proxy's clock is wrong). CERTIFICATE_VERIFY_FAILED with \"certificate has expired\" (X509_V_ERR_CERT_HAS_EXPIRED) is the upstream's certificate, checked by Envoy; the alert certificate_expired is the upstream refusing Envoy's client certificate — in a mesh, a workload certificate that was not rotated (istio-agent cannot reach istiod).",
    causes: { 'tls-mismatch': 0.75, 'config-error': 0.25 },
    checks: [
      'openssl s_client -connect {host}:{port} -servername <sni> </dev/null 2>/dev/null | openssl x509 -noout -subject -dates',
      'istioctl proxy-config secret <pod>   # NOT AFTER of the workload certificate and the root',
      'date -u   # on the proxy and the upstream: clock skew makes a valid certificate look expired',
    ],
    fix: "Renew the expired certificate (the upstream's server certificate, or the proxy's client certificate) and automate its rotation; in Istio make sure the sidecar can reach istiod to rotate workload certificates.",
    source: `${ENVOY_BLOB}/main/source/common/tls/cert_validator/default_validator.cc`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'envoy/tls-san-mismatch',
    catalog: 'ENV-TFR-TLS-VERIFY',
    platform: 'envoy',
    title: 'TLS error: …:CERTIFICATE_VERIFY_FAILED:verify cert failed: verify SAN list / SAN matcher, or …:TLSV1_ALERT_UNRECOGNIZED_NAME (name/SNI mismatch)',
    keywords: ['verify san list', 'verify_san_list', 'san matcher', 'san_matcher', 'unrecognized_name', '268436568'],
    pattern: new RegExp(
      `(?<transportFailureReason>${TLS_PREFIX}(?:(?<code>CERTIFICATE_VERIFY_FAILED):(?<detail>verify[ _]cert[ _]failed:[ _](?:verify[ _]SAN[ _]list|SAN[ _]matcher))|(?<code_2>TLSV1_(?:ALERT_)?UNRECOGNIZED_NAME)))` +
        `|(?<transportFailureReason_2>${bareTlsCode('code_3', ['268436568'])})`,
    ),
    phase: 'tls',
    status: 503,
    meaning:
      'The name Envoy expects and the name the upstream serves disagree. "verify SAN list" / "SAN matcher": the upstream\'s certificate is trusted but its subjectAltNames match none Envoy requires (DestinationRule subjectAltNames, match_typed_subject_alt_names, Istio\'s expected service account). unrecognized_name (alert 112): the upstream has no certificate for the SNI Envoy sent (sni missing or wrong).',
    causes: { 'tls-mismatch': 0.55, 'config-error': 0.45 },
    checks: [
      'openssl s_client -connect {host}:{port} -servername <sni> </dev/null 2>/dev/null | openssl x509 -noout -ext subjectAltName   # which names the certificate carries',
      'kubectl get destinationrule -A -o yaml | grep -B3 -A8 "tls:"   # sni and subjectAltNames',
      `curl -s ${ADMIN}/config_dump | grep -E -A5 'sni|match_typed_subject_alt_names|match_subject_alt_names'`,
    ],
    fix: 'Send the SNI the upstream serves a certificate for (tls.sni / UpstreamTlsContext sni) and require the subjectAltNames its certificate really carries, or reissue the certificate with the name clients use.',
    source: `${ENVOY_BLOB}/main/source/common/tls/cert_validator/default_validator.cc`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'envoy/tls-error-code',
    // The catalog's TLS entries document this format (`TLS_error:|<code>:<lib>:<func>:<reason>:TLS_error_end`); this one
    // reads the code itself, for reasons the named signatures do not list or a paste that kept only the number.
    catalog: 'ENV-TFR-TLS-VERIFY',
    platform: 'envoy',
    title: 'TLS error: <BoringSSL error code>[:SSL routines:…:<REASON>] (any TLS failure toward the upstream)',
    keywords: ['tls error:', 'tls_error:'],
    pattern: /(?<transportFailureReason>TLS[ _]error:[ _|]{0,2}(?<code>\d{6,10}))(?!\d)/,
    phase: 'tls',
    status: 503,
    meaning:
      "TCP connected, then the TLS handshake between Envoy and the upstream failed. The number is BoringSSL's packed error: 268435456 + the SSL reason code (268435581 CERTIFICATE_VERIFY_FAILED, 268435703 WRONG_VERSION_NUMBER), 268436456 + n an alert n sent by the upstream (268436496 handshake_failure, 268436501 certificate_expired); the reason name after it, when present, says which.",
    causes: { 'tls-mismatch': 0.75, 'config-error': 0.15, 'port-mismatch': 0.1 },
    checks: [
      'openssl s_client -connect {host}:{port} -servername <sni> </dev/null   # does it speak TLS, with which certificate?',
      'kubectl get destinationrule -A -o yaml | grep -B3 -A8 "tls:"   # mode, sni, subjectAltNames, caCertificates',
      `curl -s ${ADMIN}/stats | grep -E 'ssl.(connection_error|fail_verify|handshake)'`,
    ],
    fix: 'Make both sides agree on TLS: originate TLS only toward a TLS port, trust the CA that signed the upstream certificate, send the SNI and expect the names it serves, and present a client certificate where it requires mTLS.',
    source: BORINGSSL_ERR_SRC,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'envoy/tls-secret-not-supplied-by-sds',
    catalog: 'ENV-TFR-SDS',
    platform: 'envoy',
    title: 'TLS error: Secret is not supplied by SDS',
    keywords: ['secret is not supplied by sds', 'secret_is_not_supplied_by_sds'],
    pattern: /(?<transportFailureReason>TLS[ _]error:[ _]Secret[ _]is[ _]not[ _]supplied[ _]by[ _]SDS)/i,
    phase: 'tls',
    status: 503,
    meaning:
      'The TLS context has no certificate yet because SDS has not delivered it: istio-agent/istiod unreachable, certificate mount missing, or the window right after pod start or CA rotation.',
    causes: { 'startup-order': 0.45, 'tls-mismatch': 0.3, 'config-error': 0.25 },
    checks: [
      'istioctl proxy-config secret <pod>   # are the certificates ACTIVE?',
      'kubectl logs <pod> -c istio-proxy | grep -iE "sds|secret|citadel|ca client"',
      'kubectl get secret <credentialName> -n <gateway-namespace>   # gateways: credentialName exists?',
    ],
    fix: 'Make sure the proxy can fetch its certificates (istiod reachable, credentialName secret present in the right namespace) and hold traffic until they are loaded.',
    source: SSL_SOCKET_SRC,
    evidence: 'src',
  }),
];

// ---------------------------------------------------------------------------------------------
// 3d. Response code details and other Envoy texts
// ---------------------------------------------------------------------------------------------

const details: Signature[] = [
  defineSignature({
    id: 'envoy/upstream-reset-before-response-started',
    catalog: 'ENV-DET-EARLY',
    platform: 'envoy',
    title: 'response code details: upstream_reset_before_response_started{…}',
    keywords: ['upstream_reset_before_response_started{'],
    pattern:
      /(?:" (?<status>\d{3}) (?:-|(?<flags>[A-Z]{1,5}(?:,[A-Z]{1,5}){0,30})) )?upstream_reset_before_response_started\{(?<resetReason>[A-Za-z_]+)(?:[|,](?<transportFailureReason>[^}\s"]{1,300}))?\}/,
    phase: 'connect',
    status: [503, 502],
    meaning:
      'The response code details for "upstream connect error …": the upstream connection failed or was reset before any response header. The braces carry the reset reason and transport failure reason with spaces replaced by underscores.',
    causes: { 'not-listening': 0.45, 'upstream-reset': 0.35, 'tls-mismatch': 0.2 },
    checks: [
      'Read the reason in braces: *connection_failure / connection_timeout = connect phase; connection_termination = closed; TLS_error = TLS',
      'nc -vz -w 5 {host} {port}',
    ],
    fix: 'Follow the reason in braces: make the backend reachable for connection failures, align keep-alive timeouts for connection termination, fix TLS for TLS errors.',
    source: ROUTER_SRC,
    evidence: 'src',
  }),
  defineSignature({
    id: 'envoy/upstream-reset-after-response-started',
    catalog: 'ENV-DET-LATE',
    platform: 'envoy',
    title: 'response code details: upstream_reset_after_response_started{…}',
    keywords: ['upstream_reset_after_response_started{'],
    pattern:
      /(?:" (?<status>\d{3}) (?:-|(?<flags>[A-Z]{1,5}(?:,[A-Z]{1,5}){0,30})) )?upstream_reset_after_response_started\{(?<resetReason>[A-Za-z_]+)(?:[|,](?<transportFailureReason>[^}\s"]{1,300}))?\}/,
    phase: 'read-body',
    status: null,
    meaning:
      'The upstream died after the response had started: headers (and part of the body) were already sent, then the stream was reset — a truncated download or a broken gRPC stream.',
    causes: { 'upstream-reset': 0.65, 'resource-exhaustion': 0.35 },
    checks: ['kubectl get pods -o wide   # did the backend restart or get OOM-killed?', 'kubectl describe pod <backend-pod> | grep -A3 "Last State"'],
    fix: 'Find why the backend aborts mid-response (crash, OOM, timeout while streaming) and fix it; clients should retry idempotent downloads.',
    source: ROUTER_SRC,
    evidence: 'src',
  }),
  detailSignature({
    id: 'envoy/details-no-healthy-upstream',
    values: 'no_healthy_upstream',
    keywords: ['no_healthy_upstream'],
    title: 'response code details: no_healthy_upstream',
    phase: 'health-check',
    status: 503,
    meaning: 'Envoy had no healthy host in the cluster (same as flag UH): no endpoints, all failing health checks, or all ejected.',
    causes: { 'no-endpoints': 0.45, 'no-healthy-upstream': 0.35, 'outlier-ejection': 0.2 },
    checks: ['istioctl proxy-config endpoints <pod> --cluster "{backend}"', 'kubectl get endpointslices -A -l kubernetes.io/service-name=<service>'],
    fix: 'Give the cluster ready endpoints and check that health checks/outlier detection are not ejecting them all.',
    fields: { flags: 'UH' },
  }),
  detailSignature({
    id: 'envoy/details-no-route-or-cluster',
    values: 'cluster_not_found|route_not_found|filter_chain_not_found',
    keywords: ['cluster_not_found', 'route_not_found', 'filter_chain_not_found'],
    title: 'response code details: cluster_not_found / route_not_found / filter_chain_not_found',
    phase: 'policy',
    status: [404, 503],
    meaning:
      'Envoy had nowhere to send the request: no route for the host/path (route_not_found), a route to a cluster it does not have (cluster_not_found), or no listener filter chain for the connection (filter_chain_not_found).',
    causes: { 'config-error': 0.6, 'port-mismatch': 0.2, 'tls-mismatch': 0.1, 'startup-order': 0.1 },
    checks: ['istioctl analyze -A', 'istioctl proxy-config routes <pod>; istioctl proxy-config clusters <pod>; istioctl proxy-config listeners <pod>'],
    fix: 'Add or correct the route, the cluster (DestinationRule subset, Service) or the listener port the request needs.',
  }),
  detailSignature({
    id: 'envoy/details-upstream-timeout',
    values:
      'upstream_response_timeout|response_timeout|upstream_per_try_timeout|upstream_per_try_idle_timeout|upstream_max_stream_duration_reached|duration_timeout',
    keywords: ['response_timeout', 'upstream_per_try_timeout', 'upstream_per_try_idle_timeout', 'upstream_max_stream_duration_reached', 'duration_timeout'],
    title: 'response code details: response_timeout / upstream_per_try_timeout / duration_timeout',
    phase: 'read-headers',
    status: 504,
    meaning: 'A route, per-try, stream-duration or connection-duration timeout expired before the upstream finished responding.',
    causes: { 'slow-upstream': 0.55, 'timeout-misaligned': 0.45 },
    checks: [
      'istioctl proxy-config routes <pod> -o json | grep -E \'"timeout"|perTryTimeout|maxStreamDuration\'',
      'Measure the backend latency for the same request',
    ],
    fix: 'Make the backend faster or raise the timeout above its real latency, keeping client timeouts longer than the proxy timeout.',
  }),
  detailSignature({
    id: 'envoy/details-downstream-disconnect',
    values: String.raw`downstream_remote_disconnect|downstream_local_disconnect(?:\([^)\s]{0,200}\))?`,
    keywords: ['downstream_remote_disconnect', 'downstream_local_disconnect'],
    title: 'response code details: downstream_remote_disconnect / downstream_local_disconnect',
    phase: 'read-headers',
    status: null,
    meaning: 'The downstream (client) connection closed before the response completed — usually the caller timed out first.',
    causes: { 'timeout-misaligned': 0.55, 'slow-upstream': 0.45 },
    checks: ["Compare the line's %DURATION% with the client's timeout", 'Check the backend latency for the same path'],
    fix: 'Align the client timeout with the backend latency (client waits longer), or make the backend faster.',
  }),
  defineSignature({
    id: 'envoy/details-via-upstream-error',
    catalog: 'ENV-DET-OTHER',
    platform: 'envoy',
    title: 'response code details: via_upstream on a 5xx (the app itself answered the error)',
    keywords: ['via_upstream'],
    pattern: new RegExp(
      [
        // Istio text log: … 503 - via_upstream - "-" 0 145 2 1 "-" "ua" "id" "authority" "10.244.1.7:8080" outbound|…
        String.raw`${REQUEST_LINE} (?<status>5\d\d) (?:-|(?<flags>[A-Za-z]{1,40}(?:,[A-Za-z]{1,40}){0,30})) (?<detail>via_upstream)\b(?: \S+ "[^"\n]*" ${NUM} ${NUM} ${NUM} ${NUM}(?: "[^"\n]*"){4} "(?:-|(?<upstream>[^"\s]+))"(?: (?:-|(?<backend>[^\s"]+)))?)?`,
        String.raw`response_code"?\s*[:=]\s*"?(?<status_2>5\d\d)\b[^\n]{0,300}?\bresponse_code_details"?\s*[:=]\s*"?(?<detail_2>via_upstream)\b`,
      ].join('|'),
    ),
    phase: 'read-headers',
    status: null,
    meaning:
      'The 5xx status came from the upstream application (or a proxy behind it); Envoy only relayed it. The sidecar/gateway connected fine — look at the app and its own dependencies, not at Envoy connectivity.',
    causes: { other: 0.6, 'no-healthy-upstream': 0.2, 'slow-upstream': 0.2 },
    checks: [
      'kubectl logs <backend-pod> -c <app-container> --since=10m | grep -iE "error|exception"',
      'curl -sv http://{host}:{port}/   # reproduce directly against the app',
    ],
    fix: "Fix the application's own error (or the dependency it reports as unavailable); the mesh is not the cause.",
    source: DETAILS_SRC,
    evidence: 'src',
  }),
  defineSignature({
    id: 'envoy/maintenance-mode',
    catalog: 'ENV-MAINT',
    platform: 'envoy',
    title: 'maintenance mode (runtime upstream.maintenance_mode.<cluster>)',
    keywords: ['maintenance_mode', 'maintenance mode'],
    pattern: new RegExp(
      [
        ...detailContexts(groupNamer(), 'maintenance_mode'),
        String.raw`\bupstream\.maintenance_mode\.(?<backend>[^\s:="]+)(?=["\s:=]|$)(?!"?\s*[:=]\s*"?0(?!\d))`,
        // The local-reply body is just "maintenance mode": only accept it as the whole line.
        String.raw`(?:^|\n)\s*maintenance mode\s*(?:\n|$)`,
      ].join('|'),
    ),
    phase: 'policy',
    status: 503,
    meaning:
      'The runtime key upstream.maintenance_mode.<cluster> is set, so Envoy answers 503 for (a share of) the requests to that cluster without contacting it.',
    causes: { 'config-error': 0.7, 'circuit-open': 0.3 },
    checks: [`curl -s ${ADMIN}/runtime | grep maintenance_mode`, `curl -s ${ADMIN}/stats | grep upstream_rq_maintenance_mode`],
    fix: 'Remove the maintenance_mode runtime override (or set it to 0) once maintenance is over.',
    source: ROUTER_SRC,
    evidence: 'src',
    fields: { flags: 'UO' },
  }),
];

// ---------------------------------------------------------------------------------------------
// Proxy-Status (RFC 9209) error values
// ---------------------------------------------------------------------------------------------

const proxyStatus: Signature[] = [
  proxyStatusSignature({
    id: 'envoy/proxy-status-dns-error',
    errors: ['dns_timeout', 'dns_error', 'destination_not_found'],
    title: 'Proxy-Status error=dns_error / dns_timeout / destination_not_found',
    phase: 'dns',
    status: [502, 504],
    meaning: 'The proxy could not resolve the destination name (or no such destination exists).',
    causes: { 'dns-failure': 0.7, 'config-error': 0.3 },
    checks: ['nslookup <destination-host>   # from the proxy', 'Check the host name in the route/cluster for typos'],
    fix: 'Fix the destination host name or the resolver the proxy uses.',
  }),
  proxyStatusSignature({
    id: 'envoy/proxy-status-destination-unavailable',
    errors: ['destination_unavailable'],
    title: 'Proxy-Status error=destination_unavailable',
    phase: 'health-check',
    status: 503,
    meaning: 'No usable upstream host (Envoy maps UH and URX here): no endpoints, all unhealthy or ejected, or retries exhausted.',
    causes: { 'no-endpoints': 0.4, 'no-healthy-upstream': 0.4, 'outlier-ejection': 0.2 },
    checks: ['istioctl proxy-config endpoints <pod>', 'kubectl get endpointslices -A'],
    fix: 'Give the cluster healthy endpoints.',
  }),
  proxyStatusSignature({
    id: 'envoy/proxy-status-connection-limit-reached',
    errors: ['connection_limit_reached'],
    title: 'Proxy-Status error=connection_limit_reached',
    phase: 'pool',
    status: 503,
    meaning: 'A circuit breaker / connection limit towards the upstream is full (flag UO).',
    causes: { 'circuit-open': 0.6, 'resource-exhaustion': 0.25, 'slow-upstream': 0.15 },
    checks: [`curl -s ${ADMIN}/stats | grep -E 'overflow'`],
    fix: 'Raise the circuit-breaker limits or speed up / scale the backend.',
  }),
  proxyStatusSignature({
    id: 'envoy/proxy-status-destination-ip-blocked',
    errors: ['destination_ip_prohibited', 'destination_ip_unroutable'],
    title: 'Proxy-Status error=destination_ip_prohibited / destination_ip_unroutable',
    phase: 'connect',
    status: 502,
    meaning: 'The destination IP is not allowed or cannot be routed to from the proxy.',
    causes: { 'network-blocked': 0.7, 'config-error': 0.3 },
    checks: ['ip route get <destination-ip>   # from the proxy', 'Check egress policy / allow-lists on the proxy'],
    fix: 'Allow or route the destination, or use a reachable address.',
  }),
  proxyStatusSignature({
    id: 'envoy/proxy-status-connection-refused',
    errors: ['connection_refused'],
    title: 'Proxy-Status error=connection_refused',
    phase: 'connect',
    status: 502,
    meaning:
      'The proxy could not connect to the upstream. Envoy maps every UF here (refused, but also connect timeouts and TLS handshake failures), so read the details too.',
    causes: { 'not-listening': 0.45, 'bind-loopback': 0.2, 'port-mismatch': 0.2, 'startup-order': 0.15 },
    checks: ['nc -vz -w 5 {host} {port}', 'Read details="…" for the transport failure reason'],
    fix: 'Make the backend listen on the address and port the proxy uses.',
  }),
  proxyStatusSignature({
    id: 'envoy/proxy-status-connection-timeout',
    errors: ['connection_timeout'],
    title: 'Proxy-Status error=connection_timeout',
    phase: 'connect',
    status: 504,
    meaning: 'The connection attempt to the upstream timed out (note: Envoy also maps its LR local reset to this value).',
    causes: { 'network-blocked': 0.6, 'no-endpoints': 0.2, 'resource-exhaustion': 0.2 },
    checks: ['nc -vz -w 5 {host} {port}', 'kubectl get networkpolicy -A'],
    fix: 'Open the network path to the upstream or remove endpoints that no longer answer.',
  }),
  proxyStatusSignature({
    id: 'envoy/proxy-status-connection-terminated',
    errors: ['connection_terminated', 'http_response_incomplete'],
    title: 'Proxy-Status error=connection_terminated / http_response_incomplete',
    phase: 'read-headers',
    status: 502,
    meaning: 'The upstream connection closed or reset before a complete response (flags UC / UR).',
    causes: { 'upstream-reset': 0.5, 'keepalive-race': 0.35, 'protocol-mismatch': 0.15 },
    checks: ["Compare the app keep-alive timeout with the proxy's upstream idle timeout", 'kubectl get pods -o wide   # backend restarts?'],
    fix: "Make the app's keep-alive timeout longer than the proxy's and let the proxy retry on reset.",
  }),
  proxyStatusSignature({
    id: 'envoy/proxy-status-response-timeout',
    errors: ['connection_read_timeout', 'connection_write_timeout', 'http_response_timeout'],
    title: 'Proxy-Status error=http_response_timeout / connection_read_timeout',
    phase: 'read-headers',
    status: 504,
    meaning: 'The upstream did not answer (or accept data) before the proxy timeout.',
    causes: { 'slow-upstream': 0.55, 'timeout-misaligned': 0.45 },
    checks: ['Measure the backend latency for the same request', 'Compare it with the route timeout'],
    fix: 'Make the backend faster or raise the proxy timeout above its real latency.',
  }),
  proxyStatusSignature({
    id: 'envoy/proxy-status-tls-error',
    errors: ['tls_protocol_error', 'tls_certificate_error', 'tls_alert_received'],
    title: 'Proxy-Status error=tls_protocol_error / tls_certificate_error / tls_alert_received',
    phase: 'tls',
    status: 502,
    meaning: 'The TLS handshake with the upstream failed: protocol mismatch, untrusted certificate, or an alert from the upstream.',
    causes: { 'tls-mismatch': 0.7, 'config-error': 0.3 },
    checks: ['openssl s_client -connect {host}:{port} -servername <sni> </dev/null'],
    fix: 'Align upstream TLS settings (CA, SNI, client certificate, plaintext vs TLS port).',
  }),
  proxyStatusSignature({
    id: 'envoy/proxy-status-http-protocol-error',
    errors: ['http_protocol_error'],
    title: 'Proxy-Status error=http_protocol_error',
    phase: 'read-headers',
    status: 502,
    meaning: 'The upstream response was not valid HTTP for the configured protocol (flag UPE).',
    causes: { 'protocol-mismatch': 0.75, 'port-mismatch': 0.25 },
    checks: ['curl -v --http1.1 http://{host}:{port}/ ; curl -v --http2-prior-knowledge http://{host}:{port}/'],
    fix: 'Configure the protocol the app really speaks (HTTP/1.1 vs HTTP/2) or point at the right port.',
  }),
  proxyStatusSignature({
    id: 'envoy/proxy-status-proxy-error',
    errors: ['proxy_configuration_error', 'proxy_internal_error'],
    title: 'Proxy-Status error=proxy_configuration_error / proxy_internal_error',
    phase: 'policy',
    status: 500,
    meaning: 'The proxy failed because of its own configuration or an internal error (e.g. missing ECDS filter config), not because of the upstream.',
    causes: { 'config-error': 0.8, other: 0.2 },
    checks: ['istioctl proxy-status', `curl -s ${ADMIN}/config_dump | head`],
    fix: 'Fix the proxy configuration that the details point to.',
  }),
];

// ---------------------------------------------------------------------------------------------
// Outlier detection, health checking, stats
// ---------------------------------------------------------------------------------------------

const EJECTION_TYPES =
  'CONSECUTIVE_5XX|CONSECUTIVE_GATEWAY_FAILURE|CONSECUTIVE_LOCAL_ORIGIN_FAILURE|SUCCESS_RATE_LOCAL_ORIGIN|SUCCESS_RATE|FAILURE_PERCENTAGE_LOCAL_ORIGIN|FAILURE_PERCENTAGE';
const KV = String.raw`"?\s*[:=]\s*"?`;
/** `<cluster>::<ip>:<port>::health_flags::…` lines of the admin /clusters output. */
const CLUSTERS_HOST = (backend: string, upstream: string) =>
  String.raw`(?<![^\s"'])(?<${backend}>[^\s:"']{1,300})::(?<${upstream}>\[[0-9A-Fa-f:.]{2,45}\]:\d{1,5}|[^\s:"']{1,255}:\d{1,5})::health_flags::`;

const health: Signature[] = [
  defineSignature({
    id: 'envoy/outlier-ejection',
    catalog: 'ENV-OUTLIER',
    platform: 'envoy',
    title: 'outlier detection ejected a host',
    keywords: ['consecutive_', 'success_rate', 'failure_percentage', 'ejections_', 'failed_outlier_check', ' failed '],
    pattern: new RegExp(
      [
        // Outlier event log: {"type":"CONSECUTIVE_5XX","cluster_name":…,"upstream_url":…,"action":"EJECT",…}
        String.raw`\b(?:ejection_)?type${KV}(?<detail>${EJECTION_TYPES})\b(?:[^\n]{0,300}?\bcluster_name${KV}(?<backend>[^"\s,]+))?(?:[^\n]{0,300}?\bupstream_url${KV}(?<upstream>[^"\s,]+))?[^\n]{0,600}?\b(?:action|type)${KV}EJECT\b`,
        String.raw`\b(?:action|type)${KV}EJECT\b[^\n]{0,600}?\b(?:ejection_)?type${KV}(?<detail_2>${EJECTION_TYPES})\b`,
        // Stats: cluster.<name>.outlier_detection.ejections_active: 2 (text) or Prometheus.
        String.raw`(?:\bcluster\.(?<backend_2>\S{1,300}?)\.)?\boutlier_detection\.(?<detail_3>ejections_(?:active|enforced_[a-z0-9_]+|overflow))${STAT_VALUE}`,
        String.raw`\benvoy_cluster_outlier_detection_(?<detail_4>ejections_(?:active|enforced_[a-z0-9_]+|overflow))\{[^}\n]*?\bcluster_name="(?<backend_3>[^"]+)"[^}\n]*\}\s+[1-9]`,
        // Admin /clusters host flags.
        String.raw`${CLUSTERS_HOST('backend_4', 'upstream_2')}(?:\/\w{1,40}){0,8}?\/(?<detail_5>failed_outlier_check)`,
        // istioctl proxy-config endpoints: ENDPOINT STATUS OUTLIER CHECK CLUSTER
        String.raw`(?<upstream_3>\d{1,3}(?:\.\d{1,3}){3}:\d+)\s+(?:HEALTHY|UNHEALTHY|DRAINING|DEGRADED|TIMEOUT|UNKNOWN)\s+(?<detail_6>FAILED)\s+(?<backend_5>\S+)`,
      ].join('|'),
    ),
    phase: 'health-check',
    status: null,
    meaning:
      'Outlier detection removed a host from load balancing after consecutive errors (5xx, gateway/connect failures) or a poor success rate (Istio DestinationRule outlierDetection). If every host is ejected, later requests get 503 UH.',
    causes: { 'outlier-ejection': 0.65, 'no-healthy-upstream': 0.35 },
    checks: [
      'istioctl proxy-config endpoints <pod> --cluster "{backend}"   # OUTLIER CHECK column',
      `curl -s ${ADMIN}/stats | grep outlier_detection`,
      'kubectl get destinationrule -A -o yaml | grep -A6 outlierDetection',
    ],
    fix: 'Fix the failing host (its errors triggered the ejection); tune outlierDetection (consecutive errors, maxEjectionPercent) so a few errors cannot eject all hosts.',
    source: OUTLIER_DOC,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'envoy/active-health-check-failed',
    catalog: 'ENV-HC',
    platform: 'envoy',
    title: 'active health check failing / host unhealthy in EDS',
    keywords: ['health_flags::', 'health_checker_type', 'health_check.', 'envoy_cluster_health_check_', 'unhealthy'],
    pattern: new RegExp(
      [
        String.raw`${CLUSTERS_HOST('backend', 'upstream')}(?<detail>(?:\/\w{1,40}){0,8}?\/(?:failed_active_hc|failed_eds_health|degraded_active_hc|pending_active_hc|pending_dynamic_removal)(?:\/\w{1,40}){0,8})`,
        String.raw`"health_checker_type"\s*:\s*"(?<detail_2>[A-Z_]+)"(?:[^\n]{0,300}?"address"\s*:\s*"(?<host>[^"]+)")?(?:[^\n]{0,200}?"port_value"\s*:\s*(?<port>\d+))?(?:[^\n]{0,300}?"cluster_name"\s*:\s*"(?<backend_2>[^"]+)")?[^\n]{0,300}?"(?:eject_unhealthy_event|health_check_failure_event)"`,
        String.raw`(?:\bcluster\.(?<backend_3>\S{1,300}?)\.)?\bhealth_check\.(?<detail_3>failure|network_failure)${STAT_VALUE}`,
        String.raw`\benvoy_cluster_health_check_(?<detail_4>failure|network_failure)\{[^}\n]*?\bcluster_name="(?<backend_4>[^"]+)"[^}\n]*\}\s+[1-9]`,
        // istioctl proxy-config endpoints: ENDPOINT STATUS OUTLIER CHECK CLUSTER
        String.raw`(?<upstream_2>\d{1,3}(?:\.\d{1,3}){3}:\d+)\s+(?<detail_5>UNHEALTHY)\s+(?:OK|FAILED)\s+(?<backend_5>\S+)`,
      ].join('|'),
    ),
    phase: 'health-check',
    status: null,
    meaning:
      'Active health checks against the host fail (wrong path, port or Host header; app unhealthy), or service discovery reports it unhealthy (in Kubernetes: the pod is not Ready). With no healthy host left, requests get 503 UH.',
    causes: { 'no-healthy-upstream': 0.5, 'config-error': 0.3, 'port-mismatch': 0.2 },
    checks: [
      'curl -sv http://{host}:{port}/<health-path>   # the path/port the health checker uses',
      'kubectl get pods -o wide | grep {host}   # Ready?',
      `curl -s ${ADMIN}/clusters | grep -E '{backend}.*health_flags'`,
    ],
    fix: "Point the health check at a path/port/Host the app really serves (or fix the app's readiness), so hosts become healthy again.",
    source: HEALTH_DOC,
    evidence: 'kb',
  }),
];

const stats: Signature[] = [
  statSignature({
    id: 'envoy/stats-connect-fail',
    counters: ['upstream_cx_connect_fail'],
    title: 'cluster.<name>.upstream_cx_connect_fail > 0',
    phase: 'connect',
    meaning: 'Connections from Envoy to this cluster failed to establish (refused, unreachable, timed out or TLS failure).',
    causes: { 'not-listening': 0.4, 'network-blocked': 0.2, 'startup-order': 0.2, 'tls-mismatch': 0.2 },
    checks: [`curl -s ${ADMIN}/clusters | grep '{backend}'`, 'istioctl proxy-config endpoints <pod> --cluster "{backend}"'],
    fix: 'Make the cluster endpoints accept connections from the proxy (listening app, right port, open network, matching TLS).',
    evidence: 'kb',
    source: STATS_DOC,
  }),
  statSignature({
    id: 'envoy/stats-connect-timeout',
    counters: ['upstream_cx_connect_timeout'],
    title: 'cluster.<name>.upstream_cx_connect_timeout > 0',
    phase: 'connect',
    meaning: 'Connection attempts to this cluster timed out: SYNs are dropped or the endpoints are stale.',
    causes: { 'network-blocked': 0.5, 'no-endpoints': 0.25, 'resource-exhaustion': 0.25 },
    checks: ['istioctl proxy-config endpoints <pod> --cluster "{backend}"', 'kubectl get networkpolicy -A'],
    fix: 'Open the network path to the endpoints or remove stale ones.',
    evidence: 'kb',
    source: STATS_DOC,
  }),
  statSignature({
    id: 'envoy/stats-overflow',
    counters: ['upstream_cx_overflow', 'upstream_rq_pending_overflow', 'upstream_rq_retry_overflow'],
    title: 'cluster.<name>.upstream_rq_pending_overflow / upstream_cx_overflow > 0',
    phase: 'pool',
    meaning: "The cluster's circuit breakers tripped: requests or connections were rejected (503 UO).",
    causes: { 'circuit-open': 0.55, 'resource-exhaustion': 0.25, 'slow-upstream': 0.2 },
    checks: ['kubectl get destinationrule -A -o yaml | grep -A8 connectionPool', `curl -s ${ADMIN}/clusters | grep '{backend}::.*max_'`],
    fix: 'Raise the circuit-breaker limits to the real concurrency or make the backend faster.',
    evidence: 'kb',
    source: STATS_DOC,
  }),
  statSignature({
    id: 'envoy/stats-remote-close-with-active-request',
    counters: ['upstream_cx_destroy_remote_with_active_rq'],
    title: 'cluster.<name>.upstream_cx_destroy_remote_with_active_rq > 0',
    phase: 'read-headers',
    meaning: 'The upstream closed connections while a request was in flight — the signature of the keep-alive race or of backend crashes (503 UC).',
    causes: { 'keepalive-race': 0.5, 'upstream-reset': 0.4, 'protocol-mismatch': 0.1 },
    checks: ["Compare the app keep-alive timeout with Envoy's upstream idle_timeout", 'kubectl get pods -o wide   # backend restarts?'],
    fix: "Make the app's keep-alive timeout longer than the proxy's upstream idle timeout, and retry on reset.",
    evidence: 'kb',
    source: STATS_DOC,
  }),
  statSignature({
    id: 'envoy/stats-none-healthy',
    counters: ['upstream_cx_none_healthy'],
    title: 'cluster.<name>.upstream_cx_none_healthy > 0',
    phase: 'health-check',
    meaning: 'Envoy had no healthy host to connect to in this cluster (503 UH).',
    causes: { 'no-endpoints': 0.45, 'no-healthy-upstream': 0.4, 'outlier-ejection': 0.15 },
    checks: ['istioctl proxy-config endpoints <pod> --cluster "{backend}"'],
    fix: 'Give the cluster healthy endpoints.',
    evidence: 'kb',
    source: STATS_DOC,
  }),
  statSignature({
    id: 'envoy/stats-request-timeout',
    counters: ['upstream_rq_timeout', 'upstream_rq_per_try_timeout'],
    title: 'cluster.<name>.upstream_rq_timeout / upstream_rq_per_try_timeout > 0',
    phase: 'read-headers',
    meaning: 'Requests to this cluster hit the route or per-try timeout (504 UT).',
    causes: { 'slow-upstream': 0.55, 'timeout-misaligned': 0.45 },
    checks: ['istioctl proxy-config routes <pod> -o json | grep -E \'"timeout"|perTryTimeout\'', 'Measure the backend latency'],
    fix: 'Make the backend faster or raise the timeouts above its real latency.',
    evidence: 'src',
    source: ROUTER_SRC,
  }),
  statSignature({
    id: 'envoy/stats-retry-limit-exceeded',
    counters: ['upstream_rq_retry_limit_exceeded'],
    title: 'cluster.<name>.upstream_rq_retry_limit_exceeded > 0',
    phase: 'connect',
    meaning: 'Requests to this cluster exhausted their retries (URX) — the underlying failure kept repeating.',
    causes: { 'not-listening': 0.4, 'upstream-reset': 0.35, 'no-healthy-upstream': 0.25 },
    checks: [`curl -s ${ADMIN}/stats | grep '{backend}' | grep -E 'cx_connect_fail|destroy_remote|rx_reset'`],
    fix: 'Fix the failure the retries were hiding (see the other counters of the cluster).',
    evidence: 'kb',
    source: STATS_DOC,
  }),
  statSignature({
    id: 'envoy/stats-maintenance-mode',
    counters: ['upstream_rq_maintenance_mode'],
    title: 'cluster.<name>.upstream_rq_maintenance_mode > 0',
    phase: 'policy',
    meaning: 'Requests were rejected because the cluster is in maintenance mode (runtime key upstream.maintenance_mode.<cluster>).',
    causes: { 'config-error': 0.7, 'circuit-open': 0.3 },
    checks: [`curl -s ${ADMIN}/runtime | grep maintenance_mode`],
    fix: 'Remove the maintenance_mode runtime override.',
    evidence: 'src',
    source: ROUTER_SRC,
  }),
  statSignature({
    id: 'envoy/stats-protocol-error',
    counters: ['upstream_cx_protocol_error'],
    title: 'cluster.<name>.upstream_cx_protocol_error > 0',
    phase: 'read-headers',
    meaning: 'Upstream connections to this cluster failed with protocol errors: the app speaks a different protocol than the one configured.',
    causes: { 'protocol-mismatch': 0.7, 'port-mismatch': 0.3 },
    checks: ['kubectl get svc <service> -o yaml | grep -E "name:|appProtocol"'],
    fix: 'Configure the protocol the app really speaks (HTTP/1.1 vs HTTP/2, port naming).',
    evidence: 'kb',
    source: STATS_DOC,
  }),
];

export const signatures = [...responseFlags, body, ...resetReasons, ...transportFailures, ...details, ...proxyStatus, ...health, ...stats];
