import type { SignatureCases } from '../../core/signature-cases.js';

const ACCESS_200 =
  '172.18.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET /api/users HTTP/1.1" 200 1734 "-" "curl/8.5.0" 41 "api@docker" "http://172.18.0.3:8080" 12ms';
const NGINX_502 = '172.18.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET /api/users HTTP/1.1" 502 157 "-" "curl/8.5.0"';

export default {
  'traefik/bad-gateway': {
    match: [
      {
        text: '2024-03-12T09:14:02Z DBG github.com/traefik/traefik/v3/pkg/proxy/httputil/proxy.go:113 > 502 Bad Gateway error="dial tcp 172.18.0.3:8080: connect: connection refused"',
        fields: { status: '502', host: '172.18.0.3', port: '8080', detail: 'dial tcp 172.18.0.3:8080: connect: connection refused' },
      },
      {
        text: '{"level":"debug","error":"dial tcp 127.0.0.1:3000: connect: connection refused","time":"2024-03-12T09:14:02Z","caller":"github.com/traefik/traefik/v3/pkg/proxy/httputil/proxy.go:113","message":"502 Bad Gateway"}',
        fields: { status: '502', host: '127.0.0.1', port: '3000' },
      },
      {
        text: 'time="2024-03-12T09:14:02Z" level=debug msg="\'502 Bad Gateway\' caused by: dial tcp 172.20.0.5:80: connect: connection refused"',
        fields: { status: '502', host: '172.20.0.5', port: '80' },
      },
      {
        text: 'traefik-1  | time="2024-03-12T09:14:02Z" level=debug msg="\'502 Bad Gateway\' caused by: EOF"',
        fields: { status: '502', detail: 'EOF' },
      },
      {
        text: '172.18.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET /api/users HTTP/1.1" 502 11 "-" "curl/8.5.0" 42 "api@docker" "http://172.18.0.3:8080" 1ms',
        fields: { status: '502', backend: 'api@docker', host: '172.18.0.3', port: '8080', scheme: 'http' },
      },
      {
        text: '{"ClientHost":"172.18.0.1","DownstreamStatus":502,"Duration":1203400,"OriginStatus":0,"RequestHost":"api.localhost","RequestPath":"/users","RouterName":"api@docker","ServiceName":"api@docker","ServiceURL":"http://172.18.0.3:8080","level":"info","msg":"","time":"2024-03-12T09:14:02Z"}',
        fields: { status: '502', backend: 'api@docker', host: '172.18.0.3', port: '8080' },
      },
    ],
    nearMiss: [
      '2024-03-12T09:14:02Z DBG github.com/traefik/traefik/v3/pkg/proxy/httputil/proxy.go:113 > 504 Gateway Timeout error="dial tcp 172.18.0.3:8080: i/o timeout"',
      ACCESS_200,
      NGINX_502,
    ],
  },
  'traefik/gateway-timeout': {
    match: [
      {
        text: '2024-03-12T09:14:32Z DBG github.com/traefik/traefik/v3/pkg/proxy/httputil/proxy.go:113 > 504 Gateway Timeout error="dial tcp 10.0.4.12:8080: i/o timeout"',
        fields: { status: '504', host: '10.0.4.12', port: '8080' },
      },
      {
        text: 'time="2024-03-12T09:14:32Z" level=debug msg="\'504 Gateway Timeout\' caused by: net/http: timeout awaiting response headers"',
        fields: { status: '504', detail: 'net/http: timeout awaiting response headers' },
      },
      {
        text: '10.0.1.7 - - [12/Mar/2024:09:14:32 +0000] "POST /reports HTTP/2.0" 504 15 "-" "Mozilla/5.0" 913 "reports@kubernetescrd" "http://10.244.1.17:8000" 30001ms',
        fields: { status: '504', backend: 'reports@kubernetescrd', host: '10.244.1.17', port: '8000' },
      },
    ],
    nearMiss: [
      '2024-03-12T09:14:02Z DBG github.com/traefik/traefik/v3/pkg/proxy/httputil/proxy.go:113 > 502 Bad Gateway error="dial tcp 172.18.0.3:8080: connect: connection refused"',
      '172.18.0.1 - - [12/Mar/2024:09:14:32 +0000] "GET / HTTP/1.1" 504 167 "-" "curl/8.5.0"',
    ],
  },
  'traefik/client-closed-request': {
    match: [
      {
        text: '2024-03-12T09:14:40Z DBG github.com/traefik/traefik/v3/pkg/proxy/httputil/proxy.go:113 > 499 Client Closed Request error="context canceled"',
        fields: { status: '499', detail: 'context canceled' },
      },
      {
        text: '10.0.1.7 - - [12/Mar/2024:09:14:40 +0000] "GET /search?q=shoes HTTP/1.1" 499 21 "-" "okhttp/4.12.0" 1177 "search@docker" "http://172.18.0.9:9200" 10003ms',
        fields: { status: '499', backend: 'search@docker', host: '172.18.0.9' },
      },
    ],
    nearMiss: [ACCESS_200, '2024/03/12 09:14:40 [info] 31#31: *7 client prematurely closed connection while waiting for upstream response'],
  },
  'traefik/no-available-server': {
    match: [
      { text: '$ curl -i http://whoami.localhost/\nHTTP/1.1 503 Service Unavailable\nContent-Type: text/plain; charset=utf-8\n\nno available server' },
      { text: '2024-03-12T09:14:02Z DBG github.com/traefik/traefik/v3/pkg/server/service/loadbalancer/wrr/wrr.go:190 > no available server' },
    ],
    nearMiss: ['no available servers match the selector', ACCESS_200],
  },
  'traefik/health-check-failed': {
    match: [
      {
        text: '2024-03-12T09:14:02Z WRN github.com/traefik/traefik/v3/pkg/healthcheck/healthcheck.go:185 > Health check failed. error="HTTP request failed: Get \\"http://172.18.0.3:8080/health\\": dial tcp 172.18.0.3:8080: connect: connection refused" targetURL=http://172.18.0.3:8080',
        fields: { host: '172.18.0.3', port: '8080' },
      },
      {
        text: 'time="2024-03-12T09:14:02Z" level=warning msg="Health check failed, removing from server list. Backend: \\"api@docker\\" URL: \\"http://172.18.0.3:8080\\" Weight: 1 Reason: received error status code: 503"',
        fields: { upstream: 'http://172.18.0.3:8080', detail: 'received error status code: 503' },
      },
      { text: '2024-03-12T09:14:02Z WRN gRPC health check failed: rpc error: code = Unavailable desc = connection error' },
    ],
    nearMiss: [
      'time="2024-03-12T09:14:12Z" level=warning msg="Health check up: returning to server list. Backend: \\"api@docker\\" URL: \\"http://172.18.0.3:8080\\" Weight: 1"',
      ACCESS_200,
    ],
  },
  'traefik/backend-tls-error': {
    match: [
      {
        text: '2024-03-12T09:14:02Z ERR github.com/traefik/traefik/v3/pkg/proxy/httputil/proxy.go:111 > 500 Internal Server Error error="tls: failed to verify certificate: x509: certificate signed by unknown authority"',
        fields: { status: '500', detail: 'tls: failed to verify certificate: x509: certificate signed by unknown authority' },
      },
      {
        text: '{"level":"error","error":"tls: first record does not look like a TLS handshake","time":"2024-03-12T09:14:02Z","message":"502 Bad Gateway"}',
        fields: { status: '502', detail: 'tls: first record does not look like a TLS handshake' },
      },
      {
        text: 'time="2024-03-12T09:14:02Z" level=debug msg="\'500 Internal Server Error\' caused by: tls: failed to verify certificate: x509: certificate is valid for traefik.default, not api.internal"',
        fields: { status: '500' },
      },
    ],
    nearMiss: [
      '2024-03-12T09:14:02Z DBG github.com/traefik/traefik/v3/pkg/proxy/httputil/proxy.go:113 > 502 Bad Gateway error="dial tcp 172.18.0.3:8443: connect: connection refused"',
      '2024-03-12T09:14:02Z ERR Unable to obtain ACME certificate for domains error="tls: failed to verify certificate: x509: certificate has expired or is not yet valid"',
    ],
  },
  'traefik/no-router-matched': {
    match: [
      {
        text: '$ curl -i http://app.localhost/\nHTTP/1.1 404 Not Found\nContent-Type: text/plain; charset=utf-8\n\n404 page not found',
        fields: { status: '404' },
      },
      {
        text: '172.18.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET /api HTTP/1.1" 404 19 "-" "curl/8.5.0" 7 "-" "-" 0ms',
        fields: { status: '404' },
      },
    ],
    nearMiss: [
      '172.18.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET /missing HTTP/1.1" 404 9 "-" "curl/8.5.0" 8 "api@docker" "http://172.18.0.3:8080" 3ms',
      ACCESS_200,
    ],
  },
} satisfies SignatureCases;
