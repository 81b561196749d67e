import { defineSignature } from '../../core/define-signature.js';

/**
 * Generic errno texts (Linux strerror, macOS/BSD numbers, Windows WSA codes). They appear inside
 * almost every other platform's messages, so they are the fallback classification when nothing more
 * specific matches: patterns are deliberately broad and cause weights deliberately spread out.
 * The Linux texts were checked with glibc strerror (os.strerror) here; the others are [kb].
 */
const ERRNO_MAN = 'https://man7.org/linux/man-pages/man3/errno.3.html';

export const signatures = [
  defineSignature({
    id: 'os/connection-refused',
    catalog: 'ERRNO-111',
    platform: 'os',
    title: 'ECONNREFUSED (111 / 61 / 10061): Connection refused',
    keywords: ['connection refused', 'econnrefused', 'actively refused'],
    pattern: /(?:\b(?<errno>111|61|10061)[\]):]?\s?)?Connection refused\b|\b(?<code>(?:WSA)?ECONNREFUSED)\b|target machine actively refused it/i,
    phase: 'connect',
    status: null,
    meaning:
      'The connection attempt was answered with a TCP reset: nothing listens at that address and port (or a firewall rejects with tcp-reset). Linux 111, macOS 61, Windows 10061.',
    causes: {
      'not-listening': 0.3,
      'wrong-host-localhost': 0.2,
      'bind-loopback': 0.15,
      'port-mismatch': 0.15,
      'startup-order': 0.12,
      'network-blocked': 0.08,
    },
    checks: [
      'ss -ltnp   # on the target: is the port listening, and on 0.0.0.0 or only 127.0.0.1?',
      'From the client container/pod: `nc -vz <host> <port>`',
      'If the target is localhost/127.0.0.1 inside a container, use the service or container name',
    ],
    fix: 'Connect to the address and port where the server really listens, make it listen on all interfaces, or start it before its clients.',
    source: ERRNO_MAN,
    evidence: 'verified',
    fields: { code: 'ECONNREFUSED' },
  }),
  defineSignature({
    id: 'os/connection-timed-out',
    catalog: 'ERRNO-110',
    platform: 'os',
    title: 'ETIMEDOUT (110 / 60 / 10060): Connection timed out',
    keywords: ['connection timed out', 'operation timed out', 'etimedout', 'did not properly respond'],
    pattern:
      /(?:\b(?<errno>110|60|10060)[\]):]?\s?)?Connection timed out\b(?! after \d)|\b(?<errno_2>60)[\]):]?\s?Operation timed out|\b(?<code>(?:WSA)?ETIMEDOUT)\b|connected party did not properly respond/i,
    phase: 'connect',
    status: null,
    meaning:
      'No answer arrived in time: SYNs (or data) are silently dropped by a firewall/security group, the host is gone, or the server is too overloaded to accept. On an established socket it means the peer stopped acknowledging.',
    causes: { 'network-blocked': 0.4, 'no-endpoints': 0.25, 'slow-upstream': 0.2, 'resource-exhaustion': 0.15 },
    checks: ['From the client: `nc -vz -w 3 <host> <port>`', 'Check security groups / firewall / NetworkPolicy between client and target'],
    fix: 'Open the network path or point the client at a live address; if the server is overloaded, scale it or raise its accept backlog.',
    source: ERRNO_MAN,
    evidence: 'verified',
    fields: { code: 'ETIMEDOUT' },
  }),
  defineSignature({
    id: 'os/connection-reset',
    catalog: 'ERRNO-104',
    platform: 'os',
    title: 'ECONNRESET (104 / 54 / 10054): Connection reset by peer',
    keywords: ['connection reset by peer', 'econnreset', 'forcibly closed by the remote host'],
    pattern:
      /(?:\b(?<errno>104|54|10054)[\]):]?\s?)?Connection reset by peer\b|\b(?<code>(?:WSA)?ECONNRESET)\b|existing connection was forcibly closed by the remote host/i,
    phase: 'read-headers',
    status: null,
    meaning:
      'The peer sent a TCP reset on an established connection: the process crashed or was killed, it closed a kept-alive connection that was being reused, or a proxy/sidecar/firewall reset it.',
    causes: { 'upstream-reset': 0.4, 'keepalive-race': 0.3, 'tls-mismatch': 0.15, 'network-blocked': 0.1, 'resource-exhaustion': 0.05 },
    checks: [
      'Check the peer for restarts/OOM kills at that time (`kubectl get pods`; `docker ps -a`; `dmesg`)',
      "Compare the server's keep-alive idle timeout with the client's connection reuse",
    ],
    fix: 'Keep client idle timeouts below the server keep-alive timeout, retry idempotent requests, and fix crashes on the peer.',
    source: ERRNO_MAN,
    evidence: 'verified',
    fields: { code: 'ECONNRESET' },
  }),
  defineSignature({
    id: 'os/no-route-to-host',
    catalog: 'ERRNO-113',
    platform: 'os',
    title: 'EHOSTUNREACH (113 / 65 / 10065): No route to host',
    keywords: ['no route to host', 'host is unreachable', 'ehostunreach', 'unreachable host'],
    pattern:
      /(?:\b(?<errno>113|65|10065)[\]):]?\s?)?(?:No route to host|Host is unreachable)\b|\b(?<code>(?:WSA)?EHOSTUNREACH)\b|socket operation was attempted to an unreachable host/i,
    phase: 'connect',
    status: null,
    meaning:
      'The kernel got an ICMP host-unreachable (or a firewall REJECT with icmp-host-prohibited): the IP belongs to no live host any more (stale pod/container IP) or a firewall rejects the traffic.',
    causes: { 'network-blocked': 0.5, 'no-endpoints': 0.35, 'config-error': 0.15 },
    checks: ['ip route get <target-ip>; ip neigh   # from the client', 'iptables -S | grep -i reject   # on hosts in between'],
    fix: 'Use a stable name instead of a cached IP, or remove the rule rejecting the traffic.',
    source: ERRNO_MAN,
    evidence: 'verified',
    fields: { code: 'EHOSTUNREACH' },
  }),
  defineSignature({
    id: 'os/network-unreachable',
    catalog: 'ERRNO-101',
    platform: 'os',
    title: 'ENETUNREACH (101 / 51 / 10051): Network is unreachable',
    keywords: ['network is unreachable', 'enetunreach', 'unreachable network'],
    pattern:
      /(?:\b(?<errno>101|51|10051)[\]):]?\s?)?Network is unreachable\b|\b(?<code>(?:WSA)?ENETUNREACH)\b|socket operation was attempted to an unreachable network/i,
    phase: 'connect',
    status: null,
    meaning:
      'The host has no route for that destination at all: typically an IPv6 address tried on a host without IPv6 routing, a container without a default route, or a wrong address.',
    causes: { 'network-blocked': 0.5, 'wrong-host-localhost': 0.25, 'config-error': 0.25 },
    checks: ['ip route; ip -6 route   # on the client', 'Check whether the target was resolved to an IPv6 address (`getent ahosts <host>`)'],
    fix: 'Use an address family/route that exists (prefer IPv4 or enable IPv6 routing), or fix the target address.',
    source: ERRNO_MAN,
    evidence: 'verified',
    fields: { code: 'ENETUNREACH' },
  }),
  defineSignature({
    id: 'os/broken-pipe',
    catalog: 'ERRNO-32',
    platform: 'os',
    title: 'EPIPE (32): Broken pipe',
    keywords: ['broken pipe', 'epipe'],
    pattern: /(?:\b(?<errno>32)[\]):]?\s?)?Broken pipe\b|\b(?<code>EPIPE)\b/i,
    phase: 'send',
    status: null,
    meaning:
      'A write happened after the peer had already closed the connection: a reused keep-alive connection the peer dropped, a peer that crashed, or a server rejecting a large request and closing early.',
    causes: { 'upstream-reset': 0.45, 'keepalive-race': 0.4, 'config-error': 0.15 },
    checks: ["Compare the peer's keep-alive timeout with the client's connection reuse", 'Check body-size limits on the receiving side'],
    fix: 'Keep client idle timeouts below the server keep-alive timeout and retry on a fresh connection; raise body limits if uploads are rejected.',
    source: ERRNO_MAN,
    evidence: 'verified',
    fields: { code: 'EPIPE' },
  }),
  defineSignature({
    id: 'os/cannot-assign-address',
    catalog: 'ERRNO-99',
    platform: 'os',
    title: 'EADDRNOTAVAIL (99 / 49 / 10049): Cannot assign requested address',
    keywords: ['assign requested address', 'eaddrnotavail', 'not valid in its context'],
    pattern:
      /(?:\b(?<errno>99|49|10049)[\]):]?\s?)?Can(?:not|'t) assign requested address|\b(?<code>(?:WSA)?EADDRNOTAVAIL)\b|requested address is not valid in its context/i,
    phase: 'connect',
    status: null,
    meaning:
      'No local address/port could be assigned for the connection: ephemeral ports are exhausted (many short-lived connections in TIME_WAIT, no connection reuse), or something binds to an address that does not exist on the host.',
    causes: { 'resource-exhaustion': 0.6, 'config-error': 0.4 },
    checks: ['ss -tan state time-wait | wc -l; sysctl net.ipv4.ip_local_port_range', 'Check that clients reuse connections (keep-alive pools)'],
    fix: 'Reuse connections (keep-alive / pooling), widen the ephemeral port range, or bind to an address present on the host.',
    source: ERRNO_MAN,
    evidence: 'verified',
    fields: { code: 'EADDRNOTAVAIL' },
  }),
  defineSignature({
    id: 'os/too-many-open-files',
    catalog: 'ERRNO-24',
    platform: 'os',
    title: 'EMFILE (24): Too many open files',
    keywords: ['too many open files', 'emfile'],
    pattern: /(?:\b(?<errno>24)[\]):]?\s?)?Too many open files\b|\b(?<code>EMFILE)\b/i,
    phase: 'pool',
    status: null,
    meaning: 'The process reached its file-descriptor limit and cannot open new sockets: a connection/file leak or a ulimit too low for the load.',
    causes: { 'resource-exhaustion': 0.85, 'config-error': 0.15 },
    checks: ['grep "open files" /proc/<pid>/limits; ls /proc/<pid>/fd | wc -l', 'ss -tanp | grep <pid> | wc -l'],
    fix: 'Fix the descriptor leak (close responses/connections, use pools) and raise the nofile limit if the load needs it.',
    source: ERRNO_MAN,
    evidence: 'verified',
    fields: { code: 'EMFILE' },
  }),
];
