import { defineSignature } from '../../core/define-signature.js';

const HAP_SRC = 'https://github.com/haproxy/haproxy/blob/50872daa';
const HAP_DOC = 'https://docs.haproxy.org/2.8/configuration.html';
/** Section 8.5 "Session state at disconnection" (termination-state table). */
const STATE_DOC = `${HAP_DOC}#8.5`;

/** HAProxy proxy/server names: letters, digits, `-`, `_`, `.`, `:`. */
const NAME = String.raw`[\w.:-]+`;

/**
 * A termination state in its real context. The first two letters are matched case-sensitively
 * (`SC` ≠ `sC`), so the pattern has no `i` flag. Three contexts are accepted:
 *  - an HTTP log line: `<backend>/<server> TR/Tw/Tc/Tr/Ta <status> <bytes> - - <state> <conns>`
 *    (the two cookie fields are optional, for custom log-formats);
 *  - a TCP log line: `<backend>/<server> Tw/Tc/Tt <bytes> <state> <actconn>/…`;
 *  - prose or structured logs: `termination state SC--`, `termination_state=SC--`, `"tsc":"SC--"`.
 *
 * @param states regex alternatives for the first two characters, e.g. `SC` or `C[CHQ]|cH`
 * @param server `named` excludes `<NOSRV>`, `nosrv` requires it, `any` accepts both
 * @param status regex for the HTTP status column
 */
function terminationState(states: string, server: 'named' | 'nosrv' | 'any', status = String.raw`-?\d{1,3}`): RegExp {
  const srv = server === 'named' ? NAME : server === 'nosrv' ? '<NOSRV>' : `<NOSRV>|${NAME}`;
  const http = String.raw`(?<![\w.:-])(?<backend>${NAME})\/(?<server>${srv}) (?:-?\d+\/){4}\+?-?\d+ (?<status>${status}) \+?\d+ (?:\S+ \S+ )?(?<termination>(?:${states})[-A-Za-z]{2})(?= )`;
  const tcp = String.raw`(?<![\w.:-])(?<backend_2>${NAME})\/(?<server_2>${srv}) -?\d+\/-?\d+\/\+?-?\d+ \+?\d+ (?<termination_2>(?:${states})(?:[-A-Za-z]{2})?) \d+\/\d+\/`;
  const prose = String.raw`(?:[Tt]ermination|[Ss]ession)[ _-]?[Ss]tate(?: (?:is|was|of))?["':= ]{1,4}(?<termination_3>(?:${states})(?:[-A-Za-z]{2})?)(?![A-Za-z])|\btsc["':= ]{1,4}(?<termination_4>(?:${states})(?:[-A-Za-z]{2})?)(?![A-Za-z])`;
  // Prose is only accepted where no server context is required.
  return new RegExp(server === 'nosrv' ? `${http}|${tcp}` : `${http}|${tcp}|${prose}`);
}

/** Prefilter keywords for two-letter states: the state preceded by a separator as it appears in logs. */
function stateKeywords(states: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of states) for (const sep of [' ', '"', "'", ':', '=']) out.add(`${sep}${s.toLowerCase()}`);
  return [...out];
}

const SERVER_PREFIX = String.raw`(?:(?:Backup )?Server (?<backend>${NAME})\/(?<server>${NAME}) is DOWN, |Health check for (?:backup )?server (?<backend_2>${NAME})\/(?<server_2>${NAME}) failed, )`;

const SHOW_STATE = 'echo "show servers state {backend}" | socat stdio /run/haproxy/admin.sock';
const SHOW_STAT = 'echo "show stat" | socat stdio /run/haproxy/admin.sock | grep "^{backend},"';
const CFG_SERVER = 'grep -nE "^\\s*(backend|server|default-server|timeout) " /etc/haproxy/haproxy.cfg';

const DOWN_KILL_STATES = ['D', 'U', 'K', 'I'].flatMap((a) => ['R', 'Q', 'C', 'H', 'D', 'L', 'T'].map((b) => a + b));
const CLIENT_WAIT_STATES = ['CC', 'CQ', 'CH', 'cH'];
const CLIENT_SIDE_STATES = ['CR', 'cR', 'CD', 'cD', 'CL', 'cL', 'CT', 'cT'];

export const signatures = [
  defineSignature({
    id: 'haproxy/no-server-available',
    catalog: 'HAP-503-NOSRV',
    platform: 'haproxy',
    title: '503 <NOSRV>: no server is available to handle this request',
    keywords: ['<nosrv>', 'no server is available to handle this request'],
    pattern: new RegExp(`${terminationState('SC|sC|SQ|sQ', 'nosrv', '503').source}|No server is available to handle this request`),
    phase: 'health-check',
    status: 503,
    meaning:
      'HAProxy did not even try a server: every server of the backend is DOWN (failed health checks), in maintenance, unresolved (DNS-based servers, empty server-template slots), or the request expired in the queue. The log shows `<NOSRV>` as the server name.',
    causes: { 'no-healthy-upstream': 0.45, 'no-endpoints': 0.25, 'dns-failure': 0.15, 'not-listening': 0.1, 'resource-exhaustion': 0.05 },
    checks: [SHOW_STATE, 'grep -E "is DOWN|has no server available|enters maintenance" /var/log/haproxy.log | tail -n 20', CFG_SERVER],
    fix: 'Find why the servers are DOWN (the "Server … is DOWN, reason: …" line tells which check step failed) and fix the backend or the health check; make sure the backend has at least one resolvable, listening server.',
    source: `${HAP_SRC}/src/http.c#L344`,
    evidence: 'verified',
    fields: { server: '<NOSRV>' },
  }),
  defineSignature({
    id: 'haproxy/server-refused-connection',
    catalog: 'HAP-SC',
    platform: 'haproxy',
    title: 'termination state SC: server refused the connection',
    keywords: stateKeywords(['SC']),
    pattern: terminationState('SC', 'named'),
    phase: 'connect',
    status: [503, 502],
    meaning:
      'HAProxy could not open the TCP connection to the server: it was refused (RST) or unreachable (ICMP, no route), or the TLS handshake to an `ssl` server failed. Tc is -1 because no connection was ever established; HAProxy retried (`retries`) and answered 503.',
    causes: { 'not-listening': 0.4, 'port-mismatch': 0.25, 'network-blocked': 0.15, 'wrong-host-localhost': 0.1, 'tls-mismatch': 0.1 },
    checks: [SHOW_STATE, 'nc -vz <server-address> <server-port>   # from the HAProxy host/container', CFG_SERVER],
    fix: 'Point the `server` line at the address and port the backend really listens on (not 127.0.0.1 from inside a container), or start the backend; add `check` so dead servers are taken out of rotation.',
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/connect-timeout',
    catalog: 'HAP-sC',
    platform: 'haproxy',
    title: 'termination state sC: timeout connect expired',
    keywords: stateKeywords(['sC']),
    pattern: terminationState('sC', 'named'),
    phase: 'connect',
    status: [503, 504],
    meaning:
      "`timeout connect` expired before the TCP connection to the server completed: the SYN got no answer at all (dropped by a firewall or security group, wrong IP, host down) or the server's accept queue is full.",
    causes: { 'network-blocked': 0.45, 'resource-exhaustion': 0.25, 'no-endpoints': 0.15, 'wrong-host-localhost': 0.05, 'port-mismatch': 0.1 },
    checks: [
      SHOW_STATE,
      'timeout 5 bash -c "</dev/tcp/<server-address>/<server-port>" && echo open   # from the HAProxy host',
      'ss -ltn "sport = :<server-port>"   # on the backend: Recv-Q close to the backlog means the accept queue is full',
    ],
    fix: 'Open the path from HAProxy to the server (firewall, security group, network policy) or fix the server address; if the backend is overloaded, add capacity or limit `maxconn` per server.',
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/server-aborted-before-headers',
    catalog: 'HAP-SH',
    platform: 'haproxy',
    title: 'termination state SH: server aborted before sending complete headers',
    keywords: stateKeywords(['SH']),
    pattern: terminationState('SH', 'named'),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The connection to the server was established and the request sent, but the server closed or reset it before sending complete response headers (crash, worker killed, keep-alive connection closed by the server while HAProxy reused it).',
    causes: { 'upstream-reset': 0.45, 'keepalive-race': 0.3, 'resource-exhaustion': 0.15, 'protocol-mismatch': 0.1 },
    checks: [
      'Check the backend application logs and restarts at the time of the 502 (OOM kills, crashes)',
      'grep -nE "http-reuse|timeout (server|http-keep-alive)" /etc/haproxy/haproxy.cfg',
      SHOW_STAT,
    ],
    fix: "Fix the crash in the backend; if it happens on reused connections, make the backend's keep-alive timeout longer than HAProxy's idle reuse or set `http-reuse never`, and consider `retry-on conn-failure empty-response`.",
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/server-timeout-before-headers',
    catalog: 'HAP-sH',
    platform: 'haproxy',
    title: 'termination state sH: timeout server expired before response headers',
    keywords: stateKeywords(['sH']),
    pattern: terminationState('sH', 'named'),
    phase: 'read-headers',
    status: 504,
    meaning:
      "The server accepted the connection and the request but did not return response headers within `timeout server`, so HAProxy answered 504. This is HAProxy's most common anomaly: a slow backend or a timeout shorter than the application's latency.",
    causes: { 'slow-upstream': 0.5, 'timeout-misaligned': 0.35, 'resource-exhaustion': 0.15 },
    checks: [
      'grep -nE "timeout (server|connect|queue)" /etc/haproxy/haproxy.cfg',
      'time curl -sS -o /dev/null -w "%{http_code} %{time_starttransfer}\\n" http://<server-address>:<server-port>/<path>',
      'Check backend latency (DB, downstream calls) at the time of the 504',
    ],
    fix: 'Make the backend answer faster, or raise `timeout server` for this backend above its real worst-case latency.',
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/server-died-during-data',
    catalog: 'HAP-SD',
    platform: 'haproxy',
    title: 'termination state SD: server connection died during the data phase',
    keywords: stateKeywords(['SD']),
    pattern: terminationState('SD', 'named'),
    phase: 'read-body',
    status: null,
    meaning:
      'The response had already started (the logged status is what was sent), then the server connection died with an error (RST, ICMP) or sent an invalid body: the client got a truncated response.',
    causes: { 'upstream-reset': 0.55, 'network-blocked': 0.2, 'resource-exhaustion': 0.15, 'protocol-mismatch': 0.1 },
    checks: ['Check the backend logs for crashes or restarts at that time', 'dmesg -T | grep -i -E "oom|killed process"   # on the backend host', SHOW_STAT],
    fix: 'Fix what kills the backend mid-response (crash, OOM, restart without draining); drain servers before deploys.',
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/server-timeout-during-data',
    catalog: 'HAP-sD',
    platform: 'haproxy',
    title: 'termination state sD: server idle longer than timeout server during data',
    keywords: stateKeywords(['sD']),
    pattern: terminationState('sD', 'named'),
    phase: 'read-body',
    status: null,
    meaning:
      'The response had started but the server sent nothing for longer than `timeout server` (or `timeout tunnel` for WebSockets) during the data phase, so HAProxy cut the stream.',
    causes: { 'timeout-misaligned': 0.55, 'slow-upstream': 0.45 },
    checks: [
      'grep -nE "timeout (server|tunnel)" /etc/haproxy/haproxy.cfg',
      'Check whether the endpoint streams (SSE, WebSocket, long downloads) and how long it stays silent',
    ],
    fix: 'Raise `timeout server` / set `timeout tunnel` for streaming or WebSocket backends, or have the backend send keep-alive data.',
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/queue-timeout',
    catalog: 'HAP-sQ',
    platform: 'haproxy',
    title: 'termination state sQ: request expired in the queue',
    keywords: stateKeywords(['sQ']),
    pattern: terminationState('sQ', 'any'),
    phase: 'pool',
    status: 503,
    meaning:
      'All servers were at their `maxconn`, the request waited in the queue longer than `timeout queue` (Tw in the log) and was answered 503 without reaching a server.',
    causes: { 'resource-exhaustion': 0.55, 'slow-upstream': 0.45 },
    checks: [SHOW_STAT, 'grep -nE "maxconn|timeout queue" /etc/haproxy/haproxy.cfg'],
    fix: 'Add servers or raise per-server `maxconn` if the backends can take it; otherwise make the backend faster so connections free up.',
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/proxy-socket-limit',
    catalog: 'HAP-PC',
    platform: 'haproxy',
    title: "termination state PC: the process's socket limit was reached",
    keywords: stateKeywords(['PC']),
    pattern: terminationState('PC', 'any'),
    phase: 'pool',
    status: 503,
    meaning: 'HAProxy refused to open a connection to the server because the process hit its socket limit (global `maxconn`, `ulimit-n` / file descriptors).',
    causes: { 'resource-exhaustion': 0.8, 'config-error': 0.2 },
    checks: [
      'echo "show info" | socat stdio /run/haproxy/admin.sock | grep -E "Maxsock|Ulimit-n|CurrConns|Maxconn"',
      'grep -nE "maxconn|ulimit-n" /etc/haproxy/haproxy.cfg',
    ],
    fix: 'Raise global `maxconn` and the file-descriptor limit (`ulimit-n`, systemd `LimitNOFILE`) consistently, or reduce connection churn (keep-alive, `http-reuse`).',
    source: STATE_DOC,
    evidence: 'doc',
  }),
  defineSignature({
    id: 'haproxy/local-resource-exhausted',
    catalog: 'HAP-RC',
    platform: 'haproxy',
    title: 'termination state RC: a local resource was exhausted',
    keywords: stateKeywords(['RC']),
    pattern: terminationState('RC', 'any'),
    phase: 'connect',
    status: 503,
    meaning: 'A local resource on the HAProxy host was exhausted while connecting to the server: memory, sockets or, most often, ephemeral source ports.',
    causes: { 'resource-exhaustion': 0.9, 'config-error': 0.1 },
    checks: ['ss -s', 'sysctl net.ipv4.ip_local_port_range net.ipv4.tcp_tw_reuse', 'ss -tan state time-wait | wc -l'],
    fix: 'Reuse connections to the servers (keep-alive, `http-reuse`), widen the source port range or add `source` addresses, and check memory on the proxy host.',
    source: STATE_DOC,
    evidence: 'doc',
  }),
  defineSignature({
    id: 'haproxy/invalid-response-blocked',
    catalog: 'HAP-PH',
    platform: 'haproxy',
    title: "termination state PH: the proxy blocked the server's invalid response",
    keywords: stateKeywords(['PH']),
    pattern: terminationState('PH', 'any'),
    phase: 'read-headers',
    status: [502, 500],
    meaning:
      'The server answered, but HAProxy rejected the response because it was invalid, incomplete or dangerous (bad header syntax, broken framing, a non-HTTP service on that port), and returned 502 (500 when a response rewrite failed).',
    causes: { 'protocol-mismatch': 0.55, 'port-mismatch': 0.15, 'config-error': 0.15, other: 0.15 },
    checks: [
      'echo "show errors" | socat stdio /run/haproxy/admin.sock   # shows the rejected response bytes',
      'curl -sv --raw http://<server-address>:<server-port>/ -o /dev/null',
    ],
    fix: 'Fix the backend to send valid HTTP headers (or point the server at its HTTP port); `option accept-invalid-http-response` is only a temporary workaround.',
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/invalid-chunked-body-blocked',
    catalog: 'HAP-PD',
    platform: 'haproxy',
    title: 'termination state PD: the proxy blocked an invalid message body',
    keywords: stateKeywords(['PD']),
    pattern: terminationState('PD', 'any'),
    phase: 'read-body',
    status: null,
    meaning:
      'HAProxy blocked an incorrectly formatted (typically chunked-encoded) message body during the data phase; the response is cut (or 502 if nothing was sent yet).',
    causes: { 'protocol-mismatch': 0.8, 'upstream-reset': 0.2 },
    checks: ['echo "show errors" | socat stdio /run/haproxy/admin.sock', 'curl -sv --raw http://<server-address>:<server-port>/<path> -o /dev/null'],
    fix: 'Fix the chunked encoding / Content-Length produced by the backend (often a buggy framework or a middlebox rewriting bodies).',
    source: STATE_DOC,
    evidence: 'doc',
  }),
  defineSignature({
    id: 'haproxy/request-blocked-by-proxy',
    catalog: 'HAP-PR',
    platform: 'haproxy',
    title: "termination state PR: the proxy blocked the client's request",
    keywords: stateKeywords(['PR']),
    pattern: terminationState('PR', 'any'),
    phase: 'policy',
    status: [403, 400, 500],
    meaning:
      'HAProxy itself rejected the request (an `http-request deny` rule, an ACL, or invalid client syntax) before any server was contacted: this is not an upstream failure.',
    causes: { 'config-error': 0.7, other: 0.3 },
    checks: ['grep -nE "http-request (deny|reject|tarpit)|acl " /etc/haproxy/haproxy.cfg', 'echo "show errors" | socat stdio /run/haproxy/admin.sock'],
    fix: 'Adjust the deny rule / ACL that matched, or fix the client request if it was malformed (400).',
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/client-gave-up-waiting-for-server',
    catalog: 'HAP-CLIENT',
    platform: 'haproxy',
    title: 'termination state CC/CQ/CH/cH: the client gave up while HAProxy waited for the server',
    keywords: stateKeywords(CLIENT_WAIT_STATES),
    pattern: terminationState(CLIENT_WAIT_STATES.join('|'), 'any'),
    phase: 'read-headers',
    status: null,
    meaning:
      'The client aborted or timed out while HAProxy was still connecting to (CC), queueing for (CQ) or waiting for the headers of (CH/cH) the server: the backend was slow or unreachable for longer than the client was willing to wait.',
    causes: { 'slow-upstream': 0.4, 'timeout-misaligned': 0.35, 'resource-exhaustion': 0.25 },
    checks: [
      SHOW_STAT,
      'grep -nE "timeout (server|connect|queue|client)" /etc/haproxy/haproxy.cfg',
      'Compare the Tw/Tc/Tr timers of these lines with the client-side timeout',
    ],
    fix: "Make the backend answer within the client's timeout (or raise the client timeout); keep HAProxy's `timeout server` below the client's so the user gets a clear 504.",
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/client-aborted-or-timed-out',
    catalog: 'HAP-CLIENT',
    platform: 'haproxy',
    title: 'termination state CR/cR/CD/cD/CT: client-side abort or timeout',
    keywords: stateKeywords(CLIENT_SIDE_STATES),
    pattern: terminationState(CLIENT_SIDE_STATES.join('|'), 'any'),
    phase: 'read-body',
    status: null,
    meaning:
      'The client closed the connection or exceeded `timeout client` / `timeout http-request` while sending its request (CR/cR, often 408/400) or while receiving the data (CD/cD): the backend is not the one at fault.',
    causes: { 'timeout-misaligned': 0.45, other: 0.35, 'slow-upstream': 0.2 },
    checks: [
      'grep -nE "timeout (client|http-request|tunnel)" /etc/haproxy/haproxy.cfg',
      'Check the client side (mobile networks, load-balancer idle timeouts in front of HAProxy)',
    ],
    fix: 'Usually nothing to fix upstream; raise `timeout client`/`timeout tunnel` for long transfers or streaming if legitimate clients are cut.',
    source: STATE_DOC,
    evidence: 'doc',
  }),
  defineSignature({
    id: 'haproxy/sessions-killed-server-state-change',
    catalog: 'HAP-DOWN-KILL',
    platform: 'haproxy',
    title: 'termination state D/U/K/I: session killed by a server state change, an admin or an internal error',
    keywords: stateKeywords(DOWN_KILL_STATES),
    pattern: terminationState('[DUKI][RQCHDLT]', 'any'),
    phase: 'health-check',
    status: null,
    meaning:
      'The session was cut by HAProxy itself: the server was detected DOWN and `on-marked-down shutdown-sessions` killed it (D), a backup server session was killed because an active server came back (U), an administrator shut it down (K), or an internal error occurred (I).',
    causes: { 'no-healthy-upstream': 0.45, 'outlier-ejection': 0.3, 'config-error': 0.15, other: 0.1 },
    checks: ['grep -E "is DOWN|is UP|shutdown sessions" /var/log/haproxy.log | tail -n 20', SHOW_STATE],
    fix: 'Find why the server was marked DOWN (see the matching "Server … is DOWN" line); for deploys, drain servers before stopping them instead of killing sessions.',
    source: STATE_DOC,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/server-marked-down',
    catalog: 'HAP-DOWN',
    platform: 'haproxy',
    title: 'Server <backend>/<server> is DOWN',
    keywords: ['is down'],
    pattern: new RegExp(
      String.raw`(?:Backup )?Server (?<backend>${NAME})\/(?<server>${NAME}) is DOWN(?:, reason: (?<detail>[^,.]{1,120}(?:, code: \d+)?(?:, info: "[^"]{0,300}")?))?[^.]{0,300}?\. \d+ active and \d+ backup servers? (?:left|online)`,
    ),
    phase: 'health-check',
    status: null,
    meaning:
      'Health checks (or passive observation) took this server out of rotation. The reason and info say which step failed; when 0 active and 0 backup servers are left, new requests get 503 with `<NOSRV>`.',
    causes: { 'no-healthy-upstream': 0.4, 'not-listening': 0.3, 'config-error': 0.15, 'network-blocked': 0.15 },
    checks: [
      SHOW_STATE,
      'grep -nE "option httpchk|http-check|server .* check" /etc/haproxy/haproxy.cfg',
      'curl -sv http://<server-address>:<check-port><check-uri>',
    ],
    fix: 'Fix the failing step named in the reason (service not listening, wrong check port/URI, TLS settings), then the server comes back UP after `rise` successful checks.',
    source: `${HAP_SRC}/src/server.c#L7245`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/backend-has-no-server-available',
    catalog: 'HAP-NOSRV-ALERT',
    platform: 'haproxy',
    title: 'backend <name> has no server available!',
    keywords: ['has no server available'],
    pattern: new RegExp(`(?:backend|proxy) '?(?<backend>${NAME})'? has no server available!`),
    phase: 'health-check',
    status: 503,
    meaning:
      'The last usable server of this backend just went DOWN: from now on every request routed to it gets 503 with `<NOSRV>` until a server comes back UP.',
    causes: { 'no-healthy-upstream': 0.55, 'no-endpoints': 0.3, 'dns-failure': 0.15 },
    checks: [SHOW_STATE, 'grep -E "Server {backend}/" /var/log/haproxy.log | tail -n 20'],
    fix: 'Bring at least one server of the backend back (fix what its "is DOWN, reason" line says), or add a `backup` server.',
    source: `${HAP_SRC}/src/backend.c#L3011-L3012`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/check-layer4-connection-problem',
    catalog: 'HAP-L4CON',
    platform: 'haproxy',
    title: 'health check L4CON: Layer4 connection problem',
    keywords: ['layer4 connection problem', 'l4con'],
    pattern: new RegExp(String.raw`${SERVER_PREFIX}?reason: Layer4 connection problem(?:, info: "(?<detail>[^"]*)")?|\bL4CON\b`),
    phase: 'health-check',
    status: null,
    meaning:
      'The health check could not establish the TCP connection to the server; the info gives the OS error (`Connection refused`: nothing listens there, `No route to host`/`Network is unreachable`: network path, or a TLS error).',
    causes: { 'not-listening': 0.45, 'port-mismatch': 0.25, 'network-blocked': 0.15, 'wrong-host-localhost': 0.1, 'bind-loopback': 0.05 },
    checks: [
      SHOW_STATE,
      'nc -vz <server-address> <check-port>   # from the HAProxy host/container',
      'ss -ltnp   # on the backend: is it listening on that port and on a non-loopback address?',
    ],
    fix: 'Make the server line (and `port` of the check) point at where the service really listens, or start the service; from a container, do not use 127.0.0.1 for another container.',
    source: `${HAP_SRC}/src/check.c#L317`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/check-layer4-timeout',
    catalog: 'HAP-L4TOUT',
    platform: 'haproxy',
    title: 'health check L4TOUT: Layer4 timeout',
    keywords: ['layer4 timeout', 'l4tout'],
    pattern: new RegExp(String.raw`${SERVER_PREFIX}?reason: Layer4 timeout|\bL4TOUT\b`),
    phase: 'health-check',
    status: null,
    meaning:
      'The health check SYN got no answer within `timeout check` (or `inter`): packets are dropped on the way (firewall, security group, wrong IP) or the server cannot accept connections.',
    causes: { 'network-blocked': 0.55, 'resource-exhaustion': 0.25, 'no-endpoints': 0.2 },
    checks: [
      SHOW_STATE,
      'timeout 5 bash -c "</dev/tcp/<server-address>/<check-port>" && echo open',
      'Check firewall / security group rules between the proxy and the server',
    ],
    fix: 'Allow traffic from HAProxy to the server port, or correct the server address.',
    source: `${HAP_SRC}/src/check.c#L316`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/check-tls-layer-failure',
    catalog: 'HAP-L6',
    platform: 'haproxy',
    title: 'health check L6RSP/L6TOUT: Layer6 invalid response or timeout',
    keywords: ['layer6 invalid response', 'layer6 timeout', 'l6rsp', 'l6tout'],
    pattern: new RegExp(String.raw`${SERVER_PREFIX}?reason: Layer6 (?:invalid response|timeout)(?:, info: "(?<detail>[^"]*)")?|\bL6(?:RSP|TOUT)\b`),
    phase: 'health-check',
    status: null,
    meaning:
      'The TCP connection worked but the TLS layer of the check failed: the handshake was rejected (`SSL handshake failure`, e.g. `check-ssl` against a plaintext port or a certificate problem) or stalled (Layer6 timeout).',
    causes: { 'tls-mismatch': 0.55, 'port-mismatch': 0.3, 'config-error': 0.15 },
    checks: [
      'openssl s_client -connect <server-address>:<check-port> -servername <server-name> </dev/null',
      'grep -nE "server .*(ssl|check-ssl|verify|ca-file)" /etc/haproxy/haproxy.cfg',
    ],
    fix: 'Use `check-ssl`/`ssl` only towards TLS ports (and the right `ca-file`/`verify`/`sni`), or drop them for a plaintext backend.',
    source: `${HAP_SRC}/src/check.c#L320-L321`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/check-wrong-http-status',
    catalog: 'HAP-L7STS',
    platform: 'haproxy',
    title: 'health check L7STS: Layer7 wrong status',
    keywords: ['layer7 wrong status', 'l7sts'],
    pattern: new RegExp(
      String.raw`${SERVER_PREFIX}?reason: Layer7 wrong status(?:, (?<detail>code: \d+(?:, info: "[^"]*")?))?|\bL7STS\b(?:\/(?<detail_2>\d{3}))?`,
    ),
    phase: 'health-check',
    status: null,
    meaning:
      'The HTTP health check reached the application but got an unexpected status (404, 500, 503, 401…): the check URI/Host is wrong, the app reports itself unhealthy, or the path sits behind auth.',
    causes: { 'config-error': 0.45, 'no-healthy-upstream': 0.4, other: 0.15 },
    checks: [
      'grep -nE "option httpchk|http-check" /etc/haproxy/haproxy.cfg',
      'curl -sv http://<server-address>:<check-port><check-uri> -H "Host: <check-host>"',
      'Check the application health endpoint and its dependencies',
    ],
    fix: 'Point `option httpchk`/`http-check send` at a health URI that returns 2xx/3xx (with the right Host), or fix what makes the app report unhealthy.',
    source: `${HAP_SRC}/src/check.c#L330`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/check-layer7-invalid-response',
    catalog: 'HAP-L7RSP-TOUT',
    platform: 'haproxy',
    title: 'health check L7RSP: Layer7 invalid response',
    keywords: ['layer7 invalid response', 'l7rsp'],
    pattern: new RegExp(String.raw`${SERVER_PREFIX}?reason: Layer7 invalid response(?:, info: "(?<detail>[^"]*)")?|\bL7RSP\b`),
    phase: 'health-check',
    status: null,
    meaning:
      'The HTTP health check got a reply that is not valid HTTP: the port runs another protocol (TLS, SSH, a database, gRPC-only) or the check points at the wrong port.',
    causes: { 'protocol-mismatch': 0.55, 'port-mismatch': 0.3, 'tls-mismatch': 0.15 },
    checks: [
      'curl -sv --raw http://<server-address>:<check-port>/ -o /dev/null',
      'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc <server-address> <check-port> | head -c 200',
    ],
    fix: 'Point the check (and the server) at the HTTP port, or use a check that speaks the right protocol (`check-ssl`, `tcp-check`).',
    source: `${HAP_SRC}/src/check.c#L323`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/check-layer7-timeout',
    catalog: 'HAP-L7RSP-TOUT',
    platform: 'haproxy',
    title: 'health check L7TOUT: Layer7 timeout',
    keywords: ['layer7 timeout', 'l7tout'],
    pattern: new RegExp(String.raw`${SERVER_PREFIX}?reason: Layer7 timeout|\bL7TOUT\b`),
    phase: 'health-check',
    status: null,
    meaning:
      'The health check connected and sent its request, but the application did not answer within `timeout check`: the health endpoint is slow (heavy dependency checks, saturated app) or the timeout is too short.',
    causes: { 'slow-upstream': 0.5, 'timeout-misaligned': 0.3, 'resource-exhaustion': 0.2 },
    checks: ['time curl -sS -o /dev/null http://<server-address>:<check-port><check-uri>', 'grep -nE "timeout check|inter " /etc/haproxy/haproxy.cfg'],
    fix: 'Make the health endpoint cheap and fast, or raise `timeout check` above its real latency.',
    source: `${HAP_SRC}/src/check.c#L324`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/check-socket-error',
    catalog: 'HAP-SOCKERR-HANA',
    platform: 'haproxy',
    title: 'health check SOCKERR: Socket error',
    keywords: ['socket error', 'sockerr'],
    pattern: new RegExp(String.raw`${SERVER_PREFIX}?reason: Socket error(?:, info: "(?<detail>[^"]*)")?|\bSOCKERR\b`),
    phase: 'health-check',
    status: null,
    meaning:
      'HAProxy could not even create the socket for the health check: a local failure on the proxy host (file descriptors, source ports, memory), not the server.',
    causes: { 'resource-exhaustion': 0.75, 'config-error': 0.25 },
    checks: ['echo "show info" | socat stdio /run/haproxy/admin.sock | grep -E "Ulimit-n|Maxsock|CurrConns"', 'ss -s'],
    fix: 'Raise the file-descriptor limit / `maxconn` on the proxy, or fix the source address settings of the check.',
    source: `${HAP_SRC}/src/check.c#L311`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'haproxy/health-analyze-marked-down',
    catalog: 'HAP-SOCKERR-HANA',
    platform: 'haproxy',
    title: 'HANA: Health analyze marked the server down after errors on live traffic',
    keywords: ['health analyze', 'hana'],
    pattern: new RegExp(
      String.raw`${SERVER_PREFIX}?reason: Health analyze(?:, info: "(?<detail>[^"]*)")?|Detected \d+ consecutive errors, last one was: (?<detail_2>[^".]+)|\bHANA\b`,
    ),
    phase: 'health-check',
    status: null,
    meaning:
      'Passive health checking (`observe layer4|layer7` with `on-error`) counted consecutive errors on real requests to this server and took action (marked it down); the info names the last error (e.g. `L4 unsuccessful connection`).',
    causes: { 'outlier-ejection': 0.45, 'not-listening': 0.25, 'upstream-reset': 0.15, 'resource-exhaustion': 0.15 },
    checks: [SHOW_STATE, 'grep -nE "observe|error-limit|on-error" /etc/haproxy/haproxy.cfg', 'nc -vz <server-address> <server-port>'],
    fix: 'Fix the errors the server returns on live traffic; note that the active check may pass on another port while real traffic fails.',
    source: `${HAP_SRC}/src/check.c#L313`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/conn-error-returned-by-os',
    catalog: 'HAP-CONNERR',
    platform: 'haproxy',
    title: 'connection error: ECONNREFUSED/ECONNRESET/ENETUNREACH returned by OS',
    keywords: ['returned by os'],
    pattern: /\b(?<code>ECONNREFUSED|ECONNRESET|ENETUNREACH) returned by OS/,
    phase: 'connect',
    status: null,
    meaning:
      'The precise socket error behind a failed connection (`%[bc_err_str]`, `%[fc_err_str]` or check info): refused means nothing listens there, reset means the peer aborted, network unreachable means no route.',
    causes: { 'not-listening': 0.45, 'network-blocked': 0.25, 'upstream-reset': 0.15, 'port-mismatch': 0.15 },
    checks: [SHOW_STATE, 'nc -vz <server-address> <server-port>   # from the HAProxy host/container'],
    fix: 'For ECONNREFUSED start the service or fix the port; for ENETUNREACH fix routing; for ECONNRESET look at the backend or a middlebox resetting connections.',
    source: `${HAP_SRC}/src/connection.c#L949-L1010`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'haproxy/conn-error-ssl-handshake',
    catalog: 'HAP-CONNERR',
    platform: 'haproxy',
    title: 'connection error: SSL handshake failure / certificate mismatch',
    keywords: ['ssl handshake', 'presented an ssl certificate different'],
    // The frontend's own "<fe>/<bind>: SSL handshake failure" line is a *client* failure: excluded.
    pattern:
      /(?<![\w.:-]\/[\w.:-]{1,64}: )(?<detail>SSL handshake failure|Timeout during SSL handshake|Connection (?:closed|error) during SSL handshake|Server presented an SSL certificate different from the (?:configured|expected) one)/,
    phase: 'tls',
    status: null,
    meaning:
      'The TLS handshake between HAProxy and the server failed: TLS towards a plaintext port (or the reverse), no common protocol/cipher, an untrusted or unexpected certificate, or the server closed/stalled during the handshake.',
    causes: { 'tls-mismatch': 0.6, 'port-mismatch': 0.2, 'config-error': 0.2 },
    checks: [
      'openssl s_client -connect <server-address>:<server-port> -servername <server-name> </dev/null',
      'grep -nE "server .*(ssl|verify|ca-file|sni|crt)" /etc/haproxy/haproxy.cfg',
    ],
    fix: 'Match the `ssl`/`check-ssl` settings to what the server speaks on that port, and give HAProxy the right `ca-file`/`sni` (or `verify none` only for testing).',
    source: `${HAP_SRC}/src/connection.c#L949-L1010`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'haproxy/conn-error-local-resources',
    catalog: 'HAP-CONNERR',
    platform: 'haproxy',
    title: 'connection error: source ports / sockets / maxconn exhausted on the proxy',
    keywords: ['source port', 'too many sockets on the', 'reached configured maxconn value'],
    pattern:
      /(?<detail>Source port range exhausted|Out of local source ports on the system|Too many sockets on the (?:process|system)|Reached configured maxconn value)/,
    phase: 'pool',
    status: null,
    meaning:
      'HAProxy could not open a connection to the server because a local limit on the proxy was hit: ephemeral source ports, socket/file-descriptor limits, or the configured `maxconn`.',
    causes: { 'resource-exhaustion': 0.85, 'config-error': 0.15 },
    checks: [
      'ss -s',
      'sysctl net.ipv4.ip_local_port_range',
      'echo "show info" | socat stdio /run/haproxy/admin.sock | grep -E "Maxconn|Maxsock|Ulimit-n|CurrConns"',
    ],
    fix: 'Reuse server connections (keep-alive, `http-reuse`), widen the source port range or add source addresses, and raise `maxconn`/`ulimit-n` consistently.',
    source: `${HAP_SRC}/src/connection.c#L949-L1010`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'haproxy/server-address-unresolvable',
    catalog: 'HAP-DNS',
    platform: 'haproxy',
    title: "could not resolve address '<name>'",
    keywords: ['could not resolve address'],
    pattern: new RegExp(
      String.raw`(?:'server (?<backend>${NAME})\/(?<server>${NAME})' : )?could not resolve address '(?<host>[^']+)'(?<detail>, disabling server|, falling back to configured address)?`,
    ),
    phase: 'dns',
    status: null,
    meaning:
      "At startup HAProxy could not resolve a server's hostname. With the default `init-addr last,libc` it refuses to start (`Failed to initialize server(s) addr.`); with `init-addr ... none` it starts with the server disabled.",
    causes: { 'dns-failure': 0.45, 'startup-order': 0.35, 'config-error': 0.2 },
    checks: ['getent hosts {host}   # from the HAProxy host/container', 'grep -nE "init-addr|resolvers|server " /etc/haproxy/haproxy.cfg'],
    fix: 'Fix the hostname, or (in compose/Kubernetes where the backend may start later) add a `resolvers` section and `init-addr last,libc,none` so HAProxy starts and resolves the name at runtime.',
    source: `${HAP_SRC}/src/server.c#L5637-L5658`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/server-dns-maintenance',
    catalog: 'HAP-DNS',
    platform: 'haproxy',
    title: 'Server <backend>/<server> is going DOWN for maintenance (DNS … status)',
    keywords: ['for maintenance', 'enters maintenance'],
    pattern: new RegExp(
      String.raw`Server (?<backend>${NAME})\/(?<server>${NAME}) (?:is going DOWN for maintenance|was DOWN and now enters maintenance) \((?<detail>DNS (?:NX|timeout|refused) status|unspecified DNS error)\)`,
    ),
    phase: 'dns',
    status: 503,
    meaning:
      "At runtime the `resolvers` section could not resolve the server's hostname (NXDOMAIN, timeout, refused), so HAProxy put the server in maintenance; once all servers are there, requests get 503 `<NOSRV>`.",
    causes: { 'dns-failure': 0.55, 'no-endpoints': 0.2, 'config-error': 0.15, 'startup-order': 0.1 },
    checks: ['dig @<resolver-ip> <server-hostname>', 'grep -nA8 "^resolvers" /etc/haproxy/haproxy.cfg', SHOW_STATE],
    fix: 'Fix the name or the DNS record (e.g. the Kubernetes Service / Consul service exists and has endpoints) and make sure the resolvers in the `resolvers` section are reachable.',
    source: `${HAP_SRC}/src/server.c#L121-L124`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/502-error-page',
    catalog: 'HAP-502-PAGE',
    platform: 'haproxy',
    title: '502 Bad Gateway: The server returned an invalid or incomplete response.',
    keywords: ['the server returned an invalid or incomplete response'],
    pattern: /(?:502 Bad Gateway(?:<\/h1>)?\s*)?The server returned an invalid or incomplete response\./,
    phase: 'read-headers',
    status: 502,
    meaning:
      "HAProxy's default 502 page: the server closed or reset the connection before a complete response (SH in the log) or sent something HAProxy refused (PH).",
    causes: { 'upstream-reset': 0.4, 'protocol-mismatch': 0.3, 'keepalive-race': 0.3 },
    checks: [
      'grep -E " 502 .* (SH|PH)--" /var/log/haproxy.log | tail -n 20   # the termination state tells which',
      'echo "show errors" | socat stdio /run/haproxy/admin.sock',
    ],
    fix: 'Look up the matching log line: SH means the backend closed/crashed (fix the backend or keep-alive settings), PH means its response was invalid (fix the headers/port).',
    source: `${HAP_SRC}/src/http.c#L336`,
    evidence: 'verified',
  }),
  defineSignature({
    id: 'haproxy/504-error-page',
    catalog: 'HAP-504-PAGE',
    platform: 'haproxy',
    title: "504 Gateway Time-out: The server didn't respond in time.",
    keywords: ["the server didn't respond in time", 'the server didn’t respond in time'],
    pattern: /(?:504 Gateway Time-out(?:<\/h1>)?\s*)?The server didn['’]t respond in time\./,
    phase: 'read-headers',
    status: 504,
    meaning: "HAProxy's default 504 page: `timeout server` expired before the server sent its response headers (sH in the log).",
    causes: { 'slow-upstream': 0.55, 'timeout-misaligned': 0.45 },
    checks: ['grep -E " 504 .* sH--" /var/log/haproxy.log | tail -n 20', 'grep -nE "timeout server" /etc/haproxy/haproxy.cfg'],
    fix: 'Make the backend answer faster or raise `timeout server` for that backend above its real latency.',
    source: `${HAP_SRC}/src/http.c#L352`,
    evidence: 'verified',
  }),
];
