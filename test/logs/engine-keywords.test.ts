import { describe, expect, it } from 'vitest';
import { scanSetupFactory } from '../../src/evidence/log-summary/summarise-logs.js';
import { formatById, LOG_FORMATS } from '../../src/inputs/logs/formats/registry.js';
import type { LogFormat } from '../../src/inputs/logs/formats/types.js';
import { FLAG_NO_KEYWORDS, RECORD_WORDS, scanEngine } from '../../src/inputs/logs/wasm-scanner.js';
import { loadAllCases } from '../helpers/load-cases.js';

/**
 * The WebAssembly scanner reports the keywords of every line it hands over, found one of two ways:
 * from the anchors in the line (when every keyword contains one of a few anchors) or with an
 * Aho-Corasick automaton. Either way they must be exactly the keywords the line contains (ASCII
 * case-insensitive), checked here line by line against `includes` on the lower-cased line.
 */

const allCases = await loadAllCases();
const caseLines = Object.values(allCases)
  .flatMap((cases) => Object.values(cases).flatMap((c) => [...c.match.map((m) => m.text), ...c.nearMiss]))
  .flatMap((t) => t.split('\n'))
  .filter((l) => l.length > 0);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Example lines, upper-cased, cut, glued together and repeated (so keywords overlap and recur). */
function lines(seed: number, count: number): string[] {
  const r = rng(seed);
  const pick = () => caseLines[Math.floor(r() * caseLines.length)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = pick();
    const x = r();
    if (x < 0.2) line = line.toUpperCase();
    else if (x < 0.3) line = line.replace(/[a-z]/g, (c) => (r() < 0.5 ? c.toUpperCase() : c));
    else if (x < 0.45) line = `${line.slice(Math.floor(r() * line.length))} ${pick().slice(0, 40)}`;
    else if (x < 0.55) line = `${line} ${line}`;
    out.push(line);
  }
  return out;
}

function keywordsPerLine(format: LogFormat, input: string[]): { fromAnchors: boolean; checked: number; withKeywords: number } {
  const engine = scanEngine();
  if (!engine) throw new Error('no WebAssembly engine');
  const setup = scanSetupFactory(format, LOG_FORMATS)({ referenceYear: 2024, referenceTime: Date.UTC(2024, 2, 12) });
  const index = setup.indexFor(format);
  const plan = setup.prefilterFor(format, index, input.slice(0, 200), false).plan(null);
  expect(engine.use(plan)).toBe(true);
  const keywords = index.keywords;
  const buf = Buffer.from(`${input.join('\n')}\n`, 'latin1');
  const delta = engine.begin(buf, 0, buf.length);
  if (delta === null) throw new Error('block does not fit');
  let checked = 0;
  let withKeywords = 0;
  for (;;) {
    const n = engine.scan();
    for (let i = 0; i < n; i++) {
      const r = i * RECORD_WORDS;
      if (engine.records[r + 4] & FLAG_NO_KEYWORDS) continue;
      const line = buf.toString('latin1', engine.records[r + 1] + delta, engine.records[r + 2] + delta).toLowerCase();
      const start = engine.records[r + 5];
      const found = [...engine.keywordIds.subarray(start, start + engine.records[r + 6])].sort((a, b) => a - b);
      const expected = keywords.flatMap((k, id) => (/^[\x00-\x7f]+$/.test(k) && line.includes(k) ? [id] : []));
      expect(found, line).toEqual(expected);
      checked++;
      if (found.length > 0) withKeywords++;
    }
    if (engine.finished) break;
  }
  return { fromAnchors: engine.keywordsFromAnchors, checked, withKeywords };
}

describe('keywords the WebAssembly scanner reports for each line', () => {
  it('from the anchors in the line (nginx error log: a few anchors cover every keyword)', () => {
    const result = keywordsPerLine(formatById('nginx-error') as LogFormat, lines(1, 20_000));
    expect(result.fromAnchors).toBe(true);
    expect(result.checked).toBeGreaterThan(2000);
    expect(result.withKeywords).toBeGreaterThan(2000);
  });

  it('with the automaton (every signature: too many anchors to look for in each line)', () => {
    const result = keywordsPerLine(formatById('unknown') as LogFormat, lines(2, 20_000));
    expect(result.fromAnchors).toBe(false);
    expect(result.checked).toBeGreaterThan(2000);
    expect(result.withKeywords).toBeGreaterThan(2000);
  });
});
