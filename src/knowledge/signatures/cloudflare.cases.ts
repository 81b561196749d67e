import type { SignatureCases } from '../../core/signature-cases.js';

/** The text of a Cloudflare 5xx error page as copied from the browser. */
function cfPage(code: number, title: string, what: string): string {
  return `${title} Error code ${code}\nVisit cloudflare.com for more information.\n2024-05-01 10:00:00 UTC\nYou\nBrowser\nWorking\nAmsterdam\nCloudflare\nWorking\nshop.example.com\nHost\nError\nWhat happened?\n${what}\nCloudflare Ray ID: 87c1a2b3c4d5e6f7 • Your IP: 203.0.113.7 • Performance & security by Cloudflare`;
}

/** `curl -i` against a proxied hostname: Cloudflare's plain-text error body for non-browser clients. */
function cfCurl(code: number): string {
  return `HTTP/2 ${code} \ndate: Wed, 01 May 2024 10:00:00 GMT\ncontent-type: text/plain; charset=UTF-8\ncontent-length: 15\nreferrer-policy: same-origin\nx-frame-options: SAMEORIGIN\nserver: cloudflare\ncf-ray: 87c1a2b3c4d5e6f7-AMS\n\nerror code: ${code}`;
}

const CLOUDFLARED = 'Unable to reach the origin service. The service may be down or it may not be responding to traffic from cloudflared';

export default {
  'cloudflare/error-520-unknown-error': {
    match: [
      {
        text: '<title>shop.example.com | 520: Web server is returning an unknown error</title>',
        fields: { host: 'shop.example.com' },
      },
      {
        text: cfPage(
          520,
          'Web server is returning an unknown error',
          'There is an unknown connection issue between Cloudflare and the origin web server. As a result, the web page can not be displayed.',
        ),
      },
      { text: cfCurl(520) },
    ],
    nearMiss: [cfCurl(521), 'HTTP/2 200 \ndate: Wed, 01 May 2024 10:00:00 GMT\ncontent-type: text/html\nserver: cloudflare\ncf-ray: 87c1a2b3c4d5e6f7-AMS'],
  },
  'cloudflare/error-521-web-server-down': {
    match: [
      {
        text: cfPage(521, 'Web server is down', 'The web server is not returning a connection. As a result, the web page is not displaying.'),
      },
      { text: '<title>api.example.com | 521: Web server is down</title>', fields: { host: 'api.example.com' } },
      { text: cfCurl(521) },
      { text: 'Error 521 Ray ID: 7c1e2f3a4b5c6d7e • 2023-05-01 10:00:00 UTC\nWeb server is down' },
    ],
    nearMiss: [cfCurl(522), 'HTTP/1.1 502 Bad Gateway\nServer: nginx/1.22.1\nContent-Type: text/html'],
  },
  'cloudflare/error-522-connection-timed-out': {
    match: [
      {
        text: cfPage(
          522,
          'Connection timed out',
          "The initial connection between Cloudflare's network and the origin web server timed out. As a result, the web page can not be displayed.",
        ),
      },
      { text: "The initial connection between Cloudflare's network and the origin web server timed out." },
      { text: '<title>shop.example.com | 522: Connection timed out</title>', fields: { host: 'shop.example.com' } },
    ],
    nearMiss: [
      cfCurl(524),
      '2024/05/01 10:00:00 [error] 31#31: *7 upstream timed out (110: Connection timed out) while connecting to upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:3000/", host: "example.com"',
    ],
  },
  'cloudflare/error-523-origin-unreachable': {
    match: [
      {
        text: cfPage(523, 'Origin is unreachable', 'The origin web server is not reachable.'),
      },
      { text: cfCurl(523) },
    ],
    nearMiss: [cfCurl(522)],
  },
  'cloudflare/error-524-timeout': {
    match: [
      {
        text: cfPage(524, 'A timeout occurred', 'The origin web server timed out responding to this request.'),
      },
      { text: '<title>reports.example.com | 524: A timeout occurred</title>', fields: { host: 'reports.example.com' } },
      { text: cfCurl(524) },
    ],
    nearMiss: [cfCurl(522), "The initial connection between Cloudflare's network and the origin web server timed out."],
  },
  'cloudflare/error-525-ssl-handshake-failed': {
    match: [
      {
        text: cfPage(525, 'SSL handshake failed', 'Cloudflare is unable to establish an SSL connection to the origin server.'),
      },
      { text: cfCurl(525) },
    ],
    nearMiss: [cfCurl(526), 'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to shop.example.com:443'],
  },
  'cloudflare/error-526-invalid-ssl-certificate': {
    match: [
      {
        text: cfPage(526, 'Invalid SSL certificate', 'The origin web server does not have a valid SSL certificate.'),
      },
      { text: '<title>shop.example.com | 526: Invalid SSL certificate</title>', fields: { host: 'shop.example.com' } },
    ],
    nearMiss: [cfCurl(525)],
  },
  'cloudflare/error-1016-origin-dns-error': {
    match: [
      {
        text: "Error 1016 Ray ID: 7c1e2f3a4b5c6d7e • 2024-05-01 10:00:00 UTC\nOrigin DNS error\nWhat happened?\nYou've requested a page on a website (shop.example.com) that is on the Cloudflare network. Cloudflare is currently unable to resolve your requested domain (shop.example.com).",
        fields: { host: 'shop.example.com' },
      },
      { text: 'HTTP/2 530 \nserver: cloudflare\ncf-ray: 87c1a2b3c4d5e6f7-AMS\n\nerror code: 1016' },
    ],
    nearMiss: [
      'HTTP/2 530 \nserver: cloudflare\ncf-ray: 87c1a2b3c4d5e6f7-AMS\n\nerror code: 1033',
      'Error 1020 Ray ID: 7c1e2f3a4b5c6d7e • 2024-05-01 10:00:00 UTC\nAccess denied',
    ],
  },
  'cloudflare/error-1033-tunnel-error': {
    match: [
      {
        text: "Error 1033 Ray ID: 87c1a2b3c4d5e6f7 • 2024-05-01 10:00:00 UTC\nCloudflare Tunnel error\nWhat happened?\nYou've requested a page on a website (app.example.com) that is on the Cloudflare network. The host (app.example.com) is configured as an Cloudflare Tunnel, and Cloudflare is currently unable to resolve it.",
        fields: { host: 'app.example.com' },
      },
      { text: 'HTTP/2 530 \nserver: cloudflare\ncf-ray: 87c1a2b3c4d5e6f7-AMS\n\nerror code: 1033' },
    ],
    nearMiss: [
      'HTTP/2 530 \nserver: cloudflare\ncf-ray: 87c1a2b3c4d5e6f7-AMS\n\nerror code: 1016',
      '2024-05-01T10:00:00Z INF Registered tunnel connection connIndex=0 connection=6a1f2b3c-4d5e-6f70-8192-a3b4c5d6e7f8 event=0 ip=198.41.192.7 location=ams01 protocol=quic',
    ],
  },
  'cloudflare/cloudflared-origin-refused': {
    match: [
      {
        text: `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: dial tcp 127.0.0.1:8080: connect: connection refused" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=http://localhost:8080`,
        fields: { host: '127.0.0.1', port: '8080', upstream: 'http://localhost:8080', code: 'ECONNREFUSED' },
      },
      {
        text: `2024-05-01T10:00:00Z ERR Request failed error="${CLOUDFLARED}: dial tcp [::1]:3000: connect: connection refused" connIndex=2 dest=https://app.example.com/ event=0 ip=198.41.200.13 type=http`,
        fields: { host: '::1', port: '3000' },
      },
      {
        text: `cloudflared-1  | 2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: dial tcp 172.18.0.3:8000: connect: connection refused" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=http://web:8000`,
        fields: { host: '172.18.0.3', port: '8000', upstream: 'http://web:8000' },
      },
    ],
    nearMiss: [
      `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: dial tcp 10.0.0.5:8080: i/o timeout" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=http://10.0.0.5:8080`,
      '2024-05-01T10:00:00Z ERR Failed to serve quic connection error="timeout: no recent network activity" connIndex=0 event=0 ip=198.41.192.7',
    ],
  },
  'cloudflare/cloudflared-origin-timeout': {
    match: [
      {
        text: `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: dial tcp 10.0.0.5:8080: i/o timeout" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=http://10.0.0.5:8080`,
        fields: { host: '10.0.0.5', port: '8080', detail: 'i/o timeout' },
      },
      {
        text: `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: dial tcp 192.168.1.20:443: connect: no route to host" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=1 originService=https://192.168.1.20`,
        fields: { host: '192.168.1.20', port: '443', detail: 'connect: no route to host' },
      },
    ],
    nearMiss: [
      `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: dial tcp 127.0.0.1:8080: connect: connection refused" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=http://localhost:8080`,
      `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: dial tcp: lookup web on 127.0.0.11:53: i/o timeout" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=http://web:8000`,
    ],
  },
  'cloudflare/cloudflared-origin-dns-failure': {
    match: [
      {
        text: `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: dial tcp: lookup web on 127.0.0.11:53: no such host" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=http://web:8000`,
        fields: { host: 'web', detail: 'no such host', upstream: 'http://web:8000' },
      },
    ],
    nearMiss: [
      `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: dial tcp 172.18.0.3:8000: connect: connection refused" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=http://web:8000`,
    ],
  },
  'cloudflare/cloudflared-origin-tls-failure': {
    match: [
      {
        text: `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: tls: first record does not look like a TLS handshake" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=https://localhost:8080`,
        fields: { detail: 'tls: first record does not look like a TLS handshake', upstream: 'https://localhost:8080' },
      },
      {
        text: `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: tls: failed to verify certificate: x509: certificate signed by unknown authority" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=https://10.0.0.8:8443`,
        fields: { host: '10.0.0.8', port: '8443' },
      },
    ],
    nearMiss: [
      `2024-05-01T10:00:00Z ERR  error="${CLOUDFLARED}: dial tcp 10.0.0.8:8443: connect: connection refused" cfRay=87c1a2b3c4d5e6f7-AMS event=1 ingressRule=0 originService=https://10.0.0.8:8443`,
    ],
  },
} satisfies SignatureCases;
