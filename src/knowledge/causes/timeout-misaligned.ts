import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'timeout-misaligned',
  title: CAUSE_TITLES['timeout-misaligned'],
  explanation:
    'Each hop (client, CDN, load balancer, proxy, sidecar, app) has its own timeout, and one of them gives up before the layer behind it is done: nginx proxy_read_timeout (60s), AWS ALB idle timeout (60s), GCP backend service timeout (30s), Cloudflare (100s), Azure Application Gateway request timeout (20s), an Envoy route timeout (15s), or a client that closes first (nginx 499, ALB 460). ' +
    'The backend is working as designed (a long report, upload, streaming or WebSocket connection) and the failures land at an exact, repeatable duration equal to one of those settings. ' +
    'It differs from slow-upstream, where the backend is slower than it should be: here the fix is to order the timeouts (outer layers wait longer than inner ones) or change the long request into an asynchronous job; idle keep-alive timeouts need the opposite order (see keepalive-race).',
  symptoms: [
    'upstream timed out (110: Connection timed out) while reading response header from upstream, always after the same number of seconds',
    'Envoy/Istio 504 "upstream request timeout" (UT) at the route timeout; ALB 504 with target_processing_time ≈ idle timeout',
    'GCP statusDetails backend_timeout after 30s; Cloudflare 524 after 100s; Azure ERRORINFO_UPSTREAM_TIMED_OUT after 20s',
    'nginx 499 / ALB 460 / GCP client_disconnected_before_any_response: a client in front gave up first',
    'WebSocket or SSE connections cut after exactly the idle timeout',
  ],
  confirm: {
    vm: [
      {
        command: "sudo nginx -T 2>/dev/null | grep -nE 'proxy_(connect|read|send)_timeout|grpc_read_timeout|keepalive_timeout'",
        expect: 'Compare with how long the slow requests legitimately take; a proxy_read_timeout below that confirms (60s when unset).',
      },
      {
        command: 'time curl -s -o /dev/null --max-time 600 {url}',
        expect:
          "Replace the path with one of the failing requests and run it directly against the backend: completing (slowly) after the proxy's timeout confirms the proxy gives up too early.",
      },
      {
        command: "sudo awk '$9 == 504 || $9 == 499' /var/log/nginx/access.log | tail -20",
        expect:
          'With the default combined log format: many 504s (proxy gave up) or 499s (client gave up) on the same endpoints; add $request_time/$upstream_response_time to the log format to see the exact durations.',
      },
    ],
    kubernetes: [
      {
        command: "kubectl get ingress -n {namespace} -o yaml | grep -nE 'proxy-(connect|read|send)-timeout'",
        expect: 'No annotation means ingress-nginx uses 60s; a value below the request duration confirms.',
      },
      {
        command: "kubectl get configmap -n ingress-nginx ingress-nginx-controller -o yaml | grep -nE 'timeout'",
        expect: 'Cluster-wide proxy-read-timeout / proxy-send-timeout defaults (the ConfigMap name depends on how the controller was installed).',
      },
    ],
    istio: [
      {
        command: "kubectl get virtualservice -A -o yaml | grep -nE 'timeout|perTryTimeout'",
        expect: 'A route timeout or retries.perTryTimeout shorter than the request duration confirms (Istio sets no route timeout unless configured).',
      },
      {
        command: 'istioctl proxy-config route deploy/{proxy} -n {namespace} -o json | grep -nE \'"(timeout|perTryTimeout|idleTimeout|maxStreamDuration)"\'',
        expect: 'The effective timeouts in the caller\'s sidecar; "0s" means disabled.',
      },
      {
        command: "kubectl logs -n {namespace} deploy/{proxy} -c istio-proxy --tail=300 | grep -E ' UT |upstream request timeout'",
        expect: 'UT lines with the same duration each time confirm a route timeout fires.',
      },
    ],
    aws: [
      {
        command: 'aws elbv2 describe-load-balancer-attributes --load-balancer-arn {lb} --query "Attributes[?Key==\'idle_timeout.timeout_seconds\']"',
        expect: 'Requests that send nothing for longer than this value (default 60) get 504; compare with the slowest legitimate response time.',
      },
      {
        command:
          'aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name TargetResponseTime --dimensions Name=LoadBalancer,Value=<app/name/id> --start-time <start-ISO8601> --end-time <end-ISO8601> --period 60 --extended-statistics p99',
        expect: 'A p99 pinned at the idle timeout means responses are cut at that limit.',
      },
    ],
    gcp: [
      {
        command: 'gcloud compute backend-services describe <backend-service> --global --format="value(timeoutSec)"',
        expect: 'The backend service timeout (default 30s); backend_timeout errors at exactly this duration confirm.',
      },
      {
        command: 'gcloud logging read \'resource.type="http_load_balancer" AND jsonPayload.statusDetails="backend_timeout"\' --limit 20 --freshness 1d',
        expect: 'backend_timeout entries on the same long-running URLs confirm the backend service timeout cuts them off.',
      },
    ],
    azure: [
      {
        command:
          'az network application-gateway http-settings list -g <resource-group> --gateway-name <gateway> --query "[].{name:name,timeout:requestTimeout}" -o table',
        expect: 'requestTimeout (default 20s) below the request duration confirms.',
      },
      {
        command: 'az afd profile show -g <resource-group> --profile-name <profile> --query originResponseTimeoutSeconds',
        expect: 'Front Door origin response timeout (default 30s); 504 OriginTimeout at this duration confirms.',
      },
    ],
    cloudflare: [
      {
        command: 'time curl -s -o /dev/null --max-time 300 https://{host}/<slow-path>',
        expect: "A 524 after about 100 seconds confirms Cloudflare's proxy read timeout fired while the origin was still working.",
      },
      {
        command: 'time curl -s -o /dev/null --max-time 300 --resolve {host}:443:<origin-ip> https://{host}/<slow-path>',
        expect:
          'Straight to the origin, bypassing Cloudflare: a complete response after more than 100 seconds confirms the work is legitimately longer than Cloudflare waits.',
      },
    ],
  },
  fix: {
    vm: 'Raise the timeout only where the long requests are: `location /reports/ { proxy_read_timeout 300s; }`, and keep every outer layer (LB, CDN, client) longer than the inner one. For very long work, return 202 and poll instead.',
    kubernetes: 'Set `nginx.ingress.kubernetes.io/proxy-read-timeout: "300"` (and proxy-send-timeout) on the Ingress that serves the long requests.',
    istio:
      "Set `timeout:` on the VirtualService route (and a matching `retries.perTryTimeout`) to cover the slowest legitimate request; keep callers' own timeouts longer.",
    aws: "Raise the ALB idle timeout (`aws elbv2 modify-load-balancer-attributes --load-balancer-arn {lb} --attributes Key=idle_timeout.timeout_seconds,Value=<seconds>`) and keep the target's keep-alive timeout above it.",
    gcp: 'Raise the backend service timeout (`gcloud compute backend-services update <backend-service> --global --timeout=<seconds>s`); WebSockets are also capped by this value.',
    azure:
      'Raise `requestTimeout` on the Application Gateway backend setting (or the Front Door origin response timeout) to cover the longest legitimate request.',
    cloudflare: 'Make long requests asynchronous (return 202 and poll) or stream progress; the 100-second limit is only configurable on Enterprise plans.',
  },
  references: [
    'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout',
    'https://istio.io/latest/docs/tasks/traffic-management/request-timeouts/',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout',
  ],
});
