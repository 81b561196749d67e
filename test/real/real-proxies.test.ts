import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainText } from '../../src/diagnosis/explain.js';
import { freePort } from '../helpers/free-port.js';

/**
 * Real nginx and HAProxy (Debian packages) produce real upstream errors on loopback; explain must read
 * what they actually print. Skipped with a printed reason where the binaries are missing.
 */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(existsSync);
const HAPROXY = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find(existsSync);

function get(port: number, path = '/'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

describe.skipIf(!NGINX)('real nginx errors are explained', () => {
  const dir = mkdtempSync(join(tmpdir(), 'updoc-nginx-'));
  let port = 0;
  let refusedPort = 0;
  let resetServer: Server;
  let resetPort = 0;
  if (!NGINX) console.log('skipped: nginx is not installed (npm run test:all installs it as root)');

  beforeAll(async () => {
    port = await freePort();
    refusedPort = await freePort();
    // Reads the request, then closes without answering: nginx logs "upstream prematurely closed".
    resetServer = createServer((socket) => socket.once('data', () => socket.end()));
    await new Promise<void>((resolve) => resetServer.listen(0, '127.0.0.1', resolve));
    resetPort = (resetServer.address() as AddressInfo).port;
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon on; pid ${dir}/nginx.pid; error_log ${dir}/error.log error;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${port};
    location /refused { proxy_pass http://127.0.0.1:${refusedPort}; }
    location /closed { proxy_pass http://127.0.0.1:${resetPort}; }
  }
}
`,
    );
    const r = spawnSync(NGINX as string, ['-c', join(dir, 'nginx.conf'), '-p', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    await waitFor(() => existsSync(join(dir, 'nginx.pid')));
  });

  afterAll(() => {
    if (existsSync(join(dir, 'nginx.pid'))) spawnSync(NGINX as string, ['-c', join(dir, 'nginx.conf'), '-p', dir, '-s', 'stop']);
    resetServer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connect() refused → nginx/connect-refused with the upstream address', async () => {
    expect(await get(port, '/refused')).toBe(502);
    await waitFor(() => readFileSync(join(dir, 'error.log'), 'utf8').includes('Connection refused'));
    const log = readFileSync(join(dir, 'error.log'), 'utf8');
    const report = explainText(log, { environment: 'vm' });
    const match = report.matches.find((m) => m.signature === 'nginx/connect-refused');
    expect(match, log).toBeDefined();
    expect(match?.fields).toMatchObject({ host: '127.0.0.1', port: String(refusedPort) });
    expect(report.causes[0].id).toBe('not-listening');
  });

  it('upstream closing the connection → a read-headers signature pointing at upstream-reset or keepalive-race', async () => {
    expect(await get(port, '/closed')).toBe(502);
    await waitFor(() => readFileSync(join(dir, 'error.log'), 'utf8').includes('prematurely closed'));
    const line = readFileSync(join(dir, 'error.log'), 'utf8')
      .split('\n')
      .find((l) => l.includes('prematurely closed')) as string;
    const report = explainText(line);
    expect(report.matches.map((m) => m.phase)).toContain('read-headers');
    expect(['upstream-reset', 'keepalive-race']).toContain(report.causes[0].id);
  });
});

describe.skipIf(!HAPROXY)('real HAProxy errors are explained', () => {
  const dir = mkdtempSync(join(tmpdir(), 'updoc-haproxy-'));
  let proc: ChildProcess | undefined;
  let output = '';
  let port = 0;
  if (!HAPROXY) console.log('skipped: haproxy is not installed (npm run test:all installs it as root)');

  beforeAll(async () => {
    port = await freePort();
    const closed = await freePort();
    writeFileSync(
      join(dir, 'haproxy.cfg'),
      `global
  log stdout format raw local0
defaults
  mode http
  log global
  option httplog
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe_http
  bind 127.0.0.1:${port}
  default_backend be_app
backend be_app
  default-server inter 200ms fall 1 rise 1
  server app1 127.0.0.1:${closed} check
`,
    );
    proc = spawn(HAPROXY as string, ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d) => (output += d));
    proc.stderr?.on('data', (d) => (output += d));
    await waitFor(() => output.includes('is DOWN'), 8000);
  });

  afterAll(() => {
    proc?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('all servers DOWN → <NOSRV> 503 explained as no-healthy-upstream, the refusal kept as evidence', async () => {
    expect(await get(port)).toBe(503);
    await waitFor(() => output.includes('<NOSRV>'));
    const report = explainText(output);
    const ids = report.matches.map((m) => m.signature);
    expect(
      ids.some((id) => id.startsWith('haproxy/')),
      output,
    ).toBe(true);
    const top3 = report.causes.slice(0, 3).map((c) => c.id);
    expect(top3).toContain('no-healthy-upstream');
    expect(top3).toContain('not-listening');
  });
});
