import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/core/ids.js';
import { HEALTH_PATH, RESPONSE_PAGES, readHealth, recogniseResponse, type ResponseView } from '../../src/knowledge/response-pages.js';
import { SIGNATURES } from '../../src/knowledge/signatures/index.js';

const nginxPage = (status: string) =>
  `<html>\r\n<head><title>${status}</title></head>\r\n<body>\r\n<center><h1>${status}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n`;

/** [page id, a response it must recognise, a near miss it must not]. */
const CASES: [string, ResponseView, ResponseView][] = [
  [
    'nginx/502-bad-gateway',
    { status: 502, headers: { server: 'nginx/1.22.1' }, body: nginxPage('502 Bad Gateway') },
    { status: 502, headers: { server: 'nginx/1.22.1' }, body: '{"error":"bad gateway from the app"}' },
  ],
  [
    'nginx/504-gateway-timeout',
    { status: 504, headers: {}, body: nginxPage('504 Gateway Time-out') },
    { status: 200, headers: {}, body: nginxPage('504 Gateway Time-out') },
  ],
  [
    'nginx/503-service-unavailable',
    { status: 503, headers: {}, body: nginxPage('503 Service Temporarily Unavailable') },
    { status: 503, headers: {}, body: 'Service Unavailable' },
  ],
  [
    'nginx/400-plain-http-to-https-port',
    {
      status: 400,
      headers: { server: 'nginx' },
      body: '<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    },
    { status: 400, headers: { server: 'nginx' }, body: nginxPage('400 Bad Request') },
  ],
  [
    'go/400-http-to-https-server',
    { status: 400, headers: {}, body: 'Client sent an HTTP request to an HTTPS server.\n' },
    { status: 400, headers: {}, body: 'Bad Request' },
  ],
  ['ingress-nginx/404-default-backend', { status: 404, headers: {}, body: 'default backend - 404' }, { status: 404, headers: {}, body: 'Not Found' }],
  [
    'envoy/503-local-reply',
    { status: 503, headers: { server: 'envoy' }, body: 'no healthy upstream' },
    { status: 503, headers: { server: 'envoy', 'x-envoy-upstream-service-time': '12' }, body: 'maintenance' },
  ],
  [
    'envoy/504-upstream-request-timeout',
    { status: 504, headers: { server: 'istio-envoy' }, body: 'upstream request timeout' },
    { status: 504, headers: {}, body: 'request timeout' },
  ],
  [
    'envoy/404-no-route',
    { status: 404, headers: { server: 'envoy' }, body: '' },
    { status: 404, headers: { server: 'envoy', 'x-envoy-upstream-service-time': '3' }, body: '' },
  ],
  [
    'haproxy/503-no-server',
    { status: 503, headers: {}, body: '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n' },
    { status: 503, headers: {}, body: '<html><body><h1>503 Service Unavailable</h1>\nTry later.\n</body></html>\n' },
  ],
  [
    'haproxy/502-invalid-response',
    { status: 502, headers: {}, body: '<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n' },
    { status: 502, headers: {}, body: '<html><body><h1>502 Bad Gateway</h1>\n</body></html>\n' },
  ],
  [
    'haproxy/504-timeout',
    { status: 504, headers: {}, body: "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>\n" },
    { status: 504, headers: {}, body: 'timeout' },
  ],
  [
    'traefik/503-no-available-server',
    { status: 503, headers: {}, body: 'no available server' },
    { status: 503, headers: {}, body: 'no available server for route x, try again' },
  ],
  [
    'traefik/502-bad-gateway',
    { status: 502, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Bad Gateway' },
    { status: 502, headers: {}, body: 'Bad Gateway: upstream db' },
  ],
  ['traefik/504-gateway-timeout', { status: 504, headers: {}, body: 'Gateway Timeout' }, { status: 504, headers: {}, body: 'Gateway Timeout after 30s' }],
  ['traefik/404-page-not-found', { status: 404, headers: {}, body: '404 page not found\n' }, { status: 404, headers: {}, body: 'page not found' }],
  ['caddy/502-bad-gateway', { status: 502, headers: { server: 'Caddy' }, body: '' }, { status: 502, headers: { server: 'caddy-imitation' }, body: '' }],
  ['caddy/503-no-upstreams', { status: 503, headers: { server: 'Caddy' }, body: '' }, { status: 500, headers: { server: 'Caddy' }, body: '' }],
  ['caddy/504-timeout', { status: 504, headers: { server: 'Caddy' }, body: '' }, { status: 504, headers: {}, body: '' }],
  [
    'cloudflare/521',
    { status: 521, headers: { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f-AMS' }, body: 'Error 521 Web server is down' },
    { status: 521, headers: {}, body: '' },
  ],
  ['cloudflare/522', { status: 522, headers: { server: 'cloudflare' }, body: '' }, { status: 502, headers: { server: 'cloudflare' }, body: '' }],
  ['cloudflare/526', { status: 526, headers: { server: 'cloudflare' }, body: '' }, { status: 526, headers: { server: 'nginx' }, body: '' }],
  [
    'aws-alb/502-bad-gateway',
    {
      status: 502,
      headers: { server: 'awselb/2.0' },
      body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
    },
    { status: 502, headers: { server: 'gunicorn' }, body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n</html>\r\n' },
  ],
  ['aws-alb/503-no-targets', { status: 503, headers: { server: 'awselb/2.0' }, body: '' }, { status: 503, headers: { server: 'nginx' }, body: '' }],
  ['aws-alb/504-gateway-timeout', { status: 504, headers: { server: 'awselb/2.0' }, body: '' }, { status: 200, headers: { server: 'awselb/2.0' }, body: '' }],
  [
    'kong/502-invalid-response',
    { status: 502, headers: { server: 'kong/3.4.0' }, body: '{"message":"An invalid response was received from the upstream server"}' },
    { status: 502, headers: {}, body: '' },
  ],
  [
    'kong/503-unavailable',
    { status: 503, headers: { server: 'kong/3.4.0' }, body: '{"message":"failure to get a peer from the ring-balancer"}' },
    { status: 503, headers: { server: 'konga' }, body: '' },
  ],
  [
    'kong/504-timeout',
    { status: 504, headers: { server: 'kong/3.4.0' }, body: '{"message":"The upstream server is timing out"}' },
    { status: 504, headers: { server: 'ok' }, body: '' },
  ],
  [
    'azure/502-app-gateway',
    { status: 502, headers: { server: 'Microsoft-Azure-Application-Gateway/v2' }, body: '' },
    { status: 502, headers: { server: 'Microsoft-IIS/10.0' }, body: '' },
  ],
  [
    'gcp/502-gfe',
    {
      status: 502,
      headers: {},
      body: '<html><body>Error: Server Error The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.</body></html>',
    },
    { status: 502, headers: {}, body: '<html><body>Error: Server Error</body></html>' },
  ],
];

describe('response pages', () => {
  it.each(CASES)('%s: recognised, and its near miss is not', async (id, hit, miss) => {
    expect((await recogniseResponse(hit)).pages.map((p) => p.page.id)).toContain(id);
    expect((await recogniseResponse(miss)).pages.map((p) => p.page.id)).not.toContain(id);
  });

  it('every page has a case, and every linked signature exists with taxonomy causes', async () => {
    const tested = new Set(CASES.map((c) => c[0]));
    for (const page of RESPONSE_PAGES) {
      if (page.product === 'cloudflare' && !tested.has(page.id)) continue; // one generator, three statuses tested
      expect(tested, page.id).toContain(page.id);
    }
    for (const page of RESPONSE_PAGES) {
      expect(page.signatures.length, page.id).toBeGreaterThan(0);
      for (const id of page.signatures) {
        const signature = SIGNATURES.find((s) => s.id === id);
        expect(signature, `${page.id} → ${id}`).toBeDefined();
      }
      const causes = await recogniseResponse({ status: page.status?.[0] ?? 500, headers: {}, body: '' });
      expect(causes).toBeDefined();
    }
    for (const [, hit] of CASES) {
      for (const p of (await recogniseResponse(hit)).pages) {
        const ids = Object.keys(p.causes);
        expect(ids.length).toBeGreaterThan(0);
        for (const id of ids) expect(CAUSE_IDS).toContain(id);
        const total = Object.values(p.causes).reduce((a, b) => a + (b ?? 0), 0);
        expect(total).toBeCloseTo(1, 5);
      }
    }
  });

  it("reads Envoy's connect-error body with the knowledge base's signatures", async () => {
    const r = await recogniseResponse({
      status: 503,
      headers: { server: 'envoy' },
      body: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111',
    });
    expect(r.pages.map((p) => p.page.id)).toEqual(['envoy/503-local-reply']);
    expect(r.signatures.map((s) => s.id)).toContain('envoy/reset-connection-failure');
    expect(r.signatures.every((s) => s.platform === 'envoy' || s.platform === 'istio')).toBe(true);
    expect(r.hints.join(' ')).toMatch(/Envoy/);
  });

  it('a proxy passing along the backend answer is a hint, not an error page', async () => {
    const r = await recogniseResponse({ status: 200, headers: { server: 'envoy', 'x-envoy-upstream-service-time': '4' }, body: 'hello' });
    expect(r.pages).toEqual([]);
    expect(r.hints[0]).toMatch(/upstream answered/);
  });

  it('an ordinary 500 from an application is not taken for a proxy page', async () => {
    const r = await recogniseResponse({ status: 500, headers: { server: 'gunicorn' }, body: 'Internal Server Error' });
    expect(r.pages).toEqual([]);
  });
});

describe('health endpoints', () => {
  it('Spring Boot actuator: names the DOWN components with their error', () => {
    const body = JSON.stringify({
      status: 'DOWN',
      components: {
        db: { status: 'DOWN', details: { error: 'org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection' } },
        diskSpace: { status: 'UP', details: { total: 1, free: 1 } },
        redis: { status: 'DOWN', components: { primary: { status: 'DOWN', details: { error: 'Connection refused' } }, replica: { status: 'UP' } } },
        ping: { status: 'UP' },
      },
    });
    const h = readHealth('/actuator/health', 503, 'application/vnd.spring-boot.actuator.v3+json', body);
    expect(h?.kind).toBe('spring-actuator');
    expect(h?.healthy).toBe(false);
    expect(h?.failing.map((f) => f.name)).toEqual(['db', 'redis/primary']);
    expect(h?.failing[1]).toMatchObject({ status: 'DOWN', detail: 'Connection refused' });
    expect(h?.summary).toMatch(/db is DOWN \(org\.springframework\.jdbc\.CannotGetJdbcConnectionException/);
  });

  it('Spring Boot actuator UP is healthy', () => {
    const h = readHealth('/actuator/health', 200, 'application/json', '{"status":"UP","components":{"db":{"status":"UP"}}}');
    expect(h).toMatchObject({ kind: 'spring-actuator', healthy: true, failing: [] });
  });

  it('OUT_OF_SERVICE counts as down', () => {
    expect(readHealth('/actuator/health/readiness', 503, 'application/json', '{"status":"OUT_OF_SERVICE"}')?.healthy).toBe(false);
  });

  it('Kubernetes verbose /readyz: the failed checks', () => {
    const h = readHealth(
      '/readyz',
      500,
      'text/plain',
      '[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\n[-]informer-sync failed: not synced\nreadyz check failed\n',
    );
    expect(h).toMatchObject({ kind: 'kubernetes-healthz', healthy: false });
    expect(h?.failing.map((f) => f.name)).toEqual(['etcd', 'informer-sync']);
  });

  it('IETF health JSON: failing checks', () => {
    const h = readHealth(
      '/health',
      503,
      'application/health+json',
      '{"status":"fail","checks":{"db:responseTime":[{"status":"fail","output":"timeout"}],"cpu:utilization":[{"status":"pass"}]}}',
    );
    expect(h).toMatchObject({ kind: 'ietf-health', healthy: false, failing: [{ name: 'db:responseTime', status: 'FAIL', detail: 'timeout' }] });
  });

  it('/healthz with a plain "ok" and 200 is healthy; with 503 it is not', () => {
    expect(readHealth('/healthz', 200, 'text/plain', 'ok')).toMatchObject({ kind: 'status-code', healthy: true });
    expect(readHealth('/healthz', 503, 'text/plain', 'not ready')).toMatchObject({ kind: 'status-code', healthy: false });
  });

  it('an ordinary page is not read as a health answer', () => {
    expect(readHealth('/', 200, 'text/html', '<html>hello</html>')).toBeNull();
    expect(readHealth('/api/orders', 200, 'application/json', '{"status":"shipped"}')).toBeNull();
  });

  it.each(['/healthz', '/health', '/ready', '/readyz', '/livez', '/actuator/health', '/actuator/health/liveness', '/ping', '/status?verbose'])(
    '%s is a health path',
    (path) => expect(HEALTH_PATH.test(path)).toBe(true),
  );
  it.each(['/', '/healthy-recipes', '/api/ready-meals', '/statuses'])('%s is not', (path) => expect(HEALTH_PATH.test(path)).toBe(false));
});
