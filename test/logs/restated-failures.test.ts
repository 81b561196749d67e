import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse } from './helpers.js';

/**
 * nginx writes one failed request twice: the error log says what failed, the access log records the 502. When the
 * error log's message for that upstream is among the logs, the access-log records are the same failures again and
 * must not outvote it by volume (`restatesErrorLog` on the access-log signatures).
 */
const tmp = mkdtempSync(join(tmpdir(), 'updoc-logs-restated-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const at = (i: number) => `12/Mar/2024:09:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000`;
const sslError = (i: number) =>
  `2024/03/12 09:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} [error] 22#22: *${i + 1} SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 172.18.0.1, server: _, request: "GET /api/orders HTTP/1.1", upstream: "https://172.18.0.5:3000/api/orders", host: "localhost"`;
const neverConnected = (i: number) =>
  `172.18.0.1 - - [${at(i)}] "GET /api/orders HTTP/1.1" 502 157 "-" "curl/8.5.0" rt=0.004 ua="172.18.0.5:3000" us="502" uct="-" uht="-" urt="0.004"`;

function write(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('access-log records of failures the error log describes', () => {
  it('count once: the error log names the cause, however many access-log lines repeat the failure', async () => {
    const error = write('error.log', range(20).map(sslError));
    for (const n of [20, 400]) {
      const access = write(`access-${n}.log`, range(n).map(neverConnected));
      const report = await analyse([error, access]);
      expect(report.causes[0]?.id, `${n} access-log lines`).toBe('tls-mismatch');
      expect(report.causes.find((c) => c.id === 'not-listening')?.score ?? 0).toBeLessThan(report.causes[0]?.score ?? 0);
    }
  });

  it('near miss: the access log alone — its records are all there is, and "never connected" reads as not-listening', async () => {
    const report = await analyse([write('access-alone.log', range(20).map(neverConnected))]);
    expect(report.causes[0]?.id).toBe('not-listening');
  });

  it('near miss: an error-log message about another upstream does not discount this one', async () => {
    const other = write(
      'error-other.log',
      range(5).map((i) => sslError(i).replaceAll('172.18.0.5:3000', '172.18.0.9:8443')),
    );
    const access = write('access-other.log', range(200).map(neverConnected));
    const report = await analyse([other, access]);
    expect(report.causes[0]?.id).toBe('not-listening');
  });
});
