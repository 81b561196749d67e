import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnoseLogs } from '../../src/diagnosis/logs.js';
import { LogFollowSession } from '../../src/evidence/follow-logs.js';
import { proxyConfigFacts } from '../../src/evidence/log-summary/proxy-config.js';
import { nginxConfOf } from '../../src/inputs/logs/formats/nginx-log-format.js';
import { analyse } from './helpers.js';

/**
 * Patterns that need the whole set of logs (and the proxy's configuration) rather than one message: each is read
 * from what real logs hold, and each has a matching case and a near miss that must not trigger it.
 */
const tmp = mkdtempSync(join(tmpdir(), 'updoc-logs-patterns-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let files = 0;
function write(lines: string[], name = 'log'): string {
  const path = join(tmp, `${files++}-${name}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const two = (n: number) => String(n).padStart(2, '0');
/** Second `s` after 09:10:00 in the error log's and the access log's spelling. */
const errAt = (s: number) => `2024/03/12 09:${two(10 + Math.floor(s / 60))}:${two(s % 60)}`;
const accAt = (s: number) => `12/Mar/2024:09:${two(10 + Math.floor(s / 60))}:${two(s % 60)} +0000`;

const started = (s: number) => [
  `${errAt(s)} [notice] 1#1: using the "epoll" event method`,
  `${errAt(s)} [notice] 1#1: nginx/1.27.3`,
  `${errAt(s)} [notice] 1#1: start worker processes`,
];
const refused = (s: number, upstream: string, id = s) =>
  `${errAt(s)} [error] 29#29: *${id} connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: _, request: "GET /api/orders HTTP/1.1", upstream: "http://${upstream}/api/orders", host: "localhost"`;
const closed = (s: number, upstream: string, method = 'POST', id = s) =>
  `${errAt(s)} [error] 29#29: *${id} upstream prematurely closed connection while reading response header from upstream, client: 172.18.0.1, server: _, request: "${method} /api/orders HTTP/1.1", upstream: "http://${upstream}/api/orders", host: "localhost"`;
const access = (s: number, status: number, ua: string, us: string, uct: string, uht: string, method = 'GET') =>
  `172.18.0.1 - - [${accAt(s)}] "${method} /api/orders HTTP/1.1" ${status} 157 "-" "curl/8.5.0" rt=0.004 ua="${ua}" us="${us}" uct="${uct}" uht="${uht}" urt="0.004"`;
const ok = (s: number, ua: string, method = 'GET') => access(s, 200, ua, '200', '0.000', '0.002', method);

const NGINX_CONF = (keepalive: boolean) => `events {}
http {
  log_format main '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time ua="$upstream_addr" us="$upstream_status" uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time"';
  access_log /var/log/nginx/access.log main;
  upstream api_pool {
    server api:3000;
${keepalive ? '    keepalive 16;\n' : ''}  }
  server {
    listen 80;
    location /api/ {
      proxy_pass http://api_pool;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;

describe("the error log's own message is read before the access log's restatement of it", () => {
  // The access log says "502 from 172.18.0.5:8443"; only the error log says the request went there as http://.
  const tls = (port: number) => {
    const upstream = `172.18.0.5:${port}`;
    return [
      write(
        range(30).map((i) => access(i, 502, upstream, '502', '0.000', '-')),
        'access.log',
      ),
      write(
        range(20).map((i) => closed(i, upstream, 'GET')),
        'error.log',
      ),
    ];
  };

  it('http:// to port 8443 closed before any header is a TLS mismatch', async () => {
    const report = await analyse(tls(8443));
    expect(report.causes[0]?.id).toBe('tls-mismatch');
  });

  it('near miss: the same closes on port 3000 are not', async () => {
    const report = await analyse(tls(3000));
    expect(report.causes[0]?.id).not.toBe('tls-mismatch');
  });
});

describe('a backend that announces a loopback listener (backend-announces-loopback)', () => {
  const proxy = write(
    range(20).map((i) => refused(i, '172.18.0.5:3000')),
    'error.log',
  );

  it('refused at its container address while its log says 127.0.0.1 on that port: bind-loopback', async () => {
    const api = write(['> api@1.0.0 start', '> node server.js', 'api listening on http://127.0.0.1:3000'], 'api.log');
    const report = await analyse([proxy, api]);
    expect(report.summary.patterns.loopbackListener).toMatchObject({ upstream: '172.18.0.5:3000', address: '127.0.0.1', port: 3000 });
    expect(report.causes[0]?.id).toBe('bind-loopback');
  });

  it('--follow reads the same: the backend log followed beside the proxy log gives bind-loopback too', () => {
    const api = write(['> api@1.0.0 start', 'api listening on http://127.0.0.1:3000'], 'api-followed.log');
    const session = new LogFollowSession({ inputs: [proxy, api], fromStart: true });
    for (let i = 0; i < 100 && session.poll(64 * 1024 * 1024).pending; i++);
    const report = diagnoseLogs(session.close(1024 * 1024));
    expect(report.summary.patterns.loopbackListener).toMatchObject({ upstream: '172.18.0.5:3000', address: '127.0.0.1', port: 3000 });
    expect(report.causes[0]?.id).toBe('bind-loopback');
  });

  const nearMisses: [string, string[]][] = [
    ['it listens on every address', ['api listening on http://0.0.0.0:3000']],
    ['its loopback listener is on another port', ['admin listening on http://127.0.0.1:9090']],
    ['it moved to every address after a restart', ['api listening on http://127.0.0.1:3000', 'api listening on http://0.0.0.0:3000']],
  ];
  it.each(nearMisses)('near miss: %s', async (_, lines) => {
    const report = await analyse([proxy, write(lines, 'api.log')]);
    expect(report.summary.patterns.loopbackListener).toBeNull();
    expect(report.causes[0]?.id).not.toBe('bind-loopback');
  });

  it('near miss: the proxy itself connects to loopback (the same host shares it)', async () => {
    const local = write(
      range(20).map((i) => refused(i, '127.0.0.1:3000')),
      'error.log',
    );
    const report = await analyse([local, write(['api listening on http://127.0.0.1:3000'], 'api.log')]);
    expect(report.summary.patterns.loopbackListener).toBeNull();
  });
});

describe('one port refused on one loopback family and served on the other (localhost-split-across-families)', () => {
  it('[::1]:3000 refused, retried and served by 127.0.0.1:3000: wrong-host-localhost', async () => {
    const error = write([...started(0), refused(0, '[::1]:3000', 1)], 'error.log');
    const requests = write(
      [access(0, 200, '[::1]:3000, 127.0.0.1:3000', '502, 200', '-, 0.000', '-, 0.002'), ...range(24).map((i) => ok(i + 1, '127.0.0.1:3000'))],
      'access.log',
    );
    const report = await analyse([error, requests]);
    expect(report.summary.patterns.localhostSplit).toMatchObject({ refused: '[::1]:3000', served: '127.0.0.1:3000' });
    expect(report.causes[0]?.id).toBe('wrong-host-localhost');
    expect(report.setup.some((s) => s.tag === 'intermittent')).toBe(false);
  });

  it('near miss: the served address is on another port', async () => {
    const error = write([...started(0), refused(0, '[::1]:3000', 1)], 'error.log');
    const requests = write([access(0, 502, '[::1]:3000', '502', '-', '-'), ...range(24).map((i) => ok(i + 1, '127.0.0.1:4000'))], 'access.log');
    const report = await analyse([error, requests]);
    expect(report.summary.patterns.localhostSplit).toBeNull();
  });

  it('near miss: the other family fails as well', async () => {
    const error = write([...started(0), ...range(10).map((i) => refused(i, i % 2 ? '[::1]:3000' : '127.0.0.1:3000', i + 1))], 'error.log');
    const requests = write(
      range(10).map((i) => access(i, 502, '[::1]:3000, 127.0.0.1:3000', '502, 502', '-, -', '-, -')),
      'access.log',
    );
    const report = await analyse([error, requests]);
    expect(report.summary.patterns.localhostSplit).toBeNull();
  });
});

describe('closes before any header on a pool that keeps idle connections (closes-on-reused-connections)', () => {
  /** Bursts of 8 orders, the first after each pause closed by the backend. */
  const logs = (everyRequest = false) => {
    const error: string[] = [...started(0)];
    const requests: string[] = [];
    for (let burst = 0; burst < 4; burst++) {
      for (let i = 0; i < 8; i++) {
        const s = burst * 3 + 1;
        const fails = everyRequest || (burst > 0 && i === 0);
        if (fails) {
          error.push(closed(s, '172.18.0.5:3000', 'POST', burst * 10 + i));
          requests.push(access(s, 502, '172.18.0.5:3000', '502', '0.000', '-', 'POST'));
        } else requests.push(ok(s, '172.18.0.5:3000', 'POST'));
      }
    }
    return [write(error, 'error.log'), write(requests, 'access.log')];
  };
  const conf = (keepalive: boolean) => write([NGINX_CONF(keepalive)], 'nginx.conf');

  it('single closes among successes, with `keepalive` in the pool: keepalive-race', async () => {
    const report = await analyse(logs(), { nginxConf: conf(true) });
    expect(report.summary.patterns.keepaliveCloses).toMatchObject({ upstream: '172.18.0.5:3000', pool: 'api_pool', idleSeconds: 60, failures: 3 });
    expect(report.causes[0]?.id).toBe('keepalive-race');
  });

  it('near miss: the same closes without `keepalive` in the pool', async () => {
    const report = await analyse(logs(), { nginxConf: conf(false) });
    expect(report.summary.patterns.keepaliveCloses).toBeNull();
    expect(report.causes[0]?.id).not.toBe('keepalive-race');
  });

  it('near miss: every request closed (no race: something about every connection is wrong)', async () => {
    const report = await analyse(logs(true), { nginxConf: conf(true) });
    expect(report.summary.patterns.keepaliveCloses).toBeNull();
    expect(report.causes[0]?.id).not.toBe('keepalive-race');
  });

  it('reads keepalive pools from a configuration, and only the ones whose requests reuse connections', () => {
    const facts = proxyConfigFacts(nginxConfOf('nginx.conf', NGINX_CONF(true)));
    expect(facts.keepalivePools).toEqual([{ name: 'api_pool', connections: 16, idleSeconds: 60, servers: [{ host: 'api', port: 3000 }] }]);
    const http10 = NGINX_CONF(true).replace('proxy_http_version 1.1;', '').replace('proxy_set_header Connection "";', '');
    expect(proxyConfigFacts(nginxConfOf('nginx.conf', http10)).keepalivePools).toEqual([]);
  });
});

describe('failures only right after a start, then successes (failures-stopped-after-start)', () => {
  const startup = (refusingSeconds: number, startAt = 0) => {
    const error = [...started(startAt), ...range(refusingSeconds * 4).map((i) => refused(startAt + Math.floor(i / 4), '172.18.0.5:3000', i + 1))];
    const requests = [
      ...range(refusingSeconds * 4).map((i) => access(startAt + Math.floor(i / 4), 502, '172.18.0.5:3000', '502', '-', '-')),
      ...range(20).map((i) => ok(startAt + refusingSeconds + Math.floor(i / 4), '172.18.0.5:3000')),
    ];
    return [write(error, 'error.log'), write(requests, 'access.log')];
  };

  it('refused for 3 s after nginx started, then 200s: startup-order', async () => {
    const report = await analyse(startup(3));
    expect(report.summary.patterns.failuresStopped).toMatchObject({ event: { label: 'nginx started' }, failures: 24, served: 20 });
    expect(report.causes[0]?.id).toBe('startup-order');
  });

  it('near miss: the refusals go on to the end of the request log', async () => {
    const [error] = startup(3);
    const requests = write(
      // Successes in between, but the last request failed too.
      range(31).map((i) => (i % 3 ? ok(Math.floor(i / 4), '172.18.0.5:3000') : access(Math.floor(i / 4), 502, '172.18.0.5:3000', '502', '-', '-'))),
      'access.log',
    );
    const report = await analyse([error, requests]);
    expect(report.summary.patterns.failuresStopped).toBeNull();
  });

  it('near miss: they began long after the start', async () => {
    const late = [...started(0), ...range(12).map((i) => refused(120 + Math.floor(i / 4), '172.18.0.5:3000', i + 1))];
    const requests = [
      ...range(12).map((i) => access(120 + Math.floor(i / 4), 502, '172.18.0.5:3000', '502', '-', '-')),
      ...range(20).map((i) => ok(123 + Math.floor(i / 4), '172.18.0.5:3000')),
    ];
    const report = await analyse([write(late, 'error.log'), write(requests, 'access.log')]);
    expect(report.summary.patterns.failuresStopped).toBeNull();
    expect(report.causes[0]?.id).not.toBe('startup-order');
  });

  it('near miss: no request succeeded afterwards', async () => {
    const [error] = startup(3);
    const requests = write(
      range(12).map((i) => access(Math.floor(i / 4), 502, '172.18.0.5:3000', '502', '-', '-')),
      'access.log',
    );
    const report = await analyse([error, requests]);
    expect(report.summary.patterns.failuresStopped).toBeNull();
    expect(report.causes[0]?.id).not.toBe('startup-order');
  });

  // The end of a request log is kept while it is scanned: a gzip file or stdin cannot be read again for it.
  const gzipped = (path: string) => {
    const gz = `${path}.gz`;
    writeFileSync(gz, gzipSync(readFileSync(path)));
    return gz;
  };

  it('the same with the request log gzipped (rotated): startup-order', async () => {
    const [error, requests] = startup(3);
    const report = await analyse([error, gzipped(requests)]);
    expect(report.summary.files.find((f) => f.path.endsWith('.gz'))).toMatchObject({ gzip: true, requests: 32 });
    expect(report.summary.patterns.failuresStopped).toMatchObject({ event: { label: 'nginx started' }, failures: 24, served: 20, afterMs: 5000 });
    expect(report.causes[0]?.id).toBe('startup-order');
  });

  it('the same with the request log on stdin, plain or gzipped: startup-order', async () => {
    const [error, requests] = startup(3);
    for (const bytes of [readFileSync(requests), gzipSync(readFileSync(requests))]) {
      const report = await analyse([error, '-'], { stdin: Readable.from([bytes]) });
      expect(report.summary.patterns.failuresStopped).toMatchObject({ failures: 24, served: 20, afterMs: 5000 });
      expect(report.causes[0]?.id).toBe('startup-order');
    }
  });

  // --follow keeps the end of what it read per file: a refresh reads no file again, and what it read decides.
  const follow = (paths: string[]) => {
    const session = new LogFollowSession({ inputs: paths, fromStart: true });
    const drain = () => {
      for (let i = 0; i < 100 && session.poll(64 * 1024 * 1024).pending; i++);
    };
    drain();
    return { session, drain };
  };

  it('--follow reads the same as one pass, from the lines it read (a success appended counts once polled)', async () => {
    const [error, requests] = startup(3);
    const { session, drain } = follow([error, requests]);
    expect(session.summary().patterns.failuresStopped).toMatchObject({ failures: 24, served: 20, afterMs: 5000 });
    appendFileSync(requests, `${ok(60, '172.18.0.5:3000')}\n`);
    // Not polled yet: the summary is the one of the lines read (the file's tail is not read again per refresh).
    expect(session.summary().patterns.failuresStopped).toMatchObject({ served: 20, afterMs: 5000 });
    drain();
    expect(session.summary().patterns.failuresStopped).toMatchObject({ served: 21, afterMs: 58_000 });
    const followed = diagnoseLogs(session.close(1024 * 1024));
    const once = await analyse([error, requests]);
    expect(followed.summary.patterns).toEqual(once.summary.patterns);
    expect(followed.causes[0]?.id).toBe('startup-order');
  });

  it('--follow: the request log rotated (renamed, a new empty one created) still ends where its last read record was', () => {
    const [error, requests] = startup(3);
    const session = new LogFollowSession({ inputs: [error, requests], fromStart: true, rotationGraceMs: 0 });
    for (let i = 0; i < 100 && session.poll(64 * 1024 * 1024).pending; i++);
    renameSync(requests, `${requests}.1`);
    writeFileSync(requests, '');
    session.poll(64 * 1024 * 1024);
    session.poll(64 * 1024 * 1024);
    const summary = session.summary();
    expect(summary.files[1].problems.map((p) => p.message)).toContain('while followed: rotated once');
    expect(summary.patterns.failuresStopped).toMatchObject({ served: 20, afterMs: 5000 });
  });

  it('near miss, --follow: a refusal appended at the end, once read, means the failures did not stop', () => {
    const [error, requests] = startup(3);
    const { session, drain } = follow([error, requests]);
    expect(session.summary().patterns.failuresStopped).not.toBeNull();
    appendFileSync(error, `${refused(60, '172.18.0.5:3000', 99)}\n`);
    appendFileSync(requests, `${access(60, 502, '172.18.0.5:3000', '502', '-', '-')}\n`);
    drain();
    expect(session.summary().patterns.failuresStopped).toBeNull();
    expect(diagnoseLogs(session.close(1024 * 1024)).causes[0]?.id).not.toBe('startup-order');
  });

  it('near miss, gzipped: the last requests failed too', async () => {
    const [error] = startup(3);
    const requests = write(
      range(31).map((i) => (i % 3 ? ok(Math.floor(i / 4), '172.18.0.5:3000') : access(Math.floor(i / 4), 502, '172.18.0.5:3000', '502', '-', '-'))),
      'access.log',
    );
    const report = await analyse([error, gzipped(requests)]);
    expect(report.summary.files.find((f) => f.path.endsWith('.gz'))?.gzip).toBe(true);
    expect(report.summary.patterns.failuresStopped).toBeNull();
    expect(report.causes[0]?.id).not.toBe('startup-order');
  });
});

describe('no server left, after the servers had answered (no-server-left-after-answers)', () => {
  const disabled = (s: number, upstream: string, phase: string, id: number) =>
    `${errAt(s)} [warn] 29#29: *${id} upstream server temporarily disabled while ${phase} upstream, client: 172.18.0.1, server: _, request: "GET /api/orders HTTP/1.1", upstream: "http://${upstream}/api/orders", host: "localhost"`;
  const noLive = (s: number, id: number) =>
    `${errAt(s)} [error] 29#29: *${id} no live upstreams while connecting to upstream, client: 172.18.0.1, server: _, request: "GET /api/orders HTTP/1.1", upstream: "http://api_pool/api/orders", host: "localhost"`;
  const exhausted = (answered: boolean) => {
    const first = answered
      ? [disabled(0, '172.18.0.5:3000', 'reading response header from', 1), disabled(0, '172.18.0.6:3000', 'reading response header from', 2)]
      : [
          refused(0, '172.18.0.5:3000', 1),
          disabled(0, '172.18.0.5:3000', 'connecting to', 1),
          refused(0, '172.18.0.6:3000', 2),
          disabled(0, '172.18.0.6:3000', 'connecting to', 2),
        ];
    const error = [...started(0), ...first, ...range(19).map((i) => noLive(1, i + 3))];
    const requests = [
      answered
        ? access(0, 503, '172.18.0.5:3000, 172.18.0.6:3000', '503, 503', '0.000, 0.000', '0.005, 0.007')
        : access(0, 502, '172.18.0.5:3000, 172.18.0.6:3000', '502, 502', '-, -', '-, -'),
      ...range(19).map((i) => access(1 + Math.floor(i / 10), 502, 'api_pool', '502', '-', '-')),
    ];
    return [write(error, 'error.log'), write(requests, 'access.log')];
  };

  it('both replicas answered 503 and were taken out, then "no live upstreams": no-healthy-upstream', async () => {
    const report = await analyse(exhausted(true));
    expect(report.summary.patterns.poolExhausted).toMatchObject({ pool: 'api_pool', servers: ['172.18.0.5:3000', '172.18.0.6:3000'] });
    expect(report.causes[0]?.id).toBe('no-healthy-upstream');
  });

  it('near miss: the replicas refused connections before "no live upstreams" (they are not running)', async () => {
    const report = await analyse(exhausted(false));
    expect(report.summary.patterns.poolExhausted).toBeNull();
    expect(report.causes[0]?.id).toBe('not-listening');
  });
});
