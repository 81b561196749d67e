import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'slow-upstream',
  title: CAUSE_TITLES['slow-upstream'],
  explanation:
    'The connection is established and the request delivered, but the backend takes longer than the proxy, load balancer or client is willing to wait: slow database queries or locks, a slow dependency further down, CPU throttling, long GC pauses, a saturated worker pool or cold starts. ' +
    'The proxy gives up at its read timeout and answers 504 ("timed out … while reading response header"); the backend often finishes the work anyway. ' +
    'It differs from network-blocked (that fails while connecting, this while reading) and from timeout-misaligned (there the work is legitimately long; here the same request is usually fast, and latency rose because something is degraded).',
  symptoms: [
    'upstream timed out (110: Connection timed out) while reading response header from upstream (nginx 504)',
    'Envoy/Istio 504 "upstream request timeout" (UT); java.net.SocketTimeoutException: Read timed out; context deadline exceeded',
    'ALB 504 with target_processing_time near the idle timeout; GCP backend_timeout; Cloudflare 524',
    'Latency rises before the errors; errors grow with load or follow a slow dependency (database, external API)',
  ],
  confirm: {
    vm: [
      {
        command: 'time curl -s -o /dev/null --max-time 300 {url}',
        expect:
          'Run directly against the backend, bypassing the proxy, with the path of a failing request: a response time near or above the proxy timeout confirms the backend is slow.',
      },
      {
        command: "sudo grep 'upstream timed out' /var/log/nginx/error.log | tail -20",
        expect: '"while reading response header from upstream" (not "while connecting") confirms the backend accepted but did not answer in time.',
      },
      {
        command: 'top -b -n 1 | head -20; vmstat 1 5',
        expect: 'Run on the backend: CPU pinned, high iowait (wa) or a long run queue explain the latency; idle resources point to a slow dependency instead.',
      },
    ],
    compose: [
      {
        command: "docker compose exec {proxy} sh -c 'date; wget -qO /dev/null -T 300 http://{service}:{port}/ ; date'",
        expect: 'Use the path of a failing request: a gap between the two timestamps near the proxy timeout confirms the backend is slow.',
      },
      {
        command: 'docker stats --no-stream $(docker compose ps -q {service})',
        expect: 'CPU at the quota or memory at the limit explain the slowness.',
      },
      {
        command: 'docker compose logs --since 10m --timestamps {service} | tail -100',
        expect: 'Slow query warnings, pool waits or timeouts to a dependency point to what is slow.',
      },
    ],
    kubernetes: [
      {
        command:
          "kubectl run -n {namespace} tmp-debug --rm -i --image=busybox:1.36 --restart=Never -- sh -c 'time wget -qO /dev/null -T 300 http://{service}:{port}/'",
        expect: 'Use the path of a failing request: a "real" time near the proxy timeout confirms the backend is slow.',
      },
      {
        command: 'kubectl top pod -n {namespace} -l <selector> --containers',
        expect: 'CPU at the limit (throttling) or memory near the limit on the backend explains latency (needs metrics-server).',
      },
      {
        command: 'kubectl logs -n {namespace} {pod} -c {container} --since=10m | tail -100',
        expect: 'Slow queries, pool-wait or downstream timeout messages name the slow part.',
      },
    ],
    istio: [
      {
        command: "kubectl logs -n {namespace} deploy/{proxy} -c istio-proxy --tail=500 | grep -E ' UT |upstream request timeout'",
        expect: 'UT lines confirm the route timeout fired; the duration field shows how long it waited.',
      },
      {
        command:
          "kubectl exec -n {namespace} deploy/{proxy} -c istio-proxy -- pilot-agent request GET stats | grep -E 'outbound\\|{port}\\|\\|{service}.*upstream_rq_(timeout|per_try_timeout)'",
        expect: 'Growing upstream_rq_timeout / upstream_rq_per_try_timeout counters confirm.',
      },
      {
        command: 'kubectl top pod -n {namespace} -l <selector> --containers',
        expect: 'CPU or memory at the limits on the backend explains the latency.',
      },
    ],
    aws: [
      {
        command:
          'aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name TargetResponseTime --dimensions Name=LoadBalancer,Value=<app/name/id> --start-time <start-ISO8601> --end-time <end-ISO8601> --period 60 --extended-statistics p99',
        expect: 'p99 rising toward the idle timeout before the 504s confirms the targets got slow.',
      },
      {
        command: 'time curl -s -o /dev/null --max-time 300 http://<target-ip>:<target-port>/<slow-path>',
        expect: 'Run from inside the VPC, bypassing the ALB: a response time near or above the idle timeout confirms the target itself is slow.',
      },
    ],
  },
  fix: {
    vm: 'Fix what is slow (query plans and indexes, a slow dependency, CPU or memory headroom, worker counts) and add timeouts plus fallbacks for downstream calls so the backend answers before the proxy gives up; raise the proxy timeout only for endpoints that are legitimately long.',
    compose:
      'Give the backend enough CPU/memory and workers, fix the slow dependency, and keep proxy timeouts above normal latency for the slow endpoints only.',
    kubernetes:
      'Remove CPU throttling (raise limits or requests), scale out (HPA), fix the slow dependency, and keep the ingress timeout above normal p99 latency.',
    istio: 'Fix the slow backend first; a VirtualService `timeout:` only hides it. Retries with `perTryTimeout` help only for idempotent requests.',
    aws: 'Scale or speed up the targets; raise the ALB idle timeout only if the long responses are legitimate.',
  },
  references: [
    'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout',
    'https://www.envoyproxy.io/docs/envoy/latest/faq/configuration/timeouts',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html',
  ],
});
