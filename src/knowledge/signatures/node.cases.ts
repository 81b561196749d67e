import type { SignatureCases } from '../../core/signature-cases.js';

/** Node 20.20 output for an unhandled http.get('http://localhost:18899/...') error, localhost = ::1 + 127.0.0.1. */
const AGGREGATE_REFUSED = [
  'node:events:502',
  "      throw er; // Unhandled 'error' event",
  '      ^',
  '',
  'AggregateError [ECONNREFUSED]: ',
  '    at internalConnectMultiple (node:net:1122:18)',
  '    at afterConnectMultiple (node:net:1689:7)',
  "Emitted 'error' event on ClientRequest instance at:",
  '    at emitErrorEvent (node:_http_client:101:11)',
  '    at Socket.socketErrorListener (node:_http_client:504:5)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:82:21) {',
  "  code: 'ECONNREFUSED',",
  '  [errors]: [',
  '    Error: connect ECONNREFUSED ::1:18899',
  '        at createConnectionError (node:net:1652:14)',
  '        at afterConnectMultiple (node:net:1682:16) {',
  '      errno: -111,',
  "      code: 'ECONNREFUSED',",
  "      syscall: 'connect',",
  "      address: '::1',",
  '      port: 18899',
  '    },',
  '    Error: connect ECONNREFUSED 127.0.0.1:18899',
  '        at createConnectionError (node:net:1652:14)',
  '        at afterConnectMultiple (node:net:1682:16) {',
  '      errno: -111,',
  "      code: 'ECONNREFUSED',",
  "      syscall: 'connect',",
  "      address: '127.0.0.1',",
  '      port: 18899',
  '    }',
  '  ]',
  '}',
].join('\n');

/** Node 20.20 util.inspect of a fetch() to a closed port. */
const FETCH_REFUSED = [
  'TypeError: fetch failed',
  '    at node:internal/deps/undici/undici:14976:13',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5) {',
  '  [cause]: Error: connect ECONNREFUSED 127.0.0.1:18899',
  '      at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16) {',
  '    errno: -111,',
  "    code: 'ECONNREFUSED',",
  "    syscall: 'connect',",
  "    address: '127.0.0.1',",
  '    port: 18899',
  '  }',
  '}',
].join('\n');

export default {
  'node/connect-econnrefused': {
    match: [
      { text: 'Error: connect ECONNREFUSED 127.0.0.1:18899', fields: { host: '127.0.0.1', port: '18899', code: 'ECONNREFUSED' } },
      {
        text: "Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16) {\n  errno: -111,\n  code: 'ECONNREFUSED',\n  syscall: 'connect',\n  address: '127.0.0.1',\n  port: 5432\n}",
        fields: { host: '127.0.0.1', port: '5432' },
      },
      { text: FETCH_REFUSED, fields: { host: '127.0.0.1', port: '18899' } },
      { text: 'Error: connect ECONNREFUSED ::1:3000', fields: { host: '::1', port: '3000' } },
      {
        text: '{"level":50,"time":1710234842113,"pid":1,"hostname":"api-7d9c4b6f5-x2lqp","err":{"type":"Error","message":"connect ECONNREFUSED 10.96.14.22:6379","stack":"Error: connect ECONNREFUSED 10.96.14.22:6379\\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)","errno":-111,"code":"ECONNREFUSED","syscall":"connect","address":"10.96.14.22","port":6379},"msg":"redis connection failed"}',
        fields: { host: '10.96.14.22', port: '6379' },
      },
      { text: 'Error: connect ECONNREFUSED /var/run/app/app.sock', fields: { upstream: '/var/run/app/app.sock' } },
    ],
    nearMiss: ['Error: connect ETIMEDOUT 10.0.3.7:8080', 'Error: getaddrinfo ENOTFOUND postgres', 'AggregateError [ECONNREFUSED]: '],
  },
  'node/connect-econnrefused-all-addresses': {
    match: [{ text: AGGREGATE_REFUSED, fields: { code: 'ECONNREFUSED' } }, { text: 'AggregateError [ECONNREFUSED]: ' }],
    nearMiss: ['Error: connect ECONNREFUSED 127.0.0.1:18899', 'AggregateError [ETIMEDOUT]: '],
  },
  'node/getaddrinfo-enotfound': {
    match: [
      {
        text: "Error: getaddrinfo ENOTFOUND nonexistent.invalid\n    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26) {\n  errno: -3008,\n  code: 'ENOTFOUND',\n  syscall: 'getaddrinfo',\n  hostname: 'nonexistent.invalid'\n}",
        fields: { host: 'nonexistent.invalid', code: 'ENOTFOUND' },
      },
      {
        text: "TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13 {\n  [cause]: Error: getaddrinfo ENOTFOUND user-service\n      at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26) {\n    errno: -3008,\n    code: 'ENOTFOUND',\n    syscall: 'getaddrinfo',\n    hostname: 'user-service'\n  }\n}",
        fields: { host: 'user-service' },
      },
      {
        text: 'web-1  | Error: getaddrinfo ENOTFOUND host.docker.internal',
        fields: { host: 'host.docker.internal' },
      },
    ],
    nearMiss: ['Error: getaddrinfo EAI_AGAIN user-service', 'Error: connect ECONNREFUSED 127.0.0.1:5432'],
  },
  'node/getaddrinfo-eai-again': {
    match: [
      {
        text: "Error: getaddrinfo EAI_AGAIN user-service\n    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26) {\n  errno: -3001,\n  code: 'EAI_AGAIN',\n  syscall: 'getaddrinfo',\n  hostname: 'user-service'\n}",
        fields: { host: 'user-service', code: 'EAI_AGAIN' },
      },
      {
        text: '2024-03-12T09:14:02.113Z error: queue consumer failed Error: getaddrinfo EAI_AGAIN rabbitmq',
        fields: { host: 'rabbitmq' },
      },
    ],
    nearMiss: ['Error: getaddrinfo ENOTFOUND user-service', 'Error: connect ETIMEDOUT 10.0.3.7:5672'],
  },
  'node/connect-etimedout': {
    match: [
      {
        text: "Error: connect ETIMEDOUT 127.0.0.1:18808\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16) {\n  errno: -110,\n  code: 'ETIMEDOUT',\n  syscall: 'connect',\n  address: '127.0.0.1',\n  port: 18808\n}",
        fields: { host: '127.0.0.1', port: '18808', code: 'ETIMEDOUT' },
      },
      { text: 'Error: connect ETIMEDOUT 10.20.4.11:443', fields: { host: '10.20.4.11', port: '443' } },
    ],
    nearMiss: ['Error: read ETIMEDOUT', 'AggregateError [ETIMEDOUT]: '],
  },
  'node/connect-etimedout-all-addresses': {
    match: [
      { text: 'AggregateError [ETIMEDOUT]: ', fields: { code: 'ETIMEDOUT' } },
      {
        text: "AggregateError [ETIMEDOUT]: \n    at internalConnectMultiple (node:net:1122:18)\n    at afterConnectMultiple (node:net:1689:7) {\n  code: 'ETIMEDOUT',\n  [errors]: [\n    Error: connect ETIMEDOUT ::1:18820\n        at createConnectionError (node:net:1652:14)\n        at Timeout.internalConnectMultipleTimeout (node:net:1711:38) {\n      errno: -110,\n      code: 'ETIMEDOUT',\n      syscall: 'connect',\n      address: '::1',\n      port: 18820\n    },\n    Error: connect ETIMEDOUT 127.0.0.1:18820\n        at createConnectionError (node:net:1652:14)\n        at afterConnectMultiple (node:net:1682:16) {\n      errno: -110,\n      code: 'ETIMEDOUT',\n      syscall: 'connect',\n      address: '127.0.0.1',\n      port: 18820\n    }\n  ]\n}",
      },
    ],
    nearMiss: ['AggregateError [ECONNREFUSED]: ', 'Error: connect ETIMEDOUT 10.20.4.11:443'],
  },
  'node/connect-ehostunreach': {
    match: [
      {
        text: "Error: connect EHOSTUNREACH 10.244.1.17:8080 - Local (0.0.0.0:0)\n    at internalConnect (node:net:1099:16) {\n  errno: -113,\n  code: 'EHOSTUNREACH',\n  syscall: 'connect',\n  address: '10.244.1.17',\n  port: 8080\n}",
        fields: { host: '10.244.1.17', port: '8080', code: 'EHOSTUNREACH' },
      },
      {
        text: 'TypeError: fetch failed\n  [cause]: Error: connect EHOSTUNREACH 10.244.1.17:8080 - Local (0.0.0.0:0)',
        fields: { host: '10.244.1.17' },
      },
    ],
    nearMiss: ['Error: connect ENETUNREACH 10.96.12.7:8080 - Local (0.0.0.0:0)', 'Error: connect ETIMEDOUT 10.244.1.17:8080'],
  },
  'node/connect-enetunreach': {
    match: [
      {
        text: 'Error: connect ENETUNREACH 10.96.12.7:8080 - Local (0.0.0.0:0)',
        fields: { host: '10.96.12.7', port: '8080', code: 'ENETUNREACH' },
      },
      {
        text: 'Error: connect ENETUNREACH fd12:3456::7:8080 - Local (:::0)',
        fields: { host: 'fd12:3456::7', port: '8080' },
      },
      {
        text: 'Error: connect ENETUNREACH 2606:4700:3033::ac43:b6e1:443 - Local (:::0)',
        fields: { host: '2606:4700:3033::ac43:b6e1', port: '443' },
      },
    ],
    nearMiss: ['Error: connect EHOSTUNREACH 10.244.1.17:8080 - Local (0.0.0.0:0)', 'Error: connect ECONNREFUSED ::1:8080'],
  },
  'node/read-econnreset': {
    match: [
      {
        text: "Error: read ECONNRESET\n    at TCP.onStreamRead (node:internal/stream_base_commons:218:20) {\n  errno: -104,\n  code: 'ECONNRESET',\n  syscall: 'read'\n}",
        fields: { code: 'ECONNRESET' },
      },
      { text: 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13 {\n  [cause]: Error: read ECONNRESET' },
      { text: 'Error: write ECONNRESET' },
    ],
    nearMiss: ["Error: socket hang up\n    at Socket.socketOnEnd (node:_http_client:528:25) {\n  code: 'ECONNRESET'\n}", 'Error: read ETIMEDOUT'],
  },
  'node/socket-hang-up': {
    match: [
      {
        text: "Error: socket hang up\n    at Socket.socketOnEnd (node:_http_client:528:25)\n    at Socket.emit (node:events:536:35)\n    at endReadableNT (node:internal/streams/readable:1698:12)\n    at process.processTicksAndRejections (node:internal/process/task_queues:82:21) {\n  code: 'ECONNRESET'\n}",
        fields: { code: 'ECONNRESET' },
      },
      {
        text: '{"level":"error","message":"upstream request failed: socket hang up","service":"bff","timestamp":"2024-03-12T09:14:02.113Z"}',
      },
    ],
    nearMiss: ['Error: read ECONNRESET', 'SocketError: other side closed'],
  },
  'node/write-epipe': {
    match: [
      {
        text: "Error: write EPIPE\n    at afterWriteDispatched (node:internal/stream_base_commons:161:15)\n    at writeGeneric (node:internal/stream_base_commons:152:3) {\n  errno: -32,\n  code: 'EPIPE',\n  syscall: 'write'\n}",
        fields: { code: 'EPIPE' },
      },
    ],
    nearMiss: ['Error: read ECONNRESET', 'Error [ERR_STREAM_WRITE_AFTER_END]: write after end'],
  },
  'node/connect-eaddrnotavail': {
    match: [
      {
        text: "Error: connect EADDRNOTAVAIL 127.0.0.1:18813 - Local (0.0.0.0:0)\n    at internalConnect (node:net:1099:16) {\n  errno: -99,\n  code: 'EADDRNOTAVAIL',\n  syscall: 'connect',\n  address: '127.0.0.1',\n  port: 18813\n}",
        fields: { host: '127.0.0.1', port: '18813', detail: '0.0.0.0:0', code: 'EADDRNOTAVAIL' },
      },
      { text: 'Error: connect EADDRNOTAVAIL 10.0.3.7:8080 - Local (10.0.1.5:0)', fields: { host: '10.0.3.7', port: '8080' } },
    ],
    nearMiss: ['Error: bind EADDRINUSE 0.0.0.0:8080', 'Error: listen EADDRINUSE: address already in use :::3000'],
  },
  'node/emfile': {
    match: [
      {
        text: "Error: connect EMFILE 127.0.0.1:18805 - Local (undefined:undefined)\n    at internalConnect (node:net:1099:16) {\n  errno: -24,\n  code: 'EMFILE',\n  syscall: 'connect',\n  address: '127.0.0.1',\n  port: 18805\n}",
        fields: { host: '127.0.0.1', port: '18805', code: 'EMFILE' },
      },
      { text: "Error: EMFILE: too many open files, open '/app/templates/index.html'" },
      { text: 'Error: accept EMFILE' },
    ],
    nearMiss: ['Error: connect EADDRNOTAVAIL 10.0.3.7:8080 - Local (10.0.1.5:0)', "Error: ENOENT: no such file or directory, open '/app/.env'"],
  },
  'node/fetch-failed': {
    match: [
      { text: FETCH_REFUSED },
      {
        text: '{"level":"error","time":"2024-03-12T09:14:02.113Z","msg":"catalog sync failed","err":{"type":"TypeError","message":"fetch failed","stack":"TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13"}}',
      },
    ],
    nearMiss: ['TypeError: terminated', 'TypeError: Failed to parse URL from /api/users'],
  },
  'node/fetch-terminated': {
    match: [
      {
        text: "TypeError: terminated\n    at Fetch.onAborted (node:internal/deps/undici/undici:13523:53) {\n  [cause]: SocketError: other side closed\n      at Socket.<anonymous> (node:internal/deps/undici/undici:6436:28) {\n    code: 'UND_ERR_SOCKET',",
      },
      { text: 'TypeError: terminated\n  [cause]: BodyTimeoutError: Body Timeout Error' },
    ],
    nearMiss: ['TypeError: fetch failed', 'Error: The operation was aborted due to timeout'],
  },
  'node/undici-connect-timeout': {
    match: [
      {
        text: "TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13 {\n  [cause]: ConnectTimeoutError: Connect Timeout Error (attempted address: 127.0.0.1:18808, timeout: 10000ms)\n      at onConnectTimeout (node:internal/deps/undici/undici:2746:28) {\n    code: 'UND_ERR_CONNECT_TIMEOUT',",
        fields: { host: '127.0.0.1', port: '18808', detail: '10000ms', code: 'UND_ERR_CONNECT_TIMEOUT' },
      },
      {
        text: 'ConnectTimeoutError: Connect Timeout Error (attempted address: api.partner.example:443, timeout: 1000ms)',
        fields: { host: 'api.partner.example', port: '443', detail: '1000ms' },
      },
      { text: 'ConnectTimeoutError: Connect Timeout Error' },
    ],
    nearMiss: ['HeadersTimeoutError: Headers Timeout Error', 'Error: connect ETIMEDOUT 10.20.4.11:443'],
  },
  'node/undici-headers-timeout': {
    match: [
      {
        text: "TypeError: fetch failed\n  [cause]: HeadersTimeoutError: Headers Timeout Error\n    code: 'UND_ERR_HEADERS_TIMEOUT',",
        fields: { code: 'UND_ERR_HEADERS_TIMEOUT' },
      },
      { text: 'HeadersTimeoutError: Headers Timeout Error' },
    ],
    nearMiss: ['BodyTimeoutError: Body Timeout Error', 'ConnectTimeoutError: Connect Timeout Error'],
  },
  'node/undici-body-timeout': {
    match: [
      {
        text: "TypeError: terminated\n  [cause]: BodyTimeoutError: Body Timeout Error\n    code: 'UND_ERR_BODY_TIMEOUT',",
        fields: { code: 'UND_ERR_BODY_TIMEOUT' },
      },
    ],
    nearMiss: ['HeadersTimeoutError: Headers Timeout Error', 'SocketError: other side closed'],
  },
  'node/undici-other-side-closed': {
    match: [
      {
        text: "TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13 {\n  [cause]: SocketError: other side closed\n      at Socket.<anonymous> (node:internal/deps/undici/undici:6436:28) {\n    code: 'UND_ERR_SOCKET',\n    socket: {\n      localAddress: '127.0.0.1',\n      localPort: 47348,\n      remoteAddress: '127.0.0.1',\n      remotePort: 18803,",
        fields: { code: 'UND_ERR_SOCKET' },
      },
      { text: 'SocketError: other side closed' },
    ],
    nearMiss: ['SocketError: HTTP/2: "GOAWAY" frame received with code 0', 'Error: socket hang up'],
  },
  'node/undici-goaway': {
    match: [
      {
        text: 'TypeError: fetch failed\n  [cause]: SocketError: HTTP/2: "GOAWAY" frame received with code 0',
        fields: { detail: '0' },
      },
      { text: 'InformationalError: HTTP/2: "GOAWAY" frame received with code 2', fields: { detail: '2' } },
    ],
    nearMiss: ['SocketError: other side closed', 'Error [ERR_HTTP2_GOAWAY_SESSION]: New streams cannot be created after receiving a GOAWAY'],
  },
  'node/undici-client-error': {
    match: [
      {
        text: "TypeError: fetch failed\n  [cause]: HeadersOverflowError: Headers Overflow Error\n      at Parser.trackHeader (node:internal/deps/undici/undici:6204:37) {\n    code: 'UND_ERR_HEADERS_OVERFLOW',",
      },
      {
        text: "Error: Parse Error: Header overflow\n    at Socket.socketOnData (node:_http_client:544:22) {\n  bytesParsed: 20025,\n  code: 'HPE_HEADER_OVERFLOW',",
      },
      { text: 'ClientDestroyedError: The client is destroyed' },
      { text: "code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'", fields: { code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' } },
    ],
    nearMiss: ["code: 'UND_ERR_SOCKET'", 'HeadersTimeoutError: Headers Timeout Error'],
  },
  'node/tls-wrong-version-number': {
    match: [
      {
        text: "Error: write EPROTO 800C2DD6247F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n\n    at WriteWrap.onWriteComplete [as oncomplete] (node:internal/stream_base_commons:95:16) {\n  errno: -71,\n  code: 'EPROTO',\n  syscall: 'write'\n}",
        fields: { code: 'EPROTO' },
      },
      {
        text: "TypeError: fetch failed\n  [cause]: [Error: 800C2DD6247F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n  ] {\n    library: 'SSL routines',\n    reason: 'wrong version number',\n    code: 'ERR_SSL_WRONG_VERSION_NUMBER'\n  }",
      },
    ],
    nearMiss: ['curl: (35) error:0A00010B:SSL routines::wrong version number', 'Error: self-signed certificate'],
  },
  'node/tls-untrusted-certificate': {
    match: [
      {
        text: "Error: self-signed certificate\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1699:34)\n    at TLSSocket.emit (node:events:524:28) {\n  code: 'DEPTH_ZERO_SELF_SIGNED_CERT'\n}",
        fields: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      },
      { text: 'Error: self signed certificate in certificate chain', fields: { detail: 'self signed certificate in certificate chain' } },
      { text: "TypeError: fetch failed\n  [cause]: Error: unable to verify the first certificate\n    code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'" },
      { text: "Error: certificate has expired\n  code: 'CERT_HAS_EXPIRED'" },
    ],
    nearMiss: [
      'curl: (60) SSL certificate problem: self-signed certificate',
      'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)',
    ],
  },
  'node/tls-hostname-mismatch': {
    match: [
      {
        text: "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: \n    at Object.checkServerIdentity (node:tls:316:12) {\n  code: 'ERR_TLS_CERT_ALTNAME_INVALID',\n  reason: \"IP: 127.0.0.1 is not in the cert's list: \",\n  host: '127.0.0.1',",
        fields: { host: '127.0.0.1', code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      },
      {
        text: "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: api.internal. is not in the cert's altnames: DNS:backend.internal",
        fields: { host: 'api.internal' },
      },
    ],
    nearMiss: ['Error: self-signed certificate', 'Error: unable to verify the first certificate'],
  },
  'node/axios-timeout': {
    match: [
      { text: 'AxiosError: timeout of 5000ms exceeded', fields: { detail: '5000ms' } },
      {
        text: '{"level":"error","message":"pricing call failed: timeout of 2000ms exceeded","code":"ECONNABORTED","timestamp":"2024-03-12T09:14:02.113Z"}',
        fields: { detail: '2000ms' },
      },
    ],
    nearMiss: ['AxiosError: Request failed with status code 504', 'AxiosError: connect ECONNREFUSED 127.0.0.1:8080'],
  },
  'node/dev-proxy-error': {
    match: [
      {
        text: '[HPM] Error occurred while proxying request localhost:3000/api/users to http://localhost:8080/ [ECONNREFUSED] (https://nodejs.org/api/errors.html#errors_common_system_errors)',
        fields: { path: '/api/users', code: 'ECONNREFUSED', host: 'localhost', port: '8080' },
      },
      {
        text: '[HPM] Error occurred while trying to proxy request /api/users from localhost:4200 to http://localhost:3000 (ECONNREFUSED) (https://nodejs.org/api/errors.html#errors_common_system_errors)',
        fields: { path: '/api/users', upstream: 'http://localhost:3000', code: 'ECONNREFUSED' },
      },
      {
        text: '9:14:02 AM [vite] http proxy error at /api/users:\nError: connect ECONNREFUSED ::1:8080\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
        fields: { path: '/api/users' },
      },
      {
        text: '[vite] http proxy error: /api/users Error: connect ECONNREFUSED 127.0.0.1:8080',
        fields: { host: '127.0.0.1', port: '8080' },
      },
      {
        text: 'Proxy error: Could not proxy request /api/users from localhost:3000 to http://localhost:8080/.\nSee https://nodejs.org/api/errors.html#errors_common_system_errors for more information (ECONNREFUSED).',
        fields: { path: '/api/users', upstream: 'http://localhost:8080/' },
      },
      {
        text: 'Failed to proxy http://localhost:8080/api/users Error: connect ECONNREFUSED 127.0.0.1:8080',
        fields: { upstream: 'http://localhost:8080/api/users' },
      },
    ],
    nearMiss: ['[HPM] Proxy created: /api  -> http://localhost:8080', '9:14:02 AM [vite] hmr update /src/App.tsx'],
  },
} satisfies SignatureCases;
