import { describe, expect, it } from 'vitest';
import type { Signature } from '../../src/core/define-signature.js';
import { FIELD_NAMES, type FieldName, type Fields } from '../../src/core/ids.js';
import { analysePattern, matchSignature, splitUpstream } from '../../src/evidence/match-signatures.js';
import { SIGNATURES } from '../../src/knowledge/signatures/index.js';
import { knowledgeBaseTexts } from '../helpers/load-cases.js';

/**
 * The signature matcher checks literals every match must contain before running a regex, reads
 * captures by index, and caches the fields split from an upstream. None of that may change a result:
 * checked here on every signature against every example and near miss of the knowledge base, in
 * several spellings. (Both split an upstream with the same `splitUpstream`; what is compared is how
 * a match becomes fields.)
 */

const texts = await knowledgeBaseTexts();

/** The matcher as it was before these optimisations: keyword check, regex, `groups`, spread. */
function referenceMatch(signature: Signature, text: string, lower: string): Fields | null {
  if (!signature.keywords.some((k) => lower.includes(k))) return null;
  const m = signature.pattern.exec(text);
  if (!m) return null;
  const captured: Fields = {};
  for (const [rawName, value] of Object.entries(m.groups ?? {})) {
    if (value === undefined || value === '') continue;
    const name = rawName.replace(/_\d+$/, '');
    if (!(FIELD_NAMES as readonly string[]).includes(name)) continue;
    if (captured[name as FieldName] === undefined) captured[name as FieldName] = value;
  }
  const fields: Fields = { ...signature.fields, ...captured };
  if (fields.upstream && (!fields.host || !fields.port)) {
    for (const [k, v] of Object.entries(splitUpstream(fields.upstream)) as [FieldName, string][]) if (fields[k] === undefined) fields[k] = v;
  }
  return fields;
}

describe('required literals and capture indexes of the signature patterns', () => {
  it('every match contains the required literals, and named groups are at the indexes found', () => {
    let matches = 0;
    for (const signature of SIGNATURES) {
      const { literals, groups } = analysePattern(signature.pattern);
      for (const text of texts) {
        const m = signature.pattern.exec(text);
        if (!m) continue;
        matches++;
        const lower = text.toLowerCase();
        for (const literal of literals) expect(lower.includes(literal), `${signature.id}: "${literal}" in ${text}`).toBe(true);
        for (const { name, index } of groups ?? []) expect(m[index], `${signature.id}: group ${name}`).toBe(m.groups?.[name]);
      }
    }
    expect(matches).toBeGreaterThan(1000);
  });

  it('most signatures have literals to check, and every pattern is read', () => {
    const analysed = SIGNATURES.map((s) => analysePattern(s.pattern));
    expect(analysed.filter((a) => a.literals.length > 0).length).toBeGreaterThan(SIGNATURES.length / 2);
    expect(analysed.every((a) => a.groups !== null)).toBe(true);
  });

  it('matchSignature gives exactly what the plain regex and groups give (fields and their order)', () => {
    let compared = 0;
    const lowered = texts.map((t) => t.toLowerCase());
    // Twice: the second round runs with the literal checks the first round decided to skip or keep.
    for (let round = 0; round < 2; round++) {
      for (const signature of SIGNATURES) {
        // Texts without a keyword are refused by both before anything else; a few of them are kept.
        const candidates = texts.filter((_, i) => i % 97 === 0 || signature.keywords.some((k) => lowered[i].includes(k)));
        for (const text of candidates) {
          const lower = text.toLowerCase();
          const expected = referenceMatch(signature, text, lower);
          const got = matchSignature(signature, text, lower);
          expect(JSON.stringify(got), `${signature.id} on ${text}`).toBe(JSON.stringify(expected));
          if (expected) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('analysePattern', () => {
  const cases: [RegExp, string[]][] = [
    [/connect\(\) failed \((?<errno>\d+): Connection refused\)/i, [': connection refused)', 'connect() failed (']],
    [/(?:upstream timed out|connect\(\) failed) while connecting/, [' while connecting']],
    [/abc|defgh/, []],
    [/prefix(?:optional part)? suffix/, [' suffix', 'prefix']],
    [/(?=lookahead text)real text/, ['real text']],
    [/reset\s+by\s+peer/, ['peer', 'reset']],
    [/ab+cdef/, ['bcdef']],
    [/abcd?efgh/, ['efgh']],
    [/[abc]+ literal after class/, [' literal after class']],
    [/\bno live upstreams\b/, ['no live upstreams']],
    [/a.b.c.d/, []],
  ];
  for (const [pattern, literals] of cases) {
    it(`${pattern.source} → ${JSON.stringify(literals)}`, () => {
      expect(analysePattern(pattern).literals.sort()).toEqual([...literals].sort());
    });
  }

  it('gives up on the u flag (another escape syntax) rather than guess', () => {
    expect(analysePattern(/connection refused/u)).toEqual({ literals: [], groups: null });
  });

  it('numbers named groups among unnamed ones and lookarounds', () => {
    const pattern = /(a)(?:b)(?<first>c)(?=(d))d(?<second>e)/;
    const { groups } = analysePattern(pattern);
    expect(groups).toEqual([
      { name: 'first', index: 2 },
      { name: 'second', index: 4 },
    ]);
    const m = pattern.exec('abcde');
    expect(m?.[2]).toBe('c');
    expect(m?.[4]).toBe('e');
  });
});
