import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'outlier-ejection',
  title: CAUSE_TITLES['outlier-ejection'],
  explanation:
    'The proxy watched real requests fail (consecutive 5xx, gateway errors or connect failures) and temporarily removed those hosts from load balancing: Envoy/Istio outlier detection, nginx `max_fails`/`fail_timeout`, HAProxy `observe` with `on-error`. ' +
    'The remaining hosts take all the traffic, and when every host is ejected (small pools, `maxEjectionPercent: 100`, aggressive `consecutive5xxErrors`) requests fail with "no healthy upstream" / "no live upstreams" until the ejection time runs out. ' +
    'It differs from no-healthy-upstream because active checks and readiness still say the pods are fine; the ejection counters and the OUTLIER CHECK column show it, and the 503 bursts last about the base ejection time (30s by default in Istio and Envoy, nginx fail_timeout 10s).',
  symptoms: [
    'Bursts of 503 UH "no healthy upstream" lasting ~30s while all pods are Ready',
    'nginx: upstream server temporarily disabled while reading response header from upstream, followed by no live upstreams',
    'Envoy outlier event log "type":"EJECT" with CONSECUTIVE_5XX / CONSECUTIVE_GATEWAY_FAILURE',
    'One bad instance (or one slow dependency behind some instances) triggers errors across the whole service',
  ],
  confirm: {
    vm: [
      {
        command: "sudo grep -hE 'upstream server temporarily disabled|no live upstreams' /var/log/nginx/error.log | tail -20",
        expect: '"temporarily disabled" lines followed by "no live upstreams" confirm nginx passive health checks (max_fails) ejected the servers.',
      },
      {
        command: "sudo nginx -T 2>/dev/null | grep -nE 'max_fails|fail_timeout|proxy_next_upstream'",
        expect: 'Defaults are max_fails=1 fail_timeout=10s: one failure disables a server for 10s. With a single server, every error causes a 10s outage.',
      },
      {
        command: "curl -s http://127.0.0.1:<envoy-admin-port>/clusters | grep -E '^{cluster}::.*(failed_outlier_check|health_flags)'",
        expect: 'Envoy: hosts with /failed_outlier_check are ejected.',
      },
    ],
    compose: [
      {
        command: "docker compose logs --tail=300 {proxy} | grep -E 'temporarily disabled|no live upstreams|no healthy upstream'",
        expect:
          '"temporarily disabled" before "no live upstreams" confirms passive ejection in nginx; "no healthy upstream" with no failing healthcheck points to Envoy outlier detection.',
      },
      {
        command: "docker compose exec {proxy} sh -c 'nginx -T 2>/dev/null' | grep -nE 'max_fails|fail_timeout'",
        expect: 'No max_fails means the default max_fails=1 fail_timeout=10s: a single error takes a server out for 10s.',
      },
    ],
    kubernetes: [
      {
        command: "kubectl get destinationrule -A -o yaml | grep -n -A8 'outlierDetection:'",
        expect:
          'An outlierDetection block for {service} (with a mesh or an Envoy-based gateway) means hosts can be ejected after errors; see the istio checks for live state.',
      },
      {
        command: 'kubectl get pods -n {namespace} -l <selector> -o wide',
        expect: 'Pods Ready while callers get "no healthy upstream" points to ejection rather than readiness.',
      },
    ],
    istio: [
      {
        command: 'istioctl proxy-config endpoints deploy/{proxy} -n {namespace} --cluster "outbound|{port}||{service}.{namespace}.svc.cluster.local"',
        expect: 'OUTLIER CHECK "FAILED" on some or all endpoints (STATUS may still be HEALTHY) confirms ejection.',
      },
      {
        command:
          "kubectl exec -n {namespace} deploy/{proxy} -c istio-proxy -- pilot-agent request GET stats | grep -E 'outbound\\|{port}\\|\\|{service}.*outlier_detection\\.ejections_(active|enforced_total|overflow)'",
        expect: 'ejections_active > 0 or a growing ejections_enforced_total confirms; ejections_overflow means maxEjectionPercent capped it.',
      },
      {
        command: "kubectl get destinationrule -A -o yaml | grep -n -A8 'outlierDetection:'",
        expect: 'consecutive5xxErrors / consecutiveGatewayErrors of 1-2, maxEjectionPercent 100 or a long baseEjectionTime explain how all hosts got ejected.',
      },
    ],
  },
  fix: {
    vm: 'Make ejection less aggressive: nginx `server … max_fails=3 fail_timeout=30s;` (or `max_fails=0` for a single-server upstream); Envoy `outlier_detection` with higher consecutive_5xx and `max_ejection_percent` below 100. Then fix the instance that produced the errors.',
    compose:
      'Tune passive health checking in the proxy config (nginx `max_fails`/`fail_timeout`, Envoy `outlier_detection`) and fix the failing backend instance.',
    kubernetes:
      'Tune the outlierDetection of the DestinationRule for {service} (higher consecutive errors, `maxEjectionPercent` below 100) and fix the failing pods.',
    istio:
      'In the DestinationRule for {service}, raise `consecutive5xxErrors` (or use `consecutiveGatewayErrors` for connectivity only), keep `maxEjectionPercent` below 100 so some hosts always serve, and fix the pods that return errors.',
  },
  references: [
    'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier',
    'https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection',
    'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#max_fails',
  ],
});
