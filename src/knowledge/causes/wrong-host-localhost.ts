import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'wrong-host-localhost',
  title: CAUSE_TITLES['wrong-host-localhost'],
  explanation:
    'The proxy is configured to reach the backend at localhost, 127.0.0.1 or ::1, but it runs in its own container or pod, and each of those has its own network namespace with its own loopback. ' +
    "The connection goes to the proxy's own namespace, where nothing listens on that port, so it is refused at once (or, worse, reaches the proxy itself). " +
    'The tell is a loopback address as the target in the error; the backend itself is healthy and reachable by its service name. ' +
    'A related client-side case: Node.js 17+ keeps the resolver\'s order, so "localhost" often resolves to ::1 first and the client gets "connect ECONNREFUSED ::1:<port>" from a backend that listens on 127.0.0.1 only.',
  symptoms: [
    'connect() failed (111: Connection refused) while connecting to upstream, upstream: "http://127.0.0.1:3000/"',
    'connect ECONNREFUSED 127.0.0.1:8080 or connect ECONNREFUSED ::1:3000 (Node.js)',
    'dial tcp [::1]:8080: connect: connection refused; cloudflared: Unable to reach the origin service … localhost',
    'The backend answers when curled from the host, but never through the containerised proxy',
  ],
  confirm: {
    vm: [
      {
        command: 'getent ahosts localhost',
        expect: 'If ::1 is listed first, clients that honour resolver order (Node.js 17+, Go, Java with preferIPv6) try IPv6 first.',
      },
      {
        command: "sudo ss -ltnp 'sport = :{port}'",
        expect: 'A listener on 127.0.0.1:{port} only (no [::1] or [::]) while the client connects to ::1 confirms the IPv4/IPv6 localhost split.',
      },
      {
        command: "curl -sv --max-time 3 http://127.0.0.1:{port}/ ; curl -gsv --max-time 3 'http://[::1]:{port}/'",
        expect: 'IPv4 answers and IPv6 is refused: the client must target 127.0.0.1 explicitly, or the backend must listen on both families.',
      },
    ],
    docker: [
      {
        command: "docker exec {proxy} sh -c 'wget -qO- -T 3 http://127.0.0.1:{port}/ || curl -sv --max-time 3 http://127.0.0.1:{port}/'",
        expect: '"Connection refused" from inside the proxy container confirms: nothing listens on the proxy\'s own loopback.',
      },
      {
        command: "docker inspect -f '{{.HostConfig.NetworkMode}}' {proxy}",
        expect: 'Anything other than "host" means localhost is the container itself, not the Docker host or another container.',
      },
      {
        command: "docker exec {proxy} sh -c 'nginx -T 2>/dev/null || cat /etc/nginx/nginx.conf' | grep -nE 'localhost|127\\.0\\.0\\.1|\\[::1\\]'",
        expect: 'A proxy_pass/server line with a loopback address is the culprit (for other proxies, grep their config file the same way).',
      },
    ],
    compose: [
      {
        command: "docker compose exec {proxy} sh -c 'wget -qO- -T 3 http://{service}:{port}/ || curl -sv --max-time 3 http://{service}:{port}/'",
        expect: 'An answer through the service name while localhost is refused confirms: point the proxy at {service}:{port}.',
      },
      {
        command: "docker compose exec {proxy} sh -c 'nginx -T 2>/dev/null || cat /etc/nginx/nginx.conf' | grep -nE 'localhost|127\\.0\\.0\\.1|\\[::1\\]'",
        expect: "A proxy_pass/upstream server with a loopback address is the culprit (grep your proxy's own config file if it is not nginx).",
      },
      {
        command: "docker compose config | grep -nE 'localhost|127\\.0\\.0\\.1|\\[::1\\]'",
        expect: 'Environment variables such as BACKEND_URL=http://localhost:3000 also point a container at itself.',
      },
    ],
    kubernetes: [
      {
        command: "kubectl get configmap -n {namespace} -o yaml | grep -nE 'localhost|127\\.0\\.0\\.1|\\[::1\\]'",
        expect: 'A proxy config targeting a loopback address confirms; localhost is only right for a container in the same pod.',
      },
      {
        command: "kubectl get deploy {proxy} -n {namespace} -o yaml | grep -nE 'localhost|127\\.0\\.0\\.1|\\[::1\\]'",
        expect: 'Env vars or args pointing at localhost confirm, unless the backend is another container of the same pod.',
      },
      {
        command:
          'kubectl run -n {namespace} tmp-debug --rm -it --image=busybox:1.36 --restart=Never -- wget -qO- -T 3 http://{service}.{namespace}.svc.cluster.local:{port}/',
        expect: "An answer through the Service name confirms the backend is fine and only the proxy's target is wrong.",
      },
    ],
    cloudflare: [
      {
        command: 'cloudflared tunnel ingress rule https://{host}',
        expect: 'Shows the ingress rule used for the hostname; "service: http://localhost:…" is wrong when cloudflared runs in its own container or pod.',
      },
      {
        command: "docker inspect -f '{{.HostConfig.NetworkMode}}' <cloudflared-container>",
        expect: 'Not "host": localhost inside the cloudflared container is cloudflared itself, not your app.',
      },
    ],
  },
  fix: {
    vm: 'On one host, target the address family the backend listens on (`proxy_pass http://127.0.0.1:{port};` instead of localhost), or make the backend listen on both (`::` dual-stack). For Node.js clients, use 127.0.0.1 or start with `--dns-result-order=ipv4first`.',
    docker:
      'Put proxy and backend on one user-defined network (`docker network create app`, `docker run --network app …`) and target the container name: `proxy_pass http://{service}:{port};`. For a service on the Docker host, use `host.docker.internal` (on Linux add `--add-host=host.docker.internal:host-gateway`).',
    compose:
      'Use the Compose service name instead of localhost: `proxy_pass http://{service}:{port};` (the container port, not the published one), and keep both services on one network.',
    kubernetes:
      'Target the Service DNS name, `http://{service}.{namespace}.svc.cluster.local:{port}`, not localhost; localhost only reaches containers in the same pod.',
    cloudflare:
      "When cloudflared runs in a container or pod, point the ingress rule at the app's service name (`service: http://{service}:{port}`), or run cloudflared with host networking on the app host.",
  },
  references: [
    'https://docs.docker.com/compose/how-tos/networking/',
    'https://docs.docker.com/engine/network/drivers/bridge/',
    'https://nodejs.org/api/dns.html#dnssetdefaultresultorderorder',
  ],
});
