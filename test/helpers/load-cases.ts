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
