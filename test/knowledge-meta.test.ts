import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS, PHASES, SIGNATURE_PLATFORMS } from '../src/core/ids.js';
import { SIGNATURES } from '../src/knowledge/signatures/index.js';
import { loadAllCases } from './helpers/load-cases.js';

const catalogIds = readFileSync(new URL('./fixtures/catalog-ids.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);
const allCases = await loadAllCases();
const causeIds = new Set<string>(CAUSE_IDS);

describe('signature knowledge base is complete', () => {
  it('covers every entry of the catalog (shared/reference/error-signatures.md)', () => {
    const covered = new Set(SIGNATURES.map((s) => s.catalog));
    const missing = catalogIds.filter((id) => !covered.has(id));
    expect(missing).toEqual([]);
  });

  it('has unique ids of the form <platform>/<kebab-case>', () => {
    const ids = SIGNATURES.map((s) => s.id);
    expect(ids.length).toBe(new Set(ids).size);
    for (const s of SIGNATURES) {
      expect(s.id, s.id).toMatch(/^[a-z-]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(s.id.split('/')[0], s.id).toBe(s.platform);
      expect(SIGNATURE_PLATFORMS).toContain(s.platform);
      expect(catalogIds, `${s.id} names an unknown catalog entry`).toContain(s.catalog);
    }
  });

  for (const s of SIGNATURES) {
    describe(s.id, () => {
      it('is a complete declaration', () => {
        expect(s.title.trim()).not.toBe('');
        expect(s.meaning.trim().length).toBeGreaterThan(20);
        expect(s.fix.trim().length).toBeGreaterThan(10);
        expect(s.checks.length).toBeGreaterThan(0);
        expect(PHASES).toContain(s.phase);
        expect(s.source).toMatch(/^https:\/\//);
        expect(['src', 'doc', 'kb', 'verified']).toContain(s.evidence);
      });
      it('has valid, weighted causes', () => {
        const entries = Object.entries(s.causes);
        expect(entries.length).toBeGreaterThan(0);
        for (const [id, weight] of entries) {
          expect(causeIds.has(id), `${s.id}: unknown cause ${id}`).toBe(true);
          expect(weight).toBeGreaterThan(0);
          expect(weight).toBeLessThanOrEqual(1);
        }
      });
      it('has a prefilter that its pattern cannot bypass', () => {
        expect(s.keywords.length).toBeGreaterThan(0);
        for (const k of s.keywords) {
          expect(k).toBe(k.toLowerCase());
          expect(k.length).toBeGreaterThanOrEqual(2);
        }
        expect(s.pattern.flags).not.toMatch(/[gy]/);
      });
      it('has match and near-miss tests', () => {
        const cases = allCases[s.platform]?.[s.id];
        expect(cases, `${s.id} has no entry in ${s.platform}.cases.ts`).toBeDefined();
        expect(cases?.match.length).toBeGreaterThan(0);
        expect(cases?.nearMiss.length).toBeGreaterThan(0);
        for (const c of cases?.match ?? []) {
          const lower = c.text.toLowerCase();
          expect(
            s.keywords.some((k) => lower.includes(k)),
            `a match example of ${s.id} contains none of its keywords`,
          ).toBe(true);
        }
      });
    });
  }

  it('has no cases for signatures that do not exist', () => {
    const ids = new Set(SIGNATURES.map((s) => s.id));
    for (const [platform, cases] of Object.entries(allCases)) {
      for (const id of Object.keys(cases)) expect(ids.has(id), `${platform}.cases.ts: unknown signature ${id}`).toBe(true);
    }
  });
});
