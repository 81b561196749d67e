import type { SignatureCases } from '../../core/signature-cases.js';

// Lines marked "real" were printed by curl 7.88.1 (OpenSSL 3.0) against 127.0.0.1 test ports.
const VERBOSE_REFUSED = `*   Trying 127.0.0.1:18799...
* connect to 127.0.0.1 port 18799 failed: Connection refused
*   Trying [::1]:18799...
* connect to ::1 port 18799 failed: Connection refused
* Failed to connect to localhost port 18799 after 0 ms: Couldn't connect to server
* Closing connection 0
curl: (7) Failed to connect to localhost port 18799 after 0 ms: Couldn't connect to server`;

export default {
  'curl/could-not-resolve-host': {
    match: [
      // real
      { text: 'curl: (6) Could not resolve host: nonexistent.invalid', fields: { host: 'nonexistent.invalid', code: 'CURLE_COULDNT_RESOLVE_HOST' } },
      { text: "curl: (6) Couldn't resolve host 'api'", fields: { host: 'api' } },
      { text: 'api-1  | curl: (6) Could not resolve host: payments', fields: { host: 'payments' } },
      {
        text: 'cURL error 6: Could not resolve host: billing.internal (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for http://billing.internal/v1/charge',
        fields: { host: 'billing.internal' },
      },
    ],
    nearMiss: ['curl: (5) Could not resolve proxy: squid.corp', 'curl: (7) Failed to connect to localhost port 3000 after 0 ms: Connection refused'],
  },
  'curl/failed-to-connect': {
    match: [
      // real
      {
        text: "curl: (7) Failed to connect to 127.0.0.1 port 18799 after 0 ms: Couldn't connect to server",
        fields: { host: '127.0.0.1', port: '18799', code: 'CURLE_COULDNT_CONNECT' },
      },
      { text: 'curl: (7) Failed to connect to localhost port 3000 after 0 ms: Connection refused', fields: { host: 'localhost', port: '3000' } },
      { text: 'curl: (7) Failed to connect to 127.0.0.1 port 3000: Connection refused', fields: { host: '127.0.0.1', port: '3000' } },
      { text: 'curl: (7) Failed to connect to localhost:3000 after 0 ms: Could not connect to server', fields: { host: 'localhost', port: '3000' } },
      // real
      { text: "curl: (7) Failed to connect to ::1 port 18799 after 0 ms: Couldn't connect to server", fields: { host: '::1', port: '18799' } },
      // real (curl -v)
      { text: VERBOSE_REFUSED, fields: { host: 'localhost', port: '18799' } },
    ],
    nearMiss: [
      // real
      'curl: (28) Failed to connect to 192.0.2.10 port 8080 after 2001 ms: Timeout was reached',
      'curl: (7) Failed to connect to 10.0.3.17 port 8080 after 3 ms: No route to host',
      '* Connected to localhost (127.0.0.1) port 3000 (#0)',
    ],
  },
  'curl/no-route-to-host': {
    match: [
      {
        text: 'curl: (7) Failed to connect to 10.0.3.17 port 8080 after 3 ms: No route to host',
        fields: { host: '10.0.3.17', port: '8080', detail: 'No route to host' },
      },
      { text: 'curl: (7) Failed to connect to 2001:db8::10 port 443: Network is unreachable', fields: { host: '2001:db8::10', port: '443' } },
      { text: '* connect to 10.244.1.19 port 8080 failed: No route to host', fields: { host: '10.244.1.19', port: '8080' } },
    ],
    nearMiss: ["curl: (7) Failed to connect to 127.0.0.1 port 18799 after 0 ms: Couldn't connect to server", 'curl: (6) Could not resolve host: api'],
  },
  'curl/connect-timeout': {
    match: [
      // real
      {
        text: 'curl: (28) Failed to connect to 192.0.2.10 port 8080 after 2001 ms: Timeout was reached',
        fields: { host: '192.0.2.10', port: '8080', code: 'CURLE_OPERATION_TIMEDOUT' },
      },
      // real (listen backlog full on 127.0.0.1)
      { text: 'curl: (28) Failed to connect to localhost port 18735 after 1001 ms: Timeout was reached', fields: { host: 'localhost', port: '18735' } },
      // real
      { text: 'curl: (28) Connection timed out after 3001 milliseconds', fields: { detail: '3001' } },
      { text: 'curl: (7) Failed to connect to 10.0.3.17 port 5432: Connection timed out', fields: { host: '10.0.3.17', port: '5432' } },
    ],
    nearMiss: [
      // real
      'curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received',
      "curl: (7) Failed to connect to 127.0.0.1 port 18799 after 0 ms: Couldn't connect to server",
    ],
  },
  'curl/resolve-timeout': {
    match: [
      { text: 'curl: (28) Resolving timed out after 5000 milliseconds', fields: { detail: '5000' } },
      { text: 'cURL error 28: Resolving timed out after 10001 milliseconds (see https://curl.haxx.se/libcurl/c/libcurl-errors.html)' },
    ],
    nearMiss: ['curl: (28) Connection timed out after 3001 milliseconds', 'curl: (6) Could not resolve host: api'],
  },
  'curl/operation-timeout': {
    match: [
      // real
      { text: 'curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received', fields: { detail: '0 bytes' } },
      {
        text: 'curl: (28) Operation timed out after 30000 milliseconds with 524288 out of 10485760 bytes received',
        fields: { detail: '524288 out of 10485760 bytes' },
      },
    ],
    nearMiss: [
      'curl: (28) Connection timed out after 3001 milliseconds',
      'nginx: upstream timed out (110: Operation timed out) while reading response header from upstream',
    ],
  },
  'curl/tls-wrong-version-number': {
    match: [
      // real
      { text: 'curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number', fields: { code: 'CURLE_SSL_CONNECT_ERROR' } },
      { text: 'curl: (35) error:1408F10B:SSL routines:ssl3_get_record:wrong version number' },
    ],
    nearMiss: [
      '2024/03/12 09:14:02 [error] 31#31: *7 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream',
      'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:18702 ',
    ],
  },
  'curl/tls-connect-closed': {
    match: [
      // real (port accepts then closes)
      { text: 'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:18702 ', fields: { host: '127.0.0.1', port: '18702' } },
      // real (port resets)
      { text: 'curl: (35) Recv failure: Connection reset by peer', fields: { detail: 'Recv failure: Connection reset by peer' } },
      {
        text: "fatal: unable to access 'https://git.internal/org/repo.git/': OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to git.internal:443 ",
        fields: { host: 'git.internal', port: '443' },
      },
    ],
    nearMiss: ['curl: (56) Recv failure: Connection reset by peer', 'curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number'],
  },
  'curl/tls-handshake-alert': {
    match: [
      // real
      { text: 'curl: (35) OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake failure', fields: { detail: 'sslv3 alert handshake failure' } },
      // real
      { text: 'curl: (35) OpenSSL/3.0.19: error:0A00042E:SSL routines::tlsv1 alert protocol version', fields: { detail: 'tlsv1 alert protocol version' } },
      { text: 'curl: (35) error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure' },
    ],
    nearMiss: [
      // real
      'curl: (56) OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0',
      'curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number',
    ],
  },
  'curl/empty-reply': {
    match: [
      // real
      { text: 'curl: (52) Empty reply from server', fields: { code: 'CURLE_GOT_NOTHING' } },
      { text: '$ curl -s http://productpage:9080/ -o /dev/null -w "%{http_code}"\ncurl: (52) Empty reply from server' },
    ],
    nearMiss: ['curl: (56) Recv failure: Connection reset by peer', '< HTTP/1.1 204 No Content'],
  },
  'curl/recv-failure': {
    match: [
      // real
      { text: 'curl: (56) Recv failure: Connection reset by peer', fields: { detail: 'Recv failure: Connection reset by peer', code: 'CURLE_RECV_ERROR' } },
      // real (server requires a client certificate)
      {
        text: 'curl: (56) OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0',
        fields: { detail: 'OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required', errno: '0' },
      },
      { text: 'error: RPC failed; curl 56 Recv failure: Connection reset by peer' },
      { text: 'curl: (56) OpenSSL SSL_read: Connection reset by peer, errno 104', fields: { errno: '104' } },
    ],
    nearMiss: ['curl: (35) Recv failure: Connection reset by peer', 'curl: (52) Empty reply from server'],
  },
  'curl/send-failure': {
    match: [
      // real (upload to a port that resets)
      { text: 'curl: (55) Send failure: Connection reset by peer', fields: { detail: 'Connection reset by peer', code: 'CURLE_SEND_ERROR' } },
      { text: 'curl: (55) Send failure: Broken pipe', fields: { detail: 'Broken pipe' } },
      { text: 'curl: (55) OpenSSL SSL_write: Broken pipe, errno 32', fields: { errno: '32' } },
    ],
    nearMiss: ['curl: (56) Recv failure: Connection reset by peer', 'curl: (26) Failed to open/read local data from file/application'],
  },
  'curl/certificate-problem': {
    match: [
      // real
      {
        text: 'curl: (60) SSL certificate problem: self-signed certificate\nMore details here: https://curl.se/docs/sslcerts.html',
        fields: { detail: 'self-signed certificate' },
      },
      // real
      { text: 'curl: (60) SSL certificate problem: unable to get local issuer certificate', fields: { detail: 'unable to get local issuer certificate' } },
      // real
      { text: 'curl: (60) SSL certificate problem: certificate has expired', fields: { detail: 'certificate has expired' } },
      // real
      {
        text: "curl: (60) SSL: no alternative certificate subject name matches target host name 'localhost'",
        fields: { host: 'localhost', code: 'CURLE_PEER_FAILED_VERIFICATION' },
      },
    ],
    nearMiss: ['curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number', '* SSL certificate verify ok.'],
  },
  'curl/http2-error': {
    match: [
      // real
      { text: 'curl: (92) HTTP/2 stream 1 was not closed cleanly: PROTOCOL_ERROR (err 1)', fields: { code: 'PROTOCOL_ERROR' } },
      // real
      { text: 'curl: (92) HTTP/2 stream 1 was not closed cleanly: INTERNAL_ERROR (err 2)', fields: { code: 'INTERNAL_ERROR' } },
      // real (server sent GOAWAY)
      { text: 'curl: (16) Error in the HTTP2 framing layer' },
    ],
    nearMiss: ['* Using HTTP2, server supports multiplexing', '< HTTP/2 200'],
  },
  'curl/http-error-with-fail': {
    match: [
      // real
      { text: 'curl: (22) The requested URL returned error: 502', fields: { status: '502' } },
      // real
      { text: 'curl: (22) The requested URL returned error: 503', fields: { status: '503' } },
      { text: 'curl: (22) The requested URL returned error: 504 Gateway Time-out', fields: { status: '504' } },
    ],
    nearMiss: ['curl: (22) The requested URL returned error: 404', 'curl: (22) The requested URL returned error: 500 Internal Server Error'],
  },
  'curl/partial-file': {
    match: [
      // real
      { text: 'curl: (18) transfer closed with 994 bytes remaining to read', fields: { detail: '994 bytes' } },
      { text: 'curl: (18) transfer closed with outstanding read data remaining' },
      { text: 'curl: (18) end of response with 1048576 bytes missing', fields: { detail: '1048576 bytes' } },
    ],
    nearMiss: ['curl: (23) Failure writing output to destination', 'curl: (56) Recv failure: Connection reset by peer'],
  },
} satisfies SignatureCases;
