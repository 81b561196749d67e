import type { SignatureCases } from '../../core/signature-cases.js';

const REQ =
  '"request":{"remote_ip":"172.18.0.1","remote_port":"51544","client_ip":"172.18.0.1","proto":"HTTP/1.1","method":"GET","host":"app.localhost","uri":"/api/users","headers":{"User-Agent":["curl/8.5.0"],"Accept":["*/*"]}}';
const ACCESS_200 = `{"level":"info","ts":1710234842.5123,"logger":"http.log.access.log0","msg":"handled request",${REQ},"bytes_read":0,"user_id":"","duration":0.0123,"size":1734,"status":200,"resp_headers":{"Content-Type":["application/json"]}}`;

export default {
  'caddy/proxy-error-502': {
    match: [
      {
        text: `{"level":"error","ts":1710234842.5123,"logger":"http.log.error","msg":"dial tcp 127.0.0.1:8080: connect: connection refused",${REQ},"duration":0.000843,"status":502,"err_id":"r2k1mnf0a","err_trace":"reverseproxy.statusError (reverseproxy.go:1267)"}`,
        fields: { status: '502', host: '127.0.0.1', port: '8080', detail: 'dial tcp 127.0.0.1:8080: connect: connection refused' },
      },
      {
        text: '2024/03/12 09:14:02.512\tERROR\thttp.log.error\tdial tcp [::1]:3000: connect: connection refused\t{"request": {"remote_ip": "172.18.0.1", "remote_port": "51544", "proto": "HTTP/1.1", "method": "GET", "host": "localhost", "uri": "/"}, "duration": 0.0011, "status": 502, "err_id": "9hx3kq1zn", "err_trace": "reverseproxy.statusError (reverseproxy.go:1267)"}',
        fields: { status: '502', host: '::1', port: '3000' },
      },
      {
        text: `caddy-1  | {"level":"error","ts":1710234842.5123,"logger":"http.log.error","msg":"dial tcp: lookup api on 127.0.0.11:53: no such host",${REQ},"duration":0.0021,"status":502,"err_id":"b1c2d3e4f","err_trace":"reverseproxy.statusError (reverseproxy.go:1267)"}`,
        fields: { status: '502', host: 'api' },
      },
    ],
    nearMiss: [
      `{"level":"error","ts":1710234872.5123,"logger":"http.log.error","msg":"dial tcp 10.0.4.12:8080: i/o timeout",${REQ},"duration":10.001,"status":504,"err_id":"x8d7e6f5g","err_trace":"reverseproxy.statusError (reverseproxy.go:1267)"}`,
      ACCESS_200,
    ],
  },
  'caddy/proxy-timeout-504': {
    match: [
      {
        text: `{"level":"error","ts":1710234872.5123,"logger":"http.log.error","msg":"dial tcp 10.0.4.12:8080: i/o timeout",${REQ},"duration":10.001,"status":504,"err_id":"x8d7e6f5g","err_trace":"reverseproxy.statusError (reverseproxy.go:1267)"}`,
        fields: { status: '504', host: '10.0.4.12', port: '8080' },
      },
      {
        text: '2024/03/12 09:14:32.512\tERROR\thttp.log.error\tnet/http: timeout awaiting response headers\t{"request": {"remote_ip": "10.0.1.7", "method": "POST", "host": "reports.example.com", "uri": "/generate"}, "duration": 30.002, "status": 504, "err_id": "q1w2e3r4t", "err_trace": "reverseproxy.statusError (reverseproxy.go:1267)"}',
        fields: { status: '504', detail: 'net/http: timeout awaiting response headers' },
      },
    ],
    nearMiss: [
      `{"level":"error","ts":1710234842.5123,"logger":"http.log.error","msg":"dial tcp 127.0.0.1:8080: connect: connection refused",${REQ},"duration":0.000843,"status":502,"err_id":"r2k1mnf0a","err_trace":"reverseproxy.statusError (reverseproxy.go:1267)"}`,
      ACCESS_200,
    ],
  },
  'caddy/no-upstreams-available': {
    match: [
      {
        text: `{"level":"error","ts":1710234842.5123,"logger":"http.log.error","msg":"no upstreams available",${REQ},"duration":0.0001,"status":503,"err_id":"m3n4b5v6c","err_trace":"reverseproxy.(*Handler).proxyLoopIteration (reverseproxy.go:640)"}`,
        fields: { status: '503' },
      },
      {
        text: '2024/03/12 09:14:02.512\tERROR\thttp.log.error\tno upstreams available\t{"request": {"remote_ip": "172.18.0.1", "method": "GET", "uri": "/"}, "duration": 0.0001, "status": 503}',
      },
    ],
    nearMiss: [ACCESS_200, 'no upstream connections available in pool'],
  },
  'caddy/aborting-with-incomplete-response': {
    match: [
      {
        text: `{"level":"warn","ts":1710234842.5123,"logger":"http.handlers.reverse_proxy","msg":"aborting with incomplete response","upstream":"app:8080","duration":2.431,${REQ},"error":"reading: unexpected EOF"}`,
        fields: { host: 'app', port: '8080', detail: 'reading: unexpected EOF' },
      },
      {
        text: '2024/03/12 09:14:02.512\tWARN\thttp.handlers.reverse_proxy\taborting with incomplete response\t{"upstream": "localhost:9000", "error": "reading: context canceled"}',
        fields: { upstream: 'localhost:9000' },
      },
    ],
    nearMiss: [
      ACCESS_200,
      `{"level":"debug","ts":1710234842.5123,"logger":"http.handlers.reverse_proxy","msg":"upstream roundtrip","upstream":"app:8080","duration":0.004,${REQ},"headers":{"Content-Length":["2"]},"status":200}`,
    ],
  },
  'caddy/client-canceled-499': {
    match: [
      {
        text: `{"level":"info","ts":1710234872.5123,"logger":"http.log.access.log0","msg":"handled request",${REQ},"bytes_read":0,"user_id":"","duration":12.004,"size":0,"status":499,"resp_headers":{}}`,
        fields: { status: '499' },
      },
      {
        text: `{"level":"debug","ts":1710234872.5123,"logger":"http.log.error","msg":"context canceled",${REQ},"duration":12.004,"status":499,"err_id":"k9j8h7g6f","err_trace":"reverseproxy.statusError (reverseproxy.go:1267)"}`,
        fields: { status: '499' },
      },
    ],
    nearMiss: [ACCESS_200, '172.18.0.1 - - [12/Mar/2024:09:14:32 +0000] "GET /api HTTP/1.1" 499 0 "-" "curl/8.5.0"'],
  },
  'caddy/upstream-scheme-port-conflict': {
    match: [
      {
        text: "Error: adapting config using caddyfile: parsing caddyfile tokens for 'reverse_proxy': upstream address has conflicting scheme (http://) and port (:443, the HTTPS port), at Caddyfile:4",
        fields: { scheme: 'http', port: '443' },
      },
      {
        text: "Error: loading initial config: loading new config: loading http app module: provision http: server srv0: setting up route handlers: route 0: loading handler modules: position 0: loading module 'subroute': provision http.handlers.subroute: setting up subroutes: route 0: loading handler modules: position 0: loading module 'reverse_proxy': provision http.handlers.reverse_proxy: upstream address scheme is HTTP but transport is configured for HTTP+TLS (HTTPS)",
      },
    ],
    nearMiss: ['Error: adapting config using caddyfile: Caddyfile:4: unrecognized directive: reverse_prox', ACCESS_200],
  },
  'caddy/upstream-unhealthy': {
    match: [
      {
        text: '{"level":"info","ts":1710234842.5123,"logger":"http.handlers.reverse_proxy.health_checker.active","msg":"HTTP request failed","host":"app:8080","error":"Get \\"http://app:8080/health\\": dial tcp 172.18.0.4:8080: connect: connection refused"}',
        fields: { upstream: 'app:8080', detail: 'HTTP request failed' },
      },
      {
        text: '2024/03/12 09:14:02.512\tINFO\thttp.handlers.reverse_proxy.health_checker.active\tunexpected status code\t{"status_code": 503, "host": "api:9000"}',
        fields: { upstream: 'api:9000', detail: 'unexpected status code' },
      },
      {
        text: '{"level":"info","ts":1710234842.5123,"logger":"events","msg":"event","name":"unhealthy","id":"4b1a2f0e-7c1d-4a7e-9d3f-1b2c3d4e5f60","origin":"http.handlers.reverse_proxy","data":{"host":"app:8080"}}',
        fields: { upstream: 'app:8080' },
      },
    ],
    nearMiss: [
      '{"level":"info","ts":1710234852.5123,"logger":"events","msg":"event","name":"healthy","id":"5c2b3a1f-8d2e-4b8f-0e4a-2c3d4e5f6a71","origin":"http.handlers.reverse_proxy","data":{"host":"app:8080"}}',
      ACCESS_200,
    ],
  },
} satisfies SignatureCases;
