import type { SignatureCases } from '../../core/signature-cases.js';

const ACCESS_200 =
  '10.244.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET /v1/orders HTTP/2.0" 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64)" 38 0.004 [default-api-svc-80] [] 10.244.1.17:8080 512 0.004 200 9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const ACCESS_503_NO_ENDPOINTS =
  '10.244.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET /v1/orders HTTP/1.1" 503 190 "-" "curl/8.5.0" 82 0.000 [default-api-svc-80] [] - - - - 6c7a9f3b1e2d4c5a8b9d0e1f2a3b4c5d';

export default {
  'ingress-nginx/service-no-active-endpoints': {
    match: [
      {
        text: 'W0312 09:14:02.123456       7 controller.go:1214] Service "default/api-svc" does not have any active Endpoint.',
        fields: { backend: 'default/api-svc' },
      },
      {
        text: '[pod/ingress-nginx-controller-6f7d8c9b5-x2k4p/controller] W0312 09:14:02.554120       7 controller.go:575] Service "db/mysql" does not have any active Endpoint for TCP port 3306',
        fields: { backend: 'db/mysql', detail: 'TCP', port: '3306' },
      },
    ],
    nearMiss: [
      'W0312 09:14:02.123456       7 controller.go:1110] Error obtaining Endpoints for Service "default/api-svc": no object matching key "default/api-svc" in local store',
      'I0312 09:14:02.123456       7 controller.go:193] "Configuration changes detected, backend reload required"',
    ],
  },

  'ingress-nginx/no-endpoints-503': {
    match: [
      { text: ACCESS_503_NO_ENDPOINTS, fields: { status: '503', backend: 'default-api-svc-80' } },
      {
        text: '[pod/ingress-nginx-controller-6f7d8c9b5-x2k4p/controller] 203.0.113.7 - - [12/Mar/2024:09:15:40 +0000] "POST /api/login HTTP/2.0" 503 592 "https://shop.example.com/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3)" 611 0.000 [shop-auth-8080] [] - - - - 0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e',
        fields: { backend: 'shop-auth-8080' },
      },
    ],
    nearMiss: [
      // the pod itself answered 503 (it was tried: upstream address set)
      '10.244.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET /v1/orders HTTP/1.1" 503 19 "-" "curl/8.5.0" 82 0.003 [default-api-svc-80] [] 10.244.1.17:8080 19 0.003 503 6c7a9f3b1e2d4c5a8b9d0e1f2a3b4c5d',
      ACCESS_200,
    ],
  },

  'ingress-nginx/no-peer-returned': {
    match: [
      {
        text: '2024/03/12 09:14:02 [warn] 41#41: *18231 [lua] balancer.lua:345: balance(): no peer was returned, balancer: round_robin while connecting to upstream, client: 10.244.0.1, server: api.example.com, request: "GET /v1/orders HTTP/1.1", host: "api.example.com"',
        fields: { detail: 'round_robin' },
      },
      {
        text: '[pod/ingress-nginx-controller-7b9c-abcde/controller] 2024/03/12 09:14:03 [warn] 40#40: *18240 [lua] balancer.lua:345: balance(): no peer was returned, balancer: ewma while connecting to upstream, client: 10.244.0.1, server: api.example.com, request: "GET / HTTP/1.1", host: "api.example.com"',
        fields: { detail: 'ewma' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:14:02 [error] 41#41: *18231 [lua] balancer.lua:227: route_to_alternative_balancer(): no alternative balancer for backend: default-api-svc-canary-80 while accessing, client: 10.244.0.1',
      '2024/03/12 09:14:02 [error] 41#41: *18231 connect() failed (111: Connection refused) while connecting to upstream, client: 10.244.0.1, server: api.example.com, request: "GET / HTTP/1.1", upstream: "http://10.244.1.17:8080/", host: "api.example.com"',
    ],
  },

  'ingress-nginx/default-backend-served': {
    match: [
      {
        text: '10.244.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET /app HTTP/1.1" 404 548 "-" "curl/8.5.0" 79 0.000 [upstream-default-backend] [] 127.0.0.1:8181 548 0.000 404 8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a',
        fields: { status: '404', backend: 'upstream-default-backend' },
      },
      {
        text: '10.244.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET / HTTP/1.1" 503 190 "-" "curl/8.5.0" 75 0.000 [custom-default-backend-default-errors-svc] [] - - - - 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
        fields: { backend: 'custom-default-backend-default-errors-svc' },
      },
      { text: 'default backend - 404' },
    ],
    nearMiss: [ACCESS_200, ACCESS_503_NO_ENDPOINTS],
  },

  'ingress-nginx/access-log-upstream-error': {
    match: [
      {
        text: '10.244.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET /v1/orders HTTP/2.0" 502 150 "-" "Mozilla/5.0 (X11; Linux x86_64)" 38 0.002 [default-api-svc-80] [] 10.244.1.17:8080 0 0.001 502 9f8e7d6c5b4a39281706f5e4d3c2b1a0',
        fields: { status: '502', backend: 'default-api-svc-80', upstream: '10.244.1.17:8080', host: '10.244.1.17', port: '8080' },
      },
      // proxy-next-upstream retried on a second pod
      {
        text: '10.244.0.1 - - [12/Mar/2024:09:14:05 +0000] "POST /v1/checkout HTTP/1.1" 504 160 "-" "okhttp/4.12.0" 912 10.004 [shop-checkout-8080] [] 10.244.1.17:8080, 10.244.2.9:8080 0, 0 5.001, 5.003 504, 504 1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a',
        fields: { status: '504', host: '10.244.1.17' },
      },
      // failed on the first pod, the retry succeeded
      {
        text: '10.244.0.1 - - [12/Mar/2024:09:14:07 +0000] "GET /v1/orders HTTP/2.0" 200 512 "-" "Mozilla/5.0" 38 0.012 [default-api-svc-80] [] 10.244.1.17:8080, 10.244.2.9:8080 0, 512 0.001, 0.010 502, 200 2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b',
        fields: { status: '200', upstream: '10.244.1.17:8080' },
      },
    ],
    nearMiss: [ACCESS_200, ACCESS_503_NO_ENDPOINTS],
  },
} satisfies SignatureCases;
