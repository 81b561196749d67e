import type { SignatureCases } from '../../core/signature-cases.js';

export default {
  'kong/invalid-upstream-response': {
    match: [
      {
        text: '{"message":"An invalid response was received from the upstream server","request_id":"8f1c2b7a4e0d1f6b9a3c5d7e2f4a6b8c"}',
        fields: { status: '502' },
      },
      {
        text: 'HTTP/1.1 502 Bad Gateway\nContent-Type: application/json; charset=utf-8\nServer: kong/3.6.1\nX-Kong-Request-Id: 8f1c2b7a4e0d1f6b9a3c5d7e2f4a6b8c\n\n{\n  "message":"An invalid response was received from the upstream server",\n  "request_id":"8f1c2b7a4e0d1f6b9a3c5d7e2f4a6b8c"\n}',
      },
      { text: '{"message":"An invalid response was received from the upstream server"}' },
    ],
    nearMiss: [
      '{"message":"An unexpected error occurred","request_id":"8f1c2b7a4e0d1f6b9a3c5d7e2f4a6b8c"}',
      '{"message":"The upstream server is timing out","request_id":"8f1c2b7a4e0d1f6b9a3c5d7e2f4a6b8c"}',
    ],
  },

  'kong/upstream-unavailable': {
    match: [
      { text: '{"message":"The upstream server is currently unavailable","request_id":"2b4d6f8a0c1e3a5b7d9f1b3d5f7a9c0e"}', fields: { status: '503' } },
      { text: 'HTTP/2 503\nserver: kong/3.4.2\ncontent-type: application/json; charset=utf-8\n\n{"message":"The upstream server is currently unavailable"}' },
    ],
    nearMiss: [
      '{"message":"failure to get a peer from the ring-balancer","request_id":"2b4d6f8a0c1e3a5b7d9f1b3d5f7a9c0e"}',
      '{"message":"API rate limit exceeded","request_id":"2b4d6f8a0c1e3a5b7d9f1b3d5f7a9c0e"}',
    ],
  },

  'kong/upstream-timeout': {
    match: [
      { text: '{"message":"The upstream server is timing out","request_id":"c0ffee1234567890abcdef1234567890"}', fields: { status: '504' } },
      { text: '< HTTP/1.1 504 Gateway Timeout\n< Server: kong/3.6.1\n<\n{"message":"The upstream server is timing out"}' },
    ],
    nearMiss: [
      '{"message":"An invalid response was received from the upstream server","request_id":"c0ffee1234567890abcdef1234567890"}',
      '2024/03/12 09:14:02 [error] 1290#0: *5133 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.244.0.1, server: kong, request: "GET /orders HTTP/1.1", upstream: "http://10.244.1.17:8080/orders", host: "api.example.com", request_id: "c0ffee1234567890abcdef1234567890"',
    ],
  },

  'kong/ring-balancer-no-peer': {
    match: [
      { text: '{"message":"failure to get a peer from the ring-balancer","request_id":"5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"}', fields: { status: '503' } },
      { text: 'HTTP/1.1 503 Service Temporarily Unavailable\nServer: kong/2.8.1\n\n{"message":"failure to get a peer from the ring-balancer"}' },
    ],
    nearMiss: [
      '{"message":"The upstream server is currently unavailable","request_id":"5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"}',
      "2024/03/12 09:14:02 [warn] 1290#0: *5133 [lua] healthcheck.lua:1107: log(): [healthcheck] (8f3a…:orders.default.8080.svc) unhealthy TCP increment (1/3) for '10.244.1.17(10.244.1.17:8080)', context: ngx.timer",
    ],
  },

  'kong/name-resolution-failed': {
    match: [
      { text: '{"message":"name resolution failed","request_id":"9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"}', fields: { status: '503' } },
      {
        text: '2024/03/12 09:14:02 [error] 1290#0: *5133 [lua] init.lua:371: execute(): DNS resolution failed: dns server error: 3 name error. Tried: ["(short)orders-svc:(na) - cache-miss","orders-svc:33 - cache-miss/querying/dns server error: 3 name error"], client: 10.244.0.1, server: kong, request: "GET /orders HTTP/1.1", host: "api.example.com", request_id: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"',
        fields: { detail: 'dns server error: 3 name error' },
      },
    ],
    nearMiss: [
      'socket.gaierror: [Errno -3] Temporary failure in name resolution',
      "2024/03/12 09:14:02 [error] 1290#0: *5133 [lua] handler.lua:1589: before(): failed the initial dns/balancer resolve for 'orders-svc' with: dns client error: 101 empty record received, client: 10.244.0.1, server: kong",
    ],
  },

  'kong/initial-dns-resolve-failed': {
    match: [
      {
        text: '2024/03/12 09:14:02 [error] 2260#0: *1459 [lua] handler.lua:1589: before(): failed the initial dns/balancer resolve for \'orders.default.svc\' with: failed to receive reply from UDP server 10.96.0.10:53: timeout, client: 10.244.0.1, server: kong, request: "GET /orders HTTP/1.1", host: "api.example.com", request_id: "1f2e3d4c5b6a79880716253443526170"',
        fields: { host: 'orders.default.svc', detail: 'failed to receive reply from UDP server 10.96.0.10:53: timeout', status: '500' },
      },
    ],
    nearMiss: [
      '{"message":"name resolution failed","request_id":"1f2e3d4c5b6a79880716253443526170"}',
      '{"message":"An unexpected error occurred","request_id":"1f2e3d4c5b6a79880716253443526170"}',
    ],
  },

  'kong/no-route-matched': {
    match: [
      { text: '{"message":"no Route matched with those values","request_id":"0a1b2c3d4e5f60718293a4b5c6d7e8f9"}', fields: { status: '404' } },
      { text: 'HTTP/1.1 404 Not Found\nServer: kong/0.12.3\n\n{"message":"no API found with those values"}' },
    ],
    nearMiss: ['{"message":"No API key found in request","request_id":"0a1b2c3d4e5f60718293a4b5c6d7e8f9"}', '{"message":"Not found"}'],
  },
} satisfies SignatureCases;
