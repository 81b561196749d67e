import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'keepalive-race',
  title: CAUSE_TITLES['keepalive-race'],
  explanation:
    "The proxy keeps idle connections to the backend open for reuse, but the backend's own keep-alive timeout is shorter than the proxy's idle timeout, so it closes a connection at the very moment the proxy sends a new request on it. " +
    'The request meets a FIN or RST and fails as "upstream prematurely closed connection", "connection reset by peer", "socket hang up", EOF or Envoy UC. ' +
    'Typical pairs: Node.js (server.keepAliveTimeout 5s), gunicorn (2s) or Apache (5s) behind an AWS ALB (60s idle), the GCP load balancer (600s), nginx upstream keepalive (60s) or Envoy/Istio (1h idle). ' +
    'It looks like upstream-reset, but it is rare (well under 1% of requests), random, happens only on reused connections, often after idle periods, and the backend logs show no error at all.',
  symptoms: [
    'Sporadic 502s: upstream prematurely closed connection while reading response header from upstream / recv() failed (104: Connection reset by peer)',
    'Envoy/Istio 503 UC "upstream connect error or disconnect/reset before headers. reset reason: connection termination"',
    'Node.js "socket hang up" / ECONNRESET; Go "EOF" on a reused connection; Apache NoHttpResponseException',
    'ALB 502 with target_status_code "-"; GCP backend_connection_closed_before_data_sent_to_client; Azure ERRORINFO_UPSTREAM_CLOSED_CONNECTION; Cloudflare 520',
    'More frequent after quiet periods and at low traffic; cannot be reproduced with a single curl',
  ],
  confirm: {
    vm: [
      {
        command: "curl -sv -o /dev/null --max-time 5 {url} 2>&1 | grep -iE '^< (connection|keep-alive):'",
        expect:
          "Run against the backend directly: \"Keep-Alive: timeout=5\" (Node.js) or similar shows the backend's idle timeout; if it is shorter than the proxy's, confirmed. No header: look it up in the server's config.",
      },
      {
        command: "sudo nginx -T 2>/dev/null | grep -nE 'keepalive(_timeout|_requests|_time)?|proxy_http_version|proxy_set_header +Connection'",
        expect: "An upstream `keepalive` pool with `keepalive_timeout` (default 60s) above the backend's keep-alive timeout confirms the race.",
      },
      {
        command: "sudo grep -cE 'prematurely closed connection|reset by peer' /var/log/nginx/error.log",
        expect: 'A small, steady count spread over time (not bursts) fits the race; bursts point to upstream-reset.',
      },
    ],
    kubernetes: [
      {
        command: "kubectl get configmap -n ingress-nginx ingress-nginx-controller -o yaml | grep -nE 'upstream-keepalive'",
        expect: "upstream-keepalive-timeout (default 60s) above the backend's keep-alive timeout confirms (the ConfigMap name depends on the install).",
      },
      {
        command:
          'kubectl run -n {namespace} tmp-debug --rm -i --image=nicolaka/netshoot --restart=Never -- sh -c \'curl -sv -o /dev/null --max-time 5 http://{service}:{port}/ 2>&1 | grep -iE "^< (connection|keep-alive):"\'',
        expect: 'A "Keep-Alive: timeout=N" shorter than the proxy\'s idle timeout confirms.',
      },
    ],
    istio: [
      {
        command:
          "kubectl logs -n {namespace} deploy/{proxy} -c istio-proxy --tail=1000 | grep -cE ' UC |upstream_reset_before_response_started.connection_termination'",
        expect: 'A low, steady count of UC responses confirms reused connections being closed by the backend.',
      },
      {
        command:
          "kubectl exec -n {namespace} deploy/{proxy} -c istio-proxy -- pilot-agent request GET stats | grep -E 'outbound\\|{port}\\|\\|{service}.*(upstream_cx_destroy_remote_with_active_rq|upstream_cx_destroy_remote|upstream_rq_retry)'",
        expect: 'upstream_cx_destroy_remote_with_active_rq growing means the backend closed connections with a request in flight.',
      },
      {
        command: "kubectl get destinationrule -A -o yaml | grep -nE 'idleTimeout|maxRequestsPerConnection|maxRetries'",
        expect: 'No connectionPool.http.idleTimeout means Envoy keeps idle upstream connections for 1h, far longer than most app servers.',
      },
    ],
    aws: [
      {
        command: 'aws elbv2 describe-load-balancer-attributes --load-balancer-arn {lb} --query "Attributes[?Key==\'idle_timeout.timeout_seconds\']"',
        expect: 'The ALB idle timeout (default 60s); a target keep-alive timeout below it (Node 5s, gunicorn 2s, Apache 5s) confirms.',
      },
      {
        command: "curl -sv -o /dev/null --max-time 5 http://<target-ip>:<target-port>/ 2>&1 | grep -iE '^< (connection|keep-alive):'",
        expect: 'Run from inside the VPC: "Keep-Alive: timeout=5" or similar, below the ALB idle timeout, confirms.',
      },
    ],
    gcp: [
      {
        command:
          'gcloud logging read \'resource.type="http_load_balancer" AND jsonPayload.statusDetails="backend_connection_closed_before_data_sent_to_client"\' --limit 20 --freshness 1d',
        expect: 'Entries spread across time confirm; the Google front end keeps backend connections for 600s, so the backend keep-alive must exceed that.',
      },
      {
        command: "curl -sv -o /dev/null --max-time 5 http://<backend-ip>:<backend-port>/ 2>&1 | grep -iE '^< (connection|keep-alive):'",
        expect: 'Run from a VM in the same VPC: "Keep-Alive: timeout=N" with N below 600 confirms.',
      },
    ],
    azure: [
      {
        command:
          "az monitor log-analytics query -w <workspace-id> --analytics-query \"AzureDiagnostics | where Category == 'ApplicationGatewayAccessLog' and error_info_s == 'ERRORINFO_UPSTREAM_CLOSED_CONNECTION' | take 20\"",
        expect:
          'Sporadic ERRORINFO_UPSTREAM_CLOSED_CONNECTION entries (with access logs sent to Log Analytics in AzureDiagnostics mode) fit a backend closing idle connections.',
      },
      {
        command: "curl -sv -o /dev/null --max-time 5 http://<backend-ip>:<backend-port>/ 2>&1 | grep -iE '^< (connection|keep-alive):'",
        expect: 'Run from a VM in the same virtual network: a short "Keep-Alive: timeout=N" (a few seconds) makes the race likely.',
      },
    ],
  },
  fix: {
    vm: "Make the backend's keep-alive timeout longer than the proxy's idle timeout, e.g. Node.js `server.keepAliveTimeout = 65000; server.headersTimeout = 66000;`, gunicorn `--keep-alive 75`, Apache `KeepAliveTimeout 75`; or lower nginx `keepalive_timeout` in the `upstream` block below the backend's. Retrying idempotent requests (`proxy_next_upstream error timeout`) hides the rest.",
    kubernetes:
      "Raise the backend's keep-alive timeout above ingress-nginx `upstream-keepalive-timeout` (60s), or lower that ConfigMap value below the backend's.",
    istio:
      "Set `trafficPolicy.connectionPool.http.idleTimeout` in a DestinationRule for {service} shorter than the app's keep-alive timeout (or raise the app's), and allow retries on `reset` for idempotent calls.",
    aws: "Set the targets' keep-alive timeout above the ALB idle timeout (e.g. 65s with the default 60s), for Node.js `server.keepAliveTimeout = 65000` and `headersTimeout` slightly higher.",
    gcp: "Set the backend web server's keep-alive timeout above 600 seconds (e.g. 620s), as the load balancer reuses connections for up to 10 minutes.",
    azure:
      "Keep the backend's keep-alive timeout longer than the gateway's connection reuse (several minutes); for Node.js raise `server.keepAliveTimeout` accordingly.",
  },
  references: [
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout',
    'https://nodejs.org/api/http.html#serverkeepalivetimeout',
    'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive_timeout',
  ],
});
