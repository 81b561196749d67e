import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'bind-loopback',
  title: CAUSE_TITLES['bind-loopback'],
  explanation:
    'The backend process is running, but it bound its socket to 127.0.0.1 or ::1 (often a framework default such as Flask, Vite, Rails development mode or `server.address=127.0.0.1`), so it only accepts connections from inside its own network namespace. ' +
    'The proxy connects to the container, pod or host IP, where nothing listens, and gets "Connection refused"; through a published Docker port it usually reads as "Connection reset by peer" or "Empty reply from server" instead. ' +
    "It differs from not-listening because the app logs say it listens and a curl to 127.0.0.1 from inside works; it differs from wrong-host-localhost because here the server side is wrong, not the proxy's target. " +
    'In Kubernetes the kubelet probes the pod IP too, so readiness fails; with Istio 1.10+ the sidecar forwards inbound traffic to the pod IP, so inbound requests fail with 503 UF. A Node.js server started with `listen(port, "localhost")` may bind ::1 only and refuse IPv4 clients the same way.',
  symptoms: [
    'connect() failed (111: Connection refused) to the pod/container IP while the app log says "listening on 127.0.0.1:8080" or "localhost:3000"',
    'Readiness probe failed: Get "http://10.1.2.3:8080/health": dial tcp 10.1.2.3:8080: connect: connection refused',
    'Istio inbound 503 UF "delayed connect error: Connection refused" on inbound|<port>||',
    'curl to the published Docker port: "Empty reply from server" or "Recv failure: Connection reset by peer"',
    'Cloud Run: "failed to start and listen on the port defined provided by the PORT=8080 environment variable"',
  ],
  confirm: {
    vm: [
      {
        command: "sudo ss -ltnp 'sport = :{port}'",
        expect: 'Local Address 127.0.0.1:{port} or [::1]:{port} confirms loopback-only; 0.0.0.0, *, [::] or the host IP means it is reachable from outside.',
      },
      {
        command: 'curl -sv --max-time 3 http://127.0.0.1:{port}/',
        expect: 'Run on the backend host: an answer here, while the proxy host gets "Connection refused" on {host}:{port}, confirms.',
      },
    ],
    docker: [
      {
        command: "docker exec {service} sh -c 'ss -ltn 2>/dev/null || netstat -ltn'",
        expect:
          '127.0.0.1:{port} or [::1]:{port} (instead of 0.0.0.0 / :::) confirms. Without a shell: sudo nsenter -t "$(docker inspect -f \'{{.State.Pid}}\' {service})" -n ss -ltn',
      },
      {
        command: "docker exec {service} sh -c 'wget -qO- -T 3 http://127.0.0.1:{port}/ || curl -sv --max-time 3 http://127.0.0.1:{port}/'",
        expect: 'An answer inside the container while other containers (or the published port) are refused or reset confirms.',
      },
    ],
    compose: [
      {
        command: "docker compose exec {service} sh -c 'ss -ltn 2>/dev/null || netstat -ltn'",
        expect: '127.0.0.1:{port} or [::1]:{port} instead of 0.0.0.0:{port} / :::{port} confirms.',
      },
      {
        command: "docker compose exec {service} sh -c 'wget -qO- -T 3 http://127.0.0.1:{port}/ || curl -sv --max-time 3 http://127.0.0.1:{port}/'",
        expect: 'An answer here (inside the backend container) while the proxy container is refused on {service}:{port} confirms a loopback bind.',
      },
      {
        command: "docker compose exec {proxy} sh -c 'wget -qO- -T 3 http://{service}:{port}/ || curl -sv --max-time 3 http://{service}:{port}/'",
        expect: '"Connection refused" here while the previous check answers inside the backend container confirms the backend is bound to loopback.',
      },
    ],
    kubernetes: [
      {
        command: 'kubectl debug -n {namespace} -it {pod} --image=busybox:1.36 --target={container} -- netstat -ltn',
        expect: '127.0.0.1:<port> or ::1:<port> for the app port (instead of 0.0.0.0 / :::) confirms (adds an ephemeral debug container).',
      },
      {
        command: 'kubectl describe pod {pod} -n {namespace}',
        expect: 'Events "Readiness probe failed: … dial tcp <pod-ip>:<port>: connect: connection refused" while the app log says it is listening confirms.',
      },
      {
        command: "kubectl logs -n {namespace} {pod} -c {container} --tail=100 | grep -iE 'listen|bound|started'",
        expect: 'A startup line such as "Listening on 127.0.0.1:8080" or "http://localhost:3000" names the bind address.',
      },
    ],
    istio: [
      {
        command: "kubectl logs -n {namespace} {pod} -c istio-proxy --tail=200 | grep 'inbound|'",
        expect:
          '"503 UF" with "delayed connect error: … Connection refused" on inbound|<port>|| while the app container runs points to a loopback bind (Istio 1.10+ forwards to the pod IP).',
      },
      {
        command: 'kubectl debug -n {namespace} -it {pod} --image=busybox:1.36 --target={container} -- netstat -ltn',
        expect: "The app port on 127.0.0.1 confirms; ignore Envoy's own ports (15000-15090).",
      },
      {
        command: 'istioctl analyze -n {namespace}',
        expect: 'Some Istio versions flag IST0143 (application bound to localhost); absence does not rule it out.',
      },
    ],
    gcp: [
      {
        command: 'gcloud logging read \'resource.type="cloud_run_revision" AND resource.labels.service_name="{service}"\' --limit 50 --freshness 1h',
        expect:
          '"failed to start and listen on the port defined provided by the PORT=… environment variable" confirms the container listens on another port or on 127.0.0.1.',
      },
      {
        command: 'gcloud run services describe {service} --region {region} --format="value(spec.template.spec.containers[0].ports[0].containerPort)"',
        expect: 'The port Cloud Run sends requests to (and sets as PORT, 8080 when empty); the app must listen on 0.0.0.0 at exactly this port.',
      },
    ],
  },
  fix: {
    vm: 'Make the backend listen on all interfaces or the interface the proxy uses: e.g. `server.address=0.0.0.0` (Spring), `gunicorn --bind 0.0.0.0:{port}`, `flask run --host=0.0.0.0`, `server.listen({port}, "0.0.0.0")` (Node), `vite --host 0.0.0.0`, `rails s -b 0.0.0.0`; use `::` for dual-stack. Keep a firewall in front if it must stay private.',
    docker: 'Bind the app to 0.0.0.0 inside the container (Docker port publishing and other containers reach the container IP, never its loopback).',
    compose:
      "Bind the app to 0.0.0.0 (or `::`) inside the container, e.g. `command: gunicorn --bind 0.0.0.0:{port} app:app` or `HOST=0.0.0.0`; the container's loopback is unreachable from the proxy.",
    kubernetes:
      'Bind the app to 0.0.0.0 (or `::`) on its containerPort; the kubelet probes and the Service both use the pod IP, so a loopback bind leaves the pod NotReady and refused.',
    istio:
      'Bind the app to 0.0.0.0 (Istio 1.10+ delivers inbound traffic to the pod IP). Only as a stopgap for legacy apps, the Sidecar `ingress` `defaultEndpoint: 127.0.0.1:<port>` restores loopback delivery.',
    gcp: 'On Cloud Run, listen on 0.0.0.0 and on the port in the `PORT` environment variable (default 8080).',
  },
  references: [
    'https://istio.io/latest/blog/2021/upcoming-networking-changes/',
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
    'https://cloud.google.com/run/docs/troubleshooting',
  ],
});
