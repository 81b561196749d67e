import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'not-listening',
  title: CAUSE_TITLES['not-listening'],
  explanation:
    'The proxy reached the backend host, but no process accepts connections on that port, so the kernel answers the SYN with a TCP reset and the connect fails at once with "Connection refused". ' +
    'Usually the backend is stopped, crashed, still starting, or crash-looping. ' +
    'A refusal comes back immediately, which sets it apart from a timeout (packets dropped by a firewall, see network-blocked); if a process is listening but only on 127.0.0.1 or on another port, see bind-loopback and port-mismatch.',
  symptoms: [
    'connect() failed (111: Connection refused) while connecting to upstream (nginx, 502)',
    'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused (Envoy/Istio 503 UF)',
    'ECONNREFUSED / java.net.ConnectException: Connection refused / dial tcp …: connect: connection refused',
    'Fails instantly (milliseconds), on every request, usually right after a crash, deploy or restart',
  ],
  confirm: {
    vm: [
      {
        command: "sudo ss -ltnp 'sport = :{port}'",
        expect:
          'Run on the backend host. No LISTEN line means nothing listens on {port}: confirmed. A LISTEN line on 127.0.0.1/[::1] points to bind-loopback instead.',
      },
      {
        command: 'curl -sv --max-time 5 {url}',
        expect:
          'Run from the proxy host. "Connection refused" / "Couldn\'t connect to server" within milliseconds confirms; a hang until the timeout points to network-blocked instead.',
      },
      {
        command: 'systemctl status <backend-unit> --no-pager',
        expect: '"inactive (dead)", "failed" or "activating (auto-restart)" confirms the backend is down or crash-looping.',
      },
      {
        command: 'journalctl -u <backend-unit> --since "15 min ago" --no-pager',
        expect: 'Shows why it stopped: exceptions at startup, "address already in use", OOM kills, bad configuration.',
      },
    ],
    docker: [
      {
        command: 'docker ps -a --filter name={service}',
        expect: 'STATUS "Exited (…)" or "Restarting" confirms the backend container is not running; "Up" means look at what it listens on.',
      },
      {
        command: 'docker logs --tail 50 {service}',
        expect: 'A crash, stack trace or missing configuration at startup explains why nothing listens.',
      },
      {
        command: "docker exec {service} sh -c 'ss -ltn 2>/dev/null || netstat -ltn'",
        expect:
          'No LISTEN entry for port {port} confirms. (Without a shell in the image: sudo nsenter -t "$(docker inspect -f \'{{.State.Pid}}\' {service})" -n ss -ltn)',
      },
    ],
    compose: [
      {
        command: 'docker compose ps -a {service}',
        expect: 'STATE "exited" or "restarting" confirms the backend is not running; "running" means check what it listens on.',
      },
      {
        command: 'docker compose logs --tail=50 {service}',
        expect: 'A crash, stack trace or startup error explains why nothing listens.',
      },
      {
        command: "docker compose exec {service} sh -c 'ss -ltn 2>/dev/null || netstat -ltn'",
        expect: 'No LISTEN entry for port {port} confirms the process does not listen there (it may use another port: see port-mismatch).',
      },
      {
        command: "docker compose exec {proxy} sh -c 'wget -qO- -T 3 http://{service}:{port}/ || curl -sv --max-time 3 http://{service}:{port}/'",
        expect: '"Connection refused" from inside the proxy container confirms the refusal is real and not a proxy configuration problem.',
      },
    ],
    kubernetes: [
      {
        command: 'kubectl get pods -n {namespace} -l <selector> -o wide',
        expect: 'CrashLoopBackOff, Error, high RESTARTS or READY 0/1 confirm the backend is not serving.',
      },
      {
        command: 'kubectl logs -n {namespace} {pod} -c {container} --previous --tail=50',
        expect: 'The log of the last crashed run shows why it exited (omit --previous if it has not restarted).',
      },
      {
        command: 'kubectl debug -n {namespace} -it {pod} --image=busybox:1.36 --target={container} -- netstat -ltn',
        expect: 'No LISTEN entry for the Service targetPort confirms nothing listens there (adds an ephemeral debug container; read-only otherwise).',
      },
    ],
    istio: [
      {
        command: "kubectl logs -n {namespace} {pod} -c istio-proxy --tail=200 | grep 'inbound|'",
        expect:
          '"503 UF" with "delayed connect error: … Connection refused" on an inbound|<port>|| cluster means the sidecar could not reach its own app: the app is down or listens elsewhere. (Needs sidecar access logging, e.g. meshConfig.accessLogFile: /dev/stdout.)',
      },
      {
        command: 'kubectl get pods -n {namespace} -l <selector> -o wide',
        expect: 'CrashLoopBackOff, high RESTARTS or READY 1/2 (app container not ready) confirm the app is not serving.',
      },
      {
        command: 'kubectl logs -n {namespace} {pod} -c {container} --previous --tail=50',
        expect: 'The last crashed run of the app container shows why it exited.',
      },
    ],
    cloudflare: [
      {
        command: "sudo ss -ltnp '( sport = :80 or sport = :443 )'",
        expect: 'Run on the origin. Error 521 plus no listener on 80/443 (or the port your origin uses) confirms the web server is down.',
      },
      {
        command: 'cloudflared tunnel info <tunnel-name>',
        expect: 'For tunnels: no active connectors explains error 1033; connectors present but 502 means the origin service behind cloudflared refuses.',
      },
    ],
  },
  fix: {
    vm: 'Start the backend (`sudo systemctl start <backend-unit>`), fix what its logs say made it exit, and enable it at boot (`systemctl enable`). If it runs but on another port, fix the proxy target instead (port-mismatch).',
    docker:
      'Start the backend container and fix the crash its logs show; give it a restart policy (`--restart unless-stopped`) so it comes back after a failure.',
    compose:
      'Fix the crash shown by `docker compose logs {service}`, then `docker compose up -d {service}`; add `restart: unless-stopped` and a healthcheck so the proxy only waits on a serving backend.',
    kubernetes:
      'Fix the crash shown by `kubectl logs --previous` (configuration, OOM, missing dependency); a readiness probe on the real serving port keeps pods that do not listen out of the Service.',
    istio:
      'Fix the app container so it listens on the port the Service targetPort names; with a sidecar, inbound 503 UF on inbound|<port>|| always means the local app refused.',
    cloudflare:
      'Start the origin web server (or the service behind cloudflared) and make sure it listens on the port Cloudflare or the tunnel ingress rule targets.',
  },
  references: [
    'https://nginx.org/en/docs/http/ngx_http_upstream_module.html',
    'https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/',
    'https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage',
  ],
});
