import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_UPSTREAMS } from '../../src/evidence/log-summary/aggregate.js';
import { CHUNK_BYTES } from '../../src/inputs/logs/line-assembler.js';
import { analyse, failuresByUpstream } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'updoc-logs-large-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const stamp = (i: number) => new Date(Date.UTC(2024, 2, 12) + i * 1000).toISOString().replace('T', ' ').slice(0, 19);

describe('updoc logs: inputs larger than one read block', () => {
  it('counts exactly across block boundaries (lines cut at 4 MiB are carried over)', async () => {
    const lines: string[] = [];
    const expected: Record<string, number> = {};
    let size = 0;
    for (let i = 0; size < 2.5 * CHUNK_BYTES; i++) {
      const peer = `10.0.${i % 3}.${i % 7}:8080`;
      const failed = i % 5 === 0;
      const line = failed
        ? `${stamp(i).replace(/-/g, '/')} [error] 1#1: *${i} connect() failed (111: Connection refused) while connecting to upstream, client: 10.9.0.1, server: x, request: "GET /${'p'.repeat(i % 300)} HTTP/1.1", upstream: "http://${peer}/", host: "x"`
        : `${stamp(i).replace(/-/g, '/')} [warn] 1#1: *${i} an upstream response is buffered to a temporary file /var/cache/nginx/${'q'.repeat(i % 200)} while reading upstream, client: 10.9.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://${peer}/", host: "x"`;
      if (failed) expected[peer] = (expected[peer] ?? 0) + 1;
      lines.push(line);
      size += line.length + 1;
    }
    const file = join(tmp, 'big-error.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await analyse([file]);
    expect(r.summary.files[0].lines).toBe(lines.length);
    expect(failuresByUpstream(r)).toEqual(expected);
  });

  it('keeps a stack trace that straddles a block boundary as one record', async () => {
    const parts: string[] = [];
    let size = 0;
    let traces = 0;
    for (let i = 0; size < 2.2 * CHUNK_BYTES; i++) {
      const head = `${stamp(i)}.000 ERROR 1 --- [exec-${i}] c.e.Client : call ${i} failed`;
      const trace = [
        head,
        `org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://svc-${i % 4}:8080/x": Connection refused`,
        ...Array.from({ length: 40 }, (_, k) => `\tat com.example.Layer${k}.call(Layer${k}.java:${k + 10})`),
        'Caused by: java.net.ConnectException: Connection refused',
        '\t... 40 more',
      ].join('\n');
      parts.push(trace);
      size += trace.length + 1;
      traces++;
    }
    const file = join(tmp, 'big-spring.txt');
    writeFileSync(file, `${parts.join('\n')}\n`);
    const r = await analyse([file]);
    expect(r.summary.files[0].format).toBe('spring');
    expect(r.summary.files[0].matched).toBe(traces);
    expect(r.summary.totals.failures).toBe(traces);
    expect(Object.keys(failuresByUpstream(r)).sort()).toEqual(['svc-0:8080', 'svc-1:8080', 'svc-2:8080', 'svc-3:8080']);
  });

  it('bounds memory: beyond the kept upstreams the rest is folded into (other), totals stay exact', async () => {
    const distinct = MAX_UPSTREAMS * 3;
    const lines: string[] = [];
    for (let i = 0; i < distinct; i++) {
      const peer = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:80`;
      const times = i < 10 ? 50 : 1;
      for (let k = 0; k < times; k++)
        lines.push(
          `${stamp(i).replace(/-/g, '/')} [error] 1#1: *${i} connect() failed (111: Connection refused) while connecting to upstream, client: 10.9.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://${peer}/", host: "x"`,
        );
    }
    const file = join(tmp, 'many-upstreams.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await analyse([file]);
    expect(r.byUpstream.length).toBeLessThanOrEqual(MAX_UPSTREAMS + 1);
    expect(r.summary.foldedUpstreams).toBeGreaterThan(0);
    expect(r.byUpstream.reduce((a, u) => a + u.count, 0)).toBe(lines.length);
    // The busiest upstreams are never folded.
    expect(failuresByUpstream(r)['10.0.0.0:80']).toBe(50);
    expect(failuresByUpstream(r)['(other)']).toBeGreaterThan(0);
  });
});
