import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/core/ids.js';
import { expectCausesContract } from '../helpers/expect-causes.js';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, fixture } from './helpers.js';

/**
 * The `--json` contract of `updoc logs`, on every format's fixture: `files {path, format, lines,
 * matched}`, `byUpstream {upstream, count, byCause}`, `bySignature {signature, count}`, `causes {id,
 * score, why}` — with the counts adding up across the three views.
 */
const LOGS = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.txt') && !['events.txt', 'incident-events.txt', 'nginx.conf.txt'].includes(name))
  .sort();

interface LogsJson {
  files: { path: string; format: string; lines: number; matched: number; problems: unknown[] }[];
  byUpstream: { upstream: string; count: number; byCause: Record<string, number> }[];
  bySignature: { signature: string; count: number }[];
  causes: { id: string; score: number; why: string }[];
  totals: { failures: number; lines: number; records: number };
}

describe('updoc logs --json contract, per format fixture', () => {
  it('covers every format the issue lists', () => {
    const out = JSON.parse(runCli(['logs', '--json', ...LOGS.map(fixture)]).stdout) as LogsJson;
    const formats = out.files.map((f) => f.format);
    for (const f of [
      'nginx-error',
      'nginx-access',
      'ingress-nginx',
      'envoy',
      'istio',
      'envoy-json',
      'haproxy',
      'aws-alb',
      'aws-elb',
      'gcp-lb',
      'traefik',
      'traefik-json',
      'caddy',
      'kong',
      'apache-error',
      'spring',
      'node',
      'go',
      'python',
      'kubectl-events',
    ])
      expect(formats).toContain(f);
  });

  for (const name of LOGS) {
    it(name, () => {
      const r = runCli(['logs', '--json', fixture(name)]);
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as LogsJson;

      expect(out.files).toHaveLength(1);
      const [file] = out.files;
      expect(file).toEqual(
        expect.objectContaining({ path: fixture(name), format: expect.any(String), lines: expect.any(Number), matched: expect.any(Number) }),
      );
      expect(file.format).not.toBe('unknown');
      expect(file.problems).toEqual([]);
      expect(file.lines).toBeGreaterThanOrEqual(file.matched);
      expect(file.matched).toBeGreaterThan(0);

      const failures = out.totals.failures;
      expect(failures).toBeGreaterThan(0);
      let perUpstream = 0;
      for (const u of out.byUpstream) {
        expect(u).toEqual(expect.objectContaining({ upstream: expect.any(String), count: expect.any(Number), byCause: expect.any(Object) }));
        const byCause = Object.entries(u.byCause);
        for (const [cause, n] of byCause) {
          expect(CAUSE_IDS).toContain(cause);
          expect(Number.isInteger(n) && n > 0).toBe(true);
        }
        // An upstream's failures are split over causes without loss.
        expect(byCause.reduce((a, [, n]) => a + n, 0)).toBe(u.count);
        perUpstream += u.count;
      }
      expect(perUpstream).toBe(failures);

      for (const s of out.bySignature) expect(s).toEqual(expect.objectContaining({ signature: expect.any(String), count: expect.any(Number) }));
      expect(out.bySignature.reduce((a, s) => a + s.count, 0)).toBe(failures);
      expect(out.bySignature.map((s) => s.count)).toEqual(out.bySignature.map((s) => s.count).sort((a, b) => b - a));

      expectCausesContract(out.causes);
      expect(out.causes.every((c) => c.why.length > 0)).toBe(true);
    });
  }
});
