import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTarget } from '../../src/probes/target.js';
import { type Certs, causeIds, closedPort, closeServer, haveOpenssl, listen, makeCerts, probe, runCliAsync, stepsOf } from './support.js';

/**
 * Real nginx (Debian's) on loopback: its own 502 page, its 400 for plain HTTP on a TLS port, and --via
 * comparing the backend directly with the same request through nginx.
 */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(existsSync);

describe.skipIf(!NGINX || !haveOpenssl())('real nginx on loopback', () => {
  if (!NGINX) console.log('skipped: nginx is not installed (scripts/install-test-deps.sh installs nginx-light)');
  else if (!haveOpenssl()) console.log('skipped: openssl is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'updoc-probe-nginx-'));
  const backend = createHttpServer((req, res) => res.end(`backend ${req.url}`));
  let certs: Certs;
  let proxyPort = 0;
  let tlsPort = 0;
  let backendPort = 0;

  const via = (url: string) => {
    const parsed = parseTarget(url);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.target;
  };

  beforeAll(async () => {
    certs = makeCerts();
    writeFileSync(join(dir, 'cert.pem'), certs.leafCert);
    writeFileSync(join(dir, 'key.pem'), certs.leafKey);
    backendPort = await listen(backend, '127.0.0.1');
    const refused = await closedPort();
    proxyPort = await closedPort();
    tlsPort = await closedPort();
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon on; pid ${dir}/nginx.pid; error_log ${dir}/error.log error;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${proxyPort};
    location /good/ { proxy_pass http://127.0.0.1:${backendPort}; }
    location / { proxy_pass http://127.0.0.1:${refused}; }
  }
  server {
    listen 127.0.0.1:${tlsPort} ssl;
    ssl_certificate ${dir}/cert.pem; ssl_certificate_key ${dir}/key.pem;
    location / { return 200 "tls ok"; }
  }
}
`,
    );
    const r = spawnSync(NGINX as string, ['-c', join(dir, 'nginx.conf'), '-p', dir], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status, r.stderr).toBe(0);
    const until = Date.now() + 5000;
    while (!existsSync(join(dir, 'nginx.pid')) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  });

  afterAll(async () => {
    if (existsSync(join(dir, 'nginx.pid'))) spawnSync(NGINX as string, ['-c', join(dir, 'nginx.conf'), '-p', dir, '-s', 'stop'], { timeout: 10_000 });
    await closeServer(backend);
    certs?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("nginx's own 502 page is recognised and linked to the knowledge base", async () => {
    const r = await probe(`http://127.0.0.1:${proxyPort}/`);
    expect(r.ok).toBe(false);
    const http = r.addresses[0].http;
    expect(http?.status).toBe(502);
    expect(http?.headers.server).toMatch(/^nginx/);
    expect(http?.recognised.pages.map((p) => p.id)).toEqual(['nginx/502-bad-gateway']);
    expect(http?.recognised.pages[0].signatures).toContain('nginx/connect-refused');
    expect(stepsOf(r, 'http')[0].detail).toMatch(/nginx 502 Bad Gateway page/);
    expect(causeIds(r)).toContain('not-listening');
  });

  it('plain HTTP to nginx\'s TLS port: "The plain HTTP request was sent to HTTPS port" → tls-mismatch', async () => {
    const r = await probe(`http://127.0.0.1:${tlsPort}/`);
    expect(r.addresses[0].http?.status).toBe(400);
    expect(r.addresses[0].http?.recognised.pages.map((p) => p.id)).toEqual(['nginx/400-plain-http-to-https-port']);
    expect(r.ok).toBe(false);
    expect(r.causes[0].id).toBe('tls-mismatch');
  });

  it('the TLS port itself works over https', async () => {
    const r = await probe(`https://127.0.0.1:${tlsPort}/`, { ca: certs.caCert });
    expect(r.ok).toBe(true);
    expect(r.addresses[0].http?.bodySnippet).toBe('tls ok');
  });

  it('--via: the backend answers directly, nginx answers 502 → the fault is in the proxy', async () => {
    const r = await probe(`http://127.0.0.1:${backendPort}/`, { via: via(`http://127.0.0.1:${proxyPort}/`) });
    expect(r.addresses[0].http?.status).toBe(200);
    expect(r.ok).toBe(false);
    expect(r.via?.conclusion).toMatch(/works directly \(200\), fails through the proxy http:\/\/127\.0\.0\.1:\d+\/ \(502\): the fault is in the proxy/);
    expect(stepsOf(r, 'via')[0]).toMatchObject({ ok: false });
    expect(causeIds(r)).not.toContain('not-listening');
    expect(['config-error', 'port-mismatch', 'wrong-host-localhost']).toContain(r.causes[0].id);
  });

  it('--via: both answer → healthy', async () => {
    const r = await probe(`http://127.0.0.1:${backendPort}/good/x`, { via: via(`http://127.0.0.1:${proxyPort}/good/x`) });
    expect(r.ok).toBe(true);
    expect(r.via?.conclusion).toMatch(/works through the proxy .* \(200\) and directly \(200\)/);
  });

  it('the CLI: --via with --json puts the proxy probe and the comparison in the report', async () => {
    const result = await runCliAsync(['probe', `http://127.0.0.1:${backendPort}/`, '--via', `http://127.0.0.1:${proxyPort}/`, '--json']);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.via.addresses[0].http.status).toBe(502);
    expect(report.targets[0].via.ok).toBe(false);
    expect(report.targets[0].steps.map((s: { step: string }) => s.step)).toEqual(['tcp', 'http', 'via']);
  });
});
