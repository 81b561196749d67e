import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES } from './helpers.js';

/**
 * A large plain file is scanned in pieces on several threads (the built CLI's worker). The report
 * must be exactly the one pass's: the CLI's JSON with 1, 2 and 3 threads is compared byte for byte,
 * on files cut into many small pieces (UPDOC_LOG_PIECE_BYTES) so that piece boundaries fall inside
 * lines, groups, bursts and upstream lists.
 */

const tmp = mkdtempSync(join(tmpdir(), 'updoc-logs-parallel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Fixture lines repeated with varied numbers, so that counts, samples and facets span pieces. */
function grow(fixture: string, bytes: number, seed: number): string {
  const lines = readFileSync(`${FIXTURES}${fixture}`, 'utf8').split('\n').filter(Boolean);
  const r = rng(seed);
  const out: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = lines[Math.floor(r() * lines.length)].replace(/\b10\.0\.0\.(\d+)/g, () => `10.0.0.${Math.floor(r() * 40)}`);
    out.push(line);
    size += line.length + 1;
  }
  return `${out.join('\n')}\n`;
}

function report(file: string, jobs: number, extra: string[] = []): { code: number | null; json: string; stderr: string } {
  const r = runCli(['logs', '--json', ...extra, file], {
    env: { UPDOC_LOG_JOBS: String(jobs), UPDOC_LOG_PARALLEL_MIN_BYTES: '1', UPDOC_LOG_PIECE_BYTES: '65536', UPDOC_LOG_TRACE: '1' },
    timeout: 120_000,
  });
  return { code: r.code, json: r.stdout, stderr: r.stderr };
}

describe('updoc logs on several threads gives the one-pass report', () => {
  const inputs: [string, string, string[]][] = [
    ['nginx error log', grow('nginx-error.txt', 3_000_000, 1), []],
    ['nginx error log with events and bursts', grow('incident-nginx-error.txt', 2_000_000, 2), []],
    ['nginx access log', grow('nginx-access-custom.txt', 3_000_000, 3), ['--nginx-conf', `${FIXTURES}nginx.conf.txt`]],
    ['Envoy access log', grow('envoy.txt', 3_000_000, 4), []],
    ['ingress-nginx', grow('ingress-nginx.txt', 2_000_000, 5), []],
    ['HAProxy (read in JavaScript)', grow('haproxy.txt', 2_000_000, 6), []],
    ['kong', grow('kong.txt', 1_000_000, 7), []],
  ];
  for (const [name, content, extra] of inputs) {
    it(name, () => {
      const file = join(tmp, `${name.replace(/\W+/g, '-')}.log`);
      // The last line without its newline, as a log being written ends.
      writeFileSync(file, content.replace(/\n$/, ''));
      const one = report(file, 1, extra);
      expect(one.code, one.stderr).toBe(1);
      const summary = JSON.parse(one.json);
      expect(summary.files[0].lines).toBe(content.split('\n').length - 1);
      expect(summary.totals.failures).toBeGreaterThan(0);
      expect(one.stderr).not.toMatch(/pieces/);
      for (const jobs of [2, 3]) {
        const many = report(file, jobs, extra);
        expect(many.code, many.stderr).toBe(1);
        expect(many.json, `${jobs} threads`).toBe(one.json);
        // The workers really took pieces (else this would compare the main thread with itself).
        const trace = /(\d+) pieces, (\d+) scanned by worker threads/.exec(many.stderr);
        expect(Number(trace?.[1])).toBeGreaterThan(10);
        expect(Number(trace?.[2])).toBeGreaterThan(0);
      }
    });
  }

  it('a gzip file: inflated on the thread pool, its pieces scanned by the workers', () => {
    const file = join(tmp, 'error.log.gz');
    const content = grow('nginx-error.txt', 3_000_000, 9);
    writeFileSync(file, gzipSync(content));
    const one = report(file, 1);
    expect(one.code, one.stderr).toBe(1);
    expect(JSON.parse(one.json).files[0].gzip).toBe(true);
    const two = report(file, 2);
    expect(two.json).toBe(one.json);
    expect(Number(/(\d+) scanned by worker threads/.exec(two.stderr)?.[1])).toBeGreaterThan(0);
  });

  it('a truncated gzip file: the same lines analysed and the same error either way', () => {
    const file = join(tmp, 'truncated.log.gz');
    const whole = gzipSync(grow('nginx-error.txt', 3_000_000, 10));
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const one = report(file, 1);
    const two = report(file, 2);
    expect(one.code).toBe(2);
    expect(two.code).toBe(2);
    expect(two.json).toBe(one.json);
    expect(
      JSON.parse(one.json)
        .files[0].problems.map((p: { message: string }) => p.message)
        .join(),
    ).toMatch(/truncated or corrupt/);
  });

  it('a file with a line longer than a piece and NUL bytes', () => {
    const file = join(tmp, 'long-line.log');
    const base = grow('nginx-error.txt', 600_000, 8);
    writeFileSync(file, Buffer.concat([Buffer.from(base), Buffer.from(`${'z'.repeat(300_000)}\n`), Buffer.alloc(100, 0), Buffer.from(base)]));
    const one = report(file, 1);
    const two = report(file, 2);
    expect(two.json).toBe(one.json);
    expect(JSON.parse(one.json).files[0].longLines).toBe(1);
  });
});

describe('the end of a request log is found on several threads too (failures that stopped after a start)', () => {
  const two = (n: number) => String(n).padStart(2, '0');
  const errAt = (s: number) => `2024/03/12 09:${two(10 + Math.floor(s / 60))}:${two(s % 60)}`;
  const accAt = (s: number) => `12/Mar/2024:09:${two(10 + Math.floor(s / 60))}:${two(s % 60)} +0000`;
  const access = (s: number, status: number, us: string) =>
    `172.18.0.1 - - [${accAt(s)}] "GET /api/orders HTTP/1.1" ${status} 157 "-" "curl/8.5.0" rt=0.004 ua="172.18.0.5:3000" us="${us}" uct="0.000" uht="0.002" urt="0.004"`;
  const error = [
    `${errAt(0)} [notice] 1#1: start worker processes`,
    ...Array.from(
      { length: 12 },
      (_, i) =>
        `${errAt(Math.floor(i / 4))} [error] 29#29: *${i + 1} connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: _, request: "GET /api/orders HTTP/1.1", upstream: "http://172.18.0.5:3000/api/orders", host: "localhost"`,
    ),
  ];
  // Refused for 3 s after the start, then about 700 KB of successes until 09:59:59: pieces of 64 KiB, the last one well after the failures.
  const requests = [
    ...Array.from({ length: 12 }, (_, i) => access(Math.floor(i / 4), 502, '502')),
    ...Array.from({ length: 3600 }, (_, i) => access(3 + Math.floor((i * 2997) / 3599), 200, '200')),
  ];
  const errorLog = join(tmp, 'startup-error.log');
  writeFileSync(errorLog, `${error.join('\n')}\n`);

  const cases: [string, (path: string) => void][] = [
    ['plain', (path) => writeFileSync(path, `${requests.join('\n')}\n`)],
    ['gzip', (path) => writeFileSync(path, gzipSync(`${requests.join('\n')}\n`))],
  ];
  for (const [kind, writeLog] of cases) {
    it(`${kind} request log`, () => {
      const file = join(tmp, `startup-access-${kind}.log${kind === 'gzip' ? '.gz' : ''}`);
      writeLog(file);
      const runs = [1, 2].map((jobs) =>
        runCli(['logs', '--json', errorLog, file], {
          env: { UPDOC_LOG_JOBS: String(jobs), UPDOC_LOG_PARALLEL_MIN_BYTES: '1', UPDOC_LOG_PIECE_BYTES: '65536', UPDOC_LOG_TRACE: '1' },
          timeout: 120_000,
        }),
      );
      for (const r of runs) expect(r.code, r.stderr).toBe(1);
      const [one, many] = runs;
      expect(many.stdout).toBe(one.stdout);
      // The request log was cut into pieces and workers took some.
      expect(Math.max(...[...many.stderr.matchAll(/(\d+) scanned by worker threads/g)].map((m) => Number(m[1])))).toBeGreaterThan(0);
      const summary = JSON.parse(one.stdout);
      expect(summary.patterns.failuresStopped).toMatchObject({ failures: 24, served: 3600, afterMs: (3000 - 2) * 1000 });
      expect(summary.causes[0].id).toBe('startup-order');
    });
  }
});
