import { defineSignature } from '../../core/define-signature.js';

const CF_5XX = 'https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors';
const CF_1XXX = 'https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors';
const CF_TUNNEL_ERRORS = 'https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/troubleshoot-tunnels/common-errors/';

/** A DNS name with bounded labels (keeps backtracking linear on long alphanumeric runs). */
const HOSTNAME = String.raw`[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9][a-z0-9-]{0,62}){1,8}`;

/**
 * A Cloudflare 5xx/1xxx error as people paste it: the page title `example.com | 521: Web server is down`,
 * the page text `Web server is down Error code 521`, the plain-text body `error code: 521` (non-browser
 * clients), the old `Error 521` layout, or `curl -i` output (`HTTP/2 521` … `server: cloudflare`).
 * The hostname is taken from the page title when present.
 */
function cfError(code: string, title: string): RegExp {
  return new RegExp(
    String.raw`(?:(?:(?<host>${HOSTNAME}) \| )?\b${code}: ${title}\b` +
      String.raw`|\bError(?: code)?:? ${code}\b` +
      String.raw`|\bHTTP\/[\d.]+ ${code}\b[\s\S]{0,800}?\bserver: cloudflare\b)`,
    'i',
  );
}

/** Keywords matching every form accepted by {@link cfError}. */
function cfKeywords(code: string, title: string): string[] {
  return [`${code}: ${title}`.toLowerCase(), `error ${code}`, `error code ${code}`, `error code: ${code}`, `http/2 ${code}`, `http/1.1 ${code}`];
}

/** The cloudflared origin-proxy error, in its zerolog console form (`ERR … error="Unable to reach the origin service…"`). */
const CLOUDFLARED = String.raw`\bUnable to reach the origin service\. The service may be down or it may not be responding to traffic from cloudflared: `;
/** `originService=http://localhost:8080` printed after the error on the same line. */
const ORIGIN_SERVICE = String.raw`(?:(?=[^\n]{0,600}?\boriginService=(?<upstream>[^\s"]+))|)`;
const DIAL_ADDR = String.raw`dial tcp (?:\[(?<host>[0-9a-f:.%\w]+)\]|(?<host_2>[^\s:\[\]]+)):(?<port>\d{1,5})`;

export const signatures = [
  defineSignature({
    id: 'cloudflare/error-520-unknown-error',
    catalog: 'CF-520',
    platform: 'cloudflare',
    title: 'Cloudflare 520: Web server is returning an unknown error',
    keywords: cfKeywords('520', 'Web server is returning an unknown error'),
    pattern: cfError('520', 'Web server is returning an unknown error'),
    phase: 'read-headers',
    status: 520,
    meaning:
      'Cloudflare connected to the origin, but the answer was empty, invalid or cut: the origin reset or closed the connection after accepting it (crash, keep-alive timeout race), or sent headers Cloudflare cannot accept (too large, malformed).',
    causes: {
      'upstream-reset': 0.4,
      'protocol-mismatch': 0.3,
      'keepalive-race': 0.3,
    },
    checks: [
      'Bypass Cloudflare: `curl -sv --resolve {host}:443:<origin-ip> https://{host}/   # empty reply? reset? huge headers?`',
      'Check the origin error log for crashes or resets at the time of the Ray ID',
      'Origin keep-alive timeout should be longer than 300 s (Cloudflare reuses idle connections)',
    ],
    fix: "Make the origin return a complete, valid HTTP response (fix crashes, keep headers under 32 KB) and keep its keep-alive timeout above Cloudflare's idle reuse time.",
    source: `${CF_5XX}/error-520/`,
    evidence: 'doc',
  }),
  defineSignature({
    id: 'cloudflare/error-521-web-server-down',
    catalog: 'CF-521',
    platform: 'cloudflare',
    title: 'Cloudflare 521: Web server is down (origin refused the connection)',
    keywords: cfKeywords('521', 'Web server is down'),
    pattern: cfError('521', 'Web server is down'),
    phase: 'connect',
    status: 521,
    meaning:
      "The origin refused Cloudflare's TCP connection (answered with RST): the web server is not running or not listening on the port, or a firewall rejects Cloudflare's IP ranges.",
    causes: {
      'not-listening': 0.6,
      'network-blocked': 0.4,
    },
    checks: [
      'On the origin: `ss -ltnp "( sport = :80 or sport = :443 )"`',
      'From outside: `curl -sv --resolve {host}:443:<origin-ip> https://{host}/`',
      'Firewall/fail2ban/iptables must allow Cloudflare IP ranges (https://www.cloudflare.com/ips/)',
    ],
    fix: 'Start the web server on the port Cloudflare uses (80/443 or the configured one) and allow Cloudflare IP ranges through the origin firewall.',
    source: `${CF_5XX}/error-521/`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'cloudflare/error-522-connection-timed-out',
    catalog: 'CF-522',
    platform: 'cloudflare',
    title: 'Cloudflare 522: Connection timed out (TCP handshake to the origin did not complete)',
    keywords: [...cfKeywords('522', 'Connection timed out'), 'initial connection between cloudflare'],
    pattern: new RegExp(
      `${cfError('522', 'Connection timed out').source}|\\bThe initial connection between Cloudflare['’]s network and the origin web server timed out\\b`,
      'i',
    ),
    phase: 'connect',
    status: 522,
    meaning:
      "Cloudflare's TCP connection attempts to the origin got no answer in time: a firewall or security group silently drops Cloudflare IPs, the DNS record points at a wrong/old origin IP, or the origin is too overloaded to accept.",
    causes: {
      'network-blocked': 0.5,
      'dns-failure': 0.3,
      'resource-exhaustion': 0.2,
    },
    checks: [
      'Compare the A/AAAA record in the Cloudflare dashboard with the real origin IP',
      'From outside: `nc -vz -w 10 <origin-ip> 443`',
      'Security group / firewall must allow Cloudflare IP ranges (https://www.cloudflare.com/ips/) on 80/443',
    ],
    fix: 'Point the DNS record at the right origin IP and allow Cloudflare IP ranges through every firewall/security group in front of the origin.',
    source: `${CF_5XX}/error-522/`,
    evidence: 'doc',
  }),
  defineSignature({
    id: 'cloudflare/error-523-origin-unreachable',
    catalog: 'CF-523',
    platform: 'cloudflare',
    title: 'Cloudflare 523: Origin is unreachable',
    keywords: cfKeywords('523', 'Origin is unreachable'),
    pattern: cfError('523', 'Origin is unreachable'),
    phase: 'connect',
    status: 523,
    meaning: 'Cloudflare has no route to the origin IP: the DNS record points at a wrong, private or retired address, or the origin network is down.',
    causes: {
      'network-blocked': 0.5,
      'dns-failure': 0.5,
    },
    checks: ['Check the A/AAAA record for {host} in the Cloudflare dashboard (not a private 10.x/192.168.x address)', 'From outside: `mtr -rwc 5 <origin-ip>`'],
    fix: 'Point the DNS record at the public, reachable origin address (or use a Cloudflare Tunnel for private origins).',
    source: `${CF_5XX}/error-523/`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'cloudflare/error-524-timeout',
    catalog: 'CF-524',
    platform: 'cloudflare',
    title: 'Cloudflare 524: A timeout occurred (origin did not answer within 100 s)',
    keywords: [...cfKeywords('524', 'A timeout occurred'), 'timed out responding to this request'],
    pattern: new RegExp(`${cfError('524', 'A timeout occurred').source}|\\bThe origin web server timed out responding to this request\\b`, 'i'),
    phase: 'read-headers',
    status: 524,
    meaning:
      'Cloudflare connected to the origin and sent the request, but got no HTTP response within its proxy read timeout (100 s; configurable on Enterprise).',
    causes: {
      'slow-upstream': 0.65,
      'timeout-misaligned': 0.35,
    },
    checks: [
      'Time the request directly against the origin: `curl -s -o /dev/null -w "%{time_starttransfer}\\n" --resolve {host}:443:<origin-ip> https://{host}/<path>`',
      'Find the slow request in the origin access log (request time > 100 s)',
    ],
    fix: 'Make the request finish within 100 s (background job + polling, streaming progress), or serve long-running endpoints from a non-proxied (grey-cloud) hostname.',
    source: `${CF_5XX}/error-524/`,
    evidence: 'doc',
  }),
  defineSignature({
    id: 'cloudflare/error-525-ssl-handshake-failed',
    catalog: 'CF-525',
    platform: 'cloudflare',
    title: 'Cloudflare 525: SSL handshake failed (with the origin)',
    keywords: cfKeywords('525', 'SSL handshake failed'),
    pattern: cfError('525', 'SSL handshake failed'),
    phase: 'tls',
    status: 525,
    meaning:
      'SSL mode is Full or Full (strict), but the TLS handshake with the origin failed: nothing speaks TLS on port 443 (plain HTTP there), no certificate for the SNI name, or no cipher/protocol in common.',
    causes: {
      'tls-mismatch': 0.7,
      'port-mismatch': 0.3,
    },
    checks: [
      'openssl s_client -connect <origin-ip>:443 -servername {host} </dev/null',
      'Check the zone SSL/TLS mode (Flexible / Full / Full (strict)) against what the origin serves on 443',
    ],
    fix: 'Serve TLS on the origin port 443 with a certificate for the hostname (a Cloudflare Origin CA certificate works), or switch SSL mode to match the origin.',
    source: `${CF_5XX}/error-525/`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'cloudflare/error-526-invalid-ssl-certificate',
    catalog: 'CF-526',
    platform: 'cloudflare',
    title: 'Cloudflare 526: Invalid SSL certificate (on the origin)',
    keywords: cfKeywords('526', 'Invalid SSL certificate'),
    pattern: cfError('526', 'Invalid SSL certificate'),
    phase: 'tls',
    status: 526,
    meaning: 'SSL mode is Full (strict) and the origin certificate failed validation: expired, self-signed/untrusted, or not valid for the requested hostname.',
    causes: {
      'tls-mismatch': 0.75,
      'config-error': 0.25,
    },
    checks: ['openssl s_client -connect <origin-ip>:443 -servername {host} </dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName'],
    fix: 'Install a valid certificate for the hostname on the origin (publicly trusted or Cloudflare Origin CA), or renew the expired one.',
    source: `${CF_5XX}/error-526/`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'cloudflare/error-1016-origin-dns-error',
    catalog: 'CF-530-1016',
    platform: 'cloudflare',
    title: 'Cloudflare 530 / Error 1016: Origin DNS error',
    keywords: ['error 1016', 'error code 1016', 'error code: 1016', 'origin dns error'],
    pattern: new RegExp(
      String.raw`(?:\bError(?: code)?:? 1016\b|\bOrigin DNS error\b)` +
        String.raw`(?:(?=[\s\S]{0,800}?\bunable to resolve your requested domain \((?<host>[^)\s]+)\))|)`,
      'i',
    ),
    phase: 'dns',
    status: 530,
    meaning:
      "Cloudflare could not resolve the origin: the record is a CNAME to a hostname that does not exist (or no longer exists), or the load-balancer/origin hostname doesn't resolve.",
    causes: {
      'dns-failure': 0.7,
      'config-error': 0.3,
    },
    checks: [
      'dig +short CNAME {host}   # the CNAME target must resolve: dig +short <target>',
      'Check the DNS records for the hostname in the Cloudflare dashboard',
    ],
    fix: 'Point the record at an origin hostname/IP that resolves publicly (fix the CNAME target or replace it with an A record).',
    source: `${CF_1XXX}/error-1016/`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'cloudflare/error-1033-tunnel-error',
    catalog: 'CF-1033',
    platform: 'cloudflare',
    title: 'Cloudflare 530 / Error 1033: Cloudflare Tunnel error (no healthy cloudflared connector)',
    keywords: ['error 1033', 'error code 1033', 'error code: 1033', 'tunnel error'],
    pattern: new RegExp(
      String.raw`(?:\bError(?: code)?:? 1033\b|\b(?:Cloudflare|Argo) Tunnel error\b)` +
        String.raw`(?:(?=[\s\S]{0,800}?\bThe host \((?<host>[^)\s]+)\) is configured as an? (?:Cloudflare|Argo) Tunnel)|)`,
      'i',
    ),
    phase: 'connect',
    status: 530,
    meaning:
      'The hostname routes to a Cloudflare Tunnel, but no cloudflared connector for that tunnel is connected to Cloudflare: cloudflared is not running, cannot reach Cloudflare, or runs with another tunnel/credentials.',
    causes: {
      'not-listening': 0.6,
      'no-healthy-upstream': 0.4,
    },
    checks: [
      'cloudflared tunnel list   # does the tunnel have active connections?',
      'cloudflared tunnel info <tunnel-name>',
      'Check the cloudflared service/container logs for registration errors',
    ],
    fix: 'Run cloudflared with the credentials of the tunnel the hostname routes to, and make sure it can reach Cloudflare on port 7844.',
    source: `${CF_1XXX}/error-1033/`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'cloudflare/cloudflared-origin-refused',
    catalog: 'CF-CLOUDFLARED',
    platform: 'cloudflare',
    title: 'cloudflared: Unable to reach the origin service … dial tcp …: connect: connection refused',
    keywords: ['unable to reach the origin service'],
    pattern: new RegExp(`${CLOUDFLARED}${DIAL_ADDR}: connect: connection refused${ORIGIN_SERVICE}`, 'i'),
    phase: 'connect',
    status: 502,
    meaning:
      "cloudflared got the request through the tunnel, but the origin service address in its ingress rules refused the connection. When it is localhost/127.0.0.1 and cloudflared runs in its own container, that is cloudflared's own loopback, not the app.",
    causes: {
      'wrong-host-localhost': 0.45,
      'not-listening': 0.35,
      'port-mismatch': 0.2,
    },
    checks: [
      'Check the ingress rule "service:" in config.yml or the dashboard (now {upstream}); in Docker use the app container name, e.g. http://app:8080',
      'From where cloudflared runs: `curl -sv http://{host}:{port}/`',
      'On the app host: `ss -ltnp "sport = :{port}"`',
    ],
    fix: 'Point the tunnel ingress service at an address cloudflared can reach (the app service/container name, not localhost when cloudflared is containerized) and make sure the app listens there.',
    source: CF_TUNNEL_ERRORS,
    evidence: 'kb',
    fields: { code: 'ECONNREFUSED' },
  }),
  defineSignature({
    id: 'cloudflare/cloudflared-origin-timeout',
    catalog: 'CF-CLOUDFLARED',
    platform: 'cloudflare',
    title: 'cloudflared: Unable to reach the origin service … i/o timeout / no route to host',
    keywords: ['unable to reach the origin service'],
    pattern: new RegExp(
      `${CLOUDFLARED}${DIAL_ADDR}: (?<detail>i/o timeout|connect: no route to host|connect: network is unreachable|connect: connection timed out)${ORIGIN_SERVICE}`,
      'i',
    ),
    phase: 'connect',
    status: 502,
    meaning:
      'cloudflared could not connect to the origin service address: packets are dropped or there is no route (wrong IP, firewall, the app on another Docker network or host).',
    causes: {
      'network-blocked': 0.55,
      'wrong-host-localhost': 0.2,
      'not-listening': 0.25,
    },
    checks: [
      'From where cloudflared runs: `nc -vz -w 5 {host} {port}`',
      'Docker: cloudflared and the app must share a network (`docker network inspect <network>`)',
    ],
    fix: 'Give cloudflared a network path to the origin (same Docker network/VPC, firewall open) and use the origin address reachable from there.',
    source: CF_TUNNEL_ERRORS,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'cloudflare/cloudflared-origin-dns-failure',
    catalog: 'CF-CLOUDFLARED',
    platform: 'cloudflare',
    title: 'cloudflared: Unable to reach the origin service … dial tcp: lookup <name>: no such host',
    keywords: ['unable to reach the origin service'],
    pattern: new RegExp(
      `${CLOUDFLARED}dial tcp: lookup (?<host>[^\\s:]+)(?: on [^\\s]+)?: (?<detail>no such host|server misbehaving|i/o timeout|Temporary failure in name resolution)${ORIGIN_SERVICE}`,
      'i',
    ),
    phase: 'dns',
    status: 502,
    meaning:
      'cloudflared could not resolve the host name of the origin service: a typo, a Docker service name on a network cloudflared is not attached to, or a cluster-internal name used outside the cluster.',
    causes: {
      'dns-failure': 0.7,
      'config-error': 0.3,
    },
    checks: [
      'From where cloudflared runs: `getent hosts {host}`',
      'Docker: `docker network inspect <network>   # are cloudflared and the app on the same network?`',
    ],
    fix: 'Use an origin host name resolvable from cloudflared (attach it to the app network, or use the full service DNS name).',
    source: CF_TUNNEL_ERRORS,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'cloudflare/cloudflared-origin-tls-failure',
    catalog: 'CF-CLOUDFLARED',
    platform: 'cloudflare',
    title: 'cloudflared: Unable to reach the origin service … TLS / x509 error',
    keywords: ['unable to reach the origin service'],
    pattern: new RegExp(`${CLOUDFLARED}(?<detail>(?:tls: |x509: |remote error: tls: )[^"\\n]{0,200})${ORIGIN_SERVICE}`, 'i'),
    phase: 'tls',
    status: 502,
    meaning:
      'cloudflared reached the origin but the TLS connection to it failed: an https:// origin service that really speaks plain HTTP, or a certificate cloudflared does not trust or that does not match the origin name.',
    causes: {
      'tls-mismatch': 0.7,
      'protocol-mismatch': 0.2,
      'config-error': 0.1,
    },
    checks: [
      'Check the ingress "service:" scheme (http:// vs https://) against what the app serves; now {upstream}',
      'For self-signed origins set originRequest.noTLSVerify: true or originServerName/caPool in the ingress rule',
    ],
    fix: 'Use http:// for plaintext origins, or configure originServerName/caPool (or noTLSVerify) for the origin certificate.',
    source: CF_TUNNEL_ERRORS,
    evidence: 'kb',
  }),
];
