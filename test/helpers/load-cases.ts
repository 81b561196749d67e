import type { SignatureCases } from '../../src/core/signature-cases.js';
import { SIGNATURE_PLATFORMS } from '../../src/core/ids.js';

/** All table-test cases: one `<platform>.cases.ts` beside each platform's signature file. */
export async function loadAllCases(): Promise<Record<string, SignatureCases>> {
  const out: Record<string, SignatureCases> = {};
  for (const platform of SIGNATURE_PLATFORMS) {
    out[platform] = (await import(`../../src/knowledge/signatures/${platform}.cases.ts`)).default as SignatureCases;
  }
  return out;
}

/**
 * Every example and near-miss text of the knowledge base, in several spellings (as written, upper case, lower case,
 * spaces doubled), once each: the inputs on which a faster matcher must give exactly what the reference one gives.
 */
export async function knowledgeBaseTexts(): Promise<string[]> {
  const allCases = await loadAllCases();
  return [
    ...new Set(
      Object.values(allCases)
        .flatMap((cases) => Object.values(cases).flatMap((c) => [...c.match.map((m) => m.text), ...c.nearMiss]))
        .flatMap((t) => [t, t.toUpperCase(), t.toLowerCase(), t.replace(/ /g, '  ')]),
    ),
  ];
}
