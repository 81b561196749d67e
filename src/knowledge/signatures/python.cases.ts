import type { SignatureCases } from '../../core/signature-cases.js';

// Texts marked "real" were printed by CPython 3.11.7 / requests 2.34.2 + urllib3 2.7.0 / psql 15 here.
const REQUESTS_REFUSED_TRACEBACK = `Traceback (most recent call last):
  File "/usr/local/lib/python3.11/site-packages/urllib3/connection.py", line 198, in _new_conn
    sock = connection.create_connection(
ConnectionRefusedError: [Errno 111] Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/usr/local/lib/python3.11/site-packages/urllib3/connectionpool.py", line 787, in urlopen
    response = self._make_request(
urllib3.exceptions.NewConnectionError: HTTPConnection(host='localhost', port=8000): Failed to establish a new connection: [Errno 111] Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/worker.py", line 42, in sync_orders
    resp = requests.get(f"{API_URL}/api/orders", timeout=5)
requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /api/orders (Caused by NewConnectionError("HTTPConnection(host='localhost', port=8000): Failed to establish a new connection: [Errno 111] Connection refused"))`;

export default {
  'python/connection-refused': {
    match: [
      { text: 'ConnectionRefusedError: [Errno 111] Connection refused', fields: { errno: '111', code: 'ECONNREFUSED' } },
      // real (asyncio.open_connection)
      { text: "ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 8080)", fields: { host: '127.0.0.1', port: '8080', errno: '111' } },
      // real (urllib.request.urlopen)
      { text: 'urllib.error.URLError: <urlopen error [Errno 111] Connection refused>', fields: { errno: '111' } },
      { text: 'ConnectionRefusedError: [Errno 61] Connection refused', fields: { errno: '61' } },
      {
        text: 'ConnectionRefusedError: [WinError 10061] No connection could be made because the target machine actively refused it',
        fields: { errno: '10061' },
      },
      { text: REQUESTS_REFUSED_TRACEBACK },
    ],
    nearMiss: [
      'ConnectionResetError: [Errno 104] Connection reset by peer',
      'TimeoutError: [Errno 110] Connection timed out',
      'INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)',
    ],
  },
  'python/urllib3-new-connection-refused': {
    match: [
      // real (urllib3 2.7.0)
      {
        text: "urllib3.exceptions.NewConnectionError: HTTPConnection(host='localhost', port=18799): Failed to establish a new connection: [Errno 111] Connection refused",
        fields: { host: 'localhost', port: '18799', errno: '111' },
      },
      {
        text: "requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /api (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3b2c1d9e50>: Failed to establish a new connection: [Errno 111] Connection refused'))",
        fields: { errno: '111' },
      },
      { text: REQUESTS_REFUSED_TRACEBACK, fields: { host: 'localhost', port: '8000' } },
    ],
    nearMiss: [
      "urllib3.exceptions.NewConnectionError: HTTPConnection(host='api', port=8000): Failed to establish a new connection: [Errno 113] No route to host",
      "requests.exceptions.ConnectionError: HTTPConnectionPool(host='api', port=8000): Max retries exceeded with url: / (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3b2c1d9e50>: Failed to establish a new connection: [Errno -2] Name or service not known'))",
    ],
  },
  'python/urllib3-new-connection-dns': {
    match: [
      {
        text: "requests.exceptions.ConnectionError: HTTPConnectionPool(host='api', port=8000): Max retries exceeded with url: / (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3b2c1d9e50>: Failed to establish a new connection: [Errno -2] Name or service not known'))",
        fields: { errno: '-2', detail: 'Name or service not known' },
      },
      {
        text: 'urllib3.exceptions.NewConnectionError: <urllib3.connection.HTTPSConnection object at 0x7f9a1c0b2d10>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution',
        fields: { errno: '-3' },
      },
    ],
    nearMiss: [
      "urllib3.exceptions.NewConnectionError: HTTPConnection(host='localhost', port=8000): Failed to establish a new connection: [Errno 111] Connection refused",
      "urllib3.exceptions.NameResolutionError: HTTPConnection(host='nonexistent.invalid', port=8000): Failed to resolve 'nonexistent.invalid' ([Errno -2] Name or service not known)",
    ],
  },
  'python/urllib3-new-connection-failed': {
    match: [
      {
        text: "urllib3.exceptions.NewConnectionError: HTTPConnection(host='10.0.3.17', port=8080): Failed to establish a new connection: [Errno 113] No route to host",
        fields: { host: '10.0.3.17', port: '8080', errno: '113', detail: 'No route to host' },
      },
      {
        text: "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1/items (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f0e5c3a1b90>: Failed to establish a new connection: [Errno 101] Network is unreachable'))",
        fields: { errno: '101' },
      },
    ],
    nearMiss: [
      "urllib3.exceptions.NewConnectionError: HTTPConnection(host='localhost', port=8000): Failed to establish a new connection: [Errno 111] Connection refused",
      'urllib3.exceptions.NewConnectionError: <urllib3.connection.HTTPConnection object at 0x7f3b2c1d9e50>: Failed to establish a new connection: [Errno -2] Name or service not known',
    ],
  },
  'python/max-retries-connect': {
    match: [
      // real
      {
        text: `requests.exceptions.ConnectionError: HTTPConnectionPool(host='127.0.0.1', port=18799): Max retries exceeded with url: /api/users (Caused by NewConnectionError("HTTPConnection(host='127.0.0.1', port=18799): Failed to establish a new connection: [Errno 111] Connection refused"))`,
        fields: { host: '127.0.0.1', port: '18799', path: '/api/users', detail: 'NewConnectionError' },
      },
      // real (full traceback)
      { text: REQUESTS_REFUSED_TRACEBACK, fields: { host: 'localhost', port: '8000', path: '/api/orders' } },
      // real
      {
        text: "requests.exceptions.ConnectTimeout: HTTPConnectionPool(host='127.0.0.1', port=18735): Max retries exceeded with url: / (Caused by ConnectTimeoutError(<HTTPConnection(host='127.0.0.1', port=18735) at 0x7f297507eed0>, 'Connection to 127.0.0.1 timed out. (connect timeout=1)'))",
        fields: { detail: 'ConnectTimeoutError' },
      },
      // real
      {
        text: `requests.exceptions.ProxyError: HTTPConnectionPool(host='127.0.0.1', port=3128): Max retries exceeded with url: http://example.com/ (Caused by ProxyError('Unable to connect to proxy', NewConnectionError("HTTPConnection(host='127.0.0.1', port=3128): Failed to establish a new connection: [Errno 111] Connection refused")))`,
        fields: { port: '3128', detail: 'ProxyError' },
      },
    ],
    nearMiss: [
      `requests.exceptions.ConnectionError: HTTPConnectionPool(host='nonexistent.invalid', port=8000): Max retries exceeded with url: /health (Caused by NameResolutionError("HTTPConnection(host='nonexistent.invalid', port=8000): Failed to resolve 'nonexistent.invalid' ([Errno -2] Name or service not known)"))`,
      "requests.exceptions.ConnectionError: HTTPConnectionPool(host='api', port=8000): Max retries exceeded with url: / (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3b2c1d9e50>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution'))",
      "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='127.0.0.1', port=18705): Read timed out. (read timeout=1)",
    ],
  },
  'python/max-retries-name-resolution': {
    match: [
      // real
      {
        text: `requests.exceptions.ConnectionError: HTTPConnectionPool(host='nonexistent.invalid', port=8000): Max retries exceeded with url: /health (Caused by NameResolutionError("HTTPConnection(host='nonexistent.invalid', port=8000): Failed to resolve 'nonexistent.invalid' ([Errno -2] Name or service not known)"))`,
        fields: { host: 'nonexistent.invalid', port: '8000', path: '/health', detail: 'NameResolutionError' },
      },
      {
        text: "requests.exceptions.ConnectionError: HTTPConnectionPool(host='api', port=8000): Max retries exceeded with url: /v1/ping (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3b2c1d9e50>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution'))",
        fields: { host: 'api', detail: 'NewConnectionError' },
      },
    ],
    nearMiss: [
      `requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /api (Caused by NewConnectionError("HTTPConnection(host='localhost', port=8000): Failed to establish a new connection: [Errno 111] Connection refused"))`,
    ],
  },
  'python/max-retries-ssl': {
    match: [
      // real
      {
        text: "requests.exceptions.SSLError: HTTPSConnectionPool(host='127.0.0.1', port=18704): Max retries exceeded with url: / (Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)')))",
        fields: { host: '127.0.0.1', port: '18704', detail: 'SSLError' },
      },
      // real
      {
        text: `requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=18722): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'localhost'. (_ssl.c:1006)")))`,
        fields: { host: 'localhost', port: '18722' },
      },
    ],
    nearMiss: [
      "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
      `requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /api (Caused by NewConnectionError("HTTPConnection(host='localhost', port=8000): Failed to establish a new connection: [Errno 111] Connection refused"))`,
    ],
  },
  'python/max-retries-read-failure': {
    match: [
      {
        text: "urllib3.exceptions.MaxRetryError: HTTPConnectionPool(host='gateway', port=8080): Max retries exceeded with url: /v1/orders (Caused by ResponseError('too many 503 error responses'))",
        fields: { host: 'gateway', port: '8080', status: '503', detail: 'ResponseError' },
      },
      {
        text: `requests.exceptions.ConnectionError: HTTPConnectionPool(host='reports', port=8000): Max retries exceeded with url: /export (Caused by ReadTimeoutError("HTTPConnectionPool(host='reports', port=8000): Read timed out. (read timeout=10)"))`,
        fields: { detail: 'ReadTimeoutError' },
      },
    ],
    nearMiss: [
      "requests.exceptions.ConnectTimeout: HTTPConnectionPool(host='127.0.0.1', port=18735): Max retries exceeded with url: / (Caused by ConnectTimeoutError(<HTTPConnection(host='127.0.0.1', port=18735) at 0x7f297507eed0>, 'Connection to 127.0.0.1 timed out. (connect timeout=1)'))",
      'requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: http://gateway:8080/v1/orders',
    ],
  },
  'python/name-or-service-not-known': {
    match: [
      // real
      { text: 'socket.gaierror: [Errno -2] Name or service not known', fields: { errno: '-2' } },
      // real
      { text: 'urllib.error.URLError: <urlopen error [Errno -2] Name or service not known>', fields: { errno: '-2' } },
      // real
      {
        text: "urllib3.exceptions.NameResolutionError: HTTPConnection(host='nonexistent.invalid', port=8000): Failed to resolve 'nonexistent.invalid' ([Errno -2] Name or service not known)",
        fields: { host: 'nonexistent.invalid', port: '8000', errno: '-2' },
      },
      { text: 'socket.gaierror: [Errno 8] nodename nor servname provided, or not known', fields: { errno: '8' } },
      { text: 'socket.gaierror: [Errno 11001] getaddrinfo failed', fields: { errno: '11001' } },
    ],
    nearMiss: [
      'socket.gaierror: [Errno -3] Temporary failure in name resolution',
      'psql: error: could not translate host name "db" to address: Name or service not known',
    ],
  },
  'python/dns-temporary-failure': {
    match: [
      { text: 'socket.gaierror: [Errno -3] Temporary failure in name resolution', fields: { errno: '-3' } },
      {
        text: "urllib3.exceptions.NameResolutionError: HTTPSConnection(host='api.github.com', port=443): Failed to resolve 'api.github.com' ([Errno -3] Temporary failure in name resolution)",
        fields: { host: 'api.github.com', port: '443' },
      },
    ],
    nearMiss: ['socket.gaierror: [Errno -2] Name or service not known', 'socket.gaierror: [Errno 11001] getaddrinfo failed'],
  },
  'python/urllib3-connect-timeout': {
    match: [
      // real (urllib3 2.x)
      {
        text: "requests.exceptions.ConnectTimeout: HTTPConnectionPool(host='127.0.0.1', port=18735): Max retries exceeded with url: / (Caused by ConnectTimeoutError(<HTTPConnection(host='127.0.0.1', port=18735) at 0x7f297507eed0>, 'Connection to 127.0.0.1 timed out. (connect timeout=1)'))",
        fields: { host: '127.0.0.1', port: '18735', detail: '1' },
      },
      {
        text: "requests.exceptions.ConnectTimeout: HTTPSConnectionPool(host='10.0.3.17', port=443): Max retries exceeded with url: /v1 (Caused by ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f0e5c3a1b90>, 'Connection to 10.0.3.17 timed out. (connect timeout=5)'))",
        fields: { host: '10.0.3.17', port: '443', detail: '5' },
      },
    ],
    nearMiss: [
      "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='127.0.0.1', port=18705): Read timed out. (read timeout=1)",
      'TimeoutError: [Errno 110] Connection timed out',
    ],
  },
  'python/urllib3-read-timeout': {
    match: [
      // real
      {
        text: "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='127.0.0.1', port=18705): Read timed out. (read timeout=1)",
        fields: { host: '127.0.0.1', port: '18705', detail: '1' },
      },
      {
        text: `urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='reports.internal', port=443): Read timed out.`,
        fields: { host: 'reports.internal', port: '443' },
      },
    ],
    nearMiss: [
      'java.net.SocketTimeoutException: Read timed out',
      "requests.exceptions.ConnectTimeout: HTTPConnectionPool(host='127.0.0.1', port=18735): Max retries exceeded with url: / (Caused by ConnectTimeoutError(<HTTPConnection(host='127.0.0.1', port=18735) at 0x7f297507eed0>, 'Connection to 127.0.0.1 timed out. (connect timeout=1)'))",
    ],
  },
  'python/remote-disconnected': {
    match: [
      // real
      { text: "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))" },
      // real
      { text: 'http.client.RemoteDisconnected: Remote end closed connection without response' },
    ],
    nearMiss: [
      "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
      'aiohttp.client_exceptions.ServerDisconnectedError: Server disconnected',
    ],
  },
  'python/connection-aborted-reset': {
    match: [
      // real
      {
        text: "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
        fields: { errno: '104', code: 'ECONNRESET' },
      },
      {
        text: "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(10054, 'An existing connection was forcibly closed by the remote host', None, 10054, None))",
        fields: { errno: '10054' },
      },
    ],
    nearMiss: [
      "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
      `requests.exceptions.ChunkedEncodingError: ("Connection broken: ConnectionResetError(104, 'Connection reset by peer')", ConnectionResetError(104, 'Connection reset by peer'))`,
    ],
  },
  'python/connection-aborted-broken-pipe': {
    match: [
      { text: "requests.exceptions.ConnectionError: ('Connection aborted.', BrokenPipeError(32, 'Broken pipe'))", fields: { errno: '32', code: 'EPIPE' } },
    ],
    nearMiss: [
      "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
      'BrokenPipeError: [Errno 32] Broken pipe',
    ],
  },
  'python/bad-status-line': {
    match: [
      // real (a port speaking SSH)
      { text: "requests.exceptions.ConnectionError: ('Connection aborted.', BadStatusLine('SSH-2.0-OpenSSH_9.2p1\\r\\n'))" },
      { text: "http.client.BadStatusLine: -ERR unknown command 'GET'" },
    ],
    nearMiss: [
      "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
      'requests.exceptions.HTTPError: 502 Server Error: Bad Gateway for url: http://api:8080/',
    ],
  },
  'python/connection-reset': {
    match: [
      // real
      { text: 'ConnectionResetError: [Errno 104] Connection reset by peer', fields: { errno: '104', code: 'ECONNRESET' } },
      { text: 'urllib.error.URLError: <urlopen error [Errno 104] Connection reset by peer>', fields: { errno: '104' } },
      { text: 'ConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host', fields: { errno: '10054' } },
    ],
    nearMiss: ['ConnectionRefusedError: [Errno 111] Connection refused', 'BrokenPipeError: [Errno 32] Broken pipe'],
  },
  'python/connection-broken-mid-body': {
    match: [
      // real
      {
        text: "requests.exceptions.ChunkedEncodingError: ('Connection broken: IncompleteRead(6 bytes read, 994 more expected)', IncompleteRead(6 bytes read, 994 more expected))",
        fields: { detail: 'IncompleteRead(6 bytes read, 994 more expected)' },
      },
      // real
      {
        text: `requests.exceptions.ChunkedEncodingError: ("Connection broken: ConnectionResetError(104, 'Connection reset by peer')", ConnectionResetError(104, 'Connection reset by peer'))`,
        fields: { errno: '104' },
      },
      // real
      { text: 'http.client.IncompleteRead: IncompleteRead(6 bytes read, 994 more expected)', fields: { detail: '6 bytes read, 994 more expected' } },
    ],
    nearMiss: [
      "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
      'DEBUG:urllib3.connectionpool:http://api:8080 "GET /export HTTP/1.1" 200 1000',
    ],
  },
  'python/ssl-certificate-verify-failed': {
    match: [
      // real
      {
        text: 'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)',
        fields: { code: 'CERTIFICATE_VERIFY_FAILED', detail: 'self-signed certificate' },
      },
      // real
      {
        text: "requests.exceptions.SSLError: HTTPSConnectionPool(host='127.0.0.1', port=18722): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))",
        fields: { detail: 'unable to get local issuer certificate' },
      },
      // real
      {
        text: `requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=18722): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'localhost'. (_ssl.c:1006)")))`,
        fields: { host: 'localhost' },
      },
    ],
    nearMiss: [
      'ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)',
      "InsecureRequestWarning: Unverified HTTPS request is being made to host '127.0.0.1'. Adding certificate verification is strongly advised.",
    ],
  },
  'python/ssl-wrong-version-number': {
    match: [
      // real
      { text: 'ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)', fields: { code: 'WRONG_VERSION_NUMBER' } },
      // real
      { text: 'urllib.error.URLError: <urlopen error [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)>' },
    ],
    nearMiss: [
      '2024/03/12 09:14:02 [error] 31#31: *7 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream',
      'ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)',
    ],
  },
  'python/ssl-unexpected-eof': {
    match: [
      // real
      {
        text: 'ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)',
        fields: { code: 'UNEXPECTED_EOF_WHILE_READING' },
      },
      // real
      {
        text: "requests.exceptions.SSLError: HTTPSConnectionPool(host='127.0.0.1', port=18702): Max retries exceeded with url: / (Caused by SSLError(SSLEOFError(8, '[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)')))",
      },
      { text: 'ssl.SSLEOFError: EOF occurred in violation of protocol (_ssl.c:997)' },
    ],
    nearMiss: ['ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)', 'Post "https://api:8443/": EOF'],
  },
  'python/ssl-handshake-alert': {
    match: [
      // real (server requires a client certificate)
      {
        text: "requests.exceptions.SSLError: HTTPSConnectionPool(host='127.0.0.1', port=18724): Max retries exceeded with url: / (Caused by SSLError(SSLError(1, '[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c:2580)')))",
        fields: { code: 'TLSV13_ALERT_CERTIFICATE_REQUIRED', detail: 'tlsv13 alert certificate required' },
      },
      // real
      {
        text: 'urllib.error.URLError: <urlopen error [SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version (_ssl.c:1006)>',
        fields: { code: 'TLSV1_ALERT_PROTOCOL_VERSION' },
      },
      // real
      {
        text: 'ssl.SSLError: [SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:1006)',
        fields: { code: 'SSLV3_ALERT_HANDSHAKE_FAILURE' },
      },
    ],
    nearMiss: [
      'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)',
      'curl: (35) OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake failure',
    ],
  },
  'python/no-route-to-host': {
    match: [
      { text: 'OSError: [Errno 113] No route to host', fields: { errno: '113', detail: 'No route to host' } },
      { text: 'OSError: [Errno 101] Network is unreachable', fields: { errno: '101' } },
      { text: 'OSError: [Errno 65] No route to host', fields: { errno: '65' } },
    ],
    nearMiss: [
      'ConnectionRefusedError: [Errno 111] Connection refused',
      '2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (113: No route to host) while connecting to upstream',
    ],
  },
  'python/connect-timed-out-errno': {
    match: [
      { text: 'TimeoutError: [Errno 110] Connection timed out', fields: { errno: '110', code: 'ETIMEDOUT' } },
      { text: 'urllib.error.URLError: <urlopen error [Errno 60] Operation timed out>', fields: { errno: '60' } },
      {
        text: 'TimeoutError: [WinError 10060] A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond',
        fields: { errno: '10060' },
      },
    ],
    nearMiss: [
      'TimeoutError: timed out',
      "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='127.0.0.1', port=18705): Read timed out. (read timeout=1)",
    ],
  },
  'python/cannot-assign-address': {
    match: [
      // real
      { text: 'OSError: [Errno 99] Cannot assign requested address', fields: { errno: '99', code: 'EADDRNOTAVAIL' } },
      { text: "OSError: [Errno 49] Can't assign requested address", fields: { errno: '49' } },
    ],
    nearMiss: ['OSError: [Errno 98] Address already in use', 'OSError: [Errno 24] Too many open files'],
  },
  'python/too-many-open-files': {
    match: [
      // real
      { text: 'OSError: [Errno 24] Too many open files', fields: { errno: '24', code: 'EMFILE' } },
      {
        text: "urllib3.exceptions.NewConnectionError: HTTPConnection(host='api', port=8000): Failed to establish a new connection: [Errno 24] Too many open files",
        fields: { errno: '24' },
      },
    ],
    nearMiss: ['OSError: [Errno 28] No space left on device', 'WARNING: open files limit (ulimit -n) is 1024'],
  },
  'python/httpx-connect-error': {
    match: [
      { text: 'httpx.ConnectError: [Errno 111] Connection refused', fields: { errno: '111' } },
      { text: 'httpx.ConnectError: All connection attempts failed', fields: { detail: 'All connection attempts failed' } },
      { text: 'httpcore.ConnectError: [Errno -2] Name or service not known', fields: { errno: '-2' } },
    ],
    nearMiss: ['httpx.ConnectTimeout', "httpx.HTTPStatusError: Server error '502 Bad Gateway' for url 'http://api:8080/v1'"],
  },
  'python/httpx-connect-timeout': {
    match: [{ text: 'httpx.ConnectTimeout' }, { text: 'httpcore.ConnectTimeout: timed out', fields: { detail: 'timed out' } }],
    nearMiss: ['httpx.ReadTimeout: timed out', 'httpx.PoolTimeout'],
  },
  'python/httpx-read-timeout': {
    match: [{ text: 'httpx.ReadTimeout: timed out' }, { text: 'httpcore.ReadTimeout' }],
    nearMiss: ['httpx.ConnectTimeout: timed out', 'httpx.WriteTimeout'],
  },
  'python/httpx-server-disconnected': {
    match: [
      { text: 'httpx.RemoteProtocolError: Server disconnected without sending a response.' },
      { text: 'httpcore.RemoteProtocolError: Server disconnected without sending a response.' },
    ],
    nearMiss: [
      'httpx.RemoteProtocolError: peer closed connection without sending complete message body (incomplete chunked read)',
      'httpx.ConnectError: All connection attempts failed',
    ],
  },
  'python/httpx-pool-timeout': {
    match: [{ text: 'httpx.PoolTimeout' }, { text: 'httpcore.PoolTimeout: timed out' }],
    nearMiss: ['httpx.ReadTimeout: timed out', 'httpx.ConnectTimeout'],
  },
  'python/aiohttp-cannot-connect': {
    match: [
      {
        text: "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host api:8080 ssl:default [Connect call failed ('10.0.0.5', 8080)]",
        fields: { host: 'api', port: '8080', detail: "Connect call failed ('10.0.0.5', 8080)" },
      },
      {
        text: "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host localhost:8000 ssl:default [Multiple exceptions: [Errno 111] Connect call failed ('::1', 8000), [Errno 111] Connect call failed ('127.0.0.1', 8000)]",
        fields: { host: 'localhost', port: '8000' },
      },
      {
        text: 'aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host 127.0.0.1:5000 ssl:False [Connection refused]',
        fields: { host: '127.0.0.1', port: '5000' },
      },
    ],
    nearMiss: [
      'aiohttp.client_exceptions.ClientConnectorDNSError: Cannot connect to host nonexistent.invalid:80 ssl:default [Name or service not known]',
      'aiohttp.client_exceptions.ServerDisconnectedError: Server disconnected',
    ],
  },
  'python/aiohttp-cannot-connect-dns': {
    match: [
      {
        text: 'aiohttp.client_exceptions.ClientConnectorDNSError: Cannot connect to host nonexistent.invalid:80 ssl:default [Name or service not known]',
        fields: { host: 'nonexistent.invalid', port: '80' },
      },
      {
        text: 'aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host redis-cache:6379 ssl:False [Temporary failure in name resolution]',
        fields: { host: 'redis-cache', detail: 'Temporary failure in name resolution' },
      },
    ],
    nearMiss: ["aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host api:8080 ssl:default [Connect call failed ('10.0.0.5', 8080)]"],
  },
  'python/aiohttp-server-disconnected': {
    match: [
      { text: 'aiohttp.client_exceptions.ServerDisconnectedError: Server disconnected' },
      { text: "ERROR:app.sync:fetch failed: ServerDisconnectedError('Server disconnected')" },
    ],
    nearMiss: [
      'httpx.RemoteProtocolError: Server disconnected without sending a response.',
      'aiohttp.client_exceptions.ClientOSError: [Errno 104] Connection reset by peer',
    ],
  },
  'python/aiohttp-connection-timeout': {
    match: [
      {
        text: 'aiohttp.client_exceptions.ConnectionTimeoutError: Connection timeout to host http://10.0.3.17:8080/api/v1/items',
        fields: { host: '10.0.3.17', port: '8080' },
      },
      { text: 'aiohttp.client_exceptions.ServerTimeoutError: Connection timeout to host http://inventory:8080/', fields: { host: 'inventory', port: '8080' } },
    ],
    nearMiss: ['aiohttp.client_exceptions.SocketTimeoutError: Timeout on reading data from socket', 'asyncio.exceptions.TimeoutError'],
  },
  'python/aiohttp-read-timeout': {
    match: [
      { text: 'aiohttp.client_exceptions.SocketTimeoutError: Timeout on reading data from socket' },
      { text: 'aiohttp.client_exceptions.ServerTimeoutError: Timeout on reading data from socket' },
    ],
    nearMiss: ['aiohttp.client_exceptions.ServerTimeoutError: Connection timeout to host http://inventory:8080/'],
  },
  'python/aiohttp-connection-reset': {
    match: [
      { text: 'aiohttp.client_exceptions.ClientOSError: [Errno 104] Connection reset by peer', fields: { errno: '104', code: 'ECONNRESET' } },
      {
        text: 'aiohttp.client_exceptions.ClientOSError: [WinError 10054] An existing connection was forcibly closed by the remote host',
        fields: { errno: '10054' },
      },
    ],
    nearMiss: ['aiohttp.client_exceptions.ClientOSError: [Errno 32] Broken pipe', 'aiohttp.client_exceptions.ServerDisconnectedError: Server disconnected'],
  },
  'python/libpq-connection-refused': {
    match: [
      // real (psql 15)
      {
        text: 'psql: error: connection to server at "localhost" (127.0.0.1), port 18799 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?',
        fields: { upstream: 'localhost', host: '127.0.0.1', port: '18799' },
      },
      // real
      { text: 'psql: error: connection to server at "127.0.0.1", port 18799 failed: Connection refused', fields: { host: '127.0.0.1', port: '18799' } },
      {
        text: 'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?',
        fields: { host: '172.18.0.2', port: '5432' },
      },
      {
        text: 'psycopg2.OperationalError: could not connect to server: Connection refused\n\tIs the server running on host "localhost" (::1) and accepting\n\tTCP/IP connections on port 5432?',
        fields: { host: '::1', port: '5432' },
      },
    ],
    nearMiss: [
      'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: FATAL:  password authentication failed for user "app"',
      'psql: error: connection to server at "127.0.0.1", port 18735 failed: timeout expired',
    ],
  },
  'python/libpq-socket-missing': {
    match: [
      // real
      {
        text: 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?',
        fields: { upstream: '/var/run/postgresql/.s.PGSQL.5432' },
      },
      {
        text: 'django.db.utils.OperationalError: could not connect to server: No such file or directory\n\tIs the server running locally and accepting\n\tconnections on Unix domain socket "/var/run/postgresql/.s.PGSQL.5432"?',
        fields: { upstream: '/var/run/postgresql/.s.PGSQL.5432' },
      },
    ],
    nearMiss: [
      'psql: error: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused',
      'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  role "root" does not exist',
    ],
  },
  'python/libpq-server-unreachable': {
    match: [
      // real
      {
        text: 'psql: error: connection to server at "127.0.0.1", port 18735 failed: timeout expired',
        fields: { host: '127.0.0.1', port: '18735', detail: 'timeout expired' },
      },
      {
        text: 'psycopg.OperationalError: connection failed: connection to server at "10.0.3.17", port 5432 failed: Connection timed out\n\tIs the server running on that host and accepting TCP/IP connections?',
        fields: { host: '10.0.3.17', port: '5432' },
      },
      {
        text: 'psycopg2.OperationalError: could not connect to server: No route to host\n\tIs the server running on host "db.internal" (10.0.3.17) and accepting\n\tTCP/IP connections on port 5432?',
        fields: { host: '10.0.3.17', port: '5432', detail: 'No route to host' },
      },
    ],
    nearMiss: [
      'psql: error: connection to server at "127.0.0.1", port 18799 failed: Connection refused',
      'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: FATAL:  sorry, too many clients already',
    ],
  },
  'python/libpq-host-not-translated': {
    match: [
      // real
      {
        text: 'psql: error: could not translate host name "nonexistent.invalid" to address: Name or service not known',
        fields: { host: 'nonexistent.invalid', detail: 'Name or service not known' },
      },
      {
        text: 'psycopg2.OperationalError: could not translate host name "postgres" to address: Temporary failure in name resolution',
        fields: { host: 'postgres' },
      },
    ],
    nearMiss: [
      'socket.gaierror: [Errno -2] Name or service not known',
      'psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused',
    ],
  },
  'python/libpq-server-closed-unexpectedly': {
    match: [
      // real (a port that resets)
      {
        text: 'psql: error: connection to server at "127.0.0.1", port 18701 failed: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.',
        fields: { host: '127.0.0.1', port: '18701' },
      },
      {
        text: 'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.',
      },
    ],
    nearMiss: [
      'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: FATAL:  the database system is starting up',
      'psql: error: connection to server at "127.0.0.1", port 18799 failed: Connection refused',
    ],
  },
} satisfies SignatureCases;
