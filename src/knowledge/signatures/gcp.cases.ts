import type { SignatureCases } from '../../core/signature-cases.js';

/** A load balancer request log entry as copied from Logs Explorer (one JSON line, natural field order). */
function lbEntry(statusDetails: string, status: number, extra = ''): string {
  return `{"insertId":"1x2y3z4a5b6c7","jsonPayload":{"@type":"type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry","statusDetails":"${statusDetails}","backendTargetProjectNumber":"projects/123456789012","remoteIp":"203.0.113.7","cacheDecision":["RESPONSE_HAS_CONTENT_TYPE","CACHE_MODE_USE_ORIGIN_HEADERS"]${extra}},"httpRequest":{"requestMethod":"GET","requestUrl":"https://shop.example.com/api/cart","requestSize":"84","status":${status},"responseSize":"383","userAgent":"Mozilla/5.0","remoteIp":"203.0.113.7","serverIp":"10.128.0.7","latency":"0.004512s"},"resource":{"type":"http_load_balancer","labels":{"backend_service_name":"shop-api-backend","forwarding_rule_name":"shop-https-fr","project_id":"shop-prod","target_proxy_name":"shop-https-proxy","url_map_name":"shop-map","zone":"global"}},"timestamp":"2024-05-01T10:00:00.123456Z","severity":"WARNING","logName":"projects/shop-prod/logs/requests","trace":"projects/shop-prod/traces/4bf92f3577b34da6a3ce929d0e0e4736","receiveTimestamp":"2024-05-01T10:00:01.012345678Z","spanId":"00f067aa0ba902b7"}`;
}

export default {
  'gcp/lb-failed-to-connect-to-backend': {
    match: [
      {
        text: lbEntry('failed_to_connect_to_backend', 502),
        fields: { detail: 'failed_to_connect_to_backend', status: '502', host: '10.128.0.7', backend: 'shop-api-backend' },
      },
      {
        // gcloud logging read --format=json: pretty-printed, keys sorted (httpRequest before jsonPayload).
        text: `[\n  {\n    "httpRequest": {\n      "latency": "0.002113s",\n      "remoteIp": "198.51.100.20",\n      "requestMethod": "GET",\n      "requestSize": "90",\n      "requestUrl": "http://34.120.10.5/",\n      "responseSize": "420",\n      "serverIp": "10.128.0.12",\n      "status": 502,\n      "userAgent": "curl/8.5.0"\n    },\n    "insertId": "abc123def456",\n    "jsonPayload": {\n      "@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",\n      "backendTargetProjectNumber": "projects/123456789012",\n      "remoteIp": "198.51.100.20",\n      "statusDetails": "failed_to_connect_to_backend"\n    },\n    "logName": "projects/web-prod/logs/requests",\n    "resource": {\n      "labels": {\n        "backend_service_name": "web-backend-service",\n        "forwarding_rule_name": "web-fr",\n        "project_id": "web-prod",\n        "target_proxy_name": "web-proxy",\n        "url_map_name": "web-map",\n        "zone": "global"\n      },\n      "type": "http_load_balancer"\n    },\n    "severity": "WARNING",\n    "timestamp": "2024-05-01T10:05:00.654321Z"\n  }\n]`,
        fields: { status: '502', host: '10.128.0.12', backend: 'web-backend-service' },
      },
      {
        text: 'jsonPayload.statusDetails="failed_to_connect_to_backend" httpRequest.status=502 resource.labels.backend_service_name="web-backend-service"',
        fields: { detail: 'failed_to_connect_to_backend' },
      },
    ],
    nearMiss: [lbEntry('response_sent_by_backend', 200), lbEntry('failed_to_pick_backend', 502)],
  },
  'gcp/gfe-502-server-error': {
    match: [
      {
        text: '<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 502 (Server Error)!!1</title>\n  <p><b>502.</b> <ins>That’s an error.</ins>\n  <p>The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>',
      },
      { text: 'Error: Server Error\nThe server encountered a temporary error and could not complete your request.\nPlease try again in 30 seconds.' },
    ],
    nearMiss: [
      '<title>Error 404 (Not Found)!!1</title>\n<p><b>404.</b> <ins>That’s an error.</ins>\n<p>The requested URL /api/v2 was not found on this server.  <ins>That’s all we know.</ins>',
      'Error: Server Error\nThe server encountered an error and could not complete your request.\nPlease try again in 30 seconds.',
    ],
  },
  'gcp/lb-failed-to-pick-backend': {
    match: [
      {
        text: lbEntry('failed_to_pick_backend', 502),
        fields: { detail: 'failed_to_pick_backend', status: '502', backend: 'shop-api-backend' },
      },
      {
        // gcloud logging read default output (YAML).
        text: "---\nhttpRequest:\n  latency: 0.000318s\n  remoteIp: 198.51.100.31\n  requestMethod: GET\n  requestUrl: https://app.example.com/\n  status: 503\n  userAgent: curl/8.5.0\ninsertId: x9y8z7w6v5u4\njsonPayload:\n  '@type': type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry\n  statusDetails: failed_to_pick_backend\nresource:\n  labels:\n    backend_service_name: app-neg-backend\n  type: internal_http_lb_rule",
        fields: { status: '503', backend: 'app-neg-backend' },
      },
    ],
    nearMiss: [lbEntry('failed_to_connect_to_backend', 502), lbEntry('backend_timeout', 502)],
  },
  'gcp/lb-backend-timeout': {
    match: [
      {
        text: lbEntry('backend_timeout', 502),
        fields: { detail: 'backend_timeout', status: '502', backend: 'shop-api-backend', host: '10.128.0.7' },
      },
      { text: 'statusDetails: backend_timeout  status: 504', fields: { status: '504' } },
    ],
    nearMiss: [lbEntry('client_timed_out', 0), 'resource "google_compute_backend_service" "api" { name = "api" timeout_sec = 30 } # backend_timeout default'],
  },
  'gcp/lb-backend-closed-before-response': {
    match: [
      {
        text: lbEntry('backend_connection_closed_before_data_sent_to_client', 502),
        fields: { detail: 'backend_connection_closed_before_data_sent_to_client', status: '502', host: '10.128.0.7' },
      },
      { text: 'seeing intermittent 502s with backend_connection_closed_before_data_sent_to_client on our GKE ingress' },
    ],
    nearMiss: [lbEntry('backend_connection_closed_after_partial_response_sent', 200)],
  },
  'gcp/lb-backend-closed-mid-response': {
    match: [
      {
        text: lbEntry('backend_connection_closed_after_partial_response_sent', 200),
        fields: { detail: 'backend_connection_closed_after_partial_response_sent', status: '200' },
      },
    ],
    nearMiss: [lbEntry('backend_connection_closed_before_data_sent_to_client', 502)],
  },
  'gcp/lb-backend-protocol-violation': {
    match: [
      {
        text: lbEntry('backend_response_corrupted', 502),
        fields: { detail: 'backend_response_corrupted', status: '502', backend: 'shop-api-backend' },
      },
      { text: 'statusDetails=backend_response_headers_too_long status=502', fields: { detail: 'backend_response_headers_too_long' } },
    ],
    nearMiss: [lbEntry('response_sent_by_backend', 502), lbEntry('client_disconnected_before_any_response', 0)],
  },
  'gcp/lb-backend-tls-failed': {
    match: [
      {
        text: lbEntry('ssl_certificate_chain_verification_failed', 502),
        fields: { detail: 'ssl_certificate_chain_verification_failed', status: '502' },
      },
    ],
    nearMiss: [lbEntry('failed_to_connect_to_backend', 502)],
  },
  'gcp/lb-client-disconnected': {
    match: [
      {
        text: lbEntry('client_disconnected_before_any_response', 0),
        fields: { detail: 'client_disconnected_before_any_response', backend: 'shop-api-backend' },
      },
      { text: 'statusDetails=client_timed_out status=408', fields: { detail: 'client_timed_out', status: '408' } },
    ],
    nearMiss: [lbEntry('backend_timeout', 502)],
  },
  'gcp/cloud-run-container-not-listening': {
    match: [
      {
        text: "ERROR: (gcloud.run.deploy) Revision 'hello-00001-abc' is not ready and cannot serve traffic. The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable. Logs for this revision might contain more information.",
        fields: { port: '8080', backend: 'hello-00001-abc' },
      },
      {
        text: '2024-05-01T10:20:31.123456Z Default STARTUP TCP probe failed 1 time consecutively for container "api-1" on port 8080. The instance was not started.',
        fields: { port: '8080' },
      },
      {
        text: 'ERROR: (gcloud.run.deploy) Cloud Run error: Container failed to start. Failed to start and then listen on the port defined by the PORT environment variable. Logs for this revision might contain more information.',
      },
    ],
    nearMiss: [
      "ERROR: (gcloud.run.deploy) Revision 'hello-00002-def' is not ready and cannot serve traffic. Image 'us-docker.pkg.dev/shop-prod/app/hello:latest' not found.",
      '2024-05-01T10:20:35.000000Z Default STARTUP TCP probe succeeded after 1 attempt for container "api-1" on port 8080.',
    ],
  },
  'gcp/cloud-run-malformed-response-or-connection-error': {
    match: [
      {
        text: '{"httpRequest":{"requestMethod":"POST","requestUrl":"https://orders-abc123-uc.a.run.app/v1/checkout","status":503,"latency":"2.120s"},"insertId":"65f0a1b2000c3d4e5f6a7b8c","resource":{"type":"cloud_run_revision","labels":{"service_name":"orders","revision_name":"orders-00007-xyz","location":"us-central1","project_id":"shop-prod"}},"textPayload":"The request failed because either the HTTP response was malformed or connection to the instance had an error. Additional troubleshooting documentation can be found at: https://cloud.google.com/run/docs/troubleshooting#malformed-response-or-connection-error","timestamp":"2024-05-01T10:30:00.000000Z","severity":"ERROR"}',
        fields: { status: '503', backend: 'orders' },
      },
      {
        text: 'The request failed because either the HTTP response was malformed or connection to the instance had an error. Additional troubleshooting documentation can be found at: https://cloud.google.com/run/docs/troubleshooting#malformed-response-or-connection-error',
      },
    ],
    nearMiss: [
      'The request was aborted because there was no available instance. Additional troubleshooting documentation can be found at: https://cloud.google.com/run/docs/troubleshooting#abort-request',
    ],
  },
} satisfies SignatureCases;
