import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'upstream-reset',
  title: CAUSE_TITLES['upstream-reset'],
  explanation:
    'The connection was established and the request sent, but the backend closed or reset it before (or while) answering: the process crashed or panicked, was OOM-killed or restarted, a worker was killed for taking too long (gunicorn WORKER TIMEOUT, PHP-FPM request_terminate_timeout), a size limit made it hang up, or a rollout stopped it without draining. ' +
    'The proxy reports "upstream prematurely closed connection", "Connection reset by peer", Envoy UR/UC, or a truncated body if the response had started. ' +
    'It differs from keepalive-race because it also happens on fresh connections, lines up with backend crashes, restarts or specific requests, and the backend logs usually show an error at the same moment; it differs from not-listening because the connect succeeded.',
  symptoms: [
    'upstream prematurely closed connection while reading response header from upstream; recv() failed (104: Connection reset by peer)',
    'Envoy/Istio 503 UR/UC "reset reason: connection termination" or "remote reset"; upstream_reset_after_response_started (truncated)',
    'ECONNRESET / socket hang up / curl (52) Empty reply from server / (56) Recv failure',
    'ALB 502; GCP backend_connection_closed_*; Cloud Run "The request failed because either the HTTP response was malformed or connection to the instance had an error"; Cloudflare 520',
    'Correlates with backend restarts, OOM kills, deploys or particular (large, slow) requests',
  ],
  confirm: {
    vm: [
      {
        command: 'journalctl -u <backend-unit> --since "30 min ago" --no-pager | grep -iE "panic|fatal|exception|segfault|killed|worker timeout|exited|signal"',
        expect: 'A crash, killed worker or restart at the same timestamps as the proxy errors confirms.',
      },
      {
        command: 'journalctl -k --since "1 hour ago" --no-pager | grep -iE "out of memory|oom-kill|killed process"',
        expect: 'OOM kills of the backend at the time of the errors confirm.',
      },
      {
        command: 'systemctl show <backend-unit> -p NRestarts -p ActiveEnterTimestamp -p ExecMainStatus',
        expect: 'A non-zero NRestarts or a recent ActiveEnterTimestamp that matches the errors confirms restarts.',
      },
    ],
    docker: [
      {
        command:
          "docker inspect -f '{{.Name}} restarts={{.RestartCount}} oom={{.State.OOMKilled}} exit={{.State.ExitCode}} started={{.State.StartedAt}}' {service}",
        expect: 'Restarts, oom=true or a start time matching the errors confirm the backend died under the request.',
      },
      {
        command: 'docker logs --since 30m --timestamps {service} 2>&1 | tail -100',
        expect: 'Stack traces, panics or "worker timeout" lines at the error timestamps confirm.',
      },
    ],
    compose: [
      {
        command:
          "docker inspect -f '{{.Name}} restarts={{.RestartCount}} oom={{.State.OOMKilled}} exit={{.State.ExitCode}} started={{.State.StartedAt}}' $(docker compose ps -q {service})",
        expect: 'Restarts, oom=true or a start time matching the errors confirm.',
      },
      {
        command: 'docker compose logs --since 30m --timestamps {service} | tail -100',
        expect: 'Stack traces, panics or "worker timeout" lines at the error timestamps confirm.',
      },
    ],
    kubernetes: [
      {
        command:
          "kubectl get pods -n {namespace} -l <selector> -o custom-columns='NAME:.metadata.name,RESTARTS:.status.containerStatuses[*].restartCount,LAST-TERMINATION:.status.containerStatuses[*].lastState.terminated.reason,FINISHED:.status.containerStatuses[*].lastState.terminated.finishedAt'",
        expect: 'Restarts with OOMKilled or Error whose finish time matches the 502s confirm.',
      },
      {
        command: 'kubectl logs -n {namespace} {pod} -c {container} --previous --tail=100',
        expect: "The end of the previous container's log shows the crash.",
      },
      {
        command: "kubectl get events -n {namespace} --sort-by=.lastTimestamp | grep -iE 'kill|oom|backoff|unhealthy|evict'",
        expect: 'Kills, evictions or liveness failures during the errors confirm; errors only during rollouts point to missing graceful shutdown.',
      },
    ],
    istio: [
      {
        command: "kubectl logs -n {namespace} {pod} -c istio-proxy --tail=500 | grep -E ' (UC|UR|URX) .*inbound\\|'",
        expect: "Inbound UC/UR on the backend's own sidecar means the app itself closed or reset the connection.",
      },
      {
        command:
          "kubectl get pods -n {namespace} -l <selector> -o custom-columns='NAME:.metadata.name,RESTARTS:.status.containerStatuses[*].restartCount,LAST-TERMINATION:.status.containerStatuses[*].lastState.terminated.reason'",
        expect: 'Restarts with OOMKilled or Error at the time of the errors confirm.',
      },
      {
        command: 'kubectl logs -n {namespace} {pod} -c {container} --previous --tail=100',
        expect: "The end of the previous app container's log shows the crash.",
      },
    ],
  },
  fix: {
    vm: 'Fix the crash or kill the logs show (memory limit, unhandled exception, worker timeout such as gunicorn `--timeout`), and restart backends gracefully (drain before stopping) so in-flight requests finish; retry idempotent requests at the proxy (`proxy_next_upstream error timeout;`).',
    docker: 'Fix the crash or raise the memory limit shown by `docker inspect`, and stop containers gracefully (handle SIGTERM, `--stop-timeout`).',
    compose: 'Fix the crash or memory limit, and let the app handle SIGTERM (`stop_grace_period:`) so deploys do not cut requests.',
    kubernetes:
      'Fix the crash or raise memory limits for OOMKilled pods; for rollouts add a `preStop` sleep of a few seconds and graceful SIGTERM handling within `terminationGracePeriodSeconds`.',
    istio:
      'Fix the app crash; for rollouts drain gracefully (preStop sleep, `terminationDrainDuration` in proxy config) and add retries on `reset,connect-failure` for idempotent routes.',
  },
  references: [
    'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
    'https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage',
    'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream',
  ],
});
