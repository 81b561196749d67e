import { defineSignature } from '../../core/define-signature.js';

/**
 * Kong Gateway signatures (catalog section 8). Kong runs on OpenResty, so its error.log also carries
 * the nginx lines of nginx.ts (connect() failed, upstream timed out, …), followed by `request_id`.
 * The bodies below are Kong's default error responses: `{"message":"…","request_id":"…"}`
 * (request_id since Kong 3.x); a JSON body is also matched through its flat `message=…` rendering.
 */

const KONG_SRC = 'https://github.com/Kong/kong/blob/22246ef2';

export const signatures = [
  defineSignature({
    id: 'kong/invalid-upstream-response',
    catalog: 'KNG-502',
    platform: 'kong',
    title: '502 "An invalid response was received from the upstream server"',
    keywords: ['an invalid response was received from the upstream server'],
    pattern: /An invalid response was received from the upstream server/i,
    phase: 'connect',
    status: 502,
    meaning:
      'Kong (nginx underneath) failed at the connection level with the Service’s upstream: refused, reset or closed prematurely. The nginx line in Kong’s error.log with the same request_id says which and names the target.',
    causes: { 'not-listening': 0.45, 'upstream-reset': 0.35, 'keepalive-race': 0.2 },
    checks: [
      'grep <request_id> /usr/local/kong/logs/error.log   # or: kubectl logs deploy/kong -c proxy | grep <request_id>',
      'curl -s localhost:8001/services/<service> | jq "{protocol, host, port, path}"   # what Kong proxies to',
      'curl -sv <protocol>://<host>:<port>/   # from the Kong host/pod',
    ],
    fix: 'Point the Kong Service (host/port/protocol) at where the backend listens and fix what the error.log line reports (refused, reset, TLS).',
    source: `${KONG_SRC}/kong/error_handlers.lua#L25`,
    evidence: 'src',
    fields: { status: '502' },
  }),
  defineSignature({
    id: 'kong/upstream-unavailable',
    catalog: 'KNG-503',
    platform: 'kong',
    title: '503 "The upstream server is currently unavailable"',
    keywords: ['the upstream server is currently unavailable'],
    pattern: /The upstream server is currently unavailable/i,
    phase: 'health-check',
    status: 503,
    meaning:
      'Kong’s generic 503 page: no usable target for the Service right now (the error.log usually says why — unhealthy targets, DNS, or a 503 from a plugin).',
    causes: { 'no-healthy-upstream': 0.7, 'no-endpoints': 0.3 },
    checks: ['curl -s localhost:8001/upstreams/<upstream>/health | jq ".data[] | {target, health}"', 'grep <request_id> /usr/local/kong/logs/error.log'],
    fix: 'Bring the Upstream’s targets back to healthy (or add targets) and check the Kong error.log for the concrete reason.',
    source: `${KONG_SRC}/kong/error_handlers.lua#L26`,
    evidence: 'src',
    fields: { status: '503' },
  }),
  defineSignature({
    id: 'kong/upstream-timeout',
    catalog: 'KNG-504',
    platform: 'kong',
    title: '504 "The upstream server is timing out"',
    keywords: ['the upstream server is timing out'],
    pattern: /The upstream server is timing out/i,
    phase: 'read-headers',
    status: 504,
    meaning: 'The Service’s connect_timeout or read_timeout (default 60000 ms each) expired: the backend is slow to answer, or packets to it are dropped.',
    causes: { 'slow-upstream': 0.45, 'network-blocked': 0.3, 'timeout-misaligned': 0.25 },
    checks: [
      'curl -s localhost:8001/services/<service> | jq "{host, port, connect_timeout, read_timeout, write_timeout}"',
      'grep "upstream timed out" /usr/local/kong/logs/error.log | tail   # "while connecting" = network, "while reading response header" = slow backend',
    ],
    fix: 'Speed up the backend or raise the Service read_timeout; if the error.log says "while connecting to upstream", open the network path instead.',
    source: `${KONG_SRC}/kong/error_handlers.lua#L27`,
    evidence: 'src',
    fields: { status: '504' },
  }),
  defineSignature({
    id: 'kong/ring-balancer-no-peer',
    catalog: 'KNG-RING',
    platform: 'kong',
    title: 'failure to get a peer from the ring-balancer',
    keywords: ['failure to get a peer from the ring-balancer'],
    pattern: /failure to get a peer from the ring-balancer/i,
    phase: 'health-check',
    status: 503,
    meaning:
      'The Kong Upstream entity has no target to send to: it has no targets, all have weight 0, or all are marked unhealthy by active/passive health checks.',
    causes: { 'no-healthy-upstream': 0.6, 'no-endpoints': 0.4 },
    checks: [
      'curl -s localhost:8001/upstreams/<upstream>/targets | jq ".data[] | {target, weight}"',
      'curl -s localhost:8001/upstreams/<upstream>/health | jq ".data[] | {target, health}"',
      'kubectl get endpointslices -n <ns> -l kubernetes.io/service-name=<svc>   # Kong Ingress Controller: are there pods behind the Service?',
    ],
    fix: 'Add healthy targets to the Upstream (or fix the pods behind the Service); if health checks marked them down, fix the backend and re-enable with POST …/targets/<t>/healthy.',
    source: `${KONG_SRC}/kong/runloop/balancer/init.lua#L355`,
    evidence: 'src',
    fields: { status: '503' },
  }),
  defineSignature({
    id: 'kong/name-resolution-failed',
    catalog: 'KNG-DNS',
    platform: 'kong',
    title: 'name resolution failed (503)',
    keywords: ['name resolution failed', 'dns resolution failed'],
    // The body message, as raw JSON or its flat rendering; and the error.log line that goes with it
    // ("DNS resolution failed: dns server error: 3 name error. Tried: …", known behaviour, not re-read).
    pattern:
      /"message"\s*:\s*"name resolution failed"|(?<![\w-])message=name resolution failed\b|\bDNS resolution failed: (?<detail>dns (?:server|client) error: [^.\n]{1,80})/i,
    phase: 'dns',
    status: 503,
    meaning:
      'Kong’s DNS client could not resolve the Service host (NXDOMAIN or empty answer): a wrong name, a short name without the search domain applied, or a resolver that cannot reach kube-dns.',
    causes: { 'dns-failure': 0.65, 'config-error': 0.35 },
    checks: [
      'curl -s localhost:8001/services/<service> | jq .host   # the name Kong resolves',
      'kubectl exec deploy/kong -c proxy -- nslookup <host>   # from the Kong pod',
      'kong config / env: KONG_DNS_RESOLVER, KONG_DNS_ORDER',
    ],
    fix: 'Use a resolvable (fully qualified) host in the Service, and point KONG_DNS_RESOLVER at a DNS server that knows it.',
    source: `${KONG_SRC}/kong/runloop/balancer/init.lua#L385`,
    evidence: 'src',
    fields: { status: '503' },
  }),
  defineSignature({
    id: 'kong/initial-dns-resolve-failed',
    catalog: 'KNG-RESOLVE',
    platform: 'kong',
    title: "failed the initial dns/balancer resolve for '<host>' with: <error>",
    keywords: ['failed the initial dns/balancer resolve'],
    pattern: /failed the initial dns\/balancer resolve for '(?<host>[^']+)' with: (?<detail>[^,\n]{1,200})/i,
    phase: 'dns',
    status: 500,
    meaning:
      'Kong failed internally while resolving or balancing the Service host (resolver timeout, unreachable DNS server, balancer error) and answered 500 "An unexpected error occurred".',
    causes: { 'dns-failure': 0.6, 'config-error': 0.4 },
    checks: ['kubectl exec deploy/kong -c proxy -- nslookup {host}', 'kong config / env: KONG_DNS_RESOLVER, KONG_DNS_ORDER, KONG_DNS_NO_SYNC'],
    fix: 'Make the DNS server Kong uses reachable and answering for {host}, or use an IP/FQDN that resolves.',
    source: `${KONG_SRC}/kong/runloop/handler.lua#L860-L868`,
    evidence: 'src',
    fields: { status: '500' },
  }),
  defineSignature({
    id: 'kong/no-route-matched',
    catalog: 'KNG-NOROUTE',
    platform: 'kong',
    title: '404 "no Route matched with those values"',
    keywords: ['no route matched with those values', 'no api found with those values'],
    // "no API found with those values" is the same 404 from Kong < 0.13 (APIs before Routes).
    pattern: /no (?:Route matched|API found) with those values/i,
    phase: 'policy',
    status: 404,
    meaning:
      'No Kong Route matches the request’s host, path, method or headers, so Kong answered 404 itself. Not a connectivity error: no upstream was contacted.',
    causes: { 'config-error': 1 },
    checks: [
      'curl -s localhost:8001/routes | jq ".data[] | {name, hosts, paths, methods, strip_path}"',
      'curl -sv -H "Host: <route host>" http://<kong proxy>:8000/<route path>',
    ],
    fix: 'Send the host/path a Route declares, or add/fix the Route (hosts, paths, methods; with Kong Ingress Controller: the Ingress and its ingressClassName).',
    source: `${KONG_SRC}/kong/runloop/handler.lua#L1225`,
    evidence: 'src',
    fields: { status: '404' },
  }),
];
