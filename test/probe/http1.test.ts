import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpSpec, http1OverSocket, http1Request, parseResponseHead } from '../../src/probes/http.js';
import { closeServer, listen } from './support.js';

/**
 * HTTP/1.1 as the probe speaks it on a raw socket (src/probes/http.ts): the request bytes it sends and how
 * it frames and reads what comes back, against a loopback server that answers with exact bytes — split
 * into pieces where the framing must survive a split.
 */

/** The bytes each test answers with, in pieces written 5 ms apart; `null` closes without answering. */
let answer: (string | Buffer)[] | null = [];
let lastRequest = '';
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    let request = '';
    socket.on('error', () => {});
    socket.on('data', async (chunk) => {
      request += chunk.toString('latin1');
      if (!request.includes('\r\n\r\n')) return;
      lastRequest = request;
      if (answer === null) return socket.end();
      for (const piece of answer) {
        if (socket.destroyed) return;
        socket.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      socket.end();
    });
  });
  port = await listen(server, '127.0.0.1');
});
afterAll(() => closeServer(server));

const spec = (over: Partial<HttpSpec> = {}): HttpSpec => ({
  method: 'GET',
  path: '/x',
  authority: `127.0.0.1:${port}`,
  headers: {},
  bodyLimit: 64 * 1024,
  timeoutMs: 2000,
  ...over,
});

async function exchange(pieces: (string | Buffer)[] | null, over: Partial<HttpSpec> = {}) {
  answer = pieces;
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return http1OverSocket(socket, spec(over));
}

describe('the request the probe sends', () => {
  it('GET: request line, Host, then the same defaults as Node, then the extra headers; no body framing', async () => {
    await exchange(['HTTP/1.1 204 No Content\r\n\r\n'], { headers: { 'x-probe': 'yes', accept: 'text/plain' } });
    expect(lastRequest).toBe(
      `GET /x HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nuser-agent: updoc-probe\r\naccept: text/plain\r\nconnection: close\r\nx-probe: yes\r\n\r\n`,
    );
  });

  it('POST gets Content-Length: 0 (as Node sends it); a Host header replaces the authority', () => {
    expect(http1Request(spec({ method: 'POST', headers: { host: 'api.internal' } }))).toBe(
      'POST /x HTTP/1.1\r\nhost: api.internal\r\nuser-agent: updoc-probe\r\naccept: */*\r\nconnection: close\r\nContent-Length: 0\r\n\r\n',
    );
  });

  it.each([
    ['a path with a space', { path: '/a b' }, 'ERR_UNESCAPED_CHARACTERS'],
    ['a path with a control character', { path: '/a\u0001' }, 'ERR_UNESCAPED_CHARACTERS'],
    ['a header value with a line break', { headers: { 'x-a': 'b\r\nx-evil: 1' } }, 'ERR_INVALID_CHAR'],
    ['a header name that is not a token', { headers: { 'x a': 'b' } }, 'ERR_INVALID_HTTP_TOKEN'],
    ['a method that is not a token', { method: 'GE T' }, 'ERR_INVALID_HTTP_TOKEN'],
  ])('refuses to send %s (a failed step, not a crash)', async (_what, over, code) => {
    expect(() => http1Request(spec(over))).toThrow(expect.objectContaining({ code }));
    const outcome = await exchange(['HTTP/1.1 200 OK\r\n\r\n'], over);
    expect(outcome).toMatchObject({ ok: false, code, meaning: 'the request could not be built from the given options' });
  });

  it('the same request is still accepted when nothing is wrong with it (near miss of the cases above)', () => {
    expect(() => http1Request(spec({ path: '/a%20b?q=é', headers: { 'x-a': 'tab\tand latin-1 ü' } }))).not.toThrow();
  });
});

describe('framing the answer', () => {
  it.each<[string, (string | Buffer)[], Partial<HttpSpec>, { status: number; body: string; bodyBytes: number; bodyTruncated?: boolean }]>([
    ['Content-Length, head and body split', ['HTTP/1.1 200 OK\r\nContent-Le', 'ngth: 5\r\n\r\nhel', 'lo'], {}, { status: 200, body: 'hello', bodyBytes: 5 }],
    ['Content-Length, bytes after the body ignored', ['HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokEXTRA'], {}, { status: 200, body: 'ok', bodyBytes: 2 }],
    [
      'chunked, split inside sizes and data, with an extension and trailers',
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWi', 'ki\r\n5\r\npedia\r', '\n0\r\nx-trailer: 1\r\n\r\n'],
      {},
      { status: 200, body: 'Wikipedia', bodyBytes: 9 },
    ],
    [
      'no length: the body runs to the end of the connection',
      ['HTTP/1.0 200 OK\r\n\r\nuntil ', 'close'],
      {},
      { status: 200, body: 'until close', bodyBytes: 11 },
    ],
    [
      '100 Continue first, then the answer',
      ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx'],
      {},
      { status: 201, body: 'x', bodyBytes: 1 },
    ],
    ['204 has no body even with bytes after it', ['HTTP/1.1 204 No Content\r\n\r\n'], {}, { status: 204, body: '', bodyBytes: 0 }],
    [
      'HEAD: no body although Content-Length says 10',
      ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n'],
      { method: 'HEAD' },
      { status: 200, body: '', bodyBytes: 0 },
    ],
    ['LF-only line ends', ['HTTP/1.1 200 OK\nContent-Length: 2\n\nok'], {}, { status: 200, body: 'ok', bodyBytes: 2 }],
    [
      'a body over the limit is cut and marked',
      ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789'],
      { bodyLimit: 4 },
      { status: 200, body: '0123', bodyBytes: 10, bodyTruncated: true },
    ],
    [
      'a body cut short by the server: what arrived is kept',
      ['HTTP/1.1 502 Bad Gateway\r\nContent-Length: 100\r\n\r\npartial'],
      {},
      { status: 502, body: 'partial', bodyBytes: 7 },
    ],
  ])('%s', async (_what, pieces, over, expected) => {
    const outcome = await exchange(pieces, over);
    expect(outcome).toMatchObject({ ok: true, ...expected });
    expect(outcome.firstByteMs).toBeGreaterThan(0);
    expect(outcome.ms).toBeGreaterThanOrEqual(outcome.firstByteMs ?? 0);
  });

  it('headers: lower-case names, repeats joined (first wins where Node keeps one), folded lines unfolded', () => {
    const head = parseResponseHead(
      'HTTP/1.1 503 Service Unavailable\r\nServer: envoy\r\nServer: other\r\nVia: 1.1 a\r\nvia: 1.1 b\r\nX-Long: one\r\n  two\r\n\r\n',
      'GET',
    );
    expect(head).toMatchObject({ status: 503, statusText: 'Service Unavailable', framing: 'close' });
    expect(head.headers).toEqual({ server: 'envoy', via: '1.1 a, 1.1 b', 'x-long': 'one two' });
  });
});

describe('answers that are not HTTP', () => {
  it.each<[string, (string | Buffer)[] | null, { code: string; meaning: RegExp; firstBytes?: RegExp }]>([
    ['a banner from another protocol', ['SSH-2.0-OpenSSH_9.2p1\r\n'], { code: 'HPE_INVALID_CONSTANT', meaning: /not HTTP/, firstBytes: /^SSH-2\.0/ }],
    [
      'a TLS alert record',
      [Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46])],
      { code: 'HPE_INVALID_CONSTANT', meaning: /speaks TLS/, firstBytes: /^\\x15\\x03/ },
    ],
    ['a status line without a number', ['HTTP/1.1 abc OK\r\n\r\n'], { code: 'HPE_INVALID_STATUS', meaning: /not HTTP/ }],
    ['a header line without a colon', ['HTTP/1.1 200 OK\r\nnot a header\r\n\r\n'], { code: 'HPE_INVALID_HEADER_TOKEN', meaning: /not HTTP/ }],
    [
      'two different Content-Lengths',
      ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'],
      { code: 'HPE_UNEXPECTED_CONTENT_LENGTH', meaning: /not HTTP/ },
    ],
    ['a bad chunk size', ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'], { code: 'HPE_INVALID_CHUNK_SIZE', meaning: /not HTTP/ }],
    ['a head larger than 16 KiB', [`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(17 * 1024)}\r\n\r\n`], { code: 'HPE_HEADER_OVERFLOW', meaning: /not HTTP/ }],
    ['half a head, then the connection closes', ['HTTP/1.1 200 OK\r\nContent-'], { code: 'HPE_INVALID_EOF_STATE', meaning: /not HTTP/ }],
    ['closed without a byte', null, { code: 'ECONNRESET', meaning: /closed the connection without sending anything/ }],
  ])('%s', async (_what, pieces, expected) => {
    const outcome = await exchange(pieces);
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe(expected.code);
    expect(outcome.meaning).toMatch(expected.meaning);
    if (expected.firstBytes) expect(outcome.firstBytes).toMatch(expected.firstBytes);
  });

  it('no answer at all: ETIMEDOUT at the step timeout, not before', async () => {
    answer = [];
    const silent = createServer(() => {});
    const silentPort = await listen(silent, '127.0.0.1');
    try {
      const socket = connect({ host: '127.0.0.1', port: silentPort });
      await new Promise((resolve) => socket.once('connect', resolve));
      const started = performance.now();
      const outcome = await http1OverSocket(socket, spec({ timeoutMs: 150 }));
      expect(outcome).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
      expect(socket.destroyed).toBe(true);
    } finally {
      await closeServer(silent);
    }
  });
});
