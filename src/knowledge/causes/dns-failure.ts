import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'dns-failure',
  title: CAUSE_TITLES['dns-failure'],
  explanation:
    'The proxy could not turn the backend hostname into an address: the name does not exist (typo, wrong namespace, container not on the same Docker network or not running) or the resolver failed (CoreDNS down, DNS port blocked, no `resolver` in nginx). ' +
    'No connection is attempted at all, so the error names the hostname rather than an IP; NXDOMAIN ("not found") means the name is wrong or unknown to that resolver, while SERVFAIL or a timeout ("EAI_AGAIN", "server misbehaving") means the resolver itself is failing. ' +
    'nginx resolves plain `proxy_pass` hostnames once at start-up: it refuses to start with "host not found in upstream" when the backend is not up yet, and otherwise keeps the old IP forever, so a recreated backend with a new IP then times out or is refused.',
  symptoms: [
    'nginx: [emerg] host not found in upstream "backend:3000" (nginx exits / container restarts)',
    'backend could not be resolved (3: Host not found) / (2: Server failure)',
    'getaddrinfo ENOTFOUND backend / EAI_AGAIN; dial tcp: lookup backend on 127.0.0.11:53: no such host; java.net.UnknownHostException',
    'Envoy DF (DnsResolutionFailed); Cloudflare error 1016 (Origin DNS error)',
  ],
  confirm: {
    vm: [
      {
        command: 'getent ahosts {host}',
        expect:
          'No output means the system resolver cannot resolve {host}: confirmed. Addresses that differ from where the backend really runs point to a stale record.',
      },
      {
        command: 'dig +short {host}',
        expect: 'Empty answer (NXDOMAIN) = the name does not exist in DNS; "connection timed out; no servers could be reached" = the resolver is unreachable.',
      },
      {
        command: 'resolvectl status 2>/dev/null || cat /etc/resolv.conf',
        expect: 'Shows which DNS servers and search domains are in use; a missing search domain explains short names failing.',
      },
    ],
    docker: [
      {
        command: "docker exec {proxy} sh -c 'getent hosts {service} || nslookup {service}'",
        expect: 'No address confirms. Docker DNS (127.0.0.11) only answers on user-defined networks and only for running containers.',
      },
      {
        command: "docker inspect -f '{{json .NetworkSettings.Networks}}' {proxy} {service}",
        expect: 'No network name in common, or only "bridge" (the default bridge has no name resolution), confirms.',
      },
      {
        command: 'docker ps -a --filter name={service}',
        expect: 'A backend that is not "Up" has no DNS entry either.',
      },
    ],
    compose: [
      {
        command: "docker compose exec {proxy} sh -c 'getent hosts {service} || nslookup {service}'",
        expect: 'No address confirms the proxy container cannot resolve {service}.',
      },
      {
        command: 'docker compose ps -a {service}',
        expect: 'A service that is not running has no DNS entry (nginx then fails at start with "host not found in upstream").',
      },
      {
        command: "docker inspect -f '{{json .NetworkSettings.Networks}}' $(docker compose ps -q {proxy}) $(docker compose ps -q {service})",
        expect: 'The two containers must share at least one network name; none in common confirms.',
      },
    ],
    kubernetes: [
      {
        command: 'kubectl run -n {namespace} tmp-debug --rm -it --image=busybox:1.36 --restart=Never -- nslookup {service}.{namespace}.svc.cluster.local',
        expect: 'NXDOMAIN means no Service of that name in that namespace; a timeout means cluster DNS is unreachable.',
      },
      {
        command: 'kubectl get svc {service} -n {namespace}',
        expect: '"NotFound" confirms the Service does not exist in that namespace (cross-namespace calls need <service>.<namespace>).',
      },
      {
        command: 'kubectl get pods -n kube-system -l k8s-app=kube-dns -o wide',
        expect: 'CoreDNS pods not Running/Ready point to a cluster DNS outage; then check `kubectl logs -n kube-system -l k8s-app=kube-dns --tail=50`.',
      },
      {
        command: 'kubectl get networkpolicy -n {namespace}',
        expect: 'An egress policy without a rule allowing UDP and TCP 53 to kube-dns blocks every lookup.',
      },
    ],
    cloudflare: [
      {
        command: 'dig +short <origin-hostname> @1.1.1.1',
        expect: "No answer for the origin hostname (the DNS record's CNAME target) confirms error 1016.",
      },
      {
        command: 'dig +short {host} @1.1.1.1',
        expect: 'Cloudflare addresses are expected for a proxied record; the origin address itself is set in the Cloudflare DNS dashboard.',
      },
    ],
  },
  fix: {
    vm: 'Fix the DNS record or the name in the proxy config. For nginx, make it re-resolve: `resolver <dns-ip> valid=30s;` plus `set $backend http://{host}:{port}; proxy_pass $backend;` (a variable forces runtime resolution).',
    docker:
      'Create a user-defined network and attach both containers (`docker network create app`, `docker network connect app {service}`), then use the container name; the default bridge has no DNS. In nginx add `resolver 127.0.0.11 valid=10s;` and use a variable in `proxy_pass` so restarts of {service} are picked up.',
    compose:
      'Use the Compose service name, keep both services on a shared network, and start the proxy after the backend (`depends_on` with `condition: service_healthy`). In nginx, `resolver 127.0.0.11 valid=10s;` with a variable in `proxy_pass` avoids both the start-up failure and stale IPs.',
    kubernetes:
      'Use `{service}.{namespace}.svc.cluster.local` (or `{service}.{namespace}` across namespaces), create the Service if it is missing, restore CoreDNS, and allow egress to kube-dns on UDP/TCP 53 in NetworkPolicies.',
    cloudflare: 'Make the origin record (or its CNAME target) resolvable publicly, or point the DNS record at the origin IP directly.',
  },
  references: [
    'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/',
    'https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver',
    'https://docs.docker.com/engine/network/',
  ],
});
