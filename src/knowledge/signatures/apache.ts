import { defineSignature } from '../../core/define-signature.js';

/**
 * Apache httpd 2.4 mod_proxy. Error-log lines look like
 * `[Tue Mar 12 09:14:02.123456 2024] [proxy:error] [pid 1234:tid 140…] (111)Connection refused: AH00957: …`
 * where the `(<errno>)<strerror>: ` prefix (APR status) comes before an optional `[client ip:port] `.
 * httpd was not available locally: wordings are from the catalog (source-read).
 */
const PU = 'https://github.com/apache/httpd/blob/f45abec1/modules/proxy/proxy_util.c';
const MPH = 'https://github.com/apache/httpd/blob/f45abec1/modules/proxy/mod_proxy_http.c';
const MPH_TRUNK = 'https://github.com/apache/httpd/blob/0cb68044/modules/proxy/mod_proxy_http.c';
const MP = 'https://github.com/apache/httpd/blob/f45abec1/modules/proxy/mod_proxy.c';

/** `(<errno>)<text>: [client …] ` prefix with the given errno alternatives (captured). */
function aprPrefix(errnos: string, texts: string): string {
  return String.raw`\((?<errno>${errnos})\)(?<detail>${texts}): (?:\[client [^\]\n]{1,80}\] )?`;
}

/** Target of AH00957: `<ip>:<port> (<hostname>[:<port>])`; older builds print `(*)`. */
const CONNECT_TARGET = String.raw`attempt to connect to (?<upstream>\[[0-9a-fA-F:.%\w]+\]:\d{1,5}|[\w.-]+:\d{1,5}) \((?:\*|(?<host>[^\s():*]+)(?::(?<port>\d{1,5}))?)\) failed`;
/** The proxy function as printed: HTTP, HTTPS, FCGI, AJP, WS, H2, http (casing varies by version). */
const PROTO = '[A-Za-z][A-Za-z0-9]{1,9}';

const ERRNO_REFUSED = '111|61|10061';
const ERRNO_TIMEOUT = '110|60|10060|70007';
const ERRNO_UNREACH = '113|101|65|51|10065|10051';
const ALL_SPLIT_ERRNOS = `${ERRNO_REFUSED}|${ERRNO_TIMEOUT}|${ERRNO_UNREACH}`;

const CURL_BACKEND = 'curl -v http://{host}:{port}/   # from the Apache host';
const PROXY_CFG = 'apachectl -S; grep -rnE "ProxyPass|BalancerMember|<Proxy" /etc/apache2 /etc/httpd 2>/dev/null';

export const signatures = [
  defineSignature({
    id: 'apache/connect-refused',
    catalog: 'APA-AH00957',
    platform: 'apache',
    title: '(111)Connection refused: AH00957: HTTP: attempt to connect to <ip>:<port> failed',
    keywords: ['ah00957'],
    pattern: new RegExp(`${aprPrefix(ERRNO_REFUSED, 'Connection refused')}AH00957: ${PROTO}: ${CONNECT_TARGET}`),
    phase: 'connect',
    status: 503,
    meaning:
      'mod_proxy tried to open a TCP connection to the backend and got a reset: nothing listens on that address and port. The worker is then put in error state, so the next requests get 503 without even trying (AH00959/AH00940).',
    causes: { 'not-listening': 0.4, 'wrong-host-localhost': 0.2, 'port-mismatch': 0.2, 'bind-loopback': 0.1, 'startup-order': 0.1 },
    checks: ['ss -ltnp "sport = :{port}"   # on the backend host', CURL_BACKEND, PROXY_CFG],
    fix: 'Point ProxyPass/BalancerMember at the address and port the backend really listens on, or start the backend; consider `retry=0` (or a short retry) so a restarted backend is used again immediately.',
    source: `${PU}#L3941-L3945`,
    evidence: 'src',
    fields: { code: 'ECONNREFUSED' },
  }),
  defineSignature({
    id: 'apache/connect-timeout',
    catalog: 'APA-AH00957',
    platform: 'apache',
    title: '(110)Connection timed out / (70007)The timeout specified has expired: AH00957: attempt to connect failed',
    keywords: ['ah00957'],
    pattern: new RegExp(
      `${aprPrefix(ERRNO_TIMEOUT, 'Connection timed out|Operation timed out|The timeout specified has expired')}AH00957: ${PROTO}: ${CONNECT_TARGET}`,
    ),
    phase: 'connect',
    status: 503,
    meaning:
      'The SYN to the backend got no answer before the connect timeout (`connectiontimeout=` / `ProxyTimeout` / `Timeout`): a firewall or security group drops the packets, the IP is wrong, or the backend host is down.',
    causes: { 'network-blocked': 0.5, 'no-endpoints': 0.2, 'resource-exhaustion': 0.15, 'wrong-host-localhost': 0.15 },
    checks: [
      'timeout 5 bash -c "</dev/tcp/{host}/{port}" && echo open   # from the Apache host',
      'Check firewall / security group rules from the Apache host to {host}:{port}',
      PROXY_CFG,
    ],
    fix: 'Open the network path to the backend (firewall, security group) or correct the backend address in ProxyPass/BalancerMember.',
    source: `${PU}#L3941-L3945`,
    evidence: 'src',
    fields: { code: 'ETIMEDOUT' },
  }),
  defineSignature({
    id: 'apache/connect-no-route',
    catalog: 'APA-AH00957',
    platform: 'apache',
    title: '(113)No route to host / (101)Network is unreachable: AH00957: attempt to connect failed',
    keywords: ['ah00957'],
    pattern: new RegExp(`${aprPrefix(ERRNO_UNREACH, 'No route to host|Network is unreachable')}AH00957: ${PROTO}: ${CONNECT_TARGET}`),
    phase: 'connect',
    status: 503,
    meaning:
      'The kernel could not route to the backend (ICMP host/network unreachable, or a REJECT firewall rule): the target host is down, the IP belongs to nothing, or a firewall rejects the traffic.',
    causes: { 'network-blocked': 0.55, 'no-endpoints': 0.25, 'config-error': 0.2 },
    checks: ['ip route get {host}', 'ping -c 3 {host}', 'iptables -S | grep -i reject   # or firewall-cmd --list-all on the backend'],
    fix: 'Fix the backend address or the routing/firewall between Apache and the backend.',
    source: `${PU}#L3941-L3945`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/connect-failed-other',
    catalog: 'APA-AH00957',
    platform: 'apache',
    title: 'AH00957: attempt to connect to <ip>:<port> failed (other error, e.g. (13)Permission denied)',
    keywords: ['ah00957'],
    // Any AH00957 not already covered by the refused/timeout/unreachable signatures.
    pattern: new RegExp(
      String.raw`(?<!\((?:${ALL_SPLIT_ERRNOS})\)[^:\n]{1,60}: (?:\[client [^\]\n]{1,80}\] )?)(?:\((?!(?:${ALL_SPLIT_ERRNOS})\))(?<errno>\d+)\)(?<detail>[^:\n]{1,60}): (?:\[client [^\]\n]{1,80}\] )?)?AH00957: ${PROTO}: ${CONNECT_TARGET}`,
    ),
    phase: 'connect',
    status: 503,
    meaning:
      'mod_proxy could not connect to the backend for another reason than refused/timeout/unreachable. `(13)Permission denied` is the classic SELinux block (httpd not allowed to open network connections); `(99)Cannot assign requested address` means local ports are exhausted.',
    causes: { 'config-error': 0.4, 'not-listening': 0.25, 'resource-exhaustion': 0.2, 'network-blocked': 0.15 },
    checks: [
      'getsebool httpd_can_network_connect   # SELinux: setsebool -P httpd_can_network_connect 1',
      'ausearch -m avc -ts recent | grep httpd',
      CURL_BACKEND,
    ],
    fix: 'For (13)Permission denied on SELinux hosts run `setsebool -P httpd_can_network_connect 1`; otherwise act on the errno shown (ports exhausted: enable keep-alive to the backend).',
    source: `${PU}#L3941-L3945`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/worker-disabled',
    catalog: 'APA-AH00959',
    platform: 'apache',
    title: 'AH00959: ap_proxy_connect_backend disabling worker for (<host>:<port>) for <n>s',
    keywords: ['ah00959', 'disabling worker for'],
    pattern: /(?:AH00959: )?ap_proxy_connect_backend disabling worker for \((?:\*|(?<host>[^\s():*]+)(?::(?<port>\d{1,5}))?)\) for (?<detail>\d+)s/,
    phase: 'health-check',
    status: 503,
    meaning:
      'After a failed connect, mod_proxy put this worker in error state for `retry` seconds (default 60): during that window every request to it gets 503 without even trying the backend, even if the backend is back.',
    causes: { 'outlier-ejection': 0.4, 'no-healthy-upstream': 0.3, 'not-listening': 0.3 },
    checks: ['grep -B2 "AH00959" /var/log/apache2/error.log | grep AH00957 | tail   # the connect error that triggered it', CURL_BACKEND, PROXY_CFG],
    fix: 'Fix the connect error that precedes it (AH00957); set `retry=0` (or a few seconds) on ProxyPass/BalancerMember so a recovered backend is used again right away.',
    source: `${PU}#L4032-L4034`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/failed-to-make-connection',
    catalog: 'APA-AH01114',
    platform: 'apache',
    title: 'AH01114: HTTP: failed to make connection to backend: <host>',
    keywords: ['ah01114', 'failed to make connection to backend'],
    pattern: new RegExp(String.raw`(?:AH01114: )?${PROTO}: failed to make connection to backend: (?<host>[^\s:,]+)(?::(?<port>\d{1,5}))?`),
    phase: 'connect',
    status: 503,
    meaning:
      'mod_proxy_http gave up on the request because no connection to the backend could be made (the preceding AH00957 line carries the errno); the client gets 503.',
    causes: { 'not-listening': 0.45, 'network-blocked': 0.25, 'wrong-host-localhost': 0.15, 'port-mismatch': 0.15 },
    checks: ['grep -E "AH00957|AH00959" /var/log/apache2/error.log | tail   # errno and target', CURL_BACKEND],
    fix: 'Start the backend or fix the ProxyPass target (address and port); see the AH00957 errno for the exact reason.',
    source: `${MPH}#L2133-L2135`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/disabled-connection',
    catalog: 'APA-AH00940',
    platform: 'apache',
    title: 'AH00940: HTTP: disabled connection for (<host>)',
    keywords: ['ah00940', 'disabled connection for'],
    pattern: new RegExp(String.raw`(?:AH00940: )?${PROTO}: disabled connection for \((?:\*|(?<host>[^\s():*]+)(?::(?<port>\d{1,5}))?)\)`),
    phase: 'health-check',
    status: 503,
    meaning: 'The worker for this backend is still in its error (retry) window after an earlier failure, so mod_proxy answered 503 without trying to connect.',
    causes: { 'outlier-ejection': 0.5, 'no-healthy-upstream': 0.3, 'not-listening': 0.2 },
    checks: ['grep -E "AH00957|AH00959" /var/log/apache2/error.log | tail   # the original failure', CURL_BACKEND],
    fix: 'Fix the original connect failure; lower `retry=` on ProxyPass/BalancerMember so the worker is retried sooner.',
    source: `${PU}#L2785-L2787`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/all-workers-busy',
    catalog: 'APA-AH00934',
    platform: 'apache',
    title: 'AH00934: all workers are busy. Unable to serve <url>',
    keywords: ['all workers are busy'],
    pattern: /(?:AH00934: )?all workers are busy\.\s+Unable to serve (?:(?<upstream>[a-z][\w+.-]*:\/\/\S+)|(?<path>\S+))/,
    phase: 'pool',
    status: 503,
    meaning: 'mod_proxy_balancer found no usable member in the balancer: all are in error/disabled state (failed backends) or at their connection limit.',
    causes: { 'no-healthy-upstream': 0.55, 'resource-exhaustion': 0.45 },
    checks: ['curl -s http://localhost/balancer-manager   # member status, if enabled', 'grep -E "AH00957|AH00959|AH01167" /var/log/apache2/error.log | tail'],
    fix: 'Bring the balancer members back (fix their connect errors) or raise their `max`/capacity; a `retry=` shorter than 60s re-enables recovered members faster.',
    source: `${PU}#L2659-L2661`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/status-line-read-failed',
    catalog: 'APA-AH01102',
    platform: 'apache',
    title: 'AH01102: error reading status line from remote server <host>:<port>',
    keywords: ['ah01102', 'error reading status line from remote server'],
    pattern: new RegExp(
      String.raw`(?<!\((?:${ERRNO_TIMEOUT})\)[^:\n]{1,60}: (?:\[client [^\]\n]{1,80}\] )?(?:AH01102: |proxy: )?)(?:\((?!(?:${ERRNO_TIMEOUT})\))(?<errno>\d+)\)(?<detail>[^:\n]{1,60}): (?:\[client [^\]\n]{1,80}\] )?)?(?:AH01102: |proxy: )?error reading status line from remote server (?<upstream>[^\s,]+)`,
    ),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The backend accepted the connection and the request, then closed or reset it before sending a status line: a crash, or the classic keep-alive race where the backend closed an idle pooled connection just as Apache reused it.',
    causes: { 'keepalive-race': 0.45, 'upstream-reset': 0.4, 'protocol-mismatch': 0.15 },
    checks: [
      'Compare the backend keep-alive timeout with Apache: add `disablereuse=On` or a `ttl=` shorter than the backend keep-alive',
      'Check the backend logs for crashes at that time',
      PROXY_CFG,
    ],
    fix: 'Set `ttl=` below the backend keep-alive timeout (or `disablereuse=On`) on ProxyPass, or raise the backend keep-alive; fix the backend if it crashes.',
    source: `${MPH}#L1111-L1113`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/status-line-read-timeout',
    catalog: 'APA-AH01102',
    platform: 'apache',
    title: '(70007)The timeout specified has expired: AH01102: error reading status line from remote server',
    keywords: ['ah01102', 'error reading status line from remote server'],
    pattern: new RegExp(
      `${aprPrefix(ERRNO_TIMEOUT, 'The timeout specified has expired|Connection timed out|Operation timed out')}(?:AH01102: |proxy: )?error reading status line from remote server (?<upstream>[^\\s,]+)`,
    ),
    phase: 'read-headers',
    status: 504,
    meaning:
      'The backend did not send its status line within `ProxyTimeout` (or `timeout=` on ProxyPass, else `Timeout`): the backend is too slow for this request or the timeout is too short.',
    causes: { 'slow-upstream': 0.55, 'timeout-misaligned': 0.45 },
    checks: ['grep -rnE "ProxyTimeout|^\\s*Timeout|timeout=" /etc/apache2 /etc/httpd 2>/dev/null', 'time curl -sS -o /dev/null http://{host}:{port}/<path>'],
    fix: 'Make the backend faster or raise `ProxyTimeout` / `timeout=` for that ProxyPass above its real latency.',
    source: `${MPH}#L1111-L1113`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/proxy-invalid-response-page',
    catalog: 'APA-AH01102',
    platform: 'apache',
    title: 'Proxy Error page: The proxy server received an invalid response from an upstream server.',
    keywords: ['response from an upstream server'],
    pattern: /The proxy server received an invalid\s+response from an upstream server/,
    phase: 'read-headers',
    status: 502,
    meaning:
      "Apache's 502 Proxy Error page: the backend closed the connection, reset it, or sent something that is not a valid HTTP response. The error log line at the same time (AH01102, AH00898, AH01110…) gives the detail.",
    causes: { 'upstream-reset': 0.4, 'keepalive-race': 0.3, 'protocol-mismatch': 0.3 },
    checks: ['grep -E "AH01102|AH00898|AH01110|Corrupt status line" /var/log/apache2/error.log | tail', PROXY_CFG],
    fix: 'Look at the matching error-log line: keep-alive race → `ttl=`/`disablereuse=On`; crash → fix the backend; non-HTTP answer → fix the ProxyPass scheme/port.',
    source: 'https://github.com/apache/httpd/blob/f45abec1/modules/http/http_protocol.c#L1044',
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/error-reading-from-remote-server',
    catalog: 'APA-AH00898-READ',
    platform: 'apache',
    title: 'AH00898: Error reading from remote server returned by <uri>',
    keywords: ['error reading from remote server'],
    pattern: /(?:AH00898: )?Error reading from remote server(?: returned by (?<path>[^\s<,]+))?/,
    phase: 'read-headers',
    status: [502, 504],
    meaning:
      'mod_proxy_http failed while reading the backend response (connection closed or reset, or the read timed out); the client gets 502 (504 when it was a timeout).',
    causes: { 'upstream-reset': 0.4, 'keepalive-race': 0.3, 'slow-upstream': 0.3 },
    checks: ['grep -E "AH01102|AH00898" /var/log/apache2/error.log | tail   # errno prefix tells reset vs timeout', PROXY_CFG],
    fix: 'For resets on reused connections set `ttl=`/`disablereuse=On`; for timeouts raise `ProxyTimeout` or speed up the backend.',
    source: `${PU}#L415-L416`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/dns-lookup-failure',
    catalog: 'APA-AH00898-DNS',
    platform: 'apache',
    title: 'AH00898: DNS lookup failure for: <host> returned by <uri>',
    keywords: ['dns lookup failure for'],
    pattern: /(?:AH00898: )?DNS lookup failure for: (?<host>[^\s<]+)(?: returned by (?<path>[^\s<,]+))?/,
    phase: 'dns',
    status: [500, 502],
    meaning:
      'Apache could not resolve the backend hostname of the ProxyPass/BalancerMember. httpd 2.4.58+ answers 500 for this; older versions answered 502 (same wording).',
    causes: { 'dns-failure': 0.5, 'config-error': 0.3, 'startup-order': 0.2 },
    checks: ['getent hosts {host}   # on the Apache host/container', PROXY_CFG],
    fix: 'Fix the hostname in ProxyPass/BalancerMember or its DNS record; in compose, use the service name and make sure both containers share a network.',
    source: `${PU}#L2892-L2896`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/pass-request-body-failed',
    catalog: 'APA-AH01097',
    platform: 'apache',
    title: 'AH01097: pass request body failed to <ip>:<port> (<host>)',
    keywords: ['request body failed to'],
    pattern:
      /(?:AH0(?:1097|1084|1095): )?(?:pass|prefetch) request body failed to (?<upstream>\[[0-9a-fA-F:.%\w]+\]:\d{1,5}|[\w.-]+:\d{1,5}) \((?:\*|(?<host>[^\s():*]+))\)(?: from (?<client>[^\s(]+))?/,
    phase: 'send',
    status: [502, 400],
    meaning:
      'Apache could not forward the request body: the backend closed/reset the connection while the body was being sent (crash, upload limit, keep-alive race), or reading the body from the client failed (400).',
    causes: { 'upstream-reset': 0.5, 'keepalive-race': 0.3, 'config-error': 0.2 },
    checks: ['Check the backend logs for body-size limits or crashes at that time', PROXY_CFG],
    fix: 'Raise the backend upload limit or fix its crash; for reused connections set `ttl=`/`disablereuse=On`.',
    source: `${MPH}#L698`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/error-reading-response',
    catalog: 'APA-AH01110',
    platform: 'apache',
    title: 'AH01110: error reading response',
    keywords: ['ah01110', 'error reading response'],
    pattern: /AH01110: (?:error reading response|Network error reading response)|\bNetwork error reading response\b/,
    phase: 'read-body',
    status: null,
    meaning: 'The backend connection broke while Apache was streaming the response body: the client receives a truncated response.',
    causes: { 'upstream-reset': 0.7, 'timeout-misaligned': 0.15, 'resource-exhaustion': 0.15 },
    checks: ['Check the backend logs for crashes/restarts at that time', PROXY_CFG],
    fix: 'Fix what kills the backend mid-response; raise `ProxyTimeout` if long responses stall legitimately.',
    source: `${MPH}#L1718`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/corrupt-status-line',
    catalog: 'APA-CORRUPT',
    platform: 'apache',
    title: 'Corrupt status line returned by remote server',
    keywords: ['corrupt status line returned by remote server'],
    pattern: /Corrupt status line returned by remote server(?:: (?<detail>[^\n]{0,200}))?/,
    phase: 'read-headers',
    status: 502,
    meaning:
      'The backend answered with something that is not an HTTP status line: another protocol on that port, or a TLS/plaintext mismatch (http:// to a TLS port returns binary).',
    causes: { 'protocol-mismatch': 0.55, 'tls-mismatch': 0.3, 'port-mismatch': 0.15 },
    checks: [
      'curl -sv --raw http://<backend-host>:<backend-port>/ -o /dev/null',
      'openssl s_client -connect <backend-host>:<backend-port> </dev/null   # is it TLS?',
    ],
    fix: 'Use the right scheme (https:// with SSLProxyEngine On for TLS backends) and the backend HTTP port in ProxyPass.',
    source: `${MPH_TRUNK}#L1234-L1236`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/timeout-on-100-continue',
    catalog: 'APA-100C',
    platform: 'apache',
    title: 'Timeout on 100-Continue',
    keywords: ['timeout on 100-continue', 'ah01103'],
    pattern: /Timeout on 100-Continue|AH01103: read timeout/,
    phase: 'read-headers',
    status: 503,
    meaning:
      'Apache forwarded a request with `Expect: 100-continue` and the backend did not answer (100 Continue or a final status) within the timeout, so Apache returned 503.',
    causes: { 'slow-upstream': 0.5, 'timeout-misaligned': 0.5 },
    checks: [
      'grep -rnE "ProxyTimeout|100-continue|ping=" /etc/apache2 /etc/httpd 2>/dev/null',
      'curl -v -H "Expect: 100-continue" --data-binary @file http://<backend>/<path>',
    ],
    fix: 'Make the backend answer Expect: 100-continue promptly, or raise the relevant timeout / `ping=` on ProxyPass.',
    source: `${MPH_TRUNK}#L1157-L1166`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/no-protocol-handler',
    catalog: 'APA-AH01144',
    platform: 'apache',
    title: 'AH01144: No protocol handler was valid for the URL',
    keywords: ['no protocol handler was valid'],
    pattern: /(?:AH01144: )?No protocol handler was valid for the URL (?<path>\S+)(?: \(scheme '(?<scheme>[^']+)'\))?/,
    phase: 'policy',
    status: 500,
    meaning:
      'mod_proxy has no module for the URL scheme it should forward to: mod_proxy_http (http/https), mod_proxy_wstunnel (ws), mod_proxy_fcgi, or mod_ssl is not loaded. Every request answers 500.',
    causes: { 'config-error': 1 },
    checks: ['apachectl -M | grep -E "proxy|ssl"', 'a2enmod proxy_http   # Debian/Ubuntu; or LoadModule proxy_http_module … on RHEL'],
    fix: 'Load the proxy submodule for that scheme (e.g. `a2enmod proxy_http` / `LoadModule proxy_http_module modules/mod_proxy_http.so`) and restart Apache.',
    source: `${MP}#L1530-L1535`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/ssl-proxy-not-enabled',
    catalog: 'APA-SSL',
    platform: 'apache',
    title: 'AH00961: HTTPS: failed to enable ssl support for <ip>:<port> (<host>)',
    keywords: ['ah00961', 'failed to enable ssl support'],
    pattern: new RegExp(
      String.raw`(?:AH00961: )?${PROTO}: failed to enable ssl support for (?<upstream>\[[0-9a-fA-F:.%\w]+\]:\d{1,5}|[\w.-]+:\d{1,5}) \((?:\*|(?<host>[^\s():*]+))\)`,
    ),
    phase: 'tls',
    status: 500,
    meaning:
      'ProxyPass points at an https:// backend but TLS towards backends is not enabled in this context (`SSLProxyEngine On` missing, or mod_ssl not loaded).',
    causes: { 'config-error': 0.6, 'tls-mismatch': 0.4 },
    checks: ['grep -rn "SSLProxyEngine" /etc/apache2 /etc/httpd 2>/dev/null', 'apachectl -M | grep ssl'],
    fix: 'Add `SSLProxyEngine On` to the virtual host that proxies to https:// (and load mod_ssl), or use http:// if the backend is plaintext.',
    source: `${PU}#L4141`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'apache/ssl-proxy-handshake-failed',
    catalog: 'APA-SSL',
    platform: 'apache',
    title: 'AH02003: SSL Proxy connect failed / AH02005 peer certificate mismatch / AH02252 expired',
    keywords: ['ah02003', 'ah02005', 'ah02252', 'ssl proxy connect failed'],
    pattern:
      /(?<detail>AH02003: SSL Proxy connect failed|SSL Proxy connect failed|AH02005: SSL Proxy: Peer certificate does not match for hostname(?: (?<host>[^\s,]+))?|AH02252:[^\n]{0,80}?expired)/,
    phase: 'tls',
    status: 502,
    meaning:
      'The TLS handshake from Apache to the backend failed: the backend does not speak TLS on that port, its certificate is not trusted, does not match the hostname, or has expired.',
    causes: { 'tls-mismatch': 0.6, 'config-error': 0.3, 'port-mismatch': 0.1 },
    checks: [
      'openssl s_client -connect <backend-host>:<backend-port> -servername <backend-host> </dev/null',
      'grep -rnE "SSLProxy(Verify|CACertificate|CheckPeer)" /etc/apache2 /etc/httpd 2>/dev/null',
    ],
    fix: 'Trust the backend CA (`SSLProxyCACertificateFile`), use a certificate that matches the backend name, renew it if expired, or use http:// for a plaintext backend.',
    source: 'https://httpd.apache.org/docs/2.4/mod/mod_ssl.html#sslproxyengine',
    evidence: 'kb',
  }),
];
