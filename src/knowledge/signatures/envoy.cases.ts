import type { Fields } from '../../core/ids.js';
import type { MatchCase, SignatureCases } from '../../core/signature-cases.js';

// ---------------------------------------------------------------------------------------------
// Real-looking access-log lines
// ---------------------------------------------------------------------------------------------

const TS = '[2024-05-01T10:00:00.123Z]';
const REQ_ID = '6f1c2a4e-9b3d-4c8e-a1f2-3d4e5f6a7b8c';
const OUTBOUND = 'outbound|8080||api.default.svc.cluster.local';

/** Envoy's default text format. */
function envoyLine(code: number, flags: string, upstream = '10.244.1.7:8080', request = 'GET /api/orders HTTP/1.1'): string {
  const sent = code === 200 ? 1843 : 91;
  return `${TS} "${request}" ${code} ${flags} 0 ${sent} 3 ${code === 200 ? '2' : '-'} "10.0.0.1" "curl/8.5.0" "${REQ_ID}" "api.example.com" "${upstream}"`;
}

/** Istio's default text format (sidecar, outbound unless another cluster is given). */
function istioLine(code: number, flags: string, details: string, tfr = '-', upstream = '10.244.1.7:8080', cluster = OUTBOUND): string {
  return `${TS} "GET /api/orders HTTP/1.1" ${code} ${flags} ${details} - "${tfr}" 0 ${code === 200 ? 1843 : 145} 2 ${code === 200 ? '1' : '-'} "-" "curl/8.5.0" "5b8c3a4e-1f2d-4a7b-b1c2-0e9d8f7a6b5c" "api.default.svc.cluster.local:8080" "${upstream}" ${cluster} - 10.96.12.34:8080 10.244.2.15:51234 - default`;
}

/** Istio's JSON access log (keys sorted, as Envoy prints them). */
function jsonLine(code: number, flags: string, details: string, upstream = '10.244.1.7:8080', tfr: string | null = null): string {
  return JSON.stringify({
    authority: 'api.default.svc.cluster.local:8080',
    bytes_received: 0,
    bytes_sent: code === 200 ? 1843 : 145,
    connection_termination_details: null,
    downstream_local_address: '10.96.12.34:8080',
    downstream_remote_address: '10.244.2.15:51234',
    duration: 2,
    method: 'GET',
    path: '/api/orders',
    protocol: 'HTTP/1.1',
    request_id: '5b8c3a4e-1f2d-4a7b-b1c2-0e9d8f7a6b5c',
    requested_server_name: null,
    response_code: code,
    response_code_details: details,
    response_flags: flags,
    route_name: 'default',
    start_time: '2024-05-01T10:00:00.123Z',
    upstream_cluster: OUTBOUND,
    upstream_host: upstream,
    upstream_local_address: null,
    upstream_service_time: null,
    upstream_transport_failure_reason: tfr,
    user_agent: 'curl/8.5.0',
    x_forwarded_for: null,
  });
}

const UPSTREAM_FIELDS: Fields = { upstream: '10.244.1.7:8080', host: '10.244.1.7', port: '8080' };
const OK_LINE = envoyLine(200, '-');
const OK_ISTIO = istioLine(200, '-', 'via_upstream');

interface FlagCaseSpec {
  short: string;
  long: string;
  status: number;
  details: string;
  /** A different flag for the near-miss line. */
  other: string;
  /** Long name only accepted in context: add a near-miss with the bare word in unrelated text. */
  bareNearMiss?: string;
  upstream?: string;
  match?: readonly MatchCase[];
  nearMiss?: readonly string[];
}

/** The standard table for a response flag: text log, Istio log, JSON, flat, prose, long name. */
function flagCases(spec: FlagCaseSpec): { match: MatchCase[]; nearMiss: string[] } {
  const { short, long, status } = spec;
  const upstream = spec.upstream ?? '10.244.1.7:8080';
  const upstreamFields: Fields = upstream === '-' ? {} : { upstream };
  return {
    match: [
      { text: envoyLine(status, short, upstream), fields: { flags: short, status: String(status), ...upstreamFields } },
      {
        text: istioLine(status, short, spec.details, '-', upstream),
        fields: { flags: short, status: String(status), backend: OUTBOUND, ...upstreamFields },
      },
      { text: jsonLine(status, short, spec.details, upstream), fields: { flags: short, status: String(status), backend: OUTBOUND } },
      {
        text: `ts=2024-05-01T10:00:00.123Z level=info logger=access method=GET path=/api/orders response_code=${status} response_flags=${short} upstream_host=${upstream}`,
        fields: { flags: short, status: String(status) },
      },
      { text: `curl returns ${status}, the sidecar log says response flags: ${short}`, fields: { flags: short } },
      {
        text: envoyLine(status, long, upstream).replace('"GET /api/orders', '"POST /api/orders'),
        fields: { flags: long, status: String(status) },
      },
      ...(spec.match ?? []),
    ],
    nearMiss: [
      OK_LINE,
      OK_ISTIO,
      envoyLine(503, spec.other),
      jsonLine(503, spec.other, 'upstream_reset_before_response_started{connection_termination}'),
      ...(spec.bareNearMiss ? [spec.bareNearMiss] : []),
      ...(spec.nearMiss ?? []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

const BODY = 'upstream connect error or disconnect/reset before headers.';
const UF_ISTIO_NEW = istioLine(
  503,
  'UF',
  'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused}',
  'delayed connect error: Connection refused',
);
const UF_ISTIO_OLD = istioLine(
  503,
  'UF,URX',
  'upstream_reset_before_response_started{connection_failure,delayed_connect_error:_111}',
  'delayed connect error: 111',
);

export default {
  // ------------------------------------------------------------------ 3a. response flags
  'envoy/no-healthy-upstream': flagCases({
    short: 'UH',
    long: 'NoHealthyUpstream',
    status: 503,
    details: 'no_healthy_upstream',
    other: 'UF',
    upstream: '-',
    match: [
      { text: 'no healthy upstream', fields: { flags: 'UH' } },
      { text: '$ curl -s http://api.example.com/api/orders\nno healthy upstream' },
      { text: 'Error: request failed with status 503: no healthy upstream', fields: { flags: 'UH' } },
    ],
    nearMiss: [`${BODY} reset reason: connection failure`],
  }),
  'envoy/upstream-connection-failure': flagCases({
    short: 'UF',
    long: 'UpstreamConnectionFailure',
    status: 503,
    details: 'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused}',
    other: 'UC',
    match: [
      { text: envoyLine(503, 'UF,URX'), fields: { flags: 'UF,URX', status: '503', ...UPSTREAM_FIELDS } },
      { text: envoyLine(503, 'URX,UF'), fields: { flags: 'URX,UF' } },
      { text: UF_ISTIO_NEW, fields: { flags: 'UF', backend: OUTBOUND, ...UPSTREAM_FIELDS } },
      {
        text: `${TS} "- - -" 0 UF - - "-" 0 0 1 - "-" "-" "-" "-" "10.244.3.9:5432" outbound|5432||postgres.db.svc.cluster.local - 10.96.40.2:5432 10.244.2.15:40822 - -`,
        fields: { flags: 'UF', status: '0', upstream: '10.244.3.9:5432', backend: 'outbound|5432||postgres.db.svc.cluster.local' },
      },
      {
        text: `[2020-11-03T09:12:44.118Z] "GET /productpage HTTP/1.1" 503 UF,URX "-" "-" 0 91 30 - "-" "curl/7.68.0" "2c4ad1a7-8b0e-9f4d-a3c2-6e1f0b9d8c7a" "productpage:9080" "10.244.0.23:9080" outbound|9080||productpage.default.svc.cluster.local - 10.96.44.10:9080 10.244.0.19:48212 - default`,
        fields: { flags: 'UF,URX', upstream: '10.244.0.23:9080', backend: 'outbound|9080||productpage.default.svc.cluster.local' },
      },
      { text: 'access log shows response_flags=UF,URX for every call to payments', fields: { flags: 'UF,URX' } },
      { text: 'Envoy reported UpstreamConnectionFailure for cluster payments', fields: { flags: 'UF' } },
      { text: 'We keep seeing 503 UF,URX from the ingress gateway', fields: { flags: 'UF,URX', status: '503' } },
    ],
    nearMiss: [envoyLine(0, 'DC'), istioLine(503, 'UC', 'upstream_reset_before_response_started{connection_termination}')],
  }),
  'envoy/upstream-overflow': flagCases({
    short: 'UO',
    long: 'UpstreamOverflow',
    status: 503,
    details: 'upstream_reset_before_response_started{overflow}',
    other: 'UF',
    match: [
      { text: '< x-envoy-overloaded: true', fields: { flags: 'UO' } },
      { text: envoyLine(503, 'UO,URX'), fields: { flags: 'UO,URX' } },
    ],
    nearMiss: ['< x-envoy-upstream-service-time: 12', '< x-envoy-overloaded: false'],
  }),
  'envoy/no-route-found': flagCases({
    short: 'NR',
    long: 'NoRouteFound',
    status: 404,
    details: 'route_not_found',
    other: 'NC',
    upstream: '-',
    match: [
      {
        text: `${TS} "- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - 10.244.1.7:8080 10.244.2.15:49152 - -`,
        fields: { flags: 'NR', status: '0' },
      },
    ],
    nearMiss: ['java.lang.IllegalStateException: NoRouteFoundException while building client'],
  }),
  'envoy/upstream-retry-limit-exceeded': flagCases({
    short: 'URX',
    long: 'UpstreamRetryLimitExceeded',
    status: 503,
    details: 'upstream_reset_before_response_started{connection_termination}',
    other: 'UF',
    match: [
      { text: envoyLine(503, 'UF,URX'), fields: { flags: 'UF,URX', ...UPSTREAM_FIELDS } },
      { text: UF_ISTIO_OLD, fields: { flags: 'UF,URX', backend: OUTBOUND } },
      { text: jsonLine(503, 'UC,URX', 'upstream_reset_before_response_started{connection_termination}'), fields: { flags: 'UC,URX' } },
    ],
    nearMiss: [UF_ISTIO_NEW, envoyLine(503, 'UR')],
  }),
  'envoy/no-cluster-found': flagCases({
    short: 'NC',
    long: 'NoClusterFound',
    status: 503,
    details: 'cluster_not_found',
    other: 'NR',
    upstream: '-',
  }),
  'envoy/duration-timeout': flagCases({
    short: 'DT',
    long: 'DurationTimeout',
    status: 504,
    details: 'duration_timeout',
    other: 'UT',
    bareNearMiss: 'WARN job runner: DurationTimeout exceeded for batch 42, rescheduling',
  }),
  'envoy/downstream-connection-termination': flagCases({
    short: 'DC',
    long: 'DownstreamConnectionTermination',
    status: 0,
    details: 'downstream_remote_disconnect',
    other: 'UC',
    match: [{ text: envoyLine(0, 'DC'), fields: { flags: 'DC', status: '0' } }],
    nearMiss: [envoyLine(503, 'UC'), 'Terraform: created 3 DC resources in region us-east-1'],
  }),
  'envoy/failed-local-health-check': flagCases({
    short: 'LH',
    long: 'FailedLocalHealthCheck',
    status: 503,
    details: 'failed_local_health_check',
    other: 'UH',
  }),
  'envoy/upstream-request-timeout': flagCases({
    short: 'UT',
    long: 'UpstreamRequestTimeout',
    status: 504,
    details: 'response_timeout',
    other: 'DT',
    match: [
      { text: 'upstream request timeout', fields: { flags: 'UT' } },
      { text: 'HTTP/1.1 504 Gateway Timeout\ncontent-length: 24\ncontent-type: text/plain\nserver: envoy\n\nupstream request timeout' },
      { text: envoyLine(504, 'UT,URX'), fields: { flags: 'UT,URX', status: '504' } },
    ],
    nearMiss: [
      '2024/05/01 10:00:00 [error] 31#31: *7 upstream timed out (110: Connection timed out) while reading response header from upstream',
      envoyLine(0, 'DC'),
    ],
  }),
  'envoy/local-reset': flagCases({
    short: 'LR',
    long: 'LocalReset',
    status: 503,
    details: 'upstream_reset_before_response_started{local_reset}',
    other: 'UR',
    bareNearMiss: 'ERROR [pool-3] connection state: LocalReset requested by client library',
  }),
  'envoy/upstream-remote-reset': flagCases({
    short: 'UR',
    long: 'UpstreamRemoteReset',
    status: 503,
    details: 'upstream_reset_before_response_started{remote_reset}',
    other: 'URX',
    nearMiss: [envoyLine(503, 'UF,URX'), istioLine(503, 'LR', 'upstream_reset_before_response_started{local_reset}')],
  }),
  'envoy/upstream-connection-termination': flagCases({
    short: 'UC',
    long: 'UpstreamConnectionTermination',
    status: 503,
    details: 'upstream_reset_before_response_started{connection_termination}',
    other: 'DC',
    match: [{ text: envoyLine(503, 'UC,URX'), fields: { flags: 'UC,URX' } }],
    nearMiss: [envoyLine(0, 'DC'), UF_ISTIO_NEW],
  }),
  'envoy/delay-injected': flagCases({
    short: 'DI',
    long: 'DelayInjected',
    status: 200,
    details: 'via_upstream',
    other: 'FI',
    bareNearMiss: 'INFO chaos-monkey: DelayInjected into order-service for 200ms',
  }),
  'envoy/fault-injected': flagCases({
    short: 'FI',
    long: 'FaultInjected',
    status: 503,
    details: 'fault_filter_abort',
    other: 'DI',
    bareNearMiss: 'INFO chaos-monkey: FaultInjected into order-service',
    match: [{ text: 'fault filter abort', fields: { flags: 'FI' } }],
    nearMiss: ['fault filter configured: abort percentage 0'],
  }),
  'envoy/rate-limited': flagCases({
    short: 'RL',
    long: 'RateLimited',
    status: 429,
    details: 'request_rate_limited',
    other: 'RLSE',
    bareNearMiss: 'WARN github client: RateLimited, retrying in 60s',
  }),
  'envoy/unauthorized-external-service': flagCases({
    short: 'UAEX',
    long: 'UnauthorizedExternalService',
    status: 403,
    details: 'ext_authz_denied',
    other: 'RL',
    match: [{ text: '{"response_code":403,"response_code_details":"ext_authz_error","response_flags":"-"}', fields: { detail: 'ext_authz_error' } }],
    nearMiss: ['ext_authz filter enabled for listener 0.0.0.0_8080'],
  }),
  'envoy/rate-limit-service-error': flagCases({
    short: 'RLSE',
    long: 'RateLimitServiceError',
    status: 500,
    details: 'rate_limiter_error',
    other: 'RL',
  }),
  'envoy/stream-idle-timeout': flagCases({
    short: 'SI',
    long: 'StreamIdleTimeout',
    status: 408,
    details: 'stream_idle_timeout',
    other: 'DT',
    bareNearMiss: 'grpc-java: StreamIdleTimeout configured to 300s',
    match: [{ text: 'stream timeout', fields: { flags: 'SI' } }],
    nearMiss: ['WARN consumer: stream timeout after 30s while reading from kafka, reconnecting'],
  }),
  'envoy/invalid-envoy-request-headers': flagCases({
    short: 'IH',
    long: 'InvalidEnvoyRequestHeaders',
    status: 400,
    details: 'request_headers_failed_strict_check',
    other: 'DPE',
    match: [{ text: "invalid header 'x-envoy-max-retries' with value 'three'", fields: { detail: 'x-envoy-max-retries', flags: 'IH' } }],
    nearMiss: ["invalid header 'content-length' with value '-1'"],
  }),
  'envoy/downstream-protocol-error': flagCases({
    short: 'DPE',
    long: 'DownstreamProtocolError',
    status: 400,
    details: 'http1.codec_error',
    other: 'UPE',
  }),
  'envoy/upstream-protocol-error': flagCases({
    short: 'UPE',
    long: 'UpstreamProtocolError',
    status: 502,
    details: 'upstream_reset_before_response_started{protocol_error}',
    other: 'DPE',
  }),
  'envoy/upstream-max-stream-duration-reached': flagCases({
    short: 'UMSDR',
    long: 'UpstreamMaxStreamDurationReached',
    status: 504,
    details: 'upstream_max_stream_duration_reached',
    other: 'UT',
    match: [{ text: 'upstream max stream duration reached', fields: { flags: 'UMSDR' } }],
  }),
  'envoy/response-from-cache-filter': flagCases({
    short: 'RFCF',
    long: 'ResponseFromCacheFilter',
    status: 200,
    details: 'via_upstream',
    other: 'RL',
  }),
  'envoy/no-filter-config-found': flagCases({
    short: 'NFCF',
    long: 'NoFilterConfigFound',
    status: 500,
    details: 'no_filter_config_found',
    other: 'NR',
  }),
  'envoy/overload-manager': flagCases({
    short: 'OM',
    long: 'OverloadManagerTerminated',
    status: 503,
    details: 'overload_manager',
    other: 'UO',
    match: [{ text: 'envoy overloaded', fields: { flags: 'OM' } }],
    nearMiss: ['kafka broker overloaded, backing off'],
  }),
  'envoy/dns-resolution-failed': flagCases({
    short: 'DF',
    long: 'DnsResolutionFailed',
    status: 503,
    details: 'dns_resolution_failure',
    other: 'UF',
    upstream: '-',
    bareNearMiss: 'level=error msg="DnsResolutionFailed for host db.internal"',
  }),
  'envoy/drop-overload': flagCases({
    short: 'DO',
    long: 'DropOverload',
    status: 503,
    details: 'drop_overload',
    other: 'UO',
    upstream: '-',
  }),

  // ------------------------------------------------------------------ 3b. body and reset reasons
  'envoy/upstream-connect-error': {
    match: [
      { text: `${BODY} reset reason: connection failure`, fields: { resetReason: 'connection failure' } },
      {
        text: `${BODY} retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused`,
        fields: { resetReason: 'remote connection failure', transportFailureReason: 'delayed connect error: Connection refused' },
      },
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED`,
        fields: {
          resetReason: 'connection failure',
          transportFailureReason: 'TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED',
        },
      },
      {
        text: `2024-05-01T10:00:00.123Z ERROR grpc call failed: rpc error: code = Unavailable desc = ${BODY} reset reason: connection termination`,
        fields: { resetReason: 'connection termination' },
      },
      {
        text: '{"level":"error","ts":"2024-05-01T10:00:00.123Z","msg":"checkout failed","error":"unexpected status 503: upstream connect error or disconnect/reset before headers. reset reason: overflow"}',
        fields: { resetReason: 'overflow' },
      },
      { text: `${BODY} reset reason: protocol error`, fields: { resetReason: 'protocol error' } },
    ],
    nearMiss: [
      'no healthy upstream',
      'upstream request timeout',
      '2024/05/01 10:00:00 [error] 31#31: *7 upstream prematurely closed connection while reading response header from upstream',
    ],
  },
  'envoy/reset-connection-failure': {
    match: [
      { text: `${BODY} reset reason: connection failure`, fields: { resetReason: 'connection failure', flags: 'UF' } },
      {
        text: `${BODY} retried and the latest reset reason: connection failure, transport failure reason: delayed connect error: 111`,
        fields: { transportFailureReason: 'delayed connect error: 111' },
      },
      { text: UF_ISTIO_OLD, fields: { transportFailureReason: 'delayed_connect_error:_111' } },
    ],
    nearMiss: [
      `${BODY} reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused`,
      `${BODY} reset reason: local connection failure`,
      `${BODY} reset reason: connection termination`,
    ],
  },
  'envoy/reset-remote-connection-failure': {
    match: [
      {
        text: `${BODY} reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused`,
        fields: { resetReason: 'remote connection failure', transportFailureReason: 'delayed connect error: Connection refused' },
      },
      { text: UF_ISTIO_NEW, fields: { transportFailureReason: 'delayed_connect_error:_Connection_refused' } },
    ],
    nearMiss: [`${BODY} reset reason: connection failure`, `${BODY} reset reason: connection timeout`],
  },
  'envoy/reset-local-connection-failure': {
    match: [
      {
        text: `${BODY} reset reason: local connection failure, transport failure reason: TLS error: Secret is not supplied by SDS`,
        fields: { resetReason: 'local connection failure', transportFailureReason: 'TLS error: Secret is not supplied by SDS' },
      },
      { text: istioLine(503, 'UF', 'upstream_reset_before_response_started{local_connection_failure}') },
    ],
    nearMiss: [`${BODY} reset reason: remote connection failure`, `${BODY} reset reason: connection failure`],
  },
  'envoy/reset-connection-timeout': {
    match: [
      { text: `${BODY} retried and the latest reset reason: connection timeout`, fields: { resetReason: 'connection timeout', flags: 'UF' } },
      { text: istioLine(503, 'UF,URX', 'upstream_reset_before_response_started{connection_timeout}'), fields: { resetReason: 'connection timeout' } },
    ],
    nearMiss: [`${BODY} reset reason: connection termination`, 'upstream request timeout'],
  },
  'envoy/reset-connection-termination': {
    match: [
      { text: `${BODY} reset reason: connection termination`, fields: { resetReason: 'connection termination', flags: 'UC' } },
      { text: `${BODY} retried and the latest reset reason: connection termination` },
      { text: istioLine(503, 'UC', 'upstream_reset_before_response_started{connection_termination}') },
    ],
    nearMiss: [`${BODY} reset reason: connection failure`, istioLine(200, '-', 'upstream_reset_after_response_started{connection_termination}')],
  },
  'envoy/reset-overflow': {
    match: [
      { text: `${BODY} reset reason: overflow`, fields: { resetReason: 'overflow', flags: 'UO' } },
      { text: istioLine(503, 'UO', 'upstream_reset_before_response_started{overflow}') },
    ],
    nearMiss: [`${BODY} reset reason: overload manager reset`, 'java.lang.ArithmeticException: integer overflow'],
  },
  'envoy/reset-local-reset': {
    match: [
      { text: `${BODY} reset reason: local reset`, fields: { resetReason: 'local reset', flags: 'LR' } },
      { text: `${BODY} reset reason: local refused stream reset` },
    ],
    nearMiss: [`${BODY} reset reason: remote reset`, `${BODY} reset reason: local connection failure`],
  },
  'envoy/reset-remote-reset': {
    match: [
      { text: `${BODY} reset reason: remote reset`, fields: { resetReason: 'remote reset', flags: 'UR' } },
      { text: `rpc error: code = Unavailable desc = ${BODY} reset reason: remote refused stream reset` },
      { text: istioLine(503, 'UR', 'upstream_reset_before_response_started{remote_reset}') },
    ],
    nearMiss: [`${BODY} reset reason: local reset`, `${BODY} reset reason: remote connection failure`],
  },
  'envoy/reset-connect-request-error': {
    match: [{ text: `${BODY} reset reason: remote error with CONNECT request`, fields: { resetReason: 'remote error with CONNECT request', flags: 'UR' } }],
    nearMiss: [`${BODY} reset reason: remote reset`],
  },
  'envoy/reset-protocol-error': {
    match: [
      { text: `${BODY} reset reason: protocol error`, fields: { resetReason: 'protocol error', flags: 'UPE' } },
      { text: istioLine(502, 'UPE', 'upstream_reset_before_response_started{protocol_error}') },
    ],
    nearMiss: [`${BODY} reset reason: connection termination`, 'grpc: error while marshaling: proto: protocol error in field 3'],
  },
  'envoy/reset-overload-manager': {
    match: [{ text: `${BODY} reset reason: overload manager reset`, fields: { resetReason: 'overload manager reset', flags: 'OM' } }],
    nearMiss: [`${BODY} reset reason: overflow`],
  },

  // ------------------------------------------------------------------ 3c. transport failure reasons
  'envoy/delayed-connect-error-refused': {
    match: [
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: delayed connect error: 111`,
        fields: { errno: '111', code: 'ECONNREFUSED', transportFailureReason: 'delayed connect error: 111' },
      },
      {
        text: `${BODY} reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused`,
        fields: { errno: '111', transportFailureReason: 'delayed connect error: Connection refused' },
      },
      { text: UF_ISTIO_NEW, fields: { errno: '111' } },
      { text: '[2024-05-01 10:00:00.123][23][debug][connection] [source/common/network/connection_impl.cc:1017] [C42] delayed connect error: 111' },
    ],
    nearMiss: [`${BODY} reset reason: connection failure, transport failure reason: delayed connect error: 113`, `${BODY} reset reason: connection timeout`],
  },
  'envoy/delayed-connect-error-unreachable': {
    match: [
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: delayed connect error: 113`,
        fields: { errno: '113', transportFailureReason: 'delayed connect error: 113' },
      },
      {
        text: `${BODY} reset reason: remote connection failure, transport failure reason: delayed connect error: No route to host`,
        fields: { detail: 'No route to host' },
      },
      { text: '[2024-05-01 10:00:00.123][23][debug][connection] [C7] immediate connect error: 101', fields: { errno: '101' } },
    ],
    nearMiss: [`${BODY} reset reason: connection failure, transport failure reason: delayed connect error: 111`],
  },
  'envoy/delayed-connect-error-timed-out': {
    match: [
      { text: `${BODY} reset reason: connection failure, transport failure reason: delayed connect error: 110`, fields: { errno: '110', code: 'ETIMEDOUT' } },
      {
        text: istioLine(
          503,
          'UF',
          'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_timed_out}',
          'delayed connect error: Connection timed out',
        ),
      },
    ],
    nearMiss: [UF_ISTIO_NEW, `${BODY} reset reason: connection timeout`],
  },
  'envoy/failed-to-bind': {
    match: [
      {
        text: `${BODY} reset reason: local connection failure, transport failure reason: failed to bind to 10.0.5.17:0: Cannot assign requested address`,
        fields: { detail: '10.0.5.17:0: Cannot assign requested address' },
      },
      {
        text: istioLine(
          503,
          'UF',
          'upstream_reset_before_response_started{local_connection_failure|failed_to_bind_to_10.0.5.17:0:_Cannot_assign_requested_address}',
        ),
      },
    ],
    nearMiss: ['Error: failed to bind to 0.0.0.0:8080: address already in use', 'Web server failed to start. Port 8080 was already in use.'],
  },
  'envoy/tls-certificate-verify-failed': {
    match: [
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED`,
        fields: { code: 'CERTIFICATE_VERIFY_FAILED' },
      },
      {
        text: `${BODY} retried and the latest reset reason: remote connection failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:verify cert failed: verify SAN list:TLS_error_end`,
        fields: { code: 'CERTIFICATE_VERIFY_FAILED', detail: 'verify cert failed: verify SAN list' },
      },
      {
        text: istioLine(
          503,
          'UF,URX',
          'upstream_reset_before_response_started{remote_connection_failure|TLS_error:|268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end}',
          'TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end',
        ),
        fields: { code: 'CERTIFICATE_VERIFY_FAILED' },
      },
      {
        // A paste that kept only BoringSSL's number: 268435456 (SSL library) + 125 (CERTIFICATE_VERIFY_FAILED).
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435581`,
        fields: { code: '268435581', transportFailureReason: 'TLS error: 268435581' },
      },
    ],
    nearMiss: [
      `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER`,
      'curl: (60) SSL certificate problem: unable to get local issuer certificate',
      // Another number, and the same digits inside a longer one.
      `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435703`,
      `${BODY} reset reason: connection failure, transport failure reason: TLS error: 2684355810`,
    ],
  },
  'envoy/tls-wrong-version-number': {
    match: [
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER`,
        fields: { code: 'WRONG_VERSION_NUMBER' },
      },
      {
        text: `${BODY} reset reason: remote connection failure, transport failure reason: TLS_error:|268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER:TLS_error_end`,
        fields: { code: 'WRONG_VERSION_NUMBER' },
      },
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435703`,
        fields: { code: '268435703' },
      },
    ],
    nearMiss: [
      `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435581`,
      `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED`,
      'curl: (35) error:0A00010B:SSL routines::wrong version number',
    ],
  },
  'envoy/tls-handshake-alert': {
    match: [
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268436496:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE`,
        fields: { code: 'SSLV3_ALERT_HANDSHAKE_FAILURE' },
      },
      {
        // 268436456 + 40 (handshake_failure), the number alone.
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268436496`,
        fields: { code: '268436496' },
      },
      {
        text: `${BODY} reset reason: remote connection failure, transport failure reason: TLS_error:|268436504:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA:TLS_error_end`,
        fields: { code: 'TLSV1_ALERT_UNKNOWN_CA' },
      },
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435640:SSL routines:OPENSSL_internal:NO_SHARED_CIPHER`,
        fields: { code: 'NO_SHARED_CIPHER' },
      },
    ],
    nearMiss: [
      `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER`,
      'SSL alert number 40 received from peer',
      // An expired certificate and an unknown name have their own signatures.
      `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268436501:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_EXPIRED`,
      `${BODY} reset reason: remote connection failure, transport failure reason: TLS_error:|268436568:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNRECOGNIZED_NAME:TLS_error_end`,
    ],
  },
  'envoy/tls-certificate-expired': {
    match: [
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268436501:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_EXPIRED`,
        fields: { code: 'SSLV3_ALERT_CERTIFICATE_EXPIRED' },
      },
      {
        text: `${BODY} retried and the latest reset reason: remote connection failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:X509_verify_cert: certificate verification error at depth 0: certificate has expired:TLS_error_end`,
        fields: { code: 'CERTIFICATE_VERIFY_FAILED', detail: 'X509_verify_cert: certificate verification error at depth 0: certificate has expired' },
      },
      {
        text: istioLine(
          503,
          'UF,URX',
          'upstream_reset_before_response_started{remote_connection_failure|TLS_error:|268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:verify_cert_failed:_X509_verify_cert:_certificate_verification_error_at_depth_1:_certificate_has_expired:TLS_error_end}',
        ),
        fields: { code: 'CERTIFICATE_VERIFY_FAILED' },
      },
      { text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268436501`, fields: { code: '268436501' } },
    ],
    nearMiss: [
      `${BODY} retried and the latest reset reason: remote connection failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:X509_verify_cert: certificate verification error at depth 0: unable to get local issuer certificate:TLS_error_end`,
      'curl: (60) SSL certificate problem: certificate has expired',
    ],
  },
  'envoy/tls-san-mismatch': {
    match: [
      {
        text: `${BODY} retried and the latest reset reason: remote connection failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:verify cert failed: verify SAN list:TLS_error_end`,
        fields: { code: 'CERTIFICATE_VERIFY_FAILED', detail: 'verify cert failed: verify SAN list' },
      },
      {
        text: istioLine(
          503,
          'UF,URX',
          'upstream_reset_before_response_started{remote_connection_failure|TLS_error:|268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:verify_cert_failed:_SAN_matcher:TLS_error_end}',
        ),
        fields: { detail: 'verify_cert_failed:_SAN_matcher' },
      },
      {
        text: `${BODY} reset reason: remote connection failure, transport failure reason: TLS_error:|268436568:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNRECOGNIZED_NAME:TLS_error_end`,
        fields: { code: 'TLSV1_ALERT_UNRECOGNIZED_NAME' },
      },
    ],
    nearMiss: [
      `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED`,
      "curl: (60) SSL: no alternative certificate subject name matches target host name 'api.internal'",
    ],
  },
  'envoy/tls-error-code': {
    match: [
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435581`,
        fields: { code: '268435581', transportFailureReason: 'TLS error: 268435581' },
      },
      {
        // A reason no named signature lists: plain HTTP came back where a TLS record was expected.
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: 268435612:SSL routines:OPENSSL_internal:HTTP_REQUEST`,
        fields: { code: '268435612' },
      },
      {
        text: istioLine(
          503,
          'UF,URX',
          'upstream_reset_before_response_started{remote_connection_failure|TLS_error:|268436526:SSL_routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION:TLS_error_end}',
        ),
        fields: { code: '268436526' },
      },
    ],
    nearMiss: [
      `${BODY} reset reason: connection failure, transport failure reason: TLS error: Secret is not supplied by SDS`,
      'curl: (35) error:0A00010B:SSL routines::wrong version number',
    ],
  },
  'envoy/tls-secret-not-supplied-by-sds': {
    match: [
      {
        text: `${BODY} reset reason: connection failure, transport failure reason: TLS error: Secret is not supplied by SDS`,
        fields: { transportFailureReason: 'TLS error: Secret is not supplied by SDS' },
      },
      {
        text: istioLine(
          503,
          'UF,URX',
          'upstream_reset_before_response_started{connection_failure,TLS_error:_Secret_is_not_supplied_by_SDS}',
          'TLS error: Secret is not supplied by SDS',
        ),
      },
    ],
    nearMiss: ['warning envoy config StreamSecrets gRPC config stream closed: 2, secret not found', `${BODY} reset reason: connection failure`],
  },

  // ------------------------------------------------------------------ 3d. details and other texts
  'envoy/upstream-reset-before-response-started': {
    match: [
      {
        text: UF_ISTIO_NEW,
        fields: {
          resetReason: 'remote_connection_failure',
          transportFailureReason: 'delayed_connect_error:_Connection_refused',
          status: '503',
          flags: 'UF',
        },
      },
      { text: UF_ISTIO_OLD, fields: { resetReason: 'connection_failure', transportFailureReason: 'delayed_connect_error:_111', flags: 'UF,URX' } },
      {
        text: jsonLine(503, 'UC', 'upstream_reset_before_response_started{connection_termination}'),
        fields: { resetReason: 'connection_termination' },
      },
    ],
    nearMiss: [OK_ISTIO, istioLine(200, '-', 'upstream_reset_after_response_started{remote_reset}')],
  },
  'envoy/upstream-reset-after-response-started': {
    match: [
      { text: istioLine(200, '-', 'upstream_reset_after_response_started{remote_reset}'), fields: { resetReason: 'remote_reset', status: '200' } },
      { text: jsonLine(200, 'UR', 'upstream_reset_after_response_started{connection_termination}'), fields: { resetReason: 'connection_termination' } },
    ],
    nearMiss: [UF_ISTIO_NEW, OK_ISTIO],
  },
  'envoy/details-no-healthy-upstream': {
    match: [
      { text: istioLine(503, 'UH', 'no_healthy_upstream', '-', '-'), fields: { detail: 'no_healthy_upstream', status: '503', flags: 'UH' } },
      { text: jsonLine(503, 'UH', 'no_healthy_upstream', '-'), fields: { detail: 'no_healthy_upstream', status: '503' } },
      { text: 'response code details: no_healthy_upstream', fields: { detail: 'no_healthy_upstream' } },
    ],
    nearMiss: [OK_ISTIO, 'alert rule no_healthy_upstream_total > 0 is firing'],
  },
  'envoy/details-no-route-or-cluster': {
    match: [
      { text: istioLine(503, 'NC', 'cluster_not_found', '-', '-', '-'), fields: { detail: 'cluster_not_found', status: '503' } },
      { text: istioLine(404, 'NR', 'route_not_found', '-', '-', '-'), fields: { detail: 'route_not_found', status: '404' } },
      {
        text: `${TS} "- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - 10.244.1.7:8080 10.244.2.15:49152 - -`,
        fields: { detail: 'filter_chain_not_found' },
      },
    ],
    nearMiss: [OK_ISTIO, 'Error from server (NotFound): routes.route.openshift.io "api" not found'],
  },
  'envoy/details-upstream-timeout': {
    match: [
      { text: istioLine(504, 'UT', 'response_timeout'), fields: { detail: 'response_timeout', status: '504' } },
      { text: istioLine(504, 'UT,URX', 'upstream_per_try_timeout'), fields: { detail: 'upstream_per_try_timeout' } },
      { text: jsonLine(504, 'UT', 'upstream_response_timeout'), fields: { detail: 'upstream_response_timeout' } },
    ],
    nearMiss: [OK_ISTIO, '  response_timeout: 30s'],
  },
  'envoy/details-downstream-disconnect': {
    match: [
      { text: istioLine(0, 'DC', 'downstream_remote_disconnect'), fields: { detail: 'downstream_remote_disconnect', status: '0' } },
      { text: jsonLine(0, 'DC', 'downstream_remote_disconnect'), fields: { detail: 'downstream_remote_disconnect' } },
    ],
    nearMiss: [OK_ISTIO, UF_ISTIO_NEW],
  },
  'envoy/details-via-upstream-error': {
    match: [
      { text: istioLine(503, '-', 'via_upstream'), fields: { detail: 'via_upstream', status: '503', ...UPSTREAM_FIELDS } },
      { text: jsonLine(500, '-', 'via_upstream'), fields: { detail: 'via_upstream', status: '500' } },
    ],
    nearMiss: [OK_ISTIO, istioLine(404, '-', 'via_upstream')],
  },
  'envoy/maintenance-mode': {
    match: [
      { text: 'maintenance mode', fields: { flags: 'UO' } },
      { text: istioLine(503, 'UO', 'maintenance_mode', '-', '-'), fields: { detail: 'maintenance_mode', status: '503' } },
      { text: 'upstream.maintenance_mode.payments: 100', fields: { backend: 'payments' } },
    ],
    nearMiss: ['upstream.maintenance_mode.payments: 0', 'The shop is in maintenance mode, please come back later.'],
  },

  // ------------------------------------------------------------------ Proxy-Status
  'envoy/proxy-status-dns-error': {
    match: [{ text: '< proxy-status: envoy; error=dns_error; details="dns_resolution_failure"', fields: { code: 'dns_error' } }],
    nearMiss: ['< proxy-status: envoy; error=connection_refused'],
  },
  'envoy/proxy-status-destination-unavailable': {
    match: [
      {
        text: '< proxy-status: envoy; error=destination_unavailable; details="no_healthy_upstream"',
        fields: { code: 'destination_unavailable', detail: 'no_healthy_upstream' },
      },
    ],
    nearMiss: ['< proxy-status: envoy; error=connection_limit_reached'],
  },
  'envoy/proxy-status-connection-limit-reached': {
    match: [{ text: 'Proxy-Status: envoy; error=connection_limit_reached', fields: { code: 'connection_limit_reached' } }],
    nearMiss: ['< proxy-status: envoy; error=destination_unavailable'],
  },
  'envoy/proxy-status-destination-ip-blocked': {
    match: [{ text: '< proxy-status: egress-proxy; error=destination_ip_prohibited', fields: { code: 'destination_ip_prohibited' } }],
    nearMiss: ['< proxy-status: envoy; error=connection_timeout'],
  },
  'envoy/proxy-status-connection-refused': {
    match: [
      {
        text: '< proxy-status: envoy; error=connection_refused; details="upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused}"',
        fields: { code: 'connection_refused' },
      },
      {
        text: '{"httpRequest":{"requestMethod":"GET","status":502},"jsonPayload":{"@type":"type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry","statusDetails":"failed_to_connect_to_backend","proxyStatus":"error=\\"connection_refused\\""},"severity":"WARNING"}',
        fields: { code: 'connection_refused' },
      },
    ],
    nearMiss: ['< proxy-status: envoy; error=connection_terminated', '< proxy-status: envoy'],
  },
  'envoy/proxy-status-connection-timeout': {
    match: [{ text: '< proxy-status: envoy; error=connection_timeout', fields: { code: 'connection_timeout' } }],
    nearMiss: ['< proxy-status: envoy; error=connection_read_timeout'],
  },
  'envoy/proxy-status-connection-terminated': {
    match: [
      {
        text: '< proxy-status: envoy; error=connection_terminated; details="upstream_reset_before_response_started{connection_termination}"',
        fields: { code: 'connection_terminated' },
      },
      { text: 'Proxy-Status: envoy; error=http_response_incomplete', fields: { code: 'http_response_incomplete' } },
    ],
    nearMiss: ['< proxy-status: envoy; error=connection_refused'],
  },
  'envoy/proxy-status-response-timeout': {
    match: [{ text: '< proxy-status: envoy; error=http_response_timeout; details="response_timeout"', fields: { code: 'http_response_timeout' } }],
    nearMiss: ['< proxy-status: envoy; error=connection_timeout'],
  },
  'envoy/proxy-status-tls-error': {
    match: [{ text: '< proxy-status: envoy; error=tls_certificate_error', fields: { code: 'tls_certificate_error' } }],
    nearMiss: ['< proxy-status: envoy; error=http_protocol_error'],
  },
  'envoy/proxy-status-http-protocol-error': {
    match: [
      {
        text: '< proxy-status: envoy; error=http_protocol_error; details="upstream_reset_before_response_started{protocol_error}"',
        fields: { code: 'http_protocol_error' },
      },
    ],
    nearMiss: ['< proxy-status: envoy; error=tls_protocol_error'],
  },
  'envoy/proxy-status-proxy-error': {
    match: [{ text: '< proxy-status: envoy; error=proxy_configuration_error', fields: { code: 'proxy_configuration_error' } }],
    nearMiss: ['< proxy-status: envoy; error=destination_unavailable'],
  },

  // ------------------------------------------------------------------ outlier, health checks, stats
  'envoy/outlier-ejection': {
    match: [
      {
        text: '{"type":"CONSECUTIVE_5XX","cluster_name":"outbound|8080||api.default.svc.cluster.local","upstream_url":"10.244.1.7:8080","action":"EJECT","num_ejections":1,"enforced":true,"eject_consecutive_event":{},"timestamp":"2024-05-01T10:00:00.123Z"}',
        fields: { detail: 'CONSECUTIVE_5XX', backend: OUTBOUND, upstream: '10.244.1.7:8080', host: '10.244.1.7' },
      },
      {
        text: '{"type":"EJECT","ejection_type":"CONSECUTIVE_GATEWAY_FAILURE","cluster_name":"payments","upstream_url":"10.244.3.4:9000"}',
        fields: { detail: 'CONSECUTIVE_GATEWAY_FAILURE' },
      },
      {
        text: 'cluster.outbound|8080||api.default.svc.cluster.local.outlier_detection.ejections_active: 2',
        fields: { backend: OUTBOUND, detail: 'ejections_active' },
      },
      {
        text: 'outbound|8080||api.default.svc.cluster.local::10.244.1.7:8080::health_flags::/failed_outlier_check',
        fields: { backend: OUTBOUND, upstream: '10.244.1.7:8080' },
      },
      {
        text: '10.244.1.7:8080                                         HEALTHY     FAILED      outbound|8080||api.default.svc.cluster.local',
        fields: { upstream: '10.244.1.7:8080', backend: OUTBOUND },
      },
    ],
    nearMiss: [
      '{"type":"CONSECUTIVE_5XX","cluster_name":"payments","upstream_url":"10.244.3.4:9000","action":"UNEJECT","num_ejections":1,"enforced":true,"timestamp":"2024-05-01T10:05:00.000Z"}',
      'cluster.outbound|8080||api.default.svc.cluster.local.outlier_detection.ejections_active: 0',
      'outbound|8080||api.default.svc.cluster.local::10.244.1.7:8080::health_flags::healthy',
      '10.244.1.7:8080                                         HEALTHY     OK          outbound|8080||api.default.svc.cluster.local',
    ],
  },
  'envoy/active-health-check-failed': {
    match: [
      {
        text: 'payments::10.244.3.4:9000::health_flags::/failed_active_hc',
        fields: { backend: 'payments', upstream: '10.244.3.4:9000', host: '10.244.3.4', port: '9000', detail: '/failed_active_hc' },
      },
      {
        text: 'outbound|8080||api.default.svc.cluster.local::10.244.1.7:8080::health_flags::/failed_eds_health',
        fields: { backend: OUTBOUND, detail: '/failed_eds_health' },
      },
      {
        text: '{"health_checker_type":"HTTP","host":{"socket_address":{"protocol":"TCP","address":"10.244.3.4","resolver_name":"","ipv4_compat":false,"port_value":9000}},"cluster_name":"payments","eject_unhealthy_event":{"failure_type":"ACTIVE"},"timestamp":"2024-05-01T10:00:00.123Z"}',
        fields: { host: '10.244.3.4', port: '9000', backend: 'payments', detail: 'HTTP' },
      },
      { text: 'cluster.payments.health_check.failure: 17', fields: { backend: 'payments', detail: 'failure' } },
      {
        text: '10.244.1.7:8080                                         UNHEALTHY   OK          outbound|8080||api.default.svc.cluster.local',
        fields: { upstream: '10.244.1.7:8080', backend: OUTBOUND },
      },
    ],
    nearMiss: [
      'payments::10.244.3.4:9000::health_flags::healthy',
      'cluster.payments.health_check.failure: 0',
      '{"health_checker_type":"HTTP","host":{"socket_address":{"address":"10.244.3.4","port_value":9000}},"cluster_name":"payments","add_healthy_event":{"first_check":true},"timestamp":"2024-05-01T10:00:00.123Z"}',
    ],
  },
  'envoy/stats-connect-fail': {
    match: [
      {
        text: 'cluster.outbound|8080||api.default.svc.cluster.local.upstream_cx_connect_fail: 42',
        fields: { backend: OUTBOUND, detail: 'upstream_cx_connect_fail' },
      },
      { text: 'envoy_cluster_upstream_cx_connect_fail{cluster_name="outbound|8080||api.default.svc.cluster.local"} 42', fields: { backend: OUTBOUND } },
      { text: '{"name":"cluster.payments.upstream_cx_connect_fail","value":7}', fields: { backend: 'payments' } },
    ],
    nearMiss: ['cluster.outbound|8080||api.default.svc.cluster.local.upstream_cx_connect_fail: 0', 'cluster.payments.upstream_cx_connect_timeout: 3'],
  },
  'envoy/stats-connect-timeout': {
    match: [{ text: 'cluster.payments.upstream_cx_connect_timeout: 3', fields: { backend: 'payments', detail: 'upstream_cx_connect_timeout' } }],
    nearMiss: ['cluster.payments.upstream_cx_connect_timeout: 0', 'cluster.payments.upstream_cx_connect_fail: 3'],
  },
  'envoy/stats-overflow': {
    match: [
      {
        text: 'cluster.outbound|8080||api.default.svc.cluster.local.upstream_rq_pending_overflow: 118',
        fields: { detail: 'upstream_rq_pending_overflow', backend: OUTBOUND },
      },
      { text: 'envoy_cluster_upstream_cx_overflow{cluster_name="payments"} 9', fields: { backend: 'payments' } },
    ],
    nearMiss: ['cluster.payments.upstream_rq_pending_overflow: 0', 'cluster.payments.upstream_rq_pending_total: 118'],
  },
  'envoy/stats-remote-close-with-active-request': {
    match: [{ text: 'cluster.payments.upstream_cx_destroy_remote_with_active_rq: 5', fields: { backend: 'payments' } }],
    nearMiss: ['cluster.payments.upstream_cx_destroy_remote_with_active_rq: 0', 'cluster.payments.upstream_cx_destroy_remote: 5'],
  },
  'envoy/stats-none-healthy': {
    match: [
      {
        text: 'cluster.outbound|9080|v3|reviews.default.svc.cluster.local.upstream_cx_none_healthy: 12',
        fields: { backend: 'outbound|9080|v3|reviews.default.svc.cluster.local' },
      },
    ],
    nearMiss: ['cluster.outbound|9080|v3|reviews.default.svc.cluster.local.upstream_cx_none_healthy: 0'],
  },
  'envoy/stats-request-timeout': {
    match: [
      { text: 'cluster.payments.upstream_rq_timeout: 31', fields: { detail: 'upstream_rq_timeout' } },
      { text: 'cluster.payments.upstream_rq_per_try_timeout: 4', fields: { detail: 'upstream_rq_per_try_timeout' } },
    ],
    nearMiss: ['cluster.payments.upstream_rq_timeout: 0', 'cluster.payments.upstream_rq_time: P50(2.1,2.3)'],
  },
  'envoy/stats-retry-limit-exceeded': {
    match: [{ text: 'cluster.payments.upstream_rq_retry_limit_exceeded: 8', fields: { backend: 'payments' } }],
    nearMiss: ['cluster.payments.upstream_rq_retry_limit_exceeded: 0', 'cluster.payments.upstream_rq_retry: 8'],
  },
  'envoy/stats-maintenance-mode': {
    match: [{ text: 'cluster.payments.upstream_rq_maintenance_mode: 250', fields: { backend: 'payments' } }],
    nearMiss: ['cluster.payments.upstream_rq_maintenance_mode: 0'],
  },
  'envoy/stats-protocol-error': {
    match: [
      {
        text: 'cluster.outbound|50051||grpc-api.default.svc.cluster.local.upstream_cx_protocol_error: 3',
        fields: { backend: 'outbound|50051||grpc-api.default.svc.cluster.local' },
      },
    ],
    nearMiss: ['cluster.outbound|50051||grpc-api.default.svc.cluster.local.upstream_cx_protocol_error: 0'],
  },
} satisfies SignatureCases;
