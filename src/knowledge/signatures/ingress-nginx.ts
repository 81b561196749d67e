import { defineSignature } from '../../core/define-signature.js';

/**
 * ingress-nginx controller signatures (catalog section 2). Its data-plane error-log lines are nginx's
 * (nginx.ts); these are the controller messages and the controller's access-log layout:
 *
 *   $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer"
 *   "$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name]
 *   $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id
 */

const INGRESS_SRC = 'https://github.com/kubernetes/ingress-nginx/blob/dbb11b92';

/** From the closing quote of "$request" up to `[$proxy_upstream_name]` (captured as `backend`). */
const ACCESS_HEAD = String.raw`" (?<status>\d{3}) \d+ "[^"]*" "[^"]*" \d+ [\d.]+ \[`;
/** A list as ingress-nginx logs it for retries (`, `) and internal redirects (` : `). */
function list(item: string): string {
  return `(?:${item}(?:, | : ))*${item}`;
}

export const signatures = [
  defineSignature({
    id: 'ingress-nginx/service-no-active-endpoints',
    catalog: 'ING-01',
    platform: 'ingress-nginx',
    title: 'Service "<ns>/<name>" does not have any active Endpoint',
    keywords: ['does not have any active endpoint'],
    pattern: /Service "(?<backend>[^"\s]+)" does not have any active Endpoint(?: for (?<detail>TCP|UDP) port (?<port>\d+))?/i,
    phase: 'policy',
    status: 503,
    meaning:
      'The controller found no Ready pod behind the Service an Ingress points to, so requests for it get 503: the selector matches no pods, the pods are not Ready (failing readiness probe, still starting, scaled to 0), or the Ingress backend port matches no Service port.',
    causes: { 'no-endpoints': 0.4, 'startup-order': 0.25, 'port-mismatch': 0.2, 'config-error': 0.15 },
    checks: [
      'kubectl -n <ns> get endpointslices -l kubernetes.io/service-name=<name> -o wide   # Service {backend}',
      'kubectl -n <ns> get pods -l <selector of the Service> -o wide   # Ready? restarts?',
      'kubectl -n <ns> get svc <name> -o yaml | grep -A8 "selector:\\|ports:"   # selector labels and port names vs the Ingress backend port',
    ],
    fix: 'Make the Service select Ready pods: fix the selector/labels or the failing readiness probe, scale the Deployment up, and reference an existing Service port (name or number) in the Ingress.',
    source: `${INGRESS_SRC}/internal/ingress/controller/controller.go#L575`,
    evidence: 'src',
  }),

  // ING-02 is split: the access-log line (always there) and the Lua warning (when a balancer exists but has no peer).
  defineSignature({
    id: 'ingress-nginx/no-endpoints-503',
    catalog: 'ING-02',
    platform: 'ingress-nginx',
    title: 'access log: 503 for [<ns>-<svc>-<port>] with no upstream address',
    keywords: ['" 503 '],
    pattern: new RegExp(
      String.raw`" (?<status>503) \d+ "[^"]*" "[^"]*" \d+ [\d.]+ \[(?!upstream-default-backend\])(?<backend>[^\]\s]+)\] \[[^\]]*\] - - - - `,
      'i',
    ),
    phase: 'policy',
    status: 503,
    meaning:
      'ingress-nginx answered 503 itself without trying any pod ($upstream_addr is "-"): the backend named in brackets has no endpoints (see "does not have any active Endpoint" in the controller log) or the controller has not synced it yet.',
    causes: { 'no-endpoints': 0.7, 'startup-order': 0.3 },
    checks: [
      'kubectl -n ingress-nginx logs deploy/ingress-nginx-controller | grep "does not have any active Endpoint"',
      'kubectl get endpointslices -A | grep <svc>   # backend {backend} is <namespace>-<service>-<port>',
    ],
    fix: 'Give the Service Ready endpoints (selector, readiness probe, replicas); 503s stop as soon as the controller syncs them.',
    source: `${INGRESS_SRC}/rootfs/etc/nginx/lua/balancer.lua#L330-L345`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'ingress-nginx/no-peer-returned',
    catalog: 'ING-02',
    platform: 'ingress-nginx',
    title: 'balance(): no peer was returned, balancer: <algorithm>',
    keywords: ['no peer was returned'],
    pattern: /no peer was returned, balancer: (?<detail>[\w-]+)(?:, client: (?<client>[^,\s]+))?/i,
    phase: 'policy',
    status: 503,
    meaning: 'The Lua balancer of ingress-nginx had no endpoint to pick for this backend (its endpoint list is empty or being updated), so no pod was tried.',
    causes: { 'no-endpoints': 0.7, 'startup-order': 0.3 },
    checks: [
      'kubectl -n ingress-nginx logs deploy/ingress-nginx-controller | grep "does not have any active Endpoint"',
      'kubectl -n <ns> get endpointslices -l kubernetes.io/service-name=<service>',
    ],
    fix: 'Make the Service have Ready endpoints; if it does, check the controller’s dynamic configuration sync (controller log errors on POST /configuration/backends).',
    source: `${INGRESS_SRC}/rootfs/etc/nginx/lua/balancer.lua#L330-L345`,
    evidence: 'src',
  }),

  defineSignature({
    id: 'ingress-nginx/default-backend-served',
    catalog: 'ING-03',
    platform: 'ingress-nginx',
    title: 'request served by [upstream-default-backend] (no Ingress rule matched)',
    keywords: ['upstream-default-backend', 'custom-default-backend-', 'default backend - 404'],
    pattern: new RegExp(`${ACCESS_HEAD}(?<backend>upstream-default-backend|custom-default-backend-[^\\]\\s]+)\\]|default backend - 404`, 'i'),
    phase: 'policy',
    status: [404, 503],
    meaning:
      'No Ingress rule of this controller matched the request’s host and path, so it went to the default backend (404). Not a connectivity problem: the Host header, path/pathType or ingressClassName does not match.',
    causes: { 'config-error': 0.75, 'no-endpoints': 0.25 },
    checks: [
      'kubectl get ingress -A -o wide   # hosts, paths and class of every Ingress',
      'kubectl get ingress -A -o jsonpath=\'{range .items[*]}{.metadata.namespace}/{.metadata.name} {.spec.ingressClassName}{"\\n"}{end}\'',
      'curl -sv -H "Host: <expected host>" http://<ingress address>/<path>   # the host header the rule expects',
    ],
    fix: 'Send the host the Ingress declares, fix path/pathType, and set spec.ingressClassName to this controller’s class.',
    source: `${INGRESS_SRC}/internal/ingress/controller/controller.go#L57`,
    evidence: 'src',
  }),

  defineSignature({
    id: 'ingress-nginx/access-log-upstream-error',
    catalog: 'ING-04',
    platform: 'ingress-nginx',
    title: 'access log: $upstream_status 502/504 for a pod address',
    keywords: ['] ['],
    pattern: new RegExp(
      ACCESS_HEAD +
        String.raw`(?<backend>[^\]\s]*)\] \[[^\]]*\] (?<upstream>[^\s,-][^\s,]*)(?:(?:, | : )[^\s,]+)* ` +
        String.raw`${list('(?:\\d+|-)')} ${list('(?:[\\d.]+|-)')} (?:(?:\d{3}|-)(?:, | : ))*50[24]\b`,
      'i',
    ),
    phase: 'connect',
    status: [502, 504],
    meaning:
      'ingress-nginx tried the pod in $upstream_addr and got no valid answer ($upstream_status 502/504): refused, reset, timed out — the nginx error log line for the same request says which. Several comma-separated values mean proxy-next-upstream retried other pods.',
    causes: { 'not-listening': 0.35, 'upstream-reset': 0.3, 'no-endpoints': 0.2, 'slow-upstream': 0.15 },
    checks: [
      'kubectl -n ingress-nginx logs deploy/ingress-nginx-controller | grep "{host}:{port}" | grep -v " 200 "   # the error-log line for that pod',
      'kubectl get pods -A -o wide | grep {host}   # which pod is {host}, is it Ready / restarting?',
      'kubectl -n <ns> exec deploy/<app> -- ss -ltn   # does the app listen on {port} on 0.0.0.0 (not 127.0.0.1)?',
    ],
    fix: 'Make the pod listen on the Service targetPort on all interfaces and stay Ready; for 504 raise nginx.ingress.kubernetes.io/proxy-read-timeout or speed up the app.',
    source: `${INGRESS_SRC}/internal/ingress/controller/config/config.go#L54`,
    evidence: 'src',
    generic: true,
  }),
];
