import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createSecureServer, createServer as createH2cServer, constants as h2 } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCausesContract } from '../helpers/expect-causes.js';
import { runProbe } from '../../src/probes/run-probe.js';
import { parseTarget } from '../../src/probes/target.js';
import { type Certs, causeIds, closedPort, closeServer, haveOpenssl, listen, makeCerts, probe, probeOptions, stepsOf } from './support.js';

/**
 * The probe engine against real sockets on loopback: listening, refused, bound elsewhere, TLS with good,
 * self-signed and expired certificates, TLS/plain mismatches both ways, h2 by ALPN, h2c, gRPC health.
 */

const servers: Server[] = [];
async function serve<T extends Server>(server: T, host = '127.0.0.1'): Promise<number> {
  servers.push(server);
  return listen(server, host);
}

afterAll(async () => {
  await Promise.all(servers.map(closeServer));
});

describe('TCP and HTTP/1.1', () => {
  let httpPort = 0;
  let refused = 0;
  let silentPort = 0;
  let resetPort = 0;
  let bannerPort = 0;

  beforeAll(async () => {
    httpPort = await serve(
      createHttpServer((req, res) => {
        if (req.url === '/actuator/health') {
          res.writeHead(503, { 'content-type': 'application/vnd.spring-boot.actuator.v3+json' });
          res.end(
            JSON.stringify({
              status: 'DOWN',
              components: {
                db: { status: 'DOWN', details: { error: 'Connection is not available, request timed out after 30000ms.' } },
                ping: { status: 'UP' },
              },
            }),
          );
          return;
        }
        if (req.url === '/boom') {
          res.writeHead(500, { server: 'gunicorn' });
          res.end('Internal Server Error');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain', 'x-envoy-upstream-service-time': '3' });
        res.end(`hello ${req.method} ${req.url} host=${req.headers.host} x=${req.headers['x-probe'] ?? ''}`);
      }),
    );
    refused = await closedPort();
    // Accepts and never answers: an HTTP request times out after the connect succeeded.
    silentPort = await serve(createNetServer(() => {}));
    // Resets the connection as soon as a request arrives.
    resetPort = await serve(createNetServer((socket) => socket.once('data', () => socket.resetAndDestroy())));
    // Another protocol: a server-first banner.
    bannerPort = await serve(createNetServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2p1\r\n')));
  });

  it('a listening HTTP server: every step passes, with per-phase timing', async () => {
    const r = await probe(`http://127.0.0.1:${httpPort}/hello?x=1`, { headers: { 'x-probe': 'yes' } });
    expect(r.ok).toBe(true);
    expect(r.causes).toEqual([]);
    expect(r.steps.map((s) => [s.step, s.ok])).toEqual([
      ['tcp', true],
      ['http', true],
    ]);
    const a = r.addresses[0];
    expect(a.http?.status).toBe(200);
    expect(a.http?.bodySnippet).toBe(`hello GET /hello?x=1 host=127.0.0.1:${httpPort} x=yes`);
    expect(a.http?.headers).toMatchObject({ 'x-envoy-upstream-service-time': '3' });
    expect(a.http?.recognised.hints.join(' ')).toMatch(/Envoy forwarded/);
    expect(a.timing.connectMs).toBeGreaterThanOrEqual(0);
    expect(a.timing.firstByteMs).toBeGreaterThan(0);
    expect(a.timing.totalMs).toBeGreaterThanOrEqual(a.timing.connectMs);
    expect(r.summary).toMatch(/^healthy: http\/1\.1 200/);
  });

  it('a closed port: refused, nothing listening → not-listening', async () => {
    const r = await probe(`127.0.0.1:${refused}`);
    expect(r.ok).toBe(false);
    expect(stepsOf(r, 'tcp')[0]).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    expect(stepsOf(r, 'tcp')[0].detail).toMatch(/nothing listens on this address:port/);
    expect(r.causes[0].id).toBe('not-listening');
    expectCausesContract(r.causes);
    expect(stepsOf(r, 'local')[0]?.detail).toMatch(/nothing listens on port/);
    expect(r.causes[0].why).toMatch(/nothing listens on port \d+ in this network namespace/);
  });

  it('bound to 127.0.0.1, probed on 127.0.0.2: a real "bound elsewhere" refusal → bind-loopback', async () => {
    const r = await probe(`http://127.0.0.2:${httpPort}/`);
    expect(r.ok).toBe(false);
    expect(stepsOf(r, 'tcp')[0].code).toBe('ECONNREFUSED');
    expect(r.addresses[0].local?.listeners.map((l) => `${l.address}:${l.port}`)).toContain(`127.0.0.1:${httpPort}`);
    expect(r.addresses[0].local?.accepts).toBe(false);
    expect(r.causes[0].id).toBe('bind-loopback');
    expect(r.causes[0].score).toBeGreaterThan(0.5);
    expect(r.causes[0].why).toContain(`refused on 127.0.0.2:${httpPort}, but`);
    expect(r.causes[0].why).toContain(`listens on 127.0.0.1:${httpPort} only (loopback)`);
    expect(r.summary).toMatch(/→ bind-loopback$/);
  });

  it('--no-local: the errno alone, no inspection', async () => {
    const r = await probe(`127.0.0.2:${httpPort}`, { localInspection: false });
    expect(stepsOf(r, 'local')).toEqual([]);
    expect(r.addresses[0].local).toBeUndefined();
    expect(r.causes[0].id).toBe('not-listening');
  });

  it('accepts but never answers: HTTP times out at the step timeout → slow-upstream', async () => {
    const started = performance.now();
    const r = await probe(`http://127.0.0.1:${silentPort}/`, { timeoutMs: 400 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(stepsOf(r, 'tcp')[0].ok).toBe(true);
    expect(stepsOf(r, 'http')[0]).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
    expect(r.causes[0].id).toBe('slow-upstream');
  });

  it('reset on request → upstream-reset', async () => {
    const r = await probe(`http://127.0.0.1:${resetPort}/`);
    expect(stepsOf(r, 'http')[0]).toMatchObject({ ok: false, code: 'ECONNRESET' });
    expect(causeIds(r)).toContain('upstream-reset');
  });

  it('another protocol on the port: the bytes are shown and it is a protocol mismatch', async () => {
    const r = await probe(`http://127.0.0.1:${bannerPort}/`);
    expect(stepsOf(r, 'http')[0].ok).toBe(false);
    expect(r.addresses[0].http?.firstBytes).toMatch(/^SSH-2\.0-OpenSSH/);
    expect(r.causes[0].id).toBe('protocol-mismatch');
  });

  it('Spring Boot actuator DOWN: which component, and no-healthy-upstream', async () => {
    const r = await probe(`http://127.0.0.1:${httpPort}/actuator/health`);
    expect(r.ok).toBe(false);
    const health = stepsOf(r, 'health')[0];
    expect(health).toMatchObject({ ok: false });
    expect(health.detail).toMatch(/db is DOWN \(Connection is not available/);
    expect(r.causes[0].id).toBe('no-healthy-upstream');
    expect(r.causes[0].why).toMatch(/db is DOWN/);
  });

  it("an application's own 500: the connection works, the application fails", async () => {
    const r = await probe(`http://127.0.0.1:${httpPort}/boom`);
    expect(r.ok).toBe(false);
    expect(r.causes[0]).toMatchObject({ id: 'other' });
    expect(r.causes[0].why).toMatch(/answered 500 Internal Server Error itself/);
  });
});

describe.skipIf(!haveOpenssl())('TLS', () => {
  let certs: Certs;
  let goodPort = 0;
  let selfSignedPort = 0;
  let expiredPort = 0;
  let plainPort = 0;
  let h2Port = 0;
  let tlsTcpPort = 0;
  if (!haveOpenssl()) console.log('skipped: openssl is not installed');

  beforeAll(async () => {
    certs = makeCerts();
    const handler = (_req: unknown, res: { end(s: string): void }) => res.end('secure hello');
    goodPort = await serve(createHttpsServer({ key: certs.leafKey, cert: certs.leafCert }, handler) as unknown as HttpServer);
    selfSignedPort = await serve(createHttpsServer({ key: certs.selfSignedKey, cert: certs.selfSignedCert }, handler) as unknown as HttpServer);
    expiredPort = await serve(createHttpsServer({ key: certs.expiredKey, cert: certs.expiredCert }, handler) as unknown as HttpServer);
    plainPort = await serve(createHttpServer((_req, res) => res.end('plain')));
    h2Port = await serve(
      createSecureServer({ key: certs.leafKey, cert: certs.leafCert, allowHTTP1: true }, (req, res) =>
        res.end(`h2 says hi over ${req.httpVersion}`),
      ) as unknown as Server,
    );
    tlsTcpPort = goodPort;
  });

  afterAll(() => certs?.cleanup());

  it('a certificate from a CA given with --ca, for 127.0.0.1: verified, with version, cipher, ALPN, chain', async () => {
    const r = await probe(`https://127.0.0.1:${goodPort}/`, { ca: certs.caCert, http1Only: true });
    expect(r.ok).toBe(true);
    const tls = r.addresses[0].tls;
    expect(tls).toMatchObject({ handshake: true, ok: true, chainVerified: true, nameMatches: true, sni: null, alpn: 'http/1.1' });
    expect(tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(tls?.cipher).toBeTruthy();
    expect(tls?.chain[0]).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=updoc test CA', selfSigned: false });
    expect(tls?.chain[0].sans).toEqual(['localhost', '127.0.0.1']);
    expect(r.addresses[0].http?.bodySnippet).toBe('secure hello');
  });

  it('the same server without --ca: unknown CA', async () => {
    const r = await probe(`https://127.0.0.1:${goodPort}/`);
    expect(r.ok).toBe(false);
    expect(r.addresses[0].tls?.verifyError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(stepsOf(r, 'tls')[0]).toMatchObject({ ok: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    // The request still goes out (what would the backend say?), but the verdict is the certificate.
    expect(stepsOf(r, 'http')[0]).toMatchObject({ ok: true });
    expect(r.causes[0].id).toBe('tls-mismatch');
  });

  it('hostname mismatch: --sni names something the certificate does not cover', async () => {
    const r = await probe(`https://127.0.0.1:${goodPort}/`, { ca: certs.caCert, sni: 'api.other.example' });
    expect(r.addresses[0].tls).toMatchObject({
      sni: 'api.other.example',
      chainVerified: true,
      nameMatches: false,
      verifyError: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    expect(r.causes[0].id).toBe('tls-mismatch');
    expect(r.causes[0].why).toMatch(/hostname mismatch/);
  });

  it('self-signed certificate', async () => {
    const r = await probe(`https://localhost:${selfSignedPort}/`, { dns: { resolver: 'system' } });
    expect(r.addresses[0].tls?.verifyError).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(r.addresses[0].tls?.sni).toBe('localhost');
    expect(r.addresses[0].tls?.chain[0].selfSigned).toBe(true);
    expect(stepsOf(r, 'tls')[0].detail).toMatch(/self-signed/);
    expect(r.causes[0].id).toBe('tls-mismatch');
  });

  it('expired certificate', async () => {
    const r = await probe(`https://127.0.0.1:${expiredPort}/`, { ca: certs.caCert });
    expect(r.addresses[0].tls?.verifyError).toBe('CERT_HAS_EXPIRED');
    expect(r.addresses[0].tls?.chain[0].daysLeft).toBeLessThan(0);
    expect(r.causes[0].why).toMatch(/expired/);
  });

  it('--insecure: the certificate problem is reported but the target passes', async () => {
    const r = await probe(`https://127.0.0.1:${expiredPort}/`, { insecure: true });
    expect(r.ok).toBe(true);
    expect(r.addresses[0].tls?.verifyError).toBeDefined();
    expect(stepsOf(r, 'tls')[0].detail).toMatch(/ignored: --insecure/);
  });

  it('TLS spoken to a plain HTTP port: "TLS handshake got an HTTP response", confirmed by a plain request', async () => {
    const r = await probe(`https://127.0.0.1:${plainPort}/`);
    expect(r.addresses[0].tls?.handshake).toBe(false);
    expect(r.addresses[0].tls?.meaning).toMatch(/plain text/);
    expect(r.addresses[0].crossCheck).toMatchObject({ tried: 'plain-http', speaks: 'http' });
    expect(r.addresses[0].crossCheck?.firstLine).toMatch(/^HTTP\/1\.1 /);
    expect(r.causes[0].id).toBe('tls-mismatch');
    expect(r.causes[0].why).toMatch(/TLS handshake with 127\.0\.0\.1:\d+ got an HTTP response/);
  });

  it('plain HTTP spoken to a TLS port: confirmed by a TLS handshake there', async () => {
    const r = await probe(`http://127.0.0.1:${goodPort}/`);
    expect(stepsOf(r, 'http')[0].ok).toBe(false);
    expect(r.addresses[0].crossCheck).toMatchObject({ tried: 'tls', speaks: 'tls-ok' });
    expect(r.causes[0].id).toBe('tls-mismatch');
    expect(r.causes[0].why).toMatch(/plain HTTP was sent to a TLS port/);
  });

  it('h2 chosen by ALPN', async () => {
    const r = await probe(`https://127.0.0.1:${h2Port}/`, { ca: certs.caCert });
    expect(r.ok).toBe(true);
    expect(r.addresses[0].tls?.alpn).toBe('h2');
    expect(r.addresses[0].http).toMatchObject({ protocol: 'h2', status: 200, bodySnippet: 'h2 says hi over 2.0' });
  });

  it('--http1 keeps ALPN to http/1.1 on the same server', async () => {
    const r = await probe(`https://127.0.0.1:${h2Port}/`, { ca: certs.caCert, http1Only: true });
    expect(r.addresses[0].tls?.alpn).toBe('http/1.1');
    expect(r.addresses[0].http).toMatchObject({ protocol: 'http/1.1', status: 200, bodySnippet: 'h2 says hi over 1.1' });
  });

  it('h2:// against an HTTP/1.1-only TLS server: no h2 by ALPN → protocol-mismatch', async () => {
    const r = await probe(`h2://127.0.0.1:${goodPort}/`, { ca: certs.caCert });
    // Node's HTTPS server answers an h2-only hello with a no_application_protocol alert.
    expect(stepsOf(r, 'tls')[0].detail).toMatch(/no application protocol|ALPN/i);
    expect(r.addresses[0].tls?.alert).toBe(true);
    expect(r.addresses[0].crossCheck).toBeUndefined();
    expect(r.causes[0].id).toBe('protocol-mismatch');
  });

  it('tls:// handshake only', async () => {
    const r = await probe(`127.0.0.1:${tlsTcpPort}`, { ca: certs.caCert }, { tls: true });
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => s.step)).toEqual(['tcp', 'tls']);
  });
});

describe('h2c and gRPC', () => {
  let h2cPort = 0;
  let grpcPort = 0;
  let http1Port = 0;
  let notServingPort = 0;

  beforeAll(async () => {
    h2cPort = await serve(createH2cServer((req, res) => res.end(`h2c ${req.httpVersion} ${req.url}`)) as unknown as Server);
    const grpcServer = (serving: number) =>
      createH2cServer().on('stream', (stream, headers) => {
        stream.on('data', () => {});
        stream.on('end', () => {
          if (headers[':path'] !== '/grpc.health.v1.Health/Check') {
            stream.respond(
              { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'unknown%20service' },
              { endStream: true },
            );
            return;
          }
          stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
          stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
          stream.end(Buffer.from([0, 0, 0, 0, 2, 0x08, serving]));
        });
      });
    grpcPort = await serve(grpcServer(1) as unknown as Server);
    notServingPort = await serve(grpcServer(2) as unknown as Server);
    http1Port = await serve(createHttpServer((_req, res) => res.end('only http/1.1')));
  });

  it('h2c with prior knowledge', async () => {
    const r = await probe(`h2c://127.0.0.1:${h2cPort}/x`);
    expect(r.ok).toBe(true);
    expect(r.addresses[0].http).toMatchObject({ protocol: 'h2', status: 200, bodySnippet: 'h2c 2.0 /x' });
  });

  it('h2c against an HTTP/1.1-only server → protocol-mismatch, confirmed by an HTTP/1 answer', async () => {
    const r = await probe(`h2c://127.0.0.1:${http1Port}/`);
    expect(r.ok).toBe(false);
    expect(r.addresses[0].crossCheck).toMatchObject({ tried: 'plain-http', speaks: 'http' });
    expect(r.causes[0].id).toBe('protocol-mismatch');
    expect(r.causes[0].why).toMatch(/not HTTP\/2 with prior knowledge/);
  });

  it('gRPC health check SERVING', async () => {
    const r = await probe(`grpc://127.0.0.1:${grpcPort}`);
    expect(r.ok).toBe(true);
    expect(r.addresses[0].http?.grpc).toEqual({ status: 'OK', serving: 'SERVING' });
    expect(stepsOf(r, 'grpc')[0].detail).toMatch(/grpc-status OK, health SERVING/);
  });

  it('gRPC health NOT_SERVING → no-healthy-upstream', async () => {
    const r = await probe(`grpc://127.0.0.1:${notServingPort}`);
    expect(r.ok).toBe(false);
    expect(r.addresses[0].http?.grpc?.serving).toBe('NOT_SERVING');
    expect(r.causes[0].id).toBe('no-healthy-upstream');
  });

  it('gRPC to a server without that method: UNIMPLEMENTED still proves gRPC is served', async () => {
    const r = await probe(`grpc://127.0.0.1:${grpcPort}/my.Service/Method`);
    expect(r.addresses[0].http?.grpc).toMatchObject({ status: 'UNIMPLEMENTED', message: 'unknown service' });
    expect(r.ok).toBe(true);
  });

  it('gRPC to an HTTP/1.1-only server → protocol-mismatch', async () => {
    const r = await probe(`grpc://127.0.0.1:${http1Port}`);
    expect(r.ok).toBe(false);
    expect(r.causes[0].id).toBe('protocol-mismatch');
  });
  void h2;
});

describe('stack traces during a run', () => {
  it('are switched off while runs overlap and restored once the last one ends, whichever ends first', async () => {
    const silentPort = await serve(createNetServer(() => {}));
    const refusedPort = await closedPort();
    const before = Error.stackTraceLimit;
    // The refused run starts first and ends first; the silent one ends at its HTTP timeout.
    const fast = probe(`http://127.0.0.1:${refusedPort}/`, { localInspection: false });
    const slow = probe(`http://127.0.0.1:${silentPort}/`, { localInspection: false, timeoutMs: 300 });
    expect(Error.stackTraceLimit).toBe(0);
    await fast;
    expect(Error.stackTraceLimit).toBe(0);
    const slowReport = await slow;
    expect(slowReport.ok).toBe(false);
    expect(Error.stackTraceLimit).toBe(before);
  });
});

describe('failed targets waiting for their local inspection', () => {
  const refusedTargets = async (n: number) => {
    const port = await closedPort();
    const parsed = parseTarget(`127.0.0.1:${port}`, {});
    if (!parsed.ok) throw new Error(parsed.error);
    return Array.from({ length: n }, () => ({ target: parsed.target }));
  };

  it('keep connecting while a slow first inspection is pending, up to the bound, and every target is reported', async () => {
    const targets = await refusedTargets(1200);
    let waiting = 0;
    let mostWaiting = 0;
    let release: () => void = () => undefined;
    const firstAnswer = new Promise<void>((resolve) => {
      release = resolve;
    });
    const run = runProbe(targets, {
      ...probeOptions({ concurrency: 4 }),
      retain: false,
      inspect: async (address, port) => {
        waiting++;
        mostWaiting = Math.max(mostWaiting, waiting);
        // Like the first inspection of a run: nothing answers until the shared reads are done.
        if (waiting >= 1024) release();
        await Promise.race([firstAnswer, new Promise((resolve) => setTimeout(resolve, 3000))]);
        waiting--;
        return { address, port, namespace: { inode: 1, current: true }, listeners: [], accepts: false, firewall: [], notes: [] };
      },
    });
    const result = await run;
    // 1,024 finished targets waited at once (4 × concurrency would have been 16), never more.
    expect(mostWaiting).toBe(1024);
    expect(result.counts).toEqual({ ok: 0, failed: 1200 });
  });

  it('an error while reporting one of them ends the run with that error, after the others', async () => {
    const targets = await refusedTargets(50);
    let reported = 0;
    const run = runProbe(targets, {
      ...probeOptions({ concurrency: 4 }),
      retain: false,
      inspect: async (address, port) => ({ address, port, namespace: { inode: 1, current: true }, listeners: [], accepts: false, firewall: [], notes: [] }),
      onTarget: (_report, index) => {
        reported++;
        if (index === 7) throw new Error('stdout went away');
      },
    });
    await expect(run).rejects.toThrow('stdout went away');
    expect(reported).toBe(50);
  });
});
