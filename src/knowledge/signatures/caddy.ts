import { defineSignature } from '../../core/define-signature.js';

/**
 * Caddy logs with zap: JSON `{"level":"error","ts":…,"logger":"http.log.error","msg":"<go error>",…,"status":502,…}`
 * or the console encoder `<date>\tERROR\thttp.log.error\t<go error>\t{…, "status": 502, …}`. The Go error
 * itself is matched by the go/* signatures too; these add the proxy context and the status.
 * Caddy was not available locally: wordings are from the catalog (source-read).
 */
const RP = 'https://github.com/caddyserver/caddy/blob/0cf03d32/modules/caddyhttp/reverseproxy';

/** Optional look-ahead capturing the dial target (or the name that failed to resolve) of a Go error. */
function goTarget(n: string): string {
  return String.raw`(?=(?:[^"\t\n]{0,400}?(?:\bdial tcp[46]? (?<upstream${n}>\[[0-9a-fA-F:.%\w]+\]:\d{1,5}|[\w.-]+:\d{1,5})|\blookup (?<host${n}>[\w.-]+)(?: on \S{1,60})?: ))?)`;
}

/** An `http.log.error` entry (JSON or console encoder) with the given status. */
function errorLog(status: string): string {
  return [
    String.raw`"logger":\s?"http\.log\.error",\s?"msg":\s?"${goTarget('')}(?<detail>[^"\n]+)"[^\n]{0,4000}?"status":\s?(?<status>${status})\b`,
    String.raw`\bhttp\.log\.error\s+${goTarget('_2')}(?<detail_2>[^\t\n{]+?)\s+\{[^\n]{0,4000}?"status":\s?(?<status_2>${status})\b`,
  ].join('|');
}

export const signatures = [
  defineSignature({
    id: 'caddy/proxy-error-502',
    catalog: 'CDY-502',
    platform: 'caddy',
    title: 'http.log.error <go error> with status 502 (reverse_proxy)',
    keywords: ['http.log.error'],
    pattern: new RegExp(errorLog('502')),
    phase: 'connect',
    status: 502,
    meaning:
      "Caddy's reverse_proxy could not get a response from the upstream and answered 502; the message is the Go transport error (connection refused, reset, EOF, DNS). Inside a Docker container, `reverse_proxy localhost:8080` points at Caddy's own container, not at the app.",
    causes: { 'not-listening': 0.35, 'wrong-host-localhost': 0.3, 'port-mismatch': 0.2, 'bind-loopback': 0.1, 'dns-failure': 0.05 },
    checks: [
      'docker exec <caddy-container> wget -qO- http://{host}:{port}/   # from inside the Caddy container',
      'grep -n "reverse_proxy" /etc/caddy/Caddyfile   # use the service/container name, not localhost, inside Docker',
      'ss -ltnp "sport = :{port}"   # on the upstream host',
    ],
    fix: 'Point `reverse_proxy` at an address reachable from Caddy (the compose service name, not localhost, when Caddy runs in a container) and make the app listen on 0.0.0.0 on that port.',
    source: `${RP}/reverseproxy.go#L1616-L1645`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'caddy/proxy-timeout-504',
    catalog: 'CDY-504',
    platform: 'caddy',
    title: 'http.log.error i/o timeout / timeout awaiting response headers with status 504',
    keywords: ['http.log.error'],
    pattern: new RegExp(errorLog('504')),
    phase: 'read-headers',
    status: 504,
    meaning:
      'A reverse_proxy timeout fired: `dial_timeout` (dial tcp …: i/o timeout — SYN dropped, wrong IP) or `response_header_timeout` (the upstream did not send headers in time).',
    causes: { 'network-blocked': 0.4, 'slow-upstream': 0.4, 'timeout-misaligned': 0.2 },
    checks: [
      'curl -sS -o /dev/null -w "%{time_connect} %{time_starttransfer}\\n" http://{host}:{port}/   # from the Caddy host/container',
      'grep -nE "dial_timeout|response_header_timeout|read_timeout" /etc/caddy/Caddyfile',
    ],
    fix: 'For a dial timeout, fix the network path or the upstream address; for header timeouts, speed up the upstream or raise `response_header_timeout` in the transport.',
    source: `${RP}/reverseproxy.go#L1626-L1629`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'caddy/no-upstreams-available',
    catalog: 'CDY-NOUP',
    platform: 'caddy',
    title: 'no upstreams available (503)',
    keywords: ['no upstreams available'],
    pattern: /\bno upstreams available\b(?:[^\n]{0,4000}?"status":\s?(?<status>503)\b)?/,
    phase: 'health-check',
    status: 503,
    meaning:
      'reverse_proxy had no usable upstream: all are marked unhealthy (active health checks, or passive `max_fails`/`fail_duration`, `unhealthy_status`, `unhealthy_request_count`) or dynamic upstreams (SRV/A lookups) returned none.',
    causes: { 'no-healthy-upstream': 0.5, 'no-endpoints': 0.3, 'dns-failure': 0.2 },
    checks: [
      'curl -s localhost:2019/reverse_proxy/upstreams | jq   # admin API: health and fails per upstream',
      'grep -nE "health_|max_fails|fail_duration|dynamic" /etc/caddy/Caddyfile',
    ],
    fix: 'Make at least one upstream healthy (fix what its health check reports) or fix the dynamic upstream source so it returns addresses.',
    source: `${RP}/reverseproxy.go#L640`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'caddy/aborting-with-incomplete-response',
    catalog: 'CDY-INCOMPLETE',
    platform: 'caddy',
    title: 'aborting with incomplete response',
    keywords: ['aborting with incomplete response'],
    pattern: /aborting with incomplete response(?=(?:[^\n]{0,3000}?"upstream":\s?"(?<upstream>[^"]+)")?)(?=(?:[^\n]{0,3000}?"error":\s?"(?<detail>[^"]+)")?)/,
    phase: 'read-body',
    status: null,
    meaning:
      'The upstream response had started streaming to the client when the upstream connection broke (reset, EOF, timeout), so Caddy aborted the client connection with a truncated body.',
    causes: { 'upstream-reset': 0.6, 'timeout-misaligned': 0.2, 'resource-exhaustion': 0.2 },
    checks: ['Check the upstream logs for crashes/restarts at that time', 'grep -nE "read_timeout|flush_interval" /etc/caddy/Caddyfile'],
    fix: 'Fix what kills the upstream mid-response (crash, OOM, deploy without draining) or raise the transport `read_timeout` for long streams.',
    source: `${RP}/reverseproxy.go#L1297`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'caddy/client-canceled-499',
    catalog: 'CDY-499',
    platform: 'caddy',
    title: 'status 499 (client canceled while waiting for the upstream)',
    keywords: ['"status":499', '"status": 499'],
    pattern: /(?:"logger":\s?"http\.log\.(?:access|error)[^"]*"|\bhttp\.log\.(?:access|error)\S*\s)[^\n]{0,4000}?"status":\s?(?<status>499)\b/,
    phase: 'read-headers',
    status: 499,
    meaning:
      'The client disconnected (context canceled) while Caddy was still waiting for the upstream: the upstream was slower than the client or an outer load balancer was willing to wait.',
    causes: { 'timeout-misaligned': 0.5, 'slow-upstream': 0.5 },
    checks: [
      "jq 'select(.status == 499) | {uri: .request.uri, duration}' <caddy-access.log> | tail",
      'Compare those durations with the client / outer load-balancer timeout',
    ],
    fix: 'Speed up the upstream for these routes, or align the timeouts so clients wait longer than the upstream needs.',
    source: `${RP}/reverseproxy.go#L700-L705`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'caddy/upstream-scheme-port-conflict',
    catalog: 'CDY-SCHEME',
    platform: 'caddy',
    title: 'upstream address has conflicting scheme and port / scheme is HTTP but transport is configured for HTTP+TLS',
    keywords: ['conflicting scheme', 'transport is configured for http+tls'],
    pattern:
      /upstream address has conflicting scheme \((?<scheme>https?|h2c):\/\/\) and port \(:(?<port>443|80), the HTTPS? port\)|upstream address scheme is HTTP but transport is configured for HTTP\+TLS \(HTTPS\)/,
    phase: 'tls',
    status: null,
    meaning:
      'Caddy rejected the configuration: the upstream address mixes a plaintext scheme with the HTTPS port (or the reverse), or says http:// while the transport has TLS enabled. Caddy does not start/reload with this config.',
    causes: { 'tls-mismatch': 0.6, 'config-error': 0.4 },
    checks: ['caddy validate --config /etc/caddy/Caddyfile', 'grep -nA5 "reverse_proxy" /etc/caddy/Caddyfile'],
    fix: 'Write the upstream as `https://host:443` (or `host:443` with `transport http { tls }`) for TLS upstreams and `http://host:80` for plaintext ones.',
    source: `${RP}/addresses.go#L112-L118`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'caddy/upstream-unhealthy',
    catalog: 'CDY-HC',
    platform: 'caddy',
    title: 'active health check: upstream unhealthy',
    keywords: ['health_checker', '"unhealthy"', 'host is down'],
    pattern:
      /"name":\s?"unhealthy"[^\n]{0,500}?"host":\s?"(?<upstream>[^"]+)"|health_checker\.active[^\n]{0,60}?(?<detail>HTTP request failed|unexpected status code|status code out of tolerance|response body failed expectations|host is down)(?:[^\n]{0,500}?"host":\s?"(?<upstream_2>[^"]+)")?|"msg":\s?"host is down"(?:[^\n]{0,500}?"host":\s?"(?<upstream_3>[^"]+)")?/,
    phase: 'health-check',
    status: null,
    meaning:
      "Caddy's active health checker marked an upstream unhealthy (connection failed, unexpected status or body); it receives no traffic until it passes again, and when none are left requests get 503 `no upstreams available`.",
    causes: { 'no-healthy-upstream': 0.5, 'not-listening': 0.25, 'config-error': 0.25 },
    checks: [
      'curl -v http://{host}:{port}<health_uri>   # from the Caddy host/container',
      'grep -nE "health_(uri|port|status|body|interval|timeout)" /etc/caddy/Caddyfile',
    ],
    fix: 'Fix the upstream or the health check settings (health_uri, health_port, expected status) so healthy upstreams pass.',
    source: `${RP}/healthchecks.go#L477`,
    evidence: 'src',
  }),
];
