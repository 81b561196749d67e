import { describe, expect, it } from 'vitest';
import type { CauseId } from '../../src/core/ids.js';
import type { DiagnoseReport } from '../../src/diagnosis/diagnose/report.js';
import { failingUpstreams } from '../../src/diagnosis/diagnose/relevance.js';
import { type Evidence, EvidenceCollector } from '../../src/evidence/diagnose/model.js';
import { diagnoseFiles } from '../helpers/diagnose-project.js';

/**
 * A failure that connected and then failed (a read timeout, a reset) still says which path fails: the configs'
 * defects on that path explain it, those on a path that works likely do not. A project with two paths and one
 * defect on each; the logs name one upstream, then (near miss) the other.
 */

// `reports` may work 180 s on a request, nginx waits 60 s (timeout-misaligned); `web` listens on 3000, nginx sends to 8080 (port-mismatch).
const COMPOSE = `services:
  nginx:
    image: nginx:1.27-alpine
    ports: ["80:80"]
    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]
  reports:
    image: ghcr.io/example/reports:2.4
    command: gunicorn --timeout 180 --bind 0.0.0.0:8000 reports.wsgi
    expose: ["8000"]
  web:
    image: ghcr.io/example/web:1.0
    command: node server.js
    environment: {PORT: "3000"}
    expose: ["3000"]
`;
const NGINX = `events {}
http {
  server {
    listen 80;
    location /reports/ {
      proxy_pass http://reports:8000;
    }
    location /web/ {
      proxy_pass http://web:8080;
    }
  }
}
`;
const REPORTS = '172.18.0.4:8000';
const WEB = '172.18.0.5:8080';
const failed = (what: string) => (i: number, upstream: string) =>
  `2026/11/20 09:14:${String(i).padStart(2, '0')} [error] 22#22: *${i} ${what} while reading response header from upstream, client: 198.18.0.1, server: _, request: "GET /x HTTP/1.1", upstream: "http://${upstream}/x", host: "localhost"`;
const timedOut = failed('upstream timed out (110: Connection timed out)');
const reset = failed('recv() failed (104: Connection reset by peer)');

const diagnose = (line: (i: number, upstream: string) => string, upstream: string): Promise<DiagnoseReport> =>
  diagnoseFiles({
    'docker-compose.yml': COMPOSE,
    'nginx.conf': NGINX,
    'logs/error.log': `${Array.from({ length: 8 }, (_, i) => line(i + 1, upstream)).join('\n')}\n`,
  });

/** A cause's score (0 when not shown). */
const score = (report: DiagnoseReport, id: CauseId) => report.causes.find((c) => c.id === id)?.score ?? 0;

describe("a timeout or reset ties the failure to its upstream's path", () => {
  it.each([
    ['read timeouts', timedOut],
    ['resets', reset],
  ] as const)('%s on `reports`: the defect on its path ranks above the wrong port on the healthy `web` path', async (_, line) => {
    const report = await diagnose(line, REPORTS);
    expect(report.causes[0]?.id).not.toBe('port-mismatch');
    // Clearly above, not a tie: both defects weighed alike when the failure was not tied to a path.
    expect(score(report, 'timeout-misaligned')).toBeGreaterThan(2 * score(report, 'port-mismatch'));
    if (line === timedOut) expect(report.causes[0]?.id).toBe('timeout-misaligned');
  });

  it.each([
    ['read timeouts', timedOut],
    ['resets', reset],
  ] as const)('near miss: the same %s on `web`: its wrong port ranks first', async (_, line) => {
    const report = await diagnose(line, WEB);
    expect(report.causes[0]?.id).toBe('port-mismatch');
    expect(score(report, 'port-mismatch')).toBeGreaterThan(2 * score(report, 'timeout-misaligned'));
  });
});

describe('failingUpstreams', () => {
  const paths: [] = [];
  const item = (over: Partial<Evidence>): EvidenceCollector => {
    const c = new EvidenceCollector();
    c.add({
      stage: 'reachable',
      source: { kind: 'log', where: 'error.log:1' },
      strength: 0.7,
      weights: {},
      summary: 'x',
      group: 'logs',
      upstream: REPORTS,
      ...over,
    });
    return c;
  };

  it.each([
    ['a read timeout (it connected: reachable, yes)', item({ answer: 'yes', failure: 'read-timeout', weights: { 'slow-upstream': 1 } }), [REPORTS]],
    ['a reset', item({ answer: 'yes', failure: 'reset', weights: { 'upstream-reset': 1 } }), [REPORTS]],
    ['a refusal', item({ answer: 'no', failure: 'refused', weights: { 'not-listening': 1 } }), [REPORTS]],
    [
      "a failing target's backend answering with its own error",
      item({ answer: 'yes', source: { kind: 'probe', where: 'probe', step: 'http' }, weights: { 'no-healthy-upstream': 0.5, other: 0.5 } }),
      [REPORTS],
    ],
    ['near miss: a target answering (health)', item({ answer: 'yes', source: { kind: 'probe', where: 'probe', step: 'http' } }), []],
    [
      'near miss: a lint finding (configuration, not the failure)',
      item({ answer: 'no', source: { kind: 'lint', where: 'nginx.conf:5' }, weights: { 'port-mismatch': 1 } }),
      [],
    ],
  ] as const)('%s', (_, collector, expected) => {
    expect(failingUpstreams(collector.evidence, paths)).toEqual(expected);
  });
});
