import { defineSignature } from '../../core/define-signature.js';

/**
 * nginx error-log and access-log signatures (catalog section 1). Also printed by OpenResty, Kong,
 * ingress-nginx and Angie, whose data plane is nginx.
 *
 * `evidence: 'verified'` entries were reproduced with nginx 1.22.1 (OpenSSL 3.0) on Linux against
 * local test upstreams; the match cases quote those lines (addresses rewritten to realistic ones).
 */

const NGINX_SRC = 'https://github.com/nginx/nginx/blob/3f6f7824';
const UPSTREAM_C = `${NGINX_SRC}/src/http/ngx_http_upstream.c`;

/**
 * The context nginx appends to an error-log line: `, client: <ip>, server: <name>, request: "…",
 * upstream: "<scheme>://<peer><uri>", host: "…"`. Optional and bounded (a request line can be long).
 * `n` suffixes the group names for patterns that already capture `upstream`/`client` earlier.
 */
function context(n = ''): string {
  return String.raw`(?:, client: (?<client${n}>[^,\s]+))?(?:.{0,2000}?, upstream: "(?<upstream${n}>[^"]+)")?`;
}

/**
 * The stream (TCP/UDP) module prints `server: <ip>:<port>, upstream: "<ip>:<port>"` right after the
 * client; HTTP lines have `request: "…"` in between. HTTP signatures refuse stream lines (NGX-35).
 */
const STREAM_SERVER_CONTEXT = String.raw`server: [^,\s]+:\d+, upstream: "`;
const NOT_STREAM = String.raw`(?!, client: [^,\s]+, ${STREAM_SERVER_CONTEXT})`;

/** Builds an nginx error-log pattern: the message, then the optional standard context. */
function ngx(message: string, n = ''): RegExp {
  return new RegExp(message + NOT_STREAM + context(n), 'i');
}

/**
 * Access-log fields (NGX-36), in the usual spellings: `us="502, 200"` / `upstream_status=504` /
 * `"upstream_status":"502"` (JSON; also its flat `key=value` rendering). Values may be lists:
 * `, ` separates retries, ` : ` internal redirects.
 */
const UPSTREAM_STATUS_FIELD = String.raw`(?<![\w$])(?:upstream_status|us)"?\s?[=:]\s?"?(?:(?:\d{3}|-)(?:, | : ))*?`;
const STATUS_50X = String.raw`${UPSTREAM_STATUS_FIELD}50[24]\b`;
const CONNECT_TIME_FIELD = String.raw`(?<![\w$])(?:upstream_connect_time|uct)"?\s?[=:]\s?"?`;
const HEADER_TIME_FIELD = String.raw`(?<![\w$])(?:upstream_header_time|uht)"?\s?[=:]\s?"?`;
const UPSTREAM_ADDR_FIELD = String.raw`(?<![\w$])(?:upstream_addr|ua)"?\s?[=:]\s?"?`;
/** A timing list whose last entry is `-` (the last attempt never got that far). */
const LAST_DASH = String.raw`(?:(?:[\d.]+|-)(?:, | : ))*-(?![\d.]|, | : )`;
/** A timing list whose last entry is a number. */
const LAST_NUMBER = String.raw`(?:(?:[\d.]+|-)(?:, | : ))*\d+\.\d+(?![\d.]|, | : )`;

/**
 * Placed right after the upstream-status value: `field` occurs in the same line, after it or before it
 * (log formats order the fields freely). Bounded windows keep it linear.
 */
function alsoInLine(field: string): string {
  return `(?:(?=.{0,800}?${field})|(?<=${field}.{0,800}?${STATUS_50X}))`;
}
/** Placed like {@link alsoInLine}: `field` occurs nowhere in the line (the log format does not have it). */
function notInLine(field: string): string {
  return `(?!.{0,800}?${field})(?<!${field}.{0,800}?)`;
}
/**
 * Optional capture of the (first) peer in `$upstream_addr`, wherever it is in the line. (An empty
 * alternative rather than `?`: a quantified group that matches the empty string drops its captures.)
 */
const UPSTREAM_ADDR_CAPTURE = String.raw`(?:(?=.{0,800}?${UPSTREAM_ADDR_FIELD}(?<upstream>[^-",\s][^",\s]*))|(?<=${UPSTREAM_ADDR_FIELD}(?<upstream_2>[^-",\s][^",\s]*).{0,800}?${STATUS_50X})|)`;
const STATUS_CAPTURE = String.raw`${UPSTREAM_STATUS_FIELD}(?<status>50[24])\b`;
/** The last attempt never connected / never got a header: what {@link alsoInLine} looks for around the status. */
const CONNECT_TIME_DASH = CONNECT_TIME_FIELD + LAST_DASH;
const HEADER_TIME_DASH = HEADER_TIME_FIELD + LAST_DASH;

export const signatures = [
  // ── connect ────────────────────────────────────────────────────────────────────────────────────
  defineSignature({
    id: 'nginx/connect-refused',
    catalog: 'NGX-01',
    platform: 'nginx',
    title: 'connect() failed (111: Connection refused) while connecting to upstream',
    keywords: ['connect() failed'],
    // 61 is ECONNREFUSED on macOS/BSD (nginx from Homebrew on a laptop).
    pattern: ngx(String.raw`connect\(\) failed \((?<errno>111|61): Connection refused\) while connecting to upstream`),
    phase: 'connect',
    status: 502,
    meaning: 'The TCP SYN reached the target host and was answered with a reset: nothing accepts connections on that address and port.',
    causes: {
      'not-listening': 0.35,
      'wrong-host-localhost': 0.2,
      'port-mismatch': 0.18,
      'bind-loopback': 0.15,
      'startup-order': 0.12,
    },
    checks: ['ss -ltnp "sport = :{port}"', 'curl -v {scheme}://{host}:{port}/'],
    fix: 'Point the upstream at an address and port where the backend really listens, or start the backend.',
    source: `${UPSTREAM_C}#L3025-L3070`,
    evidence: 'verified',
    fields: { code: 'ECONNREFUSED' },
  }),

  // NGX-02 is split by errno: the same "connect() to <addr> failed" line means four different things.
  defineSignature({
    id: 'nginx/connect-to-refused',
    catalog: 'NGX-02',
    platform: 'nginx',
    title: 'connect() to <addr> failed (111: Connection refused) while connecting to upstream',
    keywords: ['connect() to '],
    pattern: ngx(String.raw`connect\(\) to (?<upstream>\S+) failed \((?<errno>111|61): Connection refused\) while connecting to upstream`, '_2'),
    phase: 'connect',
    status: 502,
    meaning:
      'connect() was refused immediately. For a unix: socket this means the socket file exists but no process listens on it any more (the service died or was restarted without cleaning up); for TCP nothing listens on that address and port.',
    causes: {
      'not-listening': 0.5,
      'startup-order': 0.15,
      'config-error': 0.15,
      'port-mismatch': 0.1,
      'wrong-host-localhost': 0.1,
    },
    checks: [
      'ss -xlp | grep {socket}   # unix sockets: is anything listening on that file?',
      'systemctl status php-fpm gunicorn uwsgi 2>/dev/null | head -20   # is the application server running?',
      'ss -ltnp "sport = :{port}"   # TCP targets',
    ],
    fix: 'Start (or restart) the application server that owns the socket or port, and make nginx point at the path/port it really listens on.',
    source: `${NGINX_SRC}/src/event/ngx_event_connect.c#L225-L260`,
    evidence: 'verified',
    fields: { code: 'ECONNREFUSED' },
  }),
  defineSignature({
    id: 'nginx/unix-socket-missing',
    catalog: 'NGX-02',
    platform: 'nginx',
    title: 'connect() to unix:<path> failed (2: No such file or directory)',
    keywords: ['no such file or directory'],
    pattern: ngx(String.raw`connect\(\) to (?<upstream>unix:\S+) failed \((?<errno>2): No such file or directory\) while connecting to upstream`, '_2'),
    phase: 'connect',
    status: 502,
    meaning:
      'The unix socket file named in fastcgi_pass/proxy_pass/uwsgi_pass does not exist: the application server (php-fpm, gunicorn, uwsgi) is not running, listens on another path, or the socket lives in a directory/volume nginx does not see.',
    causes: { 'not-listening': 0.45, 'config-error': 0.35, 'startup-order': 0.2 },
    checks: [
      'ls -l {socket}   # the path after "unix:" in the message',
      'grep -rn "^listen" /etc/php/*/fpm/pool.d/ 2>/dev/null; ss -xlp | grep -i sock   # where does the app server really listen?',
      'systemctl status php-fpm gunicorn uwsgi 2>/dev/null | head -20',
    ],
    fix: 'Start the application server and make the socket path in the nginx config identical to its `listen` path (and shared with the nginx container if they run separately).',
    source: `${NGINX_SRC}/src/event/ngx_event_connect.c#L225-L260`,
    evidence: 'verified',
    fields: { code: 'ENOENT' },
  }),
  defineSignature({
    id: 'nginx/unix-socket-permission-denied',
    catalog: 'NGX-02',
    platform: 'nginx',
    title: 'connect() to unix:<path> failed (13: Permission denied)',
    keywords: ['permission denied'],
    pattern: ngx(String.raw`connect\(\) to (?<upstream>\S+) failed \((?<errno>13): Permission denied\) while connecting to upstream`, '_2'),
    phase: 'connect',
    status: 502,
    meaning:
      'The nginx worker user may not connect to the socket: the socket file (or a parent directory) is not writable by that user, or SELinux/AppArmor forbids nginx from connecting.',
    causes: { 'config-error': 0.75, 'network-blocked': 0.15, other: 0.1 },
    checks: [
      'ls -l {socket}; ps -o user= -C nginx | sort -u   # socket owner/mode vs the nginx worker user',
      'ausearch -m avc -ts recent 2>/dev/null | grep nginx   # SELinux denials (setsebool -P httpd_can_network_connect 1)',
    ],
    fix: 'Give the nginx worker user write access to the socket (e.g. php-fpm `listen.owner`/`listen.group`/`listen.mode`), or allow it in SELinux/AppArmor.',
    source: `${NGINX_SRC}/src/event/ngx_event_connect.c#L225-L260`,
    evidence: 'verified',
    fields: { code: 'EACCES' },
  }),
  defineSignature({
    id: 'nginx/unix-socket-backlog-full',
    catalog: 'NGX-02',
    platform: 'nginx',
    title: 'connect() to unix:<path> failed (11: Resource temporarily unavailable)',
    keywords: ['resource temporarily unavailable'],
    pattern: ngx(String.raw`connect\(\) to (?<upstream>unix:\S+) failed \((?<errno>11): Resource temporarily unavailable\) while connecting to upstream`, '_2'),
    phase: 'connect',
    status: 502,
    meaning:
      "The unix socket's listen queue is full: the application server is alive but not accepting new connections fast enough (all workers busy), so the kernel rejects the connection at once.",
    causes: { 'resource-exhaustion': 0.6, 'slow-upstream': 0.3, 'config-error': 0.1 },
    checks: [
      'ss -xlp | grep {socket}   # Recv-Q = waiting connections, Send-Q = backlog',
      'php-fpm status page / gunicorn logs: are all workers busy (pm.max_children reached)?',
    ],
    fix: 'Add workers to the application pool (pm.max_children, gunicorn --workers) or fix what keeps them busy; raise the listen backlog (listen.backlog, net.core.somaxconn) only as a buffer.',
    source: `${NGINX_SRC}/src/event/ngx_event_connect.c#L225-L260`,
    evidence: 'verified',
    fields: { code: 'EAGAIN' },
  }),

  defineSignature({
    id: 'nginx/no-route-to-host',
    catalog: 'NGX-03',
    platform: 'nginx',
    title: 'connect() failed (113: No route to host) while connecting to upstream',
    keywords: ['no route to host', 'host is unreachable'],
    pattern: ngx(
      String.raw`connect\(\) (?:to (?<upstream>\S+) )?failed \((?<errno>113|65): (?:No route to host|Host is unreachable)\) while connecting to upstream`,
      '_2',
    ),
    phase: 'connect',
    status: 502,
    meaning:
      'The target IP is not reachable: no host answers for it (a stale pod/container IP nginx resolved at start-up), or a firewall rejects the packets with ICMP host-unreachable.',
    causes: { 'network-blocked': 0.45, 'no-endpoints': 0.35, 'dns-failure': 0.2 },
    checks: [
      'ping -c 2 {host}; ip route get {host}',
      'getent hosts <upstream name>   # does the name still resolve to {host}? nginx resolves proxy_pass names only at start/reload',
      'iptables -S | grep -i reject   # REJECT --reject-with icmp-host-prohibited',
    ],
    fix: 'Reload nginx (or use a `resolver` with a variable proxy_pass) so it stops using a stale IP, and open the firewall path to the backend.',
    source: `${UPSTREAM_C}#L3065`,
    evidence: 'src',
    fields: { code: 'EHOSTUNREACH' },
  }),
  defineSignature({
    id: 'nginx/network-unreachable',
    catalog: 'NGX-04',
    platform: 'nginx',
    title: 'connect() failed (101: Network is unreachable) while connecting to upstream',
    keywords: ['network is unreachable'],
    pattern: ngx(String.raw`connect\(\) (?:to (?<upstream>\S+) )?failed \((?<errno>101|51): Network is unreachable\) while connecting to upstream`, '_2'),
    phase: 'connect',
    status: 502,
    meaning:
      'The kernel has no route for the target address: typically an IPv6 address (an AAAA record, [::1]) on a host or container without IPv6, or a subnet with no route.',
    causes: { 'network-blocked': 0.45, 'wrong-host-localhost': 0.3, 'config-error': 0.25 },
    checks: [
      'ip route get {host}; ip -6 route   # is there any route for this address family?',
      'getent ahosts <upstream name>   # does the name return an IPv6 address first?',
    ],
    fix: 'Use an IPv4 address/name for the upstream (or `resolver … ipv6=off`), or add the missing route.',
    source: `${UPSTREAM_C}#L3065`,
    evidence: 'src',
    fields: { code: 'ENETUNREACH' },
  }),
  defineSignature({
    id: 'nginx/connect-timeout',
    catalog: 'NGX-05',
    platform: 'nginx',
    title: 'upstream timed out (110: Connection timed out) while connecting to upstream',
    keywords: ['upstream timed out', 'connect() failed'],
    // The second form (status 502) appears when the kernel gives up on the SYN before proxy_connect_timeout.
    pattern: ngx(String.raw`(?:upstream timed out|connect\(\) failed) \((?<errno>110|60): (?:Connection|Operation) timed out\) while connecting to upstream`),
    phase: 'connect',
    status: [504, 502],
    meaning:
      'The SYN to the backend got no answer within proxy_connect_timeout: packets are silently dropped (security group, NetworkPolicy, firewall DROP), the IP is wrong or gone, or the backend accept queue is overflowing.',
    causes: { 'network-blocked': 0.45, 'no-endpoints': 0.35, 'resource-exhaustion': 0.2 },
    checks: [
      'nc -vz -w 5 {host} {port}   # from the nginx host/container',
      'Check the security group / NetworkPolicy / firewall rules between nginx and {host}:{port}',
      'ss -ltn "sport = :{port}"   # on the backend: Recv-Q near Send-Q = accept queue full',
    ],
    fix: 'Open the network path to {host}:{port} (or point nginx at the current backend address); if the backend is overloaded, add capacity.',
    source: `${UPSTREAM_C}#L4632-L4646`,
    evidence: 'src',
    fields: { code: 'ETIMEDOUT' },
  }),

  // ── timeouts after connect ─────────────────────────────────────────────────────────────────────
  defineSignature({
    id: 'nginx/read-header-timeout',
    catalog: 'NGX-06',
    platform: 'nginx',
    title: 'upstream timed out (110: Connection timed out) while reading response header from upstream',
    keywords: ['upstream timed out'],
    pattern: ngx(String.raw`upstream timed out \((?<errno>110|60): (?:Connection|Operation) timed out\) while reading response header from upstream`),
    phase: 'read-headers',
    status: 504,
    meaning: 'nginx connected and sent the request, but the backend did not send the response headers within proxy_read_timeout (default 60s).',
    causes: { 'slow-upstream': 0.5, 'timeout-misaligned': 0.3, 'resource-exhaustion': 0.2 },
    checks: [
      'time curl -s -o /dev/null -w "%{http_code} %{time_starttransfer}\\n" {scheme}://{host}:{port}/   # how long does the backend really take?',
      'nginx -T | grep -n "proxy_read_timeout\\|fastcgi_read_timeout"',
      'Check the backend logs/APM for the slow request (DB locks, thread pool or worker pool exhaustion)',
    ],
    fix: 'Make the backend answer faster, or raise proxy_read_timeout for that location to match the endpoint’s real duration (long-poll/streaming endpoints).',
    source: `${UPSTREAM_C}#L4632-L4646`,
    evidence: 'verified',
    fields: { code: 'ETIMEDOUT' },
  }),
  defineSignature({
    id: 'nginx/send-timeout',
    catalog: 'NGX-07',
    platform: 'nginx',
    title: 'upstream timed out (110: Connection timed out) while sending request to upstream',
    keywords: ['upstream timed out'],
    pattern: ngx(String.raw`upstream timed out \((?<errno>110|60): (?:Connection|Operation) timed out\) while sending request to upstream`),
    phase: 'send',
    status: 504,
    meaning:
      'The backend stopped reading the request (usually a large body) for longer than proxy_send_timeout: it is blocked or overloaded, or reads uploads too slowly.',
    causes: { 'slow-upstream': 0.45, 'resource-exhaustion': 0.35, 'timeout-misaligned': 0.2 },
    checks: ['nginx -T | grep -n "proxy_send_timeout\\|client_max_body_size"', 'Check the backend logs for the upload: does it read the body, and how fast?'],
    fix: 'Fix the backend so it reads the request body promptly, or raise proxy_send_timeout for large uploads.',
    source: `${UPSTREAM_C}#L2182`,
    evidence: 'verified',
    fields: { code: 'ETIMEDOUT' },
  }),
  // NGX-08 is split: a stalled body and an idle WebSocket/upgraded tunnel need different fixes.
  defineSignature({
    id: 'nginx/body-read-timeout',
    catalog: 'NGX-08',
    platform: 'nginx',
    title: 'upstream timed out (110: Connection timed out) while reading upstream',
    keywords: ['upstream timed out'],
    pattern: ngx(String.raw`upstream timed out \((?<errno>110|60): (?:Connection|Operation) timed out\) while reading upstream`),
    phase: 'read-body',
    status: null,
    meaning:
      'The response had started (headers sent, often logged as 200), then the backend sent nothing for longer than proxy_read_timeout; nginx closed the connection and the client got a truncated body.',
    causes: { 'timeout-misaligned': 0.55, 'slow-upstream': 0.45 },
    checks: [
      'nginx -T | grep -n "proxy_read_timeout\\|proxy_buffering"',
      'Is this a streaming/SSE/long-download endpoint? Check the gap between chunks in the backend',
    ],
    fix: 'Raise proxy_read_timeout for streaming endpoints (and send keep-alive chunks/heartbeats), or fix the backend stall mid-response.',
    source: `${UPSTREAM_C}#L3933-L3940`,
    evidence: 'verified',
    fields: { code: 'ETIMEDOUT' },
  }),
  defineSignature({
    id: 'nginx/websocket-idle-timeout',
    catalog: 'NGX-08',
    platform: 'nginx',
    title: 'upstream timed out (110: Connection timed out) while proxying upgraded connection',
    keywords: ['proxying upgraded connection'],
    pattern: ngx(String.raw`upstream timed out \((?<errno>110|60): (?:Connection|Operation) timed out\) while proxying upgraded connection`),
    phase: 'read-body',
    status: null,
    meaning:
      'A WebSocket (or other upgraded) connection was idle in both directions for longer than proxy_read_timeout (default 60s), so nginx closed it. Logged at [info] level.',
    causes: { 'timeout-misaligned': 0.75, 'slow-upstream': 0.25 },
    checks: [
      'nginx -T | grep -n "proxy_read_timeout\\|proxy_send_timeout"   # in the WebSocket location',
      'Does the app send ping/pong frames more often than proxy_read_timeout?',
    ],
    fix: 'Send WebSocket pings more often than proxy_read_timeout, or raise proxy_read_timeout/proxy_send_timeout in the WebSocket location (e.g. 1h).',
    source: `${UPSTREAM_C}#L3733`,
    evidence: 'verified',
    fields: { code: 'ETIMEDOUT' },
  }),
  defineSignature({
    id: 'nginx/tls-handshake-timeout',
    catalog: 'NGX-09',
    platform: 'nginx',
    title: 'upstream timed out (110: Connection timed out) while SSL handshaking to upstream',
    keywords: ['upstream timed out'],
    pattern: ngx(String.raw`upstream timed out \((?<errno>110|60): (?:Connection|Operation) timed out\) while SSL handshaking to upstream`),
    phase: 'tls',
    status: 504,
    meaning:
      'TCP connected, but no TLS ServerHello came back within proxy_connect_timeout: usually a plaintext service on that port that waits for an HTTP request (proxy_pass https:// to an http port), or an overloaded TLS terminator.',
    causes: { 'tls-mismatch': 0.45, 'port-mismatch': 0.35, 'slow-upstream': 0.2 },
    checks: [
      'openssl s_client -connect {host}:{port} </dev/null   # does the port speak TLS at all?',
      'curl -sv http://{host}:{port}/   # does it answer plain HTTP instead?',
    ],
    fix: 'Use proxy_pass http:// for a plaintext backend, or point https:// at the backend’s TLS port.',
    source: `${UPSTREAM_C}#L1826`,
    evidence: 'verified',
    fields: { code: 'ETIMEDOUT' },
  }),

  // ── passive health ─────────────────────────────────────────────────────────────────────────────
  defineSignature({
    id: 'nginx/no-live-upstreams',
    catalog: 'NGX-10',
    platform: 'nginx',
    title: 'no live upstreams while connecting to upstream',
    keywords: ['no live upstreams'],
    // upstream: names the upstream{} block, not a peer: capture it as `backend`, not as a host.
    pattern: new RegExp(
      `no live upstreams while connecting to upstream` +
        NOT_STREAM +
        String.raw`(?:, client: (?<client>[^,\s]+))?(?:.{0,2000}?, upstream: "(?:(?<scheme>[a-z][a-z0-9+]*):\/\/)?(?<backend>[^/"]+)[^"]*")?`,
      'i',
    ),
    phase: 'health-check',
    status: 502,
    meaning:
      'Every server of the upstream{} block is currently marked failed (max_fails reached within fail_timeout) or down, so nginx did not even try to connect. The real cause is the error logged for the earlier requests (refused, timeout, reset…).',
    causes: { 'no-healthy-upstream': 0.45, 'outlier-ejection': 0.3, 'not-listening': 0.25 },
    checks: [
      'grep -B2 "upstream server temporarily disabled" error.log | head   # the error that marked the servers failed',
      'nginx -T | grep -n -A6 "upstream {backend}"   # servers, max_fails, fail_timeout, down/backup',
      'For each server of {backend}: `curl -sv http://<ip>:<port>/`',
    ],
    fix: 'Fix the error that marks the servers as failed (see the earlier error-log lines); tune max_fails/fail_timeout only after that.',
    source: `${UPSTREAM_C}#L1630-L1634`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/upstream-server-temporarily-disabled',
    catalog: 'NGX-11',
    platform: 'nginx',
    title: 'upstream server temporarily disabled while connecting to upstream',
    keywords: ['upstream server temporarily disabled'],
    pattern: ngx(`upstream server temporarily disabled while (?:connecting to|reading response header from|sending request to|SSL handshaking to) upstream`),
    phase: 'health-check',
    status: null,
    meaning:
      'This server just reached max_fails and is skipped for fail_timeout (default 10s). It is a [warn] that follows the real error on the same request and precedes "no live upstreams".',
    causes: { 'outlier-ejection': 0.6, 'no-healthy-upstream': 0.4 },
    checks: [
      'grep -B1 "upstream server temporarily disabled" error.log | head   # the error just before it is the cause',
      'curl -sv {scheme}://{host}:{port}/',
    ],
    fix: 'Fix the error that preceded it on this server; nginx will try the server again after fail_timeout.',
    source: `${NGINX_SRC}/src/http/ngx_http_upstream_round_robin.c#L1068`,
    evidence: 'verified',
  }),

  // ── the backend closed or reset ────────────────────────────────────────────────────────────────
  defineSignature({
    id: 'nginx/upstream-closed-before-header',
    catalog: 'NGX-12',
    platform: 'nginx',
    title: 'upstream prematurely closed connection while reading response header from upstream',
    keywords: ['upstream prematurely closed connection'],
    pattern: ngx(`upstream prematurely closed connection while reading response header from upstream`),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The backend closed the TCP connection (FIN) before sending complete response headers: it crashed or was restarted mid-request, closed a pooled keep-alive connection nginx reused, refused the request, or does not speak plain HTTP on that port (TLS-only port, h2c/gRPC-only).',
    causes: { 'upstream-reset': 0.4, 'keepalive-race': 0.25, 'protocol-mismatch': 0.2, 'tls-mismatch': 0.15 },
    checks: [
      'Check the backend logs at that time: crash, OOM kill (`dmesg | grep -i oom`), restart, or a request-size limit',
      'nginx -T | grep -n "keepalive"   # upstream keepalive: the backend idle timeout must be longer than nginx keepalive_timeout',
      'curl -sv http://{host}:{port}/ ; openssl s_client -connect {host}:{port} </dev/null   # plain HTTP or TLS on that port?',
    ],
    fix: 'Stop the backend from dying mid-request; with upstream keepalive make the backend idle timeout longer than nginx’s; use https:// or grpc_pass when the backend expects TLS or HTTP/2.',
    source: `${UPSTREAM_C}#L2547-L2550`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/upstream-closed-during-body',
    catalog: 'NGX-13',
    platform: 'nginx',
    title: 'upstream prematurely closed connection while reading upstream',
    keywords: ['upstream prematurely closed connection'],
    pattern: ngx(`upstream prematurely closed connection while reading upstream`),
    phase: 'read-body',
    status: null,
    meaning:
      'The backend closed the connection in the middle of the response body (fewer bytes than its Content-Length). The client got a truncated response; the access log often still shows 200.',
    causes: { 'upstream-reset': 0.65, 'resource-exhaustion': 0.35 },
    checks: [
      'Check the backend logs and `dmesg | grep -i oom` at that time: a crash or kill while streaming?',
      'Does the backend send a correct Content-Length (compression/middleware changing the body)?',
    ],
    fix: 'Find why the backend aborts mid-response (crash, OOM, worker timeout) and fix it; make sure Content-Length matches the body sent.',
    source: `${UPSTREAM_C}#L3995`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/upstream-reset-before-header',
    catalog: 'NGX-14',
    platform: 'nginx',
    title: 'recv() failed (104: Connection reset by peer) while reading response header from upstream',
    keywords: ['connection reset by peer'],
    pattern: ngx(String.raw`(?:recv|readv)\(\) failed \((?<errno>104|54): Connection reset by peer\) while reading response header from upstream`),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The backend answered with a TCP RST before sending response headers: the process crashed or was killed, closed a socket with unread data, reset an idle keep-alive connection nginx had just reused, or a sidecar/conntrack dropped the flow.',
    causes: { 'upstream-reset': 0.5, 'keepalive-race': 0.3, 'resource-exhaustion': 0.2 },
    checks: [
      'Check the backend logs and `dmesg | grep -i oom` at that time',
      'nginx -T | grep -n "keepalive"   # with upstream keepalive: backend idle timeout must exceed nginx keepalive_timeout',
      'Does it happen only on the first request after an idle period? (keep-alive race)',
    ],
    fix: 'Fix the backend crash/kill; with upstream keepalive set the backend keep-alive timeout longer than nginx’s keepalive_timeout, and allow retries with proxy_next_upstream for idempotent requests.',
    source: `${NGINX_SRC}/src/os/unix/ngx_recv.c#L190`,
    evidence: 'verified',
    fields: { code: 'ECONNRESET' },
  }),
  defineSignature({
    id: 'nginx/upstream-reset-during-body',
    catalog: 'NGX-15',
    platform: 'nginx',
    title: 'readv() failed (104: Connection reset by peer) while reading upstream',
    keywords: ['connection reset by peer'],
    // nginx 1.22 prints readv() here (verified); recv() per the catalog/source for other buffers.
    pattern: ngx(String.raw`(?:recv|readv)\(\) failed \((?<errno>104|54): Connection reset by peer\) while reading upstream`),
    phase: 'read-body',
    status: null,
    meaning: 'The backend reset the connection after the response had started: the client got a truncated body although the access log may show 200.',
    causes: { 'upstream-reset': 0.8, 'resource-exhaustion': 0.2 },
    checks: ['Check the backend logs and `dmesg | grep -i oom` at that time', 'Which request/response size triggers it? (timeouts or limits in the backend)'],
    fix: 'Find why the backend aborts its responses mid-way (crash, kill, worker timeout) and fix it.',
    source: `${NGINX_SRC}/src/os/unix/ngx_readv_chain.c`,
    evidence: 'verified',
    fields: { code: 'ECONNRESET' },
  }),
  defineSignature({
    id: 'nginx/send-request-failed',
    catalog: 'NGX-16',
    platform: 'nginx',
    title: 'writev() failed (32: Broken pipe / 104: Connection reset by peer) while sending request to upstream',
    keywords: ['while sending request to upstream'],
    pattern: ngx(
      String.raw`(?:writev|send|sendfile|SSL_write)\(\) failed \((?<errno>32|104|54): (?:Broken pipe|Connection reset by peer)\) while sending request to upstream`,
    ),
    phase: 'send',
    status: 502,
    meaning:
      'The backend closed or reset the connection while nginx was still writing the request (usually the body): a body-size limit in the backend, a reused keep-alive connection the backend had closed, or a backend crash.',
    causes: { 'keepalive-race': 0.4, 'upstream-reset': 0.35, 'config-error': 0.25 },
    checks: ['Check the backend logs: request body too large (413) or crash at that time', 'nginx -T | grep -n "keepalive\\|client_max_body_size"'],
    fix: 'Align body-size limits between nginx and the backend, make the backend keep-alive timeout longer than nginx’s, and fix backend crashes.',
    source: `${NGINX_SRC}/src/os/unix/ngx_writev_chain.c#L210`,
    evidence: 'verified',
  }),

  // ── DNS ────────────────────────────────────────────────────────────────────────────────────────
  defineSignature({
    id: 'nginx/host-not-found-in-upstream',
    catalog: 'NGX-17',
    platform: 'nginx',
    title: '[emerg] host not found in upstream "<host>" in <file>:<line>',
    keywords: ['host not found in upstream'],
    pattern: /host not found in upstream "(?<upstream>[^"]+)"(?: in (?<detail>\S+:\d+))?/i,
    phase: 'dns',
    status: null,
    meaning:
      'A name in proxy_pass or in an upstream{} server line could not be resolved when nginx loaded its configuration, so nginx refused to start or reload (a crash-looping container). Names are resolved once, at load time, with the system resolver.',
    causes: { 'dns-failure': 0.45, 'startup-order': 0.35, 'config-error': 0.2 },
    checks: [
      'getent hosts {host}   # from inside the nginx container/host',
      'docker compose ps; docker network inspect <network>   # is the backend running and on the same network?',
      'kubectl get svc -A | grep {host}   # in Kubernetes: right name/namespace? use <svc>.<ns>.svc.cluster.local',
    ],
    fix: 'Start the backend before nginx (depends_on with a healthcheck) and put both on the same network, fix the name; or use `resolver` + a variable in proxy_pass so nginx resolves at request time instead of refusing to start.',
    source: `${NGINX_SRC}/src/core/ngx_inet.c#L1142`,
    evidence: 'verified',
  }),
  // NGX-18 is split: NXDOMAIN (wrong/short name) and a failing resolver are different problems.
  defineSignature({
    id: 'nginx/resolver-host-not-found',
    catalog: 'NGX-18',
    platform: 'nginx',
    title: '<host> could not be resolved (3: Host not found)',
    keywords: ['could not be resolved'],
    pattern: ngx(String.raw`(?<![\w.-])(?<host>[\w.-]+) could not be resolved \((?<errno>3): Host not found\)`),
    phase: 'dns',
    status: 502,
    meaning:
      'nginx resolved the upstream name at request time (resolver + variable in proxy_pass) and the DNS server answered NXDOMAIN. nginx’s own resolver ignores /etc/resolv.conf search domains, so Kubernetes short names like `svc` or `svc.ns` fail.',
    causes: { 'dns-failure': 0.55, 'config-error': 0.45 },
    checks: [
      'dig +short {host} @<resolver ip>   # the exact name nginx asked for, against the resolver nginx uses',
      'nginx -T | grep -n "resolver\\|proxy_pass"',
      'kubectl get svc -A | grep <name>   # use the FQDN <svc>.<ns>.svc.cluster.local',
    ],
    fix: 'Use the fully qualified name (e.g. <svc>.<ns>.svc.cluster.local) in proxy_pass, or fix the typo / recreate the missing service.',
    source: `${UPSTREAM_C}#L1257-L1263`,
    evidence: 'verified',
    fields: { code: 'NXDOMAIN' },
  }),
  defineSignature({
    id: 'nginx/resolver-error',
    catalog: 'NGX-18',
    platform: 'nginx',
    title: '<host> could not be resolved (2: Server failure / 110: Operation timed out)',
    keywords: ['could not be resolved'],
    pattern: ngx(
      String.raw`(?<![\w.-])(?<host>[\w.-]+) could not be resolved \((?<errno>1|2|4|5|110): (?<detail>Format error|Server failure|Unimplemented|Operation refused|Operation timed out)\)`,
    ),
    phase: 'dns',
    status: 502,
    meaning:
      'nginx resolves the upstream name per request (resolver + variable in proxy_pass) and its `resolver` failed: it timed out, answered SERVFAIL or refused the query. Typical: `resolver 127.0.0.11` (Docker’s DNS) used outside Docker, or a kube-dns IP that is wrong/unreachable.',
    causes: { 'dns-failure': 0.6, 'config-error': 0.4 },
    checks: [
      'nginx -T | grep -n "resolver"   # which DNS server does nginx ask?',
      'dig {host} @<resolver ip>   # from the nginx host/container',
      'cat /etc/resolv.conf   # the nameserver that really works here',
    ],
    fix: 'Point `resolver` at a DNS server reachable from nginx (Docker: 127.0.0.11; Kubernetes: the kube-dns Service IP) and check it answers for that name.',
    source: `${NGINX_SRC}/src/core/ngx_resolver.c#L4412-L4420`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/no-resolver-defined',
    catalog: 'NGX-19',
    platform: 'nginx',
    title: 'no resolver defined to resolve <host>',
    keywords: ['no resolver defined'],
    pattern: ngx(String.raw`no resolver defined to resolve (?<host>[^\s,]+)(?![^\s,]| while requesting certificate status)`),
    phase: 'dns',
    status: 502,
    meaning: 'proxy_pass contains a variable, so nginx must resolve the name at request time, but no `resolver` directive is configured.',
    causes: { 'config-error': 0.75, 'dns-failure': 0.25 },
    checks: ['nginx -T | grep -n "proxy_pass .*\\$\\|resolver"'],
    fix: 'Add a `resolver` directive (Docker: `resolver 127.0.0.11 valid=10s;`, Kubernetes: the kube-dns IP) or use a literal host in proxy_pass.',
    source: `${UPSTREAM_C}#L806-L811`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/no-port-in-upstream',
    catalog: 'NGX-20',
    platform: 'nginx',
    title: 'no port in upstream "<host>"',
    keywords: ['no port in upstream'],
    pattern: ngx(`no port in upstream "(?<host>[^"]+)"`),
    phase: 'connect',
    status: 500,
    meaning:
      'An upstream address built from a variable (fastcgi_pass/uwsgi_pass/grpc_pass $var, which have no default port) contains no port, so nginx cannot connect.',
    causes: { 'config-error': 0.7, 'port-mismatch': 0.3 },
    checks: ['nginx -T | grep -n "_pass .*\\$"   # what does the variable expand to?'],
    fix: 'Include the port in the variable or in the *_pass directive (e.g. `fastcgi_pass $php_host:9000;`).',
    source: `${UPSTREAM_C}#L766-L775`,
    evidence: 'verified',
  }),

  // ── bad responses ──────────────────────────────────────────────────────────────────────────────
  defineSignature({
    id: 'nginx/upstream-header-too-big',
    catalog: 'NGX-21',
    platform: 'nginx',
    title: 'upstream sent too big header while reading response header from upstream',
    keywords: ['upstream sent too big header'],
    pattern: ngx(`upstream sent too big header while reading response header from upstream`),
    phase: 'read-headers',
    status: 502,
    meaning: 'The backend’s response headers do not fit in proxy_buffer_size (default one memory page, 4k/8k): large cookies, JWTs, CSP or Link headers.',
    causes: { 'config-error': 0.7, other: 0.3 },
    checks: [
      'curl -s -D - -o /dev/null {scheme}://{host}:{port}/ | wc -c   # size of the backend response headers',
      'nginx -T | grep -n "proxy_buffer_size\\|proxy_buffers\\|fastcgi_buffer_size"',
    ],
    fix: 'Raise proxy_buffer_size (and proxy_buffers / fastcgi_buffer_size), e.g. 16k–32k, or shrink the headers (cookies/tokens).',
    source: `${UPSTREAM_C}#L2583-L2590`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/upstream-invalid-header',
    catalog: 'NGX-22',
    platform: 'nginx',
    title: 'upstream sent invalid header while reading response header from upstream',
    keywords: ['upstream sent invalid header'],
    pattern: ngx(`upstream sent invalid header(?:: "(?<detail>[^"]{0,200})")? while reading response header from upstream`),
    phase: 'read-headers',
    status: 502,
    meaning: 'The backend sent a header line nginx cannot parse (illegal bytes, bad folding): a buggy backend, or a service speaking another protocol.',
    causes: { 'protocol-mismatch': 0.55, other: 0.45 },
    checks: ['curl -sv --raw {scheme}://{host}:{port}/ 2>&1 | head -40   # look at the raw headers'],
    fix: 'Fix the header the backend generates (see the quoted header in the message); make sure the port speaks HTTP/1.x.',
    source: `${NGINX_SRC}/src/http/modules/ngx_http_proxy_module.c#L2057`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/upstream-not-http',
    catalog: 'NGX-23',
    platform: 'nginx',
    title: 'upstream sent no valid HTTP/1.0 header while reading response header from upstream',
    keywords: ['no valid http/1.0 header', '" 009 '],
    // The access log shows status 009 for such a request (verified with nginx 1.22).
    pattern: new RegExp(
      String.raw`(?:upstream sent no valid HTTP/1\.0 header while reading response header from upstream` +
        context() +
        String.raw`|"[A-Z]+ [^"]*" (?<status>009) \d+ )`,
      'i',
    ),
    phase: 'read-headers',
    status: 200,
    meaning:
      'The reply does not start with an HTTP status line, so nginx treated it as HTTP/0.9 and passed the raw bytes through with status 200 (logged as 009): proxying HTTP to a non-HTTP port (Redis, Postgres, gRPC/h2c, php-fpm via proxy_pass instead of fastcgi_pass, a TLS port).',
    causes: { 'protocol-mismatch': 0.5, 'port-mismatch': 0.3, 'tls-mismatch': 0.2 },
    checks: [
      'curl -sv --http0.9 http://{host}:{port}/ | head -c 200   # what does the port really answer?',
      'nginx -T | grep -n "proxy_pass\\|fastcgi_pass\\|grpc_pass"',
    ],
    fix: 'Point proxy_pass at the service’s HTTP port, or use the matching directive (fastcgi_pass for php-fpm, grpc_pass for gRPC, https:// for TLS).',
    source: `${NGINX_SRC}/src/http/modules/ngx_http_proxy_module.c#L1823-L1848`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/upstream-invalid-framing-header',
    catalog: 'NGX-24',
    platform: 'nginx',
    title: 'upstream sent duplicate header line / "Content-Length" and "Transfer-Encoding" / invalid "Content-Length"',
    keywords: [
      'upstream sent duplicate header line',
      'upstream sent "content-length" and',
      'upstream sent invalid "content-length"',
      'upstream sent unknown "transfer-encoding"',
    ],
    // Added in nginx 1.23.0; nginx 1.22 silently accepted both cases (checked).
    pattern: ngx(
      `upstream sent (?<detail>duplicate header line: "[^"]{0,200}"|"Content-Length" and "Transfer-Encoding" headers at the same time|invalid "Content-Length" header: "[^"]{0,200}"|unknown "Transfer-Encoding": "[^"]{0,200}")`,
    ),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The backend response has ambiguous HTTP framing (duplicate Content-Length, both Content-Length and Transfer-Encoding, …); nginx rejects it as a request-smuggling guard (nginx ≥ 1.23).',
    causes: { 'protocol-mismatch': 0.6, other: 0.4 },
    checks: ['curl -sv --raw {scheme}://{host}:{port}/ 2>&1 | grep -i "content-length\\|transfer-encoding"'],
    fix: 'Fix the backend (or middleware) that adds the duplicate/conflicting framing header.',
    source: `${UPSTREAM_C}#L4954-L5510`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'nginx/upstream-invalid-body-framing',
    catalog: 'NGX-25',
    platform: 'nginx',
    title: 'upstream sent invalid chunked response / more data than specified in "Content-Length" header',
    keywords: ['upstream sent invalid chunked response', 'upstream sent more data than specified', 'upstream sent data after final chunk'],
    pattern: ngx(`upstream sent (?<detail>invalid chunked response|more data than specified in "Content-Length" header|data after final chunk)`),
    phase: 'read-body',
    status: null,
    meaning:
      'The backend’s body does not match its own framing (broken chunked encoding, more bytes than Content-Length): the response is truncated or corrupted, or a 502 if nothing was sent yet.',
    causes: { 'protocol-mismatch': 0.6, 'upstream-reset': 0.4 },
    checks: ['curl -sv --raw {scheme}://{host}:{port}/ -o /tmp/body.raw; head -c 300 /tmp/body.raw'],
    fix: 'Fix the backend or middleware that computes Content-Length / chunking (often compression or a body rewrite after the length was set).',
    source: `${NGINX_SRC}/src/http/modules/ngx_http_proxy_module.c#L2145-L2261`,
    evidence: 'verified',
  }),

  // ── TLS to the upstream ────────────────────────────────────────────────────────────────────────
  defineSignature({
    id: 'nginx/tls-to-plaintext-port',
    catalog: 'NGX-26',
    platform: 'nginx',
    title: 'SSL_do_handshake() failed (…:wrong version number) while SSL handshaking to upstream',
    keywords: ['wrong version number'],
    // OpenSSL 3: "error:0A00010B:SSL routines::wrong version number"; 1.1.1: "error:1408F10B:SSL routines:ssl3_get_record:…".
    pattern: ngx(
      String.raw`SSL_do_handshake\(\) failed \(SSL: error:(?<code>[0-9A-F]{8}):SSL routines:\w*:wrong version number[^)]{0,80}\) while SSL handshaking to upstream`,
    ),
    phase: 'tls',
    status: 502,
    meaning: 'nginx started a TLS handshake (proxy_pass https:// or grpcs://) but the port answered in plaintext, so the reply was parsed as a bad TLS record.',
    causes: { 'tls-mismatch': 0.6, 'port-mismatch': 0.4 },
    checks: ['curl -sv http://{host}:{port}/   # answers plain HTTP?', 'nginx -T | grep -n "proxy_pass https"'],
    fix: 'Use proxy_pass http:// for this port, or point https:// at the backend’s TLS port.',
    source: `${NGINX_SRC}/src/event/ngx_event_openssl.c#L2342`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/tls-handshake-rejected',
    catalog: 'NGX-27',
    platform: 'nginx',
    title: 'SSL_do_handshake() failed (…alert…) while SSL handshaking to upstream',
    keywords: ['ssl_do_handshake() failed'],
    pattern: ngx(
      String.raw`SSL_do_handshake\(\) failed \(SSL: error:(?<code>[0-9A-F]{8}):SSL routines:\w*:(?<detail>(?:sslv3|tlsv1[0-3]?) alert [a-z ]+|tlsv1 unrecognized name|no protocols available|unsupported protocol|no shared cipher|no suitable signature algorithm)[^)]{0,80}\) while SSL handshaking to upstream`,
    ),
    phase: 'tls',
    status: 502,
    meaning:
      'The upstream refused the TLS handshake: SNI not sent (proxy_ssl_server_name is off by default) to an SNI-routed endpoint, TLS version/cipher mismatch, or the upstream requires a client certificate nginx does not present.',
    causes: { 'tls-mismatch': 0.6, 'config-error': 0.4 },
    checks: [
      'openssl s_client -connect {host}:{port} -servername <name> </dev/null   # with SNI',
      'openssl s_client -connect {host}:{port} -noservername </dev/null   # without SNI, as nginx sends by default',
      'nginx -T | grep -n "proxy_ssl_"',
    ],
    fix: 'Set `proxy_ssl_server_name on;` (and proxy_ssl_name), align proxy_ssl_protocols/ciphers with the upstream, or configure proxy_ssl_certificate for mTLS.',
    source: `${NGINX_SRC}/src/event/ngx_event_openssl.c#L2342`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/upstream-cert-verify-failed',
    catalog: 'NGX-28',
    platform: 'nginx',
    title: 'upstream SSL certificate verify error: (<n>:<reason>) while SSL handshaking to upstream',
    keywords: ['upstream ssl certificate verify error'],
    pattern: ngx(String.raw`upstream SSL certificate verify error: \((?<detail>\d+:[^)]+)\) while SSL handshaking to upstream`),
    phase: 'tls',
    status: 502,
    meaning:
      'With proxy_ssl_verify on, the upstream certificate could not be validated: its issuer is not in proxy_ssl_trusted_certificate (self-signed/internal CA, missing intermediate), or it expired.',
    causes: { 'tls-mismatch': 0.55, 'config-error': 0.45 },
    checks: [
      'openssl s_client -connect {host}:{port} -showcerts </dev/null | openssl x509 -noout -issuer -subject -dates',
      'nginx -T | grep -n "proxy_ssl_trusted_certificate\\|proxy_ssl_verify"',
    ],
    fix: 'Add the issuing CA (and intermediates) to proxy_ssl_trusted_certificate, make the upstream send its full chain, or renew the expired certificate.',
    source: `${UPSTREAM_C}#L1876-L1883`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/upstream-cert-name-mismatch',
    catalog: 'NGX-29',
    platform: 'nginx',
    title: 'upstream SSL certificate does not match "<name>" while SSL handshaking to upstream',
    keywords: ['upstream ssl certificate does not match'],
    pattern: ngx(`upstream SSL certificate does not match "(?<detail>[^"]+)" while SSL handshaking to upstream`),
    phase: 'tls',
    status: 502,
    meaning:
      'The upstream certificate does not list the name nginx verified against (proxy_ssl_name, by default the host from proxy_pass — often an IP or upstream{} block name).',
    causes: { 'tls-mismatch': 0.55, 'config-error': 0.45 },
    checks: [
      'openssl s_client -connect {host}:{port} </dev/null 2>/dev/null | openssl x509 -noout -ext subjectAltName',
      'nginx -T | grep -n "proxy_ssl_name\\|proxy_pass https"',
    ],
    fix: 'Set proxy_ssl_name (and proxy_ssl_server_name on) to a name in the certificate’s SANs, or reissue the certificate for the name used.',
    source: `${UPSTREAM_C}#L1885-L1889`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/tls-peer-closed-handshake',
    catalog: 'NGX-30',
    platform: 'nginx',
    title: 'peer closed connection in SSL handshake while SSL handshaking to upstream',
    keywords: ['peer closed connection in ssl handshake'],
    pattern: ngx(String.raw`peer closed connection in SSL handshake(?: \((?<errno>104|54): Connection reset by peer\))? while SSL handshaking to upstream`),
    phase: 'tls',
    status: 502,
    meaning:
      'The upstream closed (or reset) the connection during the TLS handshake: it does not speak TLS on that port and hung up on the ClientHello, requires mTLS (e.g. an Istio STRICT sidecar) or a specific SNI, or its TLS listener is overloaded.',
    causes: { 'tls-mismatch': 0.5, 'protocol-mismatch': 0.3, 'upstream-reset': 0.2 },
    checks: [
      'openssl s_client -connect {host}:{port} -servername <name> </dev/null',
      'kubectl get peerauthentication -A   # Istio STRICT mTLS in front of the backend?',
    ],
    fix: 'Make nginx speak what the port expects: correct TLS port and SNI (proxy_ssl_server_name on), client certificate for mTLS, or plain http:// if the backend is not TLS.',
    source: `${NGINX_SRC}/src/event/ngx_event_openssl.c#L2326-L2328`,
    evidence: 'verified',
  }),

  // ── FastCGI / gRPC ─────────────────────────────────────────────────────────────────────────────
  defineSignature({
    id: 'nginx/fastcgi-closed-stdout',
    catalog: 'NGX-31',
    platform: 'nginx',
    title: 'upstream prematurely closed FastCGI stdout while reading response header from upstream',
    keywords: ['upstream prematurely closed fastcgi'],
    pattern: ngx(`upstream prematurely closed FastCGI (?:stdout|request) while reading (?:response header from )?upstream`),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The FastCGI worker (usually php-fpm) ended the request without sending response headers: a PHP fatal error or segfault, request_terminate_timeout/max_execution_time, or the worker was OOM-killed.',
    causes: { 'upstream-reset': 0.5, 'slow-upstream': 0.3, 'resource-exhaustion': 0.2 },
    checks: [
      'tail -50 /var/log/php*-fpm.log   # "child … exited on signal", "execution timed out"',
      'grep -n "request_terminate_timeout\\|pm.max_children" /etc/php/*/fpm/pool.d/*.conf',
      'dmesg | grep -i -e oom -e segfault',
    ],
    fix: 'Fix the PHP fatal/segfault or the slow script (see the php-fpm log); align request_terminate_timeout with fastcgi_read_timeout.',
    source: `${NGINX_SRC}/src/http/modules/ngx_http_fastcgi_module.c#L2273-L2297`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/grpc-backend-not-http2',
    catalog: 'NGX-32',
    platform: 'nginx',
    title: 'upstream sent too large http2 frame: <n> while reading response header from upstream',
    keywords: ['upstream sent too large http2 frame'],
    pattern: ngx(String.raw`upstream sent too large http2 frame: (?<detail>\d+) while reading response header from upstream`),
    phase: 'read-headers',
    status: 502,
    meaning:
      'grpc_pass expected an HTTP/2 frame but the backend answered with HTTP/1.x (e.g. "HTTP/1.1 400" decodes as a huge frame length such as 4740180): the target does not speak h2c, or it is a TLS port that needs grpcs://.',
    causes: { 'protocol-mismatch': 0.55, 'tls-mismatch': 0.25, 'port-mismatch': 0.2 },
    checks: ['curl -sv --http2-prior-knowledge http://{host}:{port}/   # does the port speak cleartext HTTP/2?', 'nginx -T | grep -n "grpc_pass"'],
    fix: 'Point grpc_pass at the backend’s gRPC (h2c) port, or use grpcs:// when the backend serves gRPC over TLS.',
    source: `${NGINX_SRC}/src/http/modules/ngx_http_grpc_module.c#L2688`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'nginx/grpc-upstream-reset',
    catalog: 'NGX-33',
    platform: 'nginx',
    title: 'upstream sent goaway / rst stream / rejected request (gRPC)',
    keywords: ['upstream sent goaway', 'upstream prematurely closed stream', 'upstream sent rst stream', 'upstream rejected request'],
    // "rejected request with error 7" reproduced with nginx 1.22 (REFUSED_STREAM); the others are from source.
    pattern: ngx(
      String.raw`upstream (?<detail>sent goaway with error \d+|prematurely closed stream|sent rst stream frame[^,]{0,80}|rejected request with error \d+)`,
    ),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The HTTP/2 (gRPC) backend closed the connection (GOAWAY) or the stream (RST_STREAM, e.g. error 7 REFUSED_STREAM): restart, max-connection-age, or overload.',
    causes: { 'upstream-reset': 0.65, 'keepalive-race': 0.35 },
    checks: [
      'Check the backend logs around that time: restarts, max connection age/idle settings, overload',
      'nginx -T | grep -n "grpc_next_upstream\\|keepalive"',
    ],
    fix: 'Let nginx retry refused streams (grpc_next_upstream error) and make the backend drain connections gracefully (GOAWAY with NO_ERROR) on restart.',
    source: `${NGINX_SRC}/src/http/modules/ngx_http_grpc_module.c#L1846`,
    evidence: 'verified',
  }),

  // ── client side / stream / access log ──────────────────────────────────────────────────────────
  defineSignature({
    id: 'nginx/client-closed-request',
    catalog: 'NGX-34',
    platform: 'nginx',
    title: 'client prematurely closed connection (499)',
    keywords: ['client prematurely closed connection', '" 499 '],
    pattern: new RegExp(
      `(?:client prematurely closed connection(?:, so upstream connection is closed too)? while (?:reading response header from|sending request to|SSL handshaking to|connecting to) upstream` +
        context() +
        String.raw`|"[A-Z]+ [^"]*" (?<status>499) \d+ )`,
      'i',
    ),
    phase: 'read-headers',
    status: 499,
    meaning:
      'The client gave up (closed its connection) before the backend answered; nginx logs 499 and drops the upstream request. The client’s or the load balancer’s timeout is shorter than the backend’s response time.',
    causes: { 'timeout-misaligned': 0.55, 'slow-upstream': 0.45 },
    checks: [
      "awk '$9 == 499' access.log | tail   # which endpoints, and $request_time of those requests",
      'Compare the client / load-balancer timeout (e.g. ALB idle timeout 60s) with nginx proxy_read_timeout and the backend latency',
    ],
    fix: 'Make the slow endpoint faster (or asynchronous), or raise the client/load-balancer timeout above the backend’s real response time.',
    source: `${UPSTREAM_C}#L1395-L1493`,
    evidence: 'verified',
    fields: { status: '499' },
  }),
  defineSignature({
    id: 'nginx/stream-proxy-failure',
    catalog: 'NGX-35',
    platform: 'nginx',
    title: 'stream proxy: connect() failed / upstream timed out / no live upstreams (TCP/UDP)',
    keywords: ['while connecting to upstream'],
    pattern: new RegExp(
      String.raw`(?:connect\(\) failed \((?<errno>\d+): (?<detail>[^)]+)\)|upstream timed out \((?<errno_2>110|60): [^)]+\)|no live upstreams) while connecting to upstream, client: (?<client>[^,\s]+), ` +
        String.raw`${STREAM_SERVER_CONTEXT}(?<upstream>(?![a-z][a-z0-9+.-]*:\/\/)[^"]+)"`,
      'i',
    ),
    // HTTP lines share the message: the listener's port before the upstream is what only stream lines have
    // (their regex fails late, after the whole context, on every HTTP refusal).
    requires: [new RegExp(STREAM_SERVER_CONTEXT, 'i')],
    phase: 'connect',
    status: null,
    meaning:
      'The nginx stream (TCP/UDP) proxy could not connect to its upstream (refused, timed out, or all servers marked failed); the client’s TCP connection is simply closed — there is no HTTP status.',
    causes: { 'not-listening': 0.45, 'network-blocked': 0.3, 'no-healthy-upstream': 0.25 },
    checks: ['nc -vz -w 5 {host} {port}   # from the nginx host', 'ss -ltnp "sport = :{port}"   # on the backend'],
    fix: 'Start the backend service or point the stream upstream at the address and port where it listens; open the network path.',
    source: `${NGINX_SRC}/src/stream/ngx_stream_proxy_module.c#L764`,
    evidence: 'src',
  }),
  // NGX-36 is split by what the timing fields prove: never connected / connected but no header / unknown.
  defineSignature({
    id: 'nginx/access-log-upstream-never-connected',
    catalog: 'NGX-36',
    platform: 'nginx',
    title: 'access log: $upstream_status 502/504 with $upstream_connect_time "-"',
    keywords: ['upstream_connect_time', ' uct='],
    pattern: new RegExp(STATUS_CAPTURE + alsoInLine(CONNECT_TIME_DASH) + UPSTREAM_ADDR_CAPTURE, 'i'),
    // The field alone, without the 800-character windows: a line whose last connect time is a number (a 504 after
    // connecting, a retry that got through) is refused here for a fraction of the pattern's failure.
    requires: [new RegExp(CONNECT_TIME_DASH, 'i')],
    phase: 'connect',
    status: [502, 504],
    meaning:
      'The access log shows the upstream attempt failed before a connection (TCP and, for https, TLS) was established: $upstream_connect_time is "-". Look for the matching connect()/SSL error in the error log.',
    causes: { 'not-listening': 0.4, 'network-blocked': 0.25, 'tls-mismatch': 0.15, 'wrong-host-localhost': 0.1, 'port-mismatch': 0.1 },
    checks: [
      'grep "while connecting to upstream\\|while SSL handshaking to upstream" error.log | tail',
      'curl -sv {scheme}://{host}:{port}/   # the address from $upstream_addr',
    ],
    fix: 'Fix the connection to the address in $upstream_addr (see the error-log line for refused/timeout/TLS).',
    source: `${UPSTREAM_C}#L414-L446`,
    evidence: 'verified',
    restatesErrorLog: true,
  }),
  defineSignature({
    id: 'nginx/access-log-upstream-no-header',
    catalog: 'NGX-36',
    platform: 'nginx',
    title: 'access log: $upstream_status 502/504, connected but $upstream_header_time "-"',
    keywords: ['upstream_header_time', ' uht='],
    pattern: new RegExp(
      STATUS_CAPTURE +
        `(?:${alsoInLine(CONNECT_TIME_FIELD + LAST_NUMBER)}|(?<=504)${notInLine(CONNECT_TIME_FIELD)})` +
        alsoInLine(HEADER_TIME_DASH) +
        UPSTREAM_ADDR_CAPTURE,
      'i',
    ),
    requires: [new RegExp(HEADER_TIME_DASH, 'i')],
    phase: 'read-headers',
    status: [502, 504],
    meaning:
      'The access log shows nginx never received a response header ($upstream_header_time is "-") although it connected ($upstream_connect_time is a number) or, when the format does not log the connect time, the status is 504 (a timeout; a refused connection logs 502, so this is a backend too slow to answer or, less often, a connect timeout): the backend timed out, closed, reset, or sent something that is not valid HTTP.',
    causes: { 'slow-upstream': 0.35, 'upstream-reset': 0.3, 'keepalive-race': 0.2, 'protocol-mismatch': 0.15 },
    checks: ['grep "while reading response header from upstream" error.log | tail', 'Check the backend logs for that request (crash, slow handler)'],
    fix: 'See the error-log line for the same request: a 504 means the backend is too slow for proxy_read_timeout, a 502 that it closed/reset or answered garbage.',
    source: `${UPSTREAM_C}#L414-L446`,
    evidence: 'verified',
    restatesErrorLog: true,
  }),
  defineSignature({
    id: 'nginx/access-log-upstream-error',
    catalog: 'NGX-36',
    platform: 'nginx',
    title: 'access log: $upstream_status 502/504',
    keywords: ['upstream_status', ' us='],
    pattern: new RegExp(STATUS_CAPTURE + UPSTREAM_ADDR_CAPTURE, 'i'),
    phase: 'connect',
    status: [502, 504],
    meaning:
      'The access log shows nginx itself produced a 502/504 for an upstream attempt ($upstream_status). Several comma-separated values mean proxy_next_upstream retried other servers. The error log line of the same request tells which phase failed.',
    causes: { 'not-listening': 0.4, 'slow-upstream': 0.3, 'upstream-reset': 0.3 },
    checks: [
      'grep "upstream" error.log | tail   # the error-log line for the same time',
      'curl -sv {scheme}://{host}:{port}/   # the address from $upstream_addr',
    ],
    fix: 'Follow the matching error-log line (refused, timed out, reset…) for the address in $upstream_addr.',
    source: `${UPSTREAM_C}#L414-L446`,
    evidence: 'verified',
    restatesErrorLog: true,
    generic: true,
  }),
];
