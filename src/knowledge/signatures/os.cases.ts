import type { SignatureCases } from '../../core/signature-cases.js';

export default {
  'os/connection-refused': {
    match: [
      {
        text: '2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream',
        fields: { errno: '111', code: 'ECONNREFUSED' },
      },
      { text: 'Error: connect ECONNREFUSED 127.0.0.1:5432', fields: { code: 'ECONNREFUSED' } },
      { text: 'ConnectionRefusedError: [Errno 61] Connection refused', fields: { errno: '61' } },
      { text: 'dial tcp 10.0.0.5:8080: connect: connection refused' },
      { text: 'java.net.ConnectException: Connection refused: connect' },
      { text: 'No connection could be made because the target machine actively refused it. (127.0.0.1:5000)' },
    ],
    nearMiss: [
      'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection reset by peer',
      '{"proxy_status":"connection_refused","status":503}',
      'read tcp 10.0.0.7:41234->10.0.0.5:8080: read: connection reset by peer',
    ],
  },
  'os/connection-timed-out': {
    match: [
      {
        text: '2024/03/12 09:14:02 [error] 31#31: *7 upstream timed out (110: Connection timed out) while connecting to upstream',
        fields: { errno: '110', code: 'ETIMEDOUT' },
      },
      { text: 'Error: connect ETIMEDOUT 10.0.3.17:443', fields: { code: 'ETIMEDOUT' } },
      { text: 'kevent() reported that connect() failed (60: Operation timed out) while connecting to upstream', fields: { errno: '60' } },
      { text: 'dial tcp 172.31.5.10:443: connect: connection timed out' },
      { text: 'A connection attempt failed because the connected party did not properly respond after a period of time (10060)' },
    ],
    nearMiss: [
      'curl: (28) Connection timed out after 3001 milliseconds',
      'curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received',
      "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='api', port=80): Read timed out. (read timeout=5)",
    ],
  },
  'os/connection-reset': {
    match: [
      {
        text: '2024/03/12 09:14:02 [error] 31#31: *7 recv() failed (104: Connection reset by peer) while reading response header from upstream',
        fields: { errno: '104', code: 'ECONNRESET' },
      },
      { text: 'Error: read ECONNRESET', fields: { code: 'ECONNRESET' } },
      { text: 'read tcp 10.0.0.7:41234->10.0.0.5:8080: read: connection reset by peer' },
      { text: 'System.Net.Sockets.SocketException (10054): An existing connection was forcibly closed by the remote host.' },
    ],
    nearMiss: ['connect() failed (111: Connection refused) while connecting to upstream', 'upstream reset: reset reason: connection termination'],
  },
  'os/no-route-to-host': {
    match: [
      {
        text: 'connect() failed (113: No route to host) while connecting to upstream, client: 10.0.0.9, upstream: "http://10.244.1.19:8080/"',
        fields: { errno: '113', code: 'EHOSTUNREACH' },
      },
      { text: 'Error: connect EHOSTUNREACH 10.244.1.19:8080', fields: { code: 'EHOSTUNREACH' } },
      { text: 'java.net.NoRouteToHostException: No route to host (Host unreachable)' },
    ],
    nearMiss: ['connect() failed (101: Network is unreachable) while connecting to upstream', 'ip route add 10.244.1.0/24 via 10.0.0.1'],
  },
  'os/network-unreachable': {
    match: [
      {
        text: 'connect() to [2001:db8::10]:80 failed (101: Network is unreachable) while connecting to upstream',
        fields: { errno: '101', code: 'ENETUNREACH' },
      },
      { text: 'Error: connect ENETUNREACH 2001:db8::10:443 - Local (:::0)', fields: { code: 'ENETUNREACH' } },
      { text: 'dial tcp [2001:db8::10]:8080: connect: network is unreachable' },
    ],
    nearMiss: ['connect() failed (113: No route to host) while connecting to upstream', 'level=info msg="network is reachable again"'],
  },
  'os/broken-pipe': {
    match: [
      { text: 'writev() failed (32: Broken pipe) while sending request to upstream', fields: { errno: '32', code: 'EPIPE' } },
      { text: 'Error: write EPIPE', fields: { code: 'EPIPE' } },
      { text: 'write tcp 10.0.0.7:41234->10.0.0.5:8080: write: broken pipe' },
    ],
    nearMiss: ['Error: read ECONNRESET', 'pipeline broken into 3 stages'],
  },
  'os/cannot-assign-address': {
    match: [
      {
        text: 'connect() to 10.0.0.5:8080 failed (99: Cannot assign requested address) while connecting to upstream',
        fields: { errno: '99', code: 'EADDRNOTAVAIL' },
      },
      { text: 'Error: connect EADDRNOTAVAIL 10.0.0.5:8080 - Local (0.0.0.0:0)', fields: { code: 'EADDRNOTAVAIL' } },
      { text: "dial tcp 10.0.0.5:8080: connect: can't assign requested address" },
    ],
    nearMiss: ['bind() to 0.0.0.0:80 failed (98: Address already in use)', 'Error: listen EADDRINUSE: address already in use :::3000'],
  },
  'os/too-many-open-files': {
    match: [
      { text: 'accept4() failed (24: Too many open files)', fields: { errno: '24', code: 'EMFILE' } },
      { text: "Error: EMFILE: too many open files, open '/app/config.json'", fields: { code: 'EMFILE' } },
      { text: 'http: Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in 5ms' },
    ],
    nearMiss: ['worker_rlimit_nofile 65535;', 'ENFILE: file table overflow'],
  },
} satisfies SignatureCases;
