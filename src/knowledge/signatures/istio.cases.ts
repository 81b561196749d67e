import type { SignatureCases } from '../../core/signature-cases.js';

const TS = '[2024-05-01T10:00:00.123Z]';
const OUTBOUND = 'outbound|8080||api.default.svc.cluster.local';
const INBOUND = 'inbound|8080||';

/** Istio's default text access log. `local`/`downstream` are the upstream-local and downstream-local addresses. */
function istioLine(opts: {
  code: number;
  flags: string;
  details: string;
  tfr?: string;
  upstream?: string;
  cluster?: string;
  local?: string;
  downstream?: string;
  route?: string;
  request?: string;
  authority?: string;
}): string {
  const {
    code,
    flags,
    details,
    tfr = '-',
    upstream = '10.244.1.7:8080',
    cluster = OUTBOUND,
    local = '-',
    downstream = '10.96.12.34:8080',
    route = 'default',
    request = 'GET /api/orders HTTP/1.1',
    authority = 'api.default.svc.cluster.local:8080',
  } = opts;
  return `${TS} "${request}" ${code} ${flags} ${details} - "${tfr}" 0 ${code === 200 ? 1843 : 145} 2 ${code === 200 ? '1' : '-'} "-" "curl/8.5.0" "5b8c3a4e-1f2d-4a7b-b1c2-0e9d8f7a6b5c" "${authority}" "${upstream}" ${cluster} ${local} ${downstream} 10.244.2.15:51234 - ${route}`;
}

const REFUSED_NEW = 'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused}';
const REFUSED_OLD = 'upstream_reset_before_response_started{connection_failure,delayed_connect_error:_111}';
const OK = istioLine({ code: 200, flags: '-', details: 'via_upstream', local: '10.244.2.15:40318' });

const INBOUND_REFUSED = istioLine({
  code: 503,
  flags: 'UF',
  details: REFUSED_NEW,
  tfr: 'delayed connect error: Connection refused',
  cluster: INBOUND,
  downstream: '10.244.1.7:8080',
  route: 'default',
});

export default {
  'istio/access-log-upstream-failure': {
    match: [
      {
        text: istioLine({ code: 503, flags: 'UF,URX', details: REFUSED_NEW, tfr: 'delayed connect error: Connection refused' }),
        fields: {
          status: '503',
          flags: 'UF,URX',
          detail: REFUSED_NEW,
          transportFailureReason: 'delayed connect error: Connection refused',
          upstream: '10.244.1.7:8080',
          host: '10.244.1.7',
          port: '8080',
          backend: OUTBOUND,
        },
      },
      {
        text: istioLine({
          code: 503,
          flags: 'UF,URX',
          details: 'upstream_reset_before_response_started{connection_failure,TLS_error:_Secret_is_not_supplied_by_SDS}',
          tfr: 'TLS error: Secret is not supplied by SDS',
          request: 'POST / HTTP/1.1',
          authority: 'svc.ns.svc.cluster.local:8000',
          upstream: '10.244.5.12:8000',
          cluster: 'outbound|8000||svc.ns.svc.cluster.local',
        }),
        fields: { transportFailureReason: 'TLS error: Secret is not supplied by SDS', backend: 'outbound|8000||svc.ns.svc.cluster.local' },
      },
      {
        text: istioLine({
          code: 503,
          flags: 'UH',
          details: 'no_healthy_upstream',
          upstream: '-',
          cluster: 'outbound|9080|v3|reviews.default.svc.cluster.local',
        }),
        fields: { flags: 'UH', backend: 'outbound|9080|v3|reviews.default.svc.cluster.local' },
      },
      {
        text: `${TS} "- - -" 0 UF - - "-" 0 0 1 - "-" "-" "-" "-" "10.244.3.9:5432" outbound|5432||postgres.db.svc.cluster.local - 10.96.40.2:5432 10.244.2.15:40822 - -`,
        fields: { status: '0', flags: 'UF', upstream: '10.244.3.9:5432', backend: 'outbound|5432||postgres.db.svc.cluster.local' },
      },
    ],
    nearMiss: [OK, istioLine({ code: 503, flags: '-', details: 'via_upstream' }), istioLine({ code: 0, flags: 'DC', details: 'downstream_remote_disconnect' })],
  },
  'istio/inbound-app-refused': {
    match: [
      { text: INBOUND_REFUSED, fields: { backend: INBOUND, upstream: '10.244.1.7:8080', host: '10.244.1.7', port: '8080', errno: '111', flags: 'UF' } },
      {
        text: istioLine({
          code: 503,
          flags: 'UF,URX',
          details: REFUSED_OLD,
          tfr: 'delayed connect error: 111',
          cluster: INBOUND,
          downstream: '10.244.1.7:8080',
        }),
        fields: { backend: INBOUND, flags: 'UF,URX' },
      },
      {
        text: `${TS} "- - -" 0 UF - - "-" 0 0 1 - "-" "-" "-" "-" "10.244.1.7:3306" inbound|3306|| - 10.244.1.7:3306 10.244.2.15:50128 outbound_.3306_._.mysql.default.svc.cluster.local -`,
        fields: { backend: 'inbound|3306||', upstream: '10.244.1.7:3306', status: '0' },
      },
      {
        text: '{"response_code":503,"response_code_details":"upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused}","response_flags":"UF","upstream_cluster":"inbound|8080||","upstream_host":"10.244.1.7:8080"}',
        fields: { backend: INBOUND, upstream: '10.244.1.7:8080' },
      },
    ],
    nearMiss: [
      istioLine({ code: 503, flags: 'UF', details: REFUSED_NEW, tfr: 'delayed connect error: Connection refused' }),
      istioLine({
        code: 503,
        flags: 'UC',
        details: 'upstream_reset_before_response_started{connection_termination}',
        cluster: INBOUND,
        local: '127.0.0.6:39617',
        downstream: '10.244.1.7:8080',
      }),
      istioLine({
        code: 503,
        flags: 'UF',
        details: 'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_No_route_to_host}',
        tfr: 'delayed connect error: No route to host',
        cluster: INBOUND,
        downstream: '10.244.1.7:8080',
      }),
    ],
  },
  'istio/proxy-not-ready': {
    match: [
      {
        text: '2024-05-01T10:00:02.417Z\twarn\tEnvoy proxy is NOT ready: config not received from Pilot (is Pilot running?): cds updates: 0 successful, 0 rejected; lds updates: 0 successful, 0 rejected',
        fields: { detail: 'cds updates: 0 successful, 0 rejected; lds updates: 0 successful, 0 rejected' },
      },
      {
        text: '2024-05-01T10:00:04.003Z\twarn\tEnvoy proxy is NOT ready: config not received from XDS server (is Istiod running?): cds updates: 0 successful, 0 rejected; lds updates: 0 successful, 0 rejected',
      },
      {
        text: 'Readiness probe failed: HTTP probe failed with statuscode: 503 -- Envoy proxy is NOT ready: config not fully received from XDS server: cds updates: 1 successful, 0 rejected; lds updates: 0 successful, 0 rejected',
      },
    ],
    nearMiss: [
      '2024-05-01T10:00:05.812Z\tinfo\tEnvoy proxy is ready',
      '2024-05-01T10:00:04.003Z\twarn\tEnvoy proxy is NOT ready: config received from XDS server, but was rejected: cds updates: 1 successful, 1 rejected; lds updates: 0 successful, 1 rejected',
    ],
  },
  'istio/app-connect-before-proxy-ready': {
    match: [
      { text: 'Error: connect ECONNREFUSED 127.0.0.1:15001', fields: { host: '127.0.0.1', port: '15001', code: 'ECONNREFUSED' } },
      { text: 'level=error msg="fetch config" err="dial tcp 127.0.0.1:15001: connect: connection refused"', fields: { port: '15001' } },
    ],
    nearMiss: ['Error: connect ECONNREFUSED 127.0.0.1:5432', 'Error: connect ETIMEDOUT 127.0.0.1:15001'],
  },
  'istio/xds-stream-closed': {
    match: [
      {
        text: '2024-05-01T10:00:00.123456Z\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:152\tStreamAggregatedResources gRPC config stream to xds-grpc closed: 14, upstream connect error or disconnect/reset before headers. reset reason: connection failure\tthread=9',
        fields: { resetReason: 'connection failure' },
      },
      {
        text: '2024-05-01T10:00:00.123456Z\twarning\tenvoy config\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 42s ago: 14, connection error: desc = "transport: Error while dialing: dial tcp 10.96.5.23:15012: i/o timeout"',
        fields: { upstream: '10.96.5.23:15012', host: '10.96.5.23', port: '15012', detail: 'i/o timeout' },
      },
      {
        text: 'gRPC config stream closed: 14, connection error: desc = "transport: Error while dialing dial tcp: lookup istiod.istio-system.svc on 10.96.0.10:53: no such host"',
        fields: { detail: 'lookup istiod.istio-system.svc on 10.96.0.10:53: no such host' },
      },
    ],
    nearMiss: [
      '2024-05-01T10:30:00.123456Z\twarning\tenvoy config\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 1802s ago: 0, ',
      '2024-05-01T10:00:00.123456Z\tinfo\txdsproxy\tconnected to upstream XDS server: istiod.istio-system.svc:15012',
    ],
  },
  'istio/plaintext-rejected-by-strict-mtls': {
    match: [
      {
        text: `${TS} "- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - 10.244.1.7:8080 10.244.2.15:49152 - -`,
        fields: { flags: 'NR', detail: 'filter_chain_not_found', upstream: '10.244.1.7:8080', client: '10.244.2.15:49152' },
      },
    ],
    nearMiss: [
      istioLine({ code: 404, flags: 'NR', details: 'route_not_found', upstream: '-', cluster: '-' }),
      'filter_chain_not_found_total{listener="virtualInbound"} 0',
    ],
  },
  'istio/outbound-connection-termination': {
    match: [
      {
        text: istioLine({ code: 503, flags: 'UC', details: 'upstream_reset_before_response_started{connection_termination}', local: '10.244.2.15:40318' }),
        fields: { flags: 'UC', upstream: '10.244.1.7:8080', backend: OUTBOUND, resetReason: 'connection termination' },
      },
      {
        text: istioLine({ code: 503, flags: 'UC,URX', details: 'upstream_reset_before_response_started{connection_termination}', local: '10.244.2.15:40318' }),
        fields: { flags: 'UC,URX' },
      },
    ],
    nearMiss: [
      istioLine({
        code: 503,
        flags: 'UC',
        details: 'upstream_reset_before_response_started{connection_termination}',
        cluster: INBOUND,
        local: '127.0.0.6:39617',
        downstream: '10.244.1.7:8080',
      }),
      istioLine({ code: 503, flags: 'UF', details: REFUSED_NEW }),
    ],
  },
  'istio/blackhole-cluster': {
    match: [
      {
        text: `${TS} "- - -" 0 UH - - "-" 0 0 0 - "-" "-" "-" "-" "-" BlackHoleCluster - 104.18.32.7:443 10.244.2.15:51234 - -`,
        fields: { upstream: '104.18.32.7:443', host: '104.18.32.7', port: '443' },
      },
      {
        text: istioLine({
          code: 502,
          flags: '-',
          details: 'direct_response',
          request: 'GET /status/200 HTTP/1.1',
          authority: 'httpbin.org',
          upstream: '-',
          cluster: '-',
          downstream: '54.85.12.9:80',
          route: 'block_all',
        }),
        fields: { status: '502', host: 'httpbin.org' },
      },
      { text: '{"response_code":0,"response_flags":"UH","upstream_cluster":"BlackHoleCluster","upstream_host":null}' },
    ],
    nearMiss: [
      'BlackHoleCluster                                      -         -          -             STATIC',
      `${TS} "- - -" 0 - - - "-" 771 5234 1200 - "-" "-" "-" "-" "104.18.32.7:443" PassthroughCluster 10.244.2.15:40318 104.18.32.7:443 10.244.2.15:51234 - -`,
    ],
  },
  'istio/rbac-access-denied': {
    match: [
      { text: 'RBAC: access denied' },
      {
        text: istioLine({
          code: 403,
          flags: '-',
          details: 'rbac_access_denied_matched_policy[none]',
          upstream: '-',
          cluster: INBOUND,
          downstream: '10.244.1.7:8080',
        }),
        fields: { status: '403', detail: 'none' },
      },
      {
        text: '[2024-05-01 10:00:00.123][35][debug][rbac] [source/extensions/filters/http/rbac/rbac_filter.cc:170] enforced denied, matched policy ns[payments]-policy[deny-external]-rule[0]',
        fields: { detail: 'ns[payments]-policy[deny-external]-rule[0]' },
      },
    ],
    nearMiss: [
      '[2024-05-01 10:00:00.123][35][debug][rbac] [source/extensions/filters/http/rbac/rbac_filter.cc:170] enforced allowed, matched policy ns[payments]-policy[allow-gateway]-rule[0]',
      OK,
    ],
  },
  'istio/subset-not-found': {
    match: [
      {
        text: istioLine({
          code: 503,
          flags: 'NC',
          details: 'cluster_not_found',
          upstream: '-',
          cluster: '-',
          request: 'GET /reviews/0 HTTP/1.1',
          authority: 'reviews:9080',
        }),
        fields: { flags: 'NC', status: '503' },
      },
      {
        text: istioLine({
          code: 503,
          flags: 'UH',
          details: 'no_healthy_upstream',
          upstream: '-',
          cluster: 'outbound|9080|v3|reviews.default.svc.cluster.local',
        }),
        fields: { flags: 'UH', backend: 'outbound|9080|v3|reviews.default.svc.cluster.local' },
      },
      {
        text: 'Error [IST0101] (VirtualService default/reviews) Referenced host+subset in destinationrule not found: "reviews+v3"',
        fields: { detail: 'reviews+v3' },
      },
    ],
    nearMiss: [
      istioLine({ code: 503, flags: 'UH', details: 'no_healthy_upstream', upstream: '-', cluster: 'outbound|9080||reviews.default.svc.cluster.local' }),
      OK,
    ],
  },
  'istio/protocol-mismatch': {
    match: [
      {
        text: istioLine({
          code: 502,
          flags: 'UPE',
          details: 'upstream_reset_before_response_started{protocol_error}',
          cluster: 'outbound|50051||grpc-api.default.svc.cluster.local',
          upstream: '10.244.4.2:50051',
        }),
        fields: { flags: 'UPE', backend: 'outbound|50051||grpc-api.default.svc.cluster.local', upstream: '10.244.4.2:50051' },
      },
      {
        text: istioLine({
          code: 503,
          flags: '-',
          details: 'upstream_reset_before_response_started{protocol_error}',
          cluster: INBOUND,
          downstream: '10.244.1.7:8080',
        }),
        fields: { detail: 'upstream_reset_before_response_started{protocol_error}', backend: INBOUND },
      },
      {
        text: '[2024-05-01 10:00:00.123][41][debug][http2] [source/common/http/http2/codec_impl.cc:1032] [C12] invalid frame: Remote peer returned unexpected data while we expected SETTINGS frame.  Perhaps, peer does not support HTTP/2 properly. on stream 1',
        fields: { detail: 'peer does not support HTTP/2 properly' },
      },
    ],
    nearMiss: [istioLine({ code: 503, flags: 'UF', details: REFUSED_NEW }), OK],
  },
} satisfies SignatureCases;
