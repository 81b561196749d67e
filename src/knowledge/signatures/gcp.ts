import { defineSignature } from '../../core/define-signature.js';

const LB_LOGGING = 'https://cloud.google.com/load-balancing/docs/https/https-logging-monitoring#failure-messages';
const RUN_TROUBLESHOOT = 'https://cloud.google.com/run/docs/troubleshooting';

/** `key=value` (flat rendering), `"key":"value"` (JSON), `key: value` (gcloud YAML). */
const kv = (key: string, value: string) => String.raw`\b${key}["']?\s*[:=]\s*["']?${value}`;
/** Optionally captures a key/value printed before the match on the same line (nearest first). */
const before = (key: string, value: string, n = 3000) => String.raw`(?:(?<=${kv(key, value)}[^\n]{0,${n}}?)|)`;
/** Optionally captures a key/value printed after the match on the same line. */
const after = (key: string, value: string, n = 3000) => String.raw`(?:(?=[^\n]{0,${n}}?${kv(key, value)})|)`;

const IP = '[0-9a-f.:]*[0-9a-f]';

/**
 * A `statusDetails` value of a load balancer request log entry (jsonPayload.statusDetails), in the JSON
 * line, its flat `statusDetails=…` rendering or gcloud YAML, plus the request status, the backend IP
 * (`httpRequest.serverIp`) and the backend service (`resource.labels.backend_service_name`) around it.
 * `bare` also accepts the value alone: only for long values that cannot mean anything else.
 */
function statusDetails(values: string, bare: boolean): RegExp {
  const core = bare
    ? String.raw`(?:${kv('statusDetails', `(?<detail>${values})`)}|\b(?<detail_2>${values}))\b`
    : String.raw`${kv('statusDetails', `(?<detail>${values})`)}\b`;
  return new RegExp(
    core +
      before('status', String.raw`(?<status>\d{3})\b`) +
      before('serverIp', `(?<host>${IP})`) +
      after('status', String.raw`(?<status_2>\d{3})\b`) +
      after('serverIp', `(?<host_2>${IP})`) +
      before('backend_service_name', String.raw`(?<backend>[\w.-]+)`, 4000) +
      after('backend_service_name', String.raw`(?<backend_2>[\w.-]+)`, 4000),
    'i',
  );
}

export const signatures = [
  defineSignature({
    id: 'gcp/lb-failed-to-connect-to-backend',
    catalog: 'GCP-FAILCONN',
    platform: 'gcp',
    title: 'statusDetails: failed_to_connect_to_backend',
    keywords: ['failed_to_connect_to_backend'],
    pattern: statusDetails('failed_to_connect_to_backend', true),
    phase: 'connect',
    status: 502,
    meaning:
      'The Google load balancer could not open a connection to the backend it picked: nothing listens on the named port of the instance group/NEG, or a firewall rule does not allow the Google front ends (130.211.0.0/22, 35.191.0.0/16), or the backend is overloaded.',
    causes: {
      'not-listening': 0.4,
      'network-blocked': 0.35,
      'port-mismatch': 0.25,
    },
    checks: [
      'gcloud compute backend-services get-health {backend} --global',
      'gcloud compute firewall-rules list --filter="sourceRanges:(130.211.0.0/22 35.191.0.0/16)"',
      'gcloud compute instance-groups get-named-ports <instance-group> --zone <zone>   # port name of the backend service must exist here',
      'On the backend ({host}): `ss -ltnp   # listening on 0.0.0.0 on the serving port?`',
    ],
    fix: 'Allow 130.211.0.0/22 and 35.191.0.0/16 to the serving port, make the named port match where the app listens (on 0.0.0.0), and start the app.',
    source: LB_LOGGING,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'gcp/gfe-502-server-error',
    catalog: 'GCP-FAILCONN',
    platform: 'gcp',
    title: 'Google front end 502 page: "The server encountered a temporary error and could not complete your request"',
    keywords: ['could not complete your request'],
    pattern: /\bThe server encountered a temporary error and could not complete your request\.(?:\s*(?:<p>)?\s*Please try again in 30 seconds\.)?/i,
    phase: 'connect',
    status: 502,
    meaning:
      "This is the Google front end's own 502 page: the load balancer got no usable response from any backend. The statusDetails field of the load balancer request log names the exact reason (failed_to_connect_to_backend, failed_to_pick_backend, backend_timeout, …).",
    causes: {
      'not-listening': 0.25,
      'no-healthy-upstream': 0.25,
      'network-blocked': 0.2,
      'keepalive-race': 0.15,
      'slow-upstream': 0.15,
    },
    checks: [
      'gcloud logging read \'resource.type="http_load_balancer" AND httpRequest.status>=500\' --limit 5 --format="value(jsonPayload.statusDetails,httpRequest.requestUrl)"',
      'gcloud compute backend-services get-health <backend-service> --global',
    ],
    fix: 'Read statusDetails in the load balancer log and follow that case: open the health-check/GFE ranges in the firewall, fix the named port, or fix the failing health checks.',
    source: LB_LOGGING,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'gcp/lb-failed-to-pick-backend',
    catalog: 'GCP-PICK',
    platform: 'gcp',
    title: 'statusDetails: failed_to_pick_backend',
    keywords: ['failed_to_pick_backend'],
    pattern: statusDetails('failed_to_pick_backend', true),
    phase: 'health-check',
    status: [502, 503],
    meaning:
      'The load balancer found no backend to send the request to: every backend fails its health check, the NEG or instance group is empty, or the capacity (max rate/utilization, capacity scaler 0) is exhausted.',
    causes: {
      'no-healthy-upstream': 0.6,
      'no-endpoints': 0.4,
    },
    checks: [
      'gcloud compute backend-services get-health {backend} --global',
      'gcloud compute health-checks describe <health-check>   # port, request path, expected response',
      'gcloud compute network-endpoint-groups list-network-endpoints <neg> --zone <zone>   # empty?',
    ],
    fix: 'Make the health check pass (right port and path, firewall open to 35.191.0.0/16 and 130.211.0.0/22) and make sure the backend has endpoints and non-zero capacity.',
    source: LB_LOGGING,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'gcp/lb-backend-timeout',
    catalog: 'GCP-TIMEOUT',
    platform: 'gcp',
    title: 'statusDetails: backend_timeout',
    keywords: ['backend_timeout'],
    pattern: statusDetails('backend_timeout', false),
    phase: 'read-headers',
    status: [502, 504],
    meaning:
      'The backend accepted the request but did not answer within the backend service timeout (timeoutSec, 30 s by default). The classic global load balancer reports it as 502, Envoy-based load balancers as 504.',
    causes: {
      'slow-upstream': 0.6,
      'timeout-misaligned': 0.4,
    },
    checks: [
      'gcloud compute backend-services describe {backend} --global --format="value(timeoutSec)"',
      'Time the endpoint from a VM in the same VPC: `curl -s -o /dev/null -w "%{time_starttransfer}\\n" http://{host}:<port>/<path>`',
    ],
    fix: 'Make the endpoint answer faster, or raise timeoutSec on the backend service above the longest legitimate response time.',
    source: LB_LOGGING,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'gcp/lb-backend-closed-before-response',
    catalog: 'GCP-CLOSED',
    platform: 'gcp',
    title: 'statusDetails: backend_connection_closed_before_data_sent_to_client',
    keywords: ['backend_connection_closed_before_data_sent_to_client'],
    pattern: statusDetails('backend_connection_closed_before_data_sent_to_client', true),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The backend closed the connection before sending any response. Usually the keep-alive race: the load balancer keeps idle backend connections for 600 s, but the server closes them sooner (nginx 75 s, Node 5 s, gunicorn 2 s), or the app crashed mid-request.',
    causes: {
      'keepalive-race': 0.6,
      'upstream-reset': 0.4,
    },
    checks: [
      'Check the backend keep-alive timeout: it must be longer than 600 s (nginx keepalive_timeout, Node server.keepAliveTimeout, gunicorn --keep-alive)',
      'Look for crashes/restarts of the backend at the time of the errors',
    ],
    fix: 'Set the backend HTTP keep-alive timeout above 600 seconds (e.g. keepalive_timeout 620s; server.keepAliveTimeout = 620000), and fix crashes if any.',
    source: LB_LOGGING,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'gcp/lb-backend-closed-mid-response',
    catalog: 'GCP-PARTIAL',
    platform: 'gcp',
    title: 'statusDetails: backend_connection_closed_after_partial_response_sent',
    keywords: ['backend_connection_closed_after_partial_response_sent'],
    pattern: statusDetails('backend_connection_closed_after_partial_response_sent', true),
    phase: 'read-body',
    status: null,
    meaning:
      'The backend started the response and then closed the connection before finishing it; the client got a truncated response. The backend process died or hit its own timeout mid-response.',
    causes: {
      'upstream-reset': 1,
    },
    checks: [
      'Look for crashes, OOM kills or worker timeouts on the backend at that time (`journalctl`, `kubectl get events`, container restarts)',
      'Check streaming/long responses against the backend worker timeout',
    ],
    fix: 'Fix what kills the backend mid-response (OOM, worker timeout, crash); keep long downloads within the backend timeouts.',
    source: LB_LOGGING,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'gcp/lb-backend-protocol-violation',
    catalog: 'GCP-CORRUPT',
    platform: 'gcp',
    title: 'statusDetails: backend_response_corrupted / headers too long / early response',
    keywords: [
      'backend_response_corrupted',
      'backend_response_headers_too_long',
      'backend_early_response_with_non_error_status',
      'backend_interim_response_not_supported',
      'aborted_request_due_to_backend_early_response',
    ],
    pattern: statusDetails(
      'backend_response_corrupted|backend_response_headers_too_long|backend_early_response_with_non_error_status|backend_interim_response_not_supported|aborted_request_due_to_backend_early_response',
      true,
    ),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The backend answered, but in a way the load balancer rejects: a malformed response (wrong protocol on the port, bad chunking or Content-Length), response headers over the limit, or a response sent before the request body was fully received.',
    causes: {
      'protocol-mismatch': 0.6,
      other: 0.4,
    },
    checks: [
      'gcloud compute backend-services describe {backend} --global --format="value(protocol,portName)"   # HTTP/HTTPS/HTTP2 must match what the app serves',
      'From a VM in the VPC: `curl -sv http://{host}:<port>/ --http1.1` and inspect the raw response headers',
    ],
    fix: 'Make the backend-service protocol match the app (HTTP vs HTTPS vs HTTP/2), keep headers small, and read the full request body before answering.',
    source: LB_LOGGING,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'gcp/lb-backend-tls-failed',
    catalog: 'GCP-TLS',
    platform: 'gcp',
    title: 'statusDetails: backend TLS handshake or certificate verification failed',
    keywords: ['ssl_certificate_san_verification_failed', 'ssl_certificate_chain_verification_failed', 'backend_tls_handshake_failed'],
    pattern: statusDetails('ssl_certificate_san_verification_failed|ssl_certificate_chain_verification_failed|backend_tls_handshake_failed', true),
    phase: 'tls',
    status: 502,
    meaning:
      'The backend service uses HTTPS or HTTP/2 to the backend, and the TLS connection failed: the backend speaks plain HTTP on that port, or (with backend authentication) its certificate does not match the expected SAN or chain.',
    causes: {
      'tls-mismatch': 1,
    },
    checks: [
      'gcloud compute backend-services describe {backend} --global --format="value(protocol,portName)"',
      'From a VM in the VPC: `openssl s_client -connect {host}:<port> -servername <expected-sni> </dev/null`',
    ],
    fix: 'Serve TLS on the backend port (or switch the backend service protocol to HTTP), and make the backend certificate match the configured SAN/trust config.',
    source: LB_LOGGING,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'gcp/lb-client-disconnected',
    catalog: 'GCP-CLIENT',
    platform: 'gcp',
    title: 'statusDetails: client_disconnected_before_any_response / client_timed_out',
    keywords: ['client_disconnected_before_any_response', 'client_timed_out', 'client_disconnected_after_partial_response'],
    pattern: statusDetails('client_disconnected_before_any_response|client_disconnected_after_partial_response|client_timed_out', false),
    phase: 'read-headers',
    status: null,
    meaning:
      'The client closed the connection (or stopped sending) before the load balancer could answer; the logged status is 0 or the partial response. The backend is usually slower than the client is willing to wait.',
    causes: {
      'timeout-misaligned': 0.55,
      'slow-upstream': 0.45,
    },
    checks: [
      'Compare the client timeout with the latency of these requests (httpRequest.latency in the log)',
      'gcloud compute backend-services describe {backend} --global --format="value(timeoutSec)"',
    ],
    fix: 'Give clients a timeout longer than the slowest legitimate response, or make the endpoint faster.',
    source: LB_LOGGING,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'gcp/cloud-run-container-not-listening',
    catalog: 'GCP-RUN-PORT',
    platform: 'gcp',
    title: 'Cloud Run: the container failed to start and listen on the port defined by the PORT environment variable',
    keywords: ['listen on the port defined', 'startup tcp probe failed'],
    pattern:
      /(?:\bRevision '(?<backend>[\w-]+)' is not ready and cannot serve traffic\.\s*(?:The user-provided container )?)?\bfailed to start and (?:then )?listen on the port defined (?:provided )?by the PORT(?:=(?<port>\d{1,5}))? environment variable|\bSTARTUP TCP probe failed \d+ times? consecutively for container "[^"]+" on port (?<port_2>\d{1,5})/i,
    phase: 'connect',
    status: null,
    meaning:
      'Cloud Run started the container but nothing accepted connections on $PORT (8080 by default) before the startup timeout: the app listens on another port, only on 127.0.0.1/localhost, or crashed/started too slowly.',
    causes: {
      'bind-loopback': 0.35,
      'port-mismatch': 0.35,
      'startup-order': 0.3,
    },
    checks: [
      'gcloud run services logs read <service> --limit 50   # crash or "listening on 127.0.0.1:…"?',
      'The app must listen on 0.0.0.0 and on the port in $PORT ({port}), not a hard-coded one',
      'Run the image locally: `docker run -p 8080:8080 -e PORT=8080 <image> && curl -v http://127.0.0.1:8080/`',
    ],
    fix: 'Make the server read PORT from the environment and bind to 0.0.0.0:$PORT; if startup is slow, extend the startup probe.',
    source: `${RUN_TROUBLESHOOT}#container-failed-to-start`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'gcp/cloud-run-malformed-response-or-connection-error',
    catalog: 'GCP-RUN-MALFORMED',
    platform: 'gcp',
    title: 'Cloud Run: the HTTP response was malformed or the connection to the instance had an error',
    keywords: ['http response was malformed'],
    pattern: new RegExp(
      String.raw`\bThe request failed because either the HTTP response was malformed or connection to the instance had an error\b` +
        before('status', String.raw`(?<status>\d{3})\b`) +
        after('status', String.raw`(?<status_2>\d{3})\b`) +
        before('service_name', String.raw`(?<backend>[\w-]+)`, 4000) +
        after('service_name', String.raw`(?<backend_2>[\w-]+)`, 4000),
      'i',
    ),
    phase: 'read-headers',
    status: 503,
    meaning:
      'Cloud Run forwarded the request to a container instance, but the connection failed or the answer was not valid HTTP: the instance crashed or closed the connection mid-request, or the app speaks another protocol (HTTP/2 cleartext, TLS) on the port.',
    causes: {
      'upstream-reset': 0.6,
      'protocol-mismatch': 0.4,
    },
    checks: [
      'gcloud run services logs read {backend} --limit 100   # crashes, OOM ("Memory limit exceeded"), restarts around the request',
      'gcloud run services describe {backend} --format="value(spec.template.spec.containers[0].ports)"   # h2c declared but app speaks HTTP/1?',
    ],
    fix: 'Stop the instance from dying mid-request (memory limit, unhandled exceptions) and make the declared port protocol (http1/h2c) match the app.',
    source: `${RUN_TROUBLESHOOT}#malformed-response-or-connection-error`,
    evidence: 'kb',
  }),
];
