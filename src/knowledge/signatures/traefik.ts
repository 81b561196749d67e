import { defineSignature } from '../../core/define-signature.js';

/**
 * Traefik v3 logs with zerolog: console `… DBG … > 502 Bad Gateway error="dial tcp …"` or JSON
 * `{"level":"debug","error":"dial tcp …",…,"message":"502 Bad Gateway"}`; v2 (logrus) logs
 * `msg="'502 Bad Gateway' caused by: dial tcp …"`. The Go error itself is matched by the go/*
 * signatures too; these add the proxy context and the status Traefik returned.
 * Traefik was not available locally: wordings are from the catalog (source-read).
 */
const TRF_SRC = 'https://github.com/traefik/traefik/blob/fd5a576d';

/** Optional look-ahead capturing the dial target (or the name that failed to resolve) of a Go error. */
function goTarget(n: string): string {
  return String.raw`(?=(?:[^\n]{0,400}?(?:\bdial tcp[46]? (?<upstream${n}>\[[0-9a-fA-F:.%\w]+\]:\d{1,5}|[\w.-]+:\d{1,5})|\blookup (?<host${n}>[\w.-]+)(?: on \S{1,60})?: ))?)`;
}

/**
 * A Traefik proxy-error log line for one status: v3 console (`<status> <text> error="…"`), v2
 * (`'<status> <text>' caused by: …`) or v3 JSON (`"error":"…"` before `"message":"<status> <text>"`).
 */
function proxyErrorLog(status: string, text: string): string {
  return [
    String.raw`(?<status>${status}) ${text}(?:'? caused by: | [^\n]{0,200}?\berror=")${goTarget('')}(?<detail>[^"\n]+)`,
    String.raw`"error":"${goTarget('_2')}(?<detail_2>[^"\n]+)"[^\n]{0,600}?"(?:message|msg)":"(?<status_2>${status}) ${text}"`,
  ].join('|');
}

/** Traefik access log (CLF with router and server URL, or JSON with DownstreamStatus) for one status. */
function accessLog(status: string): string {
  return [
    String.raw`"[A-Z]{3,7} [^"\s]* [^"\s]*" (?<status_3>${status}) \d+ "[^"]*" "[^"]*" \d+ "(?<backend_3>[^"]+)" "(?:(?<upstream_3>[a-z][\w+.-]*:\/\/[^"]+)|-)" \d+ms`,
    String.raw`DownstreamStatus"?[:=]\s?(?<status_4>${status})\b(?:[^\n]{0,1500}?RouterName"?[:=]"?(?<backend_4>[^\s",]+))?(?:[^\n]{0,1500}?ServiceURL"?[:=]"?(?<upstream_4>[a-z][\w+.-]*:\/\/[^\s",]+))?`,
  ].join('|');
}

const ACCESS_CHECK = "grep -E '\" {status} ' <traefik-access.log> | tail -n 20   # which router/service and server URL";

export const signatures = [
  defineSignature({
    id: 'traefik/bad-gateway',
    catalog: 'TRF-502',
    platform: 'traefik',
    title: "502 Bad Gateway (Traefik proxy error: 'caused by' / error=)",
    keywords: ['502 bad gateway', '" 502 ', 'downstreamstatus'],
    pattern: new RegExp(`${proxyErrorLog('502', 'Bad Gateway')}|${accessLog('502')}`),
    phase: 'connect',
    status: 502,
    meaning:
      "Traefik's Go transport failed to get a response from the backend server and answered 502: the connection was refused or reset, the name did not resolve, or the backend closed a keep-alive connection (EOF). In an access log alone, a 502 may also have been returned by the backend itself.",
    causes: { 'not-listening': 0.35, 'port-mismatch': 0.25, 'bind-loopback': 0.2, 'keepalive-race': 0.12, 'network-blocked': 0.08 },
    checks: [
      'docker inspect <backend-container> --format "{{json .NetworkSettings.Networks}}"   # on a network shared with Traefik?',
      'Check the traefik.http.services.<name>.loadbalancer.server.port label against the port the app listens on',
      'curl -v {scheme}://{host}:{port}/   # from inside the Traefik container',
    ],
    fix: 'Put the backend on a network Traefik can reach, set `loadbalancer.server.port` to the port the app listens on, and make the app listen on 0.0.0.0 rather than 127.0.0.1.',
    source: `${TRF_SRC}/pkg/proxy/httputil/proxy.go`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'traefik/gateway-timeout',
    catalog: 'TRF-504',
    platform: 'traefik',
    title: '504 Gateway Timeout (Traefik proxy error)',
    keywords: ['504 gateway timeout', '" 504 ', 'downstreamstatus'],
    pattern: new RegExp(`${proxyErrorLog('504', 'Gateway Timeout')}|${accessLog('504')}`),
    phase: 'read-headers',
    status: 504,
    meaning:
      "A timeout of Traefik's Go transport fired: the dial timed out (`i/o timeout`: packets dropped, wrong IP) or the backend did not send response headers within `responseHeaderTimeout` / `forwardingTimeouts`.",
    causes: { 'network-blocked': 0.35, 'slow-upstream': 0.35, 'timeout-misaligned': 0.3 },
    checks: [
      'curl -sS -o /dev/null -w "%{time_connect} %{time_starttransfer}\\n" {scheme}://{host}:{port}/   # from inside the Traefik container',
      'Check serversTransport forwardingTimeouts (dialTimeout, responseHeaderTimeout) in the Traefik configuration',
    ],
    fix: 'If the dial times out, fix the network path or the server address; if the response is slow, speed up the backend or raise `forwardingTimeouts.responseHeaderTimeout`.',
    source: `${TRF_SRC}/pkg/proxy/httputil/proxy.go`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'traefik/client-closed-request',
    catalog: 'TRF-499',
    platform: 'traefik',
    title: '499 Client Closed Request',
    keywords: ['client closed request', '" 499 ', 'downstreamstatus'],
    pattern: new RegExp(`${proxyErrorLog('499', 'Client Closed Request')}|${accessLog('499')}|(?<detail_5>Client Closed Request)`),
    phase: 'read-headers',
    status: 499,
    meaning:
      'The client canceled the request (context canceled) while Traefik was still waiting for the backend: usually the backend was slower than the client or an outer load balancer was willing to wait.',
    causes: { 'timeout-misaligned': 0.5, 'slow-upstream': 0.5 },
    checks: [ACCESS_CHECK.replace('{status}', '499'), 'Compare the request durations with the client / outer load-balancer timeout'],
    fix: 'Speed up the backend for these routes, or align the timeouts so the client waits longer than the backend needs.',
    source: `${TRF_SRC}/pkg/proxy/httputil/proxy.go#L25-L29`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'traefik/no-available-server',
    catalog: 'TRF-NOSRV',
    platform: 'traefik',
    title: 'no available server (503)',
    keywords: ['no available server'],
    pattern: /(?:(?<status>503) Service Unavailable\s*)?\bno available server\b/,
    phase: 'health-check',
    status: 503,
    meaning:
      'The Traefik service has no server to send the request to: it has none at all (the provider found no running/healthy container or endpoint) or the `healthCheck` marked every server down.',
    causes: { 'no-healthy-upstream': 0.5, 'no-endpoints': 0.4, 'config-error': 0.1 },
    checks: [
      'curl -s http://localhost:8080/api/http/services | jq ".[] | {name, status, serverStatus}"   # Traefik API (api.insecure or dashboard)',
      'grep -i "health check" <traefik.log> | tail -n 20',
      'docker ps --filter "label=traefik.enable=true"   # or: kubectl get endpoints <svc>',
    ],
    fix: 'Make at least one server healthy (fix what the health check reports) or make the provider see the backend (labels, running container, Service endpoints).',
    source: `${TRF_SRC}/pkg/server/service/loadbalancer/wrr/wrr.go`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'traefik/health-check-failed',
    catalog: 'TRF-HC',
    platform: 'traefik',
    title: 'Health check failed.',
    keywords: ['health check failed', 'health check still failing'],
    pattern: new RegExp(
      String.raw`(?:gRPC health check failed: |Health check (?:failed|still failing)[.,]?)${goTarget('')}(?:[^\n]{0,400}?(?:targetURL"?[=:]"?|URL: "?)(?<upstream_2>[a-z][\w+.-]*:\/\/[^\s",]+))?(?:[^\n]{0,400}?(?:error=|"error":|Reason: )"?(?<detail>[^"\n]{1,300}))?`,
    ),
    phase: 'health-check',
    status: null,
    meaning:
      "Traefik's active health check for one server of a service failed (connection error, timeout or a non-2xx/3xx status) and the server was removed from the load-balancer pool until it passes again.",
    causes: { 'no-healthy-upstream': 0.4, 'not-listening': 0.3, 'config-error': 0.15, 'slow-upstream': 0.15 },
    checks: [
      'curl -v {upstream}<health-path>   # from inside the Traefik container',
      'Check the healthCheck path/port/scheme/hostname of the service against what the app serves',
    ],
    fix: 'Fix the health endpoint or the `healthCheck` settings (path, port, scheme, interval/timeout) so healthy servers pass.',
    source: `${TRF_SRC}/pkg/healthcheck/healthcheck.go#L185`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'traefik/backend-tls-error',
    catalog: 'TRF-TLS',
    platform: 'traefik',
    title: 'TLS error towards the backend (first record does not look like a TLS handshake / x509)',
    keywords: ['tls: first record does not look like a tls handshake', 'tls: failed to verify certificate', 'x509:'],
    pattern: new RegExp(
      [
        String.raw`(?<status>50[02]) (?:Bad Gateway|Internal Server Error)(?:'? caused by: | [^\n]{0,200}?\berror=")${goTarget('')}[^"\n]{0,300}?(?<detail>tls: first record does not look like a TLS handshake|tls: failed to verify certificate: x509: [^"\n]+|x509: [^"\n]+)`,
        String.raw`"error":"${goTarget('_2')}[^"\n]{0,300}?(?<detail_2>tls: first record does not look like a TLS handshake|tls: failed to verify certificate: x509: [^"\n]+|x509: [^"\n]+)"[^\n]{0,600}?"(?:message|msg)":"(?<status_2>50[02]) (?:Bad Gateway|Internal Server Error)"`,
      ].join('|'),
    ),
    phase: 'tls',
    status: [502, 500],
    meaning:
      'Traefik could not establish TLS with the backend: it speaks `https` to a plaintext port (first record does not look like a TLS handshake) or does not trust the backend certificate (x509). Traefik logs these configuration-related TLS errors at error level.',
    causes: { 'tls-mismatch': 0.6, 'config-error': 0.3, 'port-mismatch': 0.1 },
    checks: [
      'openssl s_client -connect {host}:{port} </dev/null   # does the backend speak TLS on that port?',
      'Check the service scheme (loadbalancer.server.scheme) and serversTransport (rootCAs, insecureSkipVerify, serverName)',
    ],
    fix: 'Use `http` for plaintext backends, or give Traefik a serversTransport that trusts the backend CA (rootCAs/serverName).',
    source: `${TRF_SRC}/pkg/proxy/httputil/proxy.go`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'traefik/no-router-matched',
    catalog: 'TRF-404',
    platform: 'traefik',
    title: '404 page not found (no router matched)',
    keywords: ['404 page not found', '" 404 '],
    pattern: /"[A-Z]{3,7} [^"\s]* [^"\s]*" (?<status>404) \d+ "[^"]*" "[^"]*" \d+ "-" "-" \d+ms|(?<status_2>404) page not found/,
    phase: 'policy',
    status: 404,
    meaning:
      "No Traefik router matched the request (host/path rule, entrypoint or TLS mismatch), so Traefik answered Go's default `404 page not found` without contacting any backend. The provider may not expose the container at all (`exposedByDefault=false` without `traefik.enable=true`, wrong ingress class).",
    causes: { 'config-error': 0.65, 'no-endpoints': 0.35 },
    checks: [
      'curl -s http://localhost:8080/api/http/routers | jq ".[] | {name, rule, status}"   # Traefik API',
      'docker inspect <container> --format "{{json .Config.Labels}}"   # traefik.enable and the router rule',
      'kubectl get ingress,ingressroute -A   # ingress class / IngressRoute present?',
    ],
    fix: 'Fix the router rule (Host/PathPrefix), the entrypoint, or enable the container/Ingress for Traefik.',
    source: 'https://doc.traefik.io/traefik/routing/routers/',
    evidence: 'kb',
  }),
];
