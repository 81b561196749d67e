import { describe, expect, it } from 'vitest';
import { LogAggregator, MAX_UPSTREAMS } from '../../src/evidence/log-summary/aggregate.js';
import type { ScannedRecord } from '../../src/inputs/logs/file-scanner.js';
import { SIGNATURES } from '../../src/knowledge/signatures/index.js';

/**
 * The aggregator keeps, per group, the counts of its upstream between records, and folds the least busy upstreams
 * into "(other)" past a bound: after any number of folds, every record must still be counted once under its
 * upstream (or "(other)"), and an upstream's failures must be the sum of its groups' counts.
 */
const refused = SIGNATURES.find((s) => s.id === 'nginx/connect-refused') as (typeof SIGNATURES)[number];
const timeout = SIGNATURES.find((s) => s.id === 'nginx/read-header-timeout') as (typeof SIGNATURES)[number];

function recordOf(line: number, signature: typeof refused, upstream: string): ScannedRecord {
  const fields = { upstream: `http://${upstream}/`, host: upstream.split(':')[0], port: upstream.split(':')[1] };
  return { line, time: Date.UTC(2024, 2, 12) + line * 1000, text: `line ${line}`, matches: [{ signature, fields, upstreamFields: fields }], repeat: 1 };
}

describe('LogAggregator counts per upstream across folds', () => {
  it('counts each record once, under its upstream or (other), with upstream totals equal to their groups', () => {
    const aggregator = new LogAggregator();
    // Busy upstreams recur between waves of one-off ones, which force folds (past twice the kept number).
    const busy = ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'];
    const expected = new Map<string, number>();
    let line = 0;
    for (let wave = 0; wave < 5; wave++) {
      for (let i = 0; i < MAX_UPSTREAMS; i++) {
        const once = `10.${wave + 1}.${i >> 8}.${i & 255}:80`;
        aggregator.record('f', recordOf(++line, i % 2 ? refused : timeout, once), 'nginx');
        expected.set(once, 1);
        const b = busy[i % 3];
        aggregator.record('f', recordOf(++line, i % 5 ? refused : timeout, b), 'nginx');
        expected.set(b, (expected.get(b) ?? 0) + 1);
      }
    }
    aggregator.finish();
    expect(aggregator.foldedUpstreams).toBeGreaterThan(0);
    const upstreams = [...aggregator.upstreams.values()];
    expect(upstreams.length).toBeLessThanOrEqual(MAX_UPSTREAMS + 1);
    expect(upstreams.reduce((a, u) => a + u.failures, 0)).toBe(line);
    expect(aggregator.failures).toBe(line);
    for (const u of upstreams) {
      const groups = [...aggregator.groups.values()].filter((g) => g.upstream === u.upstream);
      expect(
        groups.reduce((a, g) => a + g.count, 0),
        u.upstream,
      ).toBe(u.failures);
      if (u.upstream !== '(other)') expect(u.failures, u.upstream).toBe(expected.get(u.upstream));
    }
    // The busy ones are never folded.
    for (const b of busy) expect(aggregator.upstreams.get(b)?.failures).toBe(expected.get(b));
  });
});

describe('a group folded into (other) keeps its facets and samples', () => {
  const errno = SIGNATURES.find((s) => s.id === 'os/connection-refused');

  it('whether (other) had a group of its signature or not', () => {
    expect(errno).toBeDefined();
    const aggregator = new LogAggregator();
    let line = 0;
    // One-off upstreams, each failing once with a facet, until folding has made (other) groups and merged more into them.
    for (let i = 0; i < 3 * MAX_UPSTREAMS; i++) {
      const record = recordOf(++line, refused, `10.${1 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}:80`);
      record.matches.push({ signature: errno as (typeof SIGNATURES)[number], fields: {} });
      record.facetOccurrence = 3;
      aggregator.record('f', record, 'nginx');
    }
    aggregator.finish();
    expect(aggregator.foldedUpstreams).toBeGreaterThan(MAX_UPSTREAMS);
    const other = [...aggregator.groups.values()].find((g) => g.upstream === '(other)' && g.signature === refused);
    expect(other?.facets.map((f) => f.id)).toEqual([errno?.id]);
    expect(other?.samples.length).toBe(3);
    // The facet's occurrence is kept with it (a parallel scan merges pieces by it), not lost to -1.
    const snapshot = aggregator.snapshot();
    const otherSnapshot = snapshot.groups.find((g) => g.key.endsWith('\u0000(other)') && g.signature === refused.id);
    expect(otherSnapshot?.facets).toEqual([[errno?.id, 3]]);
  });
});
