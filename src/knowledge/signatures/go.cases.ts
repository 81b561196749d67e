import type { SignatureCases } from '../../core/signature-cases.js';

export default {
  'go/dial-connection-refused': {
    match: [
      { text: 'dial tcp 10.0.0.5:8080: connect: connection refused', fields: { host: '10.0.0.5', port: '8080', code: 'ECONNREFUSED' } },
      {
        text: '2024/03/12 09:14:02 request failed: Get "http://127.0.0.1:3000/api/users": dial tcp 127.0.0.1:3000: connect: connection refused',
        fields: { host: '127.0.0.1', port: '3000', scheme: 'http' },
      },
      {
        text: '{"level":"error","ts":1710234842.113,"caller":"client/orders.go:88","msg":"create order failed","error":"Post \\"http://orders:8080/v1/orders\\": dial tcp 172.18.0.4:8080: connect: connection refused"}',
        fields: { host: '172.18.0.4', port: '8080' },
      },
      { text: 'Get "http://localhost:9090/metrics": dial tcp [::1]:9090: connect: connection refused', fields: { host: '::1', port: '9090' } },
      {
        text: 'Get "http://127.0.0.1:8080/": dial tcp 127.0.0.1:8080: connectex: No connection could be made because the target machine actively refused it.',
        fields: { host: '127.0.0.1', port: '8080' },
      },
    ],
    nearMiss: [
      'Get "http://10.0.0.5:8080/healthz": dial tcp 10.0.0.5:8080: i/o timeout',
      'Get "http://api:8080/x": dial tcp: lookup api on 127.0.0.11:53: no such host',
      'read tcp 10.0.0.7:41234->10.0.0.5:8080: read: connection reset by peer',
    ],
  },
  'go/dns-no-such-host': {
    match: [
      {
        text: 'Get "http://api:8080/x": dial tcp: lookup api on 127.0.0.11:53: no such host',
        fields: { host: 'api', detail: '127.0.0.11:53', port: '8080', scheme: 'http' },
      },
      {
        text: 'time="2024-03-12T09:14:02Z" level=error msg="upstream request failed" error="dial tcp: lookup payments.default.svc.cluster.local on 10.96.0.10:53: no such host"',
        fields: { host: 'payments.default.svc.cluster.local', detail: '10.96.0.10:53' },
      },
      { text: 'dial tcp: lookup db.internal: no such host', fields: { host: 'db.internal' } },
    ],
    nearMiss: [
      'dial tcp: lookup api on 127.0.0.11:53: server misbehaving',
      'dial tcp: lookup api on 10.96.0.10:53: read udp 10.244.1.5:53012->10.96.0.10:53: i/o timeout',
    ],
  },
  'go/dns-server-misbehaving': {
    match: [
      { text: 'dial tcp: lookup registry.internal on 10.96.0.10:53: server misbehaving', fields: { host: 'registry.internal', detail: '10.96.0.10:53' } },
      {
        text: 'Error response from daemon: Get "https://registry.corp.example:5000/v2/": dial tcp: lookup registry.corp.example on 127.0.0.53:53: server misbehaving',
        fields: { host: 'registry.corp.example', port: '5000' },
      },
    ],
    nearMiss: ['dial tcp: lookup registry.internal on 10.96.0.10:53: no such host', 'level=info msg="DNS server misbehaving counter reset"'],
  },
  'go/dns-lookup-timeout': {
    match: [
      {
        text: 'dial tcp: lookup api on 10.96.0.10:53: read udp 10.244.1.5:53012->10.96.0.10:53: i/o timeout',
        fields: { host: 'api', detail: '10.96.0.10:53' },
      },
      {
        text: '2024-03-12T09:14:02.331Z\tERROR\tproxy\tGet "http://users.prod.svc:8080/v1/me": dial tcp: lookup users.prod.svc on 10.96.0.10:53: dial udp 10.96.0.10:53: i/o timeout',
        fields: { host: 'users.prod.svc', port: '8080' },
      },
      { text: 'dial tcp: lookup auth.internal: i/o timeout', fields: { host: 'auth.internal' } },
    ],
    nearMiss: ['dial tcp 10.96.0.10:8080: i/o timeout', 'dial tcp: lookup api on 10.96.0.10:53: no such host'],
  },
  'go/dial-timeout': {
    match: [
      { text: 'dial tcp 10.0.3.17:5432: i/o timeout', fields: { host: '10.0.3.17', port: '5432', detail: 'i/o timeout' } },
      {
        text: 'Readiness probe failed: Get "http://10.244.2.31:8080/ready": dial tcp 10.244.2.31:8080: i/o timeout',
        fields: { host: '10.244.2.31', port: '8080', scheme: 'http' },
      },
      { text: 'dial tcp 172.31.5.10:443: connect: connection timed out', fields: { host: '172.31.5.10', port: '443' } },
    ],
    nearMiss: [
      'dial tcp: lookup api on 10.96.0.10:53: read udp 10.244.1.5:53012->10.96.0.10:53: i/o timeout',
      'dial tcp 10.0.3.17:5432: connect: connection refused',
      'read tcp 10.0.0.7:41234->10.0.0.5:8080: i/o timeout',
    ],
  },
  'go/dial-no-route': {
    match: [
      { text: 'dial tcp 10.244.1.19:8080: connect: no route to host', fields: { host: '10.244.1.19', port: '8080', detail: 'no route to host' } },
      {
        text: 'Get "http://[2001:db8::10]:8080/": dial tcp [2001:db8::10]:8080: connect: network is unreachable',
        fields: { host: '2001:db8::10', port: '8080', detail: 'network is unreachable' },
      },
    ],
    nearMiss: ['dial tcp 10.244.1.19:8080: connect: connection refused', 'dial tcp 10.244.1.19:8080: i/o timeout'],
  },
  'go/connection-reset-by-peer': {
    match: [
      {
        text: 'read tcp 10.0.0.7:41234->10.0.0.5:8080: read: connection reset by peer',
        fields: { client: '10.0.0.7:41234', host: '10.0.0.5', port: '8080', code: 'ECONNRESET' },
      },
      {
        text: '2024/03/12 09:14:02 http: proxy error: read tcp 172.18.0.3:52144->172.18.0.5:3000: read: connection reset by peer',
        fields: { host: '172.18.0.5', port: '3000' },
      },
      { text: 'write tcp 10.1.2.3:55012->10.1.9.9:9200: write: connection reset by peer', fields: { host: '10.1.9.9', port: '9200' } },
    ],
    nearMiss: ['write tcp 10.0.0.7:41234->10.0.0.5:8080: write: broken pipe', 'dial tcp 10.0.0.5:8080: connect: connection refused'],
  },
  'go/broken-pipe': {
    match: [
      { text: 'write tcp 10.0.0.7:41234->10.0.0.5:8080: write: broken pipe', fields: { host: '10.0.0.5', port: '8080', code: 'EPIPE' } },
      {
        text: 'time="2024-03-12T09:14:02Z" level=error msg="upload failed" error="Put \\"http://minio:9000/bucket/obj\\": write tcp 172.20.0.4:60112->172.20.0.9:9000: write: broken pipe"',
        fields: { host: '172.20.0.9', port: '9000' },
      },
    ],
    nearMiss: ['read tcp 10.0.0.7:41234->10.0.0.5:8080: read: connection reset by peer', 'level=warn msg="client disconnected" error="write: broken pipe"'],
  },
  'go/eof-on-reused-connection': {
    match: [
      { text: 'Post "http://billing:8080/v1/charge": EOF', fields: { host: 'billing', port: '8080', scheme: 'http', detail: 'EOF' } },
      { text: '2024/03/12 09:14:02 http: proxy error: EOF', fields: { detail: 'EOF' } },
      { text: 'Get "https://10.0.4.2:8443/api/v1/items?page=2": unexpected EOF', fields: { host: '10.0.4.2', port: '8443', detail: 'unexpected EOF' } },
      { text: 'Post "http://api:8080/v1/jobs": http: server closed idle connection', fields: { host: 'api', port: '8080' } },
    ],
    nearMiss: [
      'rpc error: code = Unavailable desc = error reading from server: EOF',
      'level=debug msg="reached EOF of request body"',
      'Get "http://billing:8080/v1/charge": dial tcp 10.0.0.5:8080: connect: connection refused',
    ],
  },
  'go/client-timeout-awaiting-headers': {
    match: [
      {
        text: 'Get "http://10.244.2.31:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
        fields: { host: '10.244.2.31', port: '8080', path: '/healthz' },
      },
      {
        text: '  Warning  Unhealthy  12s (x3 over 42s)  kubelet  Liveness probe failed: Get "http://10.244.0.12:3000/health": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
        fields: { host: '10.244.0.12', port: '3000' },
      },
      {
        text: 'Get "https://api.internal/v1/users": net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
        fields: { host: 'api.internal' },
      },
    ],
    nearMiss: [
      'Get "http://10.244.2.31:8080/healthz": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      'Get "http://10.244.2.31:8080/big": context deadline exceeded (Client.Timeout or context cancellation while reading body)',
    ],
  },
  'go/client-timeout-waiting-for-connection': {
    match: [
      {
        text: 'Get "http://10.244.2.31:8080/healthz": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
        fields: { host: '10.244.2.31', port: '8080' },
      },
      {
        text: 'Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
        fields: { host: 'registry-1.docker.io' },
      },
    ],
    nearMiss: ['Get "http://10.244.2.31:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'],
  },
  'go/response-header-timeout': {
    match: [
      { text: 'Get "http://reports:8080/v1/export": net/http: timeout awaiting response headers', fields: { host: 'reports', port: '8080' } },
      { text: '2024/03/12 09:14:02 http: proxy error: net/http: timeout awaiting response headers' },
    ],
    nearMiss: [
      'Get "https://reports:8443/": net/http: TLS handshake timeout',
      'Get "http://reports:8080/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    ],
  },
  'go/tls-handshake-timeout': {
    match: [
      {
        text: 'Error response from daemon: Get "https://registry.internal:5000/v2/": net/http: TLS handshake timeout',
        fields: { host: 'registry.internal', port: '5000', scheme: 'https' },
      },
      { text: 'net/http: TLS handshake timeout' },
    ],
    nearMiss: ['Get "http://reports:8080/v1/export": net/http: timeout awaiting response headers', 'http: TLS handshake error from 10.0.0.9:51234: EOF'],
  },
  'go/http-response-to-https-client': {
    match: [
      {
        text: 'Error response from daemon: Get "https://192.168.1.50:5000/v2/": http: server gave HTTP response to HTTPS client',
        fields: { host: '192.168.1.50', port: '5000' },
      },
      { text: 'Get "https://api:8080/v1/users": http: server gave HTTP response to HTTPS client', fields: { host: 'api', port: '8080', scheme: 'https' } },
    ],
    nearMiss: ['Get "https://api:8443/": tls: first record does not look like a TLS handshake', 'Client sent an HTTP request to an HTTPS server.'],
  },
  'go/tls-first-record-not-handshake': {
    match: [
      { text: 'Get "https://10.0.0.5:6379/": tls: first record does not look like a TLS handshake', fields: { host: '10.0.0.5', port: '6379' } },
      { text: '2024/03/12 09:14:02 http: proxy error: tls: first record does not look like a TLS handshake' },
    ],
    nearMiss: [
      'Get "https://api:8080/v1/users": http: server gave HTTP response to HTTPS client',
      'http: TLS handshake error from 10.0.0.9:51234: tls: unsupported SSLv2 handshake received',
    ],
  },
  'go/x509-certificate-invalid': {
    match: [
      {
        text: 'Get "https://api.internal/v1": tls: failed to verify certificate: x509: certificate signed by unknown authority',
        fields: { detail: 'certificate signed by unknown authority' },
      },
      {
        text: 'Get "https://10.0.0.5:8443/": x509: certificate is valid for api.internal, api.internal.svc, not 10.0.0.5',
        fields: { host: '10.0.0.5' },
      },
      { text: "x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs", fields: { host: '10.0.0.5' } },
      {
        text: 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2024-03-12T09:14:02Z is after 2024-03-01T00:00:00Z',
      },
    ],
    nearMiss: [
      'level=info msg="loaded x509: certificate pool with 142 entries"',
      'Get "https://api:8443/": tls: first record does not look like a TLS handshake',
    ],
  },
  'go/reverse-proxy-error': {
    match: [
      {
        text: '2024/03/12 09:14:02 http: proxy error: dial tcp 127.0.0.1:3000: connect: connection refused',
        fields: { host: '127.0.0.1', port: '3000' },
      },
      {
        text: '2024/03/12 09:14:05 http: proxy error: dial tcp: lookup frontend on 127.0.0.11:53: no such host',
        fields: { detail: 'dial tcp: lookup frontend on 127.0.0.11:53: no such host' },
      },
      { text: 'http: proxy error: read tcp 172.18.0.3:52144->172.18.0.5:3000: read: connection reset by peer', fields: { host: '172.18.0.5', port: '3000' } },
    ],
    nearMiss: ['2024/03/12 09:14:02 http: TLS handshake error from 10.0.0.9:51234: EOF', 'proxy: using HTTP_PROXY=http://10.0.0.1:3128'],
  },
  'go/grpc-unavailable-dial': {
    match: [
      {
        text: 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.96.0.10:50051: connect: connection refused"',
        fields: { host: '10.96.0.10', port: '50051', code: 'UNAVAILABLE' },
      },
      {
        text: '{"level":"error","msg":"call failed","error":"rpc error: code = Unavailable desc = last connection error: connection error: desc = \\"transport: Error while dialing: dial tcp 127.0.0.1:9090: connect: connection refused\\""}',
        fields: { host: '127.0.0.1', port: '9090' },
      },
      {
        text: 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp: lookup inventory on 10.96.0.10:53: no such host"',
      },
    ],
    nearMiss: ['rpc error: code = Unavailable desc = error reading from server: EOF', 'rpc error: code = DeadlineExceeded desc = context deadline exceeded'],
  },
  'go/grpc-unavailable-no-addresses': {
    match: [
      { text: 'rpc error: code = Unavailable desc = name resolver error: produced zero addresses' },
      {
        text: 'E0312 09:14:02.331 client.go:42] rpc error: code = Unavailable desc = last resolver error: produced zero addresses',
        fields: { code: 'UNAVAILABLE' },
      },
    ],
    nearMiss: [
      'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.96.0.10:50051: connect: connection refused"',
      'rpc error: code = NotFound desc = produced zero results',
    ],
  },
  'go/grpc-unavailable': {
    match: [
      {
        text: 'rpc error: code = Unavailable desc = error reading from server: EOF',
        fields: { detail: 'error reading from server: EOF', code: 'UNAVAILABLE' },
      },
      { text: 'rpc error: code = Unavailable desc = upstream connect error or disconnect/reset before headers. reset reason: connection failure' },
      { text: 'rpc error: code = Unavailable desc = connection closed before server preface received' },
    ],
    nearMiss: [
      'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.96.0.10:50051: connect: connection refused"',
      'rpc error: code = Unimplemented desc = unknown service inventory.v1.Inventory',
    ],
  },
  'go/grpc-deadline-exceeded': {
    match: [
      {
        text: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
        fields: { code: 'DEADLINE_EXCEEDED', detail: 'context deadline exceeded' },
      },
      { text: '2024-03-12T09:14:02.331Z\tERROR\tcheckout\tGetCart failed: rpc error: code = DeadlineExceeded desc = context deadline exceeded' },
    ],
    nearMiss: ['rpc error: code = Canceled desc = context canceled', 'rpc error: code = Unavailable desc = error reading from server: EOF'],
  },
  'go/http2-goaway': {
    match: [
      { text: 'http2: server sent GOAWAY and closed the connection; LastStreamID=1999, ErrCode=NO_ERROR, debug=""', fields: { code: 'NO_ERROR' } },
      {
        text: 'Post "https://api.internal/v1/events": http2: server sent GOAWAY and closed the connection; LastStreamID=3, ErrCode=ENHANCE_YOUR_CALM, debug="too_many_pings"',
        fields: { code: 'ENHANCE_YOUR_CALM', detail: 'too_many_pings' },
      },
    ],
    nearMiss: ['http2: Transport received GOAWAY from server ErrCode:NO_ERROR', 'level=info msg="sending GOAWAY to clients before shutdown"'],
  },
} satisfies SignatureCases;
