import type { Fields } from './ids.js';

/** A line (or multi-line excerpt) the signature must match, with the fields it must extract. */
export interface MatchCase {
  text: string;
  /** Expected extracted fields (a subset: only the fields listed are compared). */
  fields?: Fields;
}

/**
 * Table-test data for one platform file: for every signature id, real-looking texts that must match
 * and near-miss texts that must not (same platform, similar words, different meaning).
 */
export type SignatureCases = Record<string, { match: readonly MatchCase[]; nearMiss: readonly string[] }>;
