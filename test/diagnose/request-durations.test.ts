import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiagnoseReport } from '../../src/diagnosis/diagnose/report.js';
import { DURATION_WINDOW_BYTES, findRequestDurations, readRequestDurations } from '../../src/evidence/diagnose/request-durations.js';
import { diagnoseFiles } from '../helpers/diagnose-project.js';

/**
 * What a backend's own log says about how long its finished requests took (src/evidence/diagnose/request-durations.ts),
 * and how diagnose sets it against the proxy's timeout: work that finishes after the proxy gave up is a timeout
 * shorter than the work (timeout-misaligned), not a slow or failing backend.
 */

describe('durations of finished requests in application logs', () => {
  const matching: [string, string, number, string | undefined][] = [
    ['key=value with seconds', '2024-06-03 08:00:51,882 INFO [api] GET /reports/daily done rows=182331 took=39.48s', 39.48, '/reports/daily'],
    ['Rails / Spring "Completed … in"', 'Completed 200 OK in 39480ms (Views: 0.2ms | ActiveRecord: 39410.1ms)', 39.48, undefined],
    [
      'ASP.NET "Request finished"',
      'info: Microsoft.AspNetCore.Hosting.Diagnostics[2] Request finished HTTP/1.1 GET http://api/export - 200 - text/csv 75210.3321ms',
      75.2103321,
      '/export',
    ],
    ['ASP.NET "Request finished in"', 'Request finished in 75210.3321ms 200 text/csv', 75.2103321, undefined],
    ['morgan dev', 'GET /reports/weekly 200 41330.512 ms - 61', 41.330512, '/reports/weekly'],
    [
      'Go key with a Go duration',
      'time="2024-06-03T08:01:44Z" level=info msg="request completed" method=GET path=/export status=200 duration=1m2.5s',
      62.5,
      '/export',
    ],
    ['a key that names its unit', '{"level":"info","msg":"request done","path":"/export","status":200,"duration_ms":75210}', 75.21, '/export'],
    ['Gin', '[GIN] 2024/06/03 - 08:01:44 | 200 |   41.330512s |  10.1.4.7 | GET      "/reports/weekly"', 41.330512, undefined],
    ['chi', '"GET http://api:8080/export HTTP/1.1" from 10.0.0.7:51022 - 200 61B in 39.48s', 39.48, '/export'],
  ];
  it.each(matching)('%s', (_name, line, seconds, path) => {
    const [found] = findRequestDurations('app.log', line);
    expect(found?.seconds).toBeCloseTo(seconds, 6);
    expect(found?.path).toBe(path);
    expect(found?.line).toBe(1);
  });

  const nearMisses: [string, string][] = [
    ['a bare number: no unit, no reading', '{"msg":"request completed","path":"/export","status":200,"responseTime":75210}'],
    ['the backend failed the request itself', '2024-06-03 08:00:51,882 ERROR [api] GET /reports/daily failed after took=39.48s'],
    ['its own timeout', 'GET /export 200 timed out waiting for the database, took=61.2s'],
    ['a 5xx status', 'method=GET path=/export status=503 duration=61.2s request done'],
    ['start-up, not a request', 'Started OrdersApplication in 39.48 seconds (process running for 41.2)'],
    ['initialisation with a completion word', 'Completed initialization in 1 ms'],
    ['a GC pause', '[gc] GC pause (G1 Evacuation Pause) took 1.2s'],
    ['a number too large to be a duration (Infinity once read)', `GET /export 200 took=1${'0'.repeat(400)}ms`],
  ];
  it.each(nearMisses)('near miss: %s', (_name, line) => {
    expect(findRequestDurations('app.log', line)).toEqual([]);
  });

  it('reads a large file by its start and its end (line numbers known only at the start)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'updoc-durations-'));
    try {
      const filler = `${'2024-06-03 08:00:00,000 INFO [api] heartbeat ok\n'.repeat(Math.ceil((3 * DURATION_WINDOW_BYTES) / 48))}`;
      const text = `GET /a 200 61000 ms - 1\n${filler}GET /middle 200 62000 ms - 1\n${filler}GET /z 200 63000 ms - 1\n`;
      writeFileSync(join(dir, 'app.log'), text);
      const found = readRequestDurations([{ display: 'app.log', path: join(dir, 'app.log') }]);
      expect(found.map((d) => [d.path, d.line])).toEqual([
        ['/a', 1],
        ['/z', 0],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("diagnose: the backend finishes after the proxy's timeout", () => {
  const diagnose = (files: Record<string, string>) => diagnoseFiles(files);
  const score = (report: DiagnoseReport, id: string) => report.causes.find((c) => c.id === id)?.score ?? 0;
  const timeoutEvidence = (report: DiagnoseReport) => report.evidence.filter((e) => e.group === 'timeouts');

  // nginx on a host in front of an export endpoint; its error log says "upstream timed out", with no duration.
  const nginx = `events {}
http {
  server {
    listen 80;
    location / { proxy_pass http://127.0.0.1:8000; }
  }
}
`;
  const errors = ['10:01:00', '10:03:00', '10:05:00']
    .map(
      (t, i) =>
        `2024/05/01 ${t} [error] 812#812: *${40 + i} upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.9, server: _, request: "GET /export/orders?month=${i + 1} HTTP/1.1", upstream: "http://127.0.0.1:8000/export/orders?month=${i + 1}", host: "shop.example.com"`,
    )
    .join('\n');
  const app = (seconds: readonly number[], path = '/export/orders') =>
    seconds
      .map((s, i) => `2024-05-01 10:0${2 * i + 1}:${String(15 + i).padStart(2, '0')},004 INFO [export] GET ${path} month=${i + 1} done took=${s}s`)
      .join('\n');

  it('read timeouts in the proxy log, and backend requests that finish after its (default) 60 s read timeout', async () => {
    const report = await diagnose({ 'nginx.conf': nginx, 'logs/error.log': errors, 'logs/app.log': app([71.2, 75.9, 68.4]) });
    const [evidence] = timeoutEvidence(report);
    expect(evidence?.summary).toContain('3 requests finished after 68.4–75.9 s');
    expect(evidence?.summary).toContain('proxy_read_timeout 60s (the default)');
    expect(evidence?.summary).toContain('none to that endpoint finished sooner');
    expect(report.causes[0]?.id).toBe('timeout-misaligned');
  });

  it('near miss: the backend finishes well within the timeout', async () => {
    const report = await diagnose({ 'nginx.conf': nginx, 'logs/error.log': errors, 'logs/app.log': app([21.2, 25.9, 18.4]) });
    expect(timeoutEvidence(report)).toEqual([]);
    const longer = await diagnose({ 'nginx.conf': nginx, 'logs/error.log': errors, 'logs/app.log': app([71.2, 75.9, 68.4]) });
    expect(score(report, 'timeout-misaligned')).toBeLessThan(score(longer, 'timeout-misaligned'));
  });

  it('the same endpoint also finishes quickly: usually fast, slower now (slow-upstream)', async () => {
    const log = `${app([71.2, 75.9, 68.4])}\n2024-05-01 09:40:02,117 INFO [export] GET /export/orders month=4 done took=4.2s`;
    const report = await diagnose({ 'nginx.conf': nginx, 'logs/error.log': errors, 'logs/app.log': log });
    const [evidence] = timeoutEvidence(report);
    expect(evidence?.summary).toContain('also finished in 4.2 s');
    expect(evidence?.supports[0]).toBe('slow-upstream');
    expect(report.causes[0]?.id).toBe('slow-upstream');
  });

  it('no proxy config: the common timeout in the access log is the limit the backend outlives', async () => {
    // Envoy's access log gives each failure's duration: all three stop at 15 s; the backend finishes in ~40 s.
    const envoy = [0, 1, 2]
      .map(
        (i) =>
          `[2024-06-03T08:0${i}:12.401Z] "GET /billing/run HTTP/1.1" 504 UT 0 24 1500${i} - "10.1.4.7" "curl/8.5" "id-${i}" "billing:8000" "172.18.0.9:5000"`,
      )
      .join('\n');
    const report = await diagnose({ 'logs/envoy.log': envoy, 'logs/billing.log': app([40.2, 41.9, 39.4], '/billing/run') });
    const [evidence] = timeoutEvidence(report);
    expect(evidence?.source.kind).toBe('log');
    expect(evidence?.summary).toContain('something in front of the backend gives up at 15 s');
    expect(report.causes[0]?.id).toBe('timeout-misaligned');
  });

  it('near miss: the long requests are another endpoint than the failing ones', async () => {
    const report = await diagnose({ 'nginx.conf': nginx, 'logs/error.log': errors, 'logs/app.log': app([71.2, 75.9, 68.4], '/admin/reindex') });
    expect(timeoutEvidence(report)).toEqual([]);
  });
});
