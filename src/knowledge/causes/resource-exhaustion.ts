import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'resource-exhaustion',
  title: CAUSE_TITLES['resource-exhaustion'],
  explanation:
    'Something finite is used up: file descriptors ("Too many open files"), local ephemeral ports when connections are not reused ("Cannot assign requested address"), the listen backlog (SYNs dropped, so connects time out), worker or thread pools, database connection pools, memory (OOM kills that show up as resets or refusals) or CPU (throttling makes everything slow). ' +
    'Failures appear under load or grow over time (a leak), ease off when traffic drops, and move with saturation metrics; they do not depend on which request is sent. ' +
    'It differs from circuit-open, where a configured limit rejects requests on purpose, and from slow-upstream, where a single dependency is slow while resources are fine.',
  symptoms: [
    'accept4() failed (24: Too many open files) / socket() failed (24: Too many open files) / worker_connections are not enough',
    'connect() failed (99: Cannot assign requested address); EADDRNOTAVAIL; EMFILE',
    'HikariPool-1 - Connection is not available, request timed out after 30000ms; Timeout waiting for connection from pool',
    'Connect timeouts or resets only at peak traffic; OOMKilled containers; HAProxy termination states PC/RC or sQ',
  ],
  confirm: {
    vm: [
      {
        command: "pid=$(pgrep -o -x <process-name>); sudo grep 'open files' /proc/$pid/limits; sudo ls /proc/$pid/fd | wc -l",
        expect: 'An fd count close to the "Max open files" soft limit confirms fd exhaustion (nginx: also compare worker_connections).',
      },
      {
        command: 'ss -s; sysctl net.ipv4.ip_local_port_range',
        expect:
          'Tens of thousands of TCP connections in TIME-WAIT (timewait) toward the backend, near the size of the local port range, confirm ephemeral port exhaustion: connections are not being reused.',
      },
      {
        command: "nstat -az TcpExtListenOverflows TcpExtListenDrops; ss -ltn 'sport = :{port}'",
        expect:
          'Run on the backend: growing ListenOverflows/Drops, or Recv-Q reaching Send-Q on the LISTEN socket, mean the accept queue is full (the app cannot accept fast enough).',
      },
      {
        command: 'journalctl -k --since "1 hour ago" --no-pager | grep -iE "out of memory|oom-kill|killed process"',
        expect: 'OOM kills of the backend (or proxy) at the time of the errors confirm memory exhaustion.',
      },
    ],
    docker: [
      {
        command: 'docker stats --no-stream',
        expect: 'MEM USAGE at the LIMIT, CPU pinned at the quota, or a huge PIDS count on the backend points to the exhausted resource.',
      },
      {
        command: "docker inspect -f '{{.Name}} oom={{.State.OOMKilled}} restarts={{.RestartCount}}' {service} {proxy}",
        expect: 'oom=true or a growing restart count confirms memory exhaustion.',
      },
      {
        command: "docker exec {service} sh -c 'ulimit -n; ls /proc/1/fd | wc -l'",
        expect: 'The fd count of the main process close to the ulimit confirms fd exhaustion.',
      },
    ],
    compose: [
      {
        command: 'docker stats --no-stream $(docker compose ps -q)',
        expect: 'MEM USAGE at the LIMIT or CPU pinned at the quota for the backend or proxy points to the exhausted resource.',
      },
      {
        command: "docker inspect -f '{{.Name}} oom={{.State.OOMKilled}} restarts={{.RestartCount}}' $(docker compose ps -q)",
        expect: 'oom=true or a growing restart count confirms memory exhaustion.',
      },
      {
        command: "docker compose exec {service} sh -c 'ulimit -n; ls /proc/1/fd | wc -l'",
        expect: 'The fd count of the main process close to the ulimit confirms fd exhaustion.',
      },
    ],
    kubernetes: [
      {
        command: 'kubectl top pod -n {namespace} -l <selector> --containers',
        expect: 'Memory near the limit or CPU at the limit (throttling) during the errors points to the exhausted resource (needs metrics-server).',
      },
      {
        command:
          "kubectl get pods -n {namespace} -l <selector> -o custom-columns='NAME:.metadata.name,RESTARTS:.status.containerStatuses[*].restartCount,LAST-TERMINATION:.status.containerStatuses[*].lastState.terminated.reason'",
        expect: 'OOMKilled confirms memory exhaustion.',
      },
      {
        command: 'kubectl get hpa -n {namespace}',
        expect: 'REPLICAS equal to MAXPODS with targets above 100% means the service is out of capacity.',
      },
    ],
  },
  fix: {
    vm: 'Raise the limit that ran out and fix what consumes it: `LimitNOFILE=65536` in the systemd unit (and nginx `worker_rlimit_nofile`/`worker_connections`), reuse upstream connections (nginx `keepalive 32;` in the upstream with `proxy_http_version 1.1; proxy_set_header Connection "";`), raise the listen backlog (`net.core.somaxconn` and the app\'s backlog), size worker/DB pools to the load, and add capacity.',
    docker: 'Raise memory/CPU limits or fds (`--ulimit nofile=65536:65536`) for the container, and fix leaks or pool sizes in the app.',
    compose: 'Raise limits in the service (`ulimits: { nofile: 65536 }`, `deploy.resources.limits`), and fix leaks or pool sizes in the app.',
    kubernetes:
      'Raise requests/limits (or fix the leak), scale out (HPA max replicas), and size connection pools per pod; OOMKilled pods need more memory or less per-request buffering.',
  },
  references: [
    'https://man7.org/linux/man-pages/man2/getrlimit.2.html',
    'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive',
    'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
  ],
});
