import { describe, expect, it } from 'vitest';
import { SIGNATURE_PLATFORMS } from '../src/core/ids.js';
import { matchRecords } from '../src/evidence/match-signatures.js';
import { splitRecords } from '../src/inputs/text/records.js';
import { SIGNATURES } from '../src/knowledge/signatures/index.js';
import { loadAllCases } from './helpers/load-cases.js';

function matchedIds(text: string) {
  return matchRecords(splitRecords(text), SIGNATURES);
}

const allCases = await loadAllCases();

for (const platform of SIGNATURE_PLATFORMS) {
  const cases = allCases[platform];
  describe(`signatures: ${platform}`, () => {
    for (const [id, table] of Object.entries(cases)) {
      describe(id, () => {
        table.match.forEach((c, i) => {
          it(`matches example ${i + 1}`, () => {
            const matches = matchedIds(c.text).filter((m) => m.signature.id === id);
            expect(matches.length, `${id} should match:\n${c.text}`).toBeGreaterThan(0);
            if (c.fields) {
              const merged = Object.assign({}, ...matches.map((m) => m.fields));
              expect(merged).toMatchObject(c.fields);
            }
          });
        });
        table.nearMiss.forEach((text, i) => {
          it(`does not match near-miss ${i + 1}`, () => {
            const ids = matchedIds(text).map((m) => m.signature.id);
            expect(ids, `${id} should NOT match:\n${text}`).not.toContain(id);
          });
        });
      });
    }
  });
}
