import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding, Fix, Rule } from '../../src/core/define-rule.js';
import type { RuleCase } from '../../src/rules/rule-case.js';
import { lintProject } from './lint-project.js';

/**
 * The rules of a domain beyond their docs examples (test/rules-meta.test.ts runs those): every fix, applied to
 * the Problem example, keeps the files readable and makes the finding go away; every `cases.ts` table case
 * (matching and near-miss) reports exactly at the expected positions, with the expected fixes, and those fixes work.
 */
export function describeRules(rules: readonly Rule[]): void {
  describe.each(rules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    it('its fixes, applied to the Problem example, keep the files valid and make the finding go away', async () => {
      await expectFixesWork(id, rule.docs.problem.files, 'Problem example');
    });

    it('table cases: matching ones report at the expected positions, near misses stay silent, fixes work', async () => {
      const cases = await loadCases(rule);
      for (const c of cases) {
        const { findings } = await lintProject(c.files);
        const mine = findings.filter((f) => f.rule === id);
        expect(mine.map(at), `${id} / ${c.name}: ${mine.map((f) => f.message).join(' | ')}`).toEqual(c.expect);
        const problems = findings.filter((f) => f.rule.startsWith('input/')).map((f) => f.message);
        const expected = c.inputProblems ?? [];
        expect(problems.length, `${id} / ${c.name}: input problems ${JSON.stringify(problems)}`).toBe(expected.length);
        for (const [i, pattern] of expected.entries()) expect(problems[i], `${id} / ${c.name}: input problem ${i + 1}`).toMatch(pattern);
        if (c.fixes)
          expect(
            mine.map((f) => f.fix?.replacement),
            `${id} / ${c.name}: fixes`,
          ).toEqual(c.fixes);
        if (c.expect.length > 0) await expectFixesWork(id, c.files, c.name, expected.length);
      }
    });
  });
}

export function applyFix(text: string, fix: Fix): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  return text.slice(0, offset(fix.line, fix.column)) + fix.replacement + text.slice(offset(fix.endLine, fix.endColumn));
}

async function expectFixesWork(id: string, files: Record<string, string>, label: string, inputProblems = 0): Promise<void> {
  const { findings } = await lintProject(files);
  const fixes = findings.filter((f) => f.rule === id && f.fix).map((f) => f.fix!);
  if (fixes.length === 0) return;
  const fixed = { ...files };
  // From the end of each file, so earlier positions stay valid; one fix per place.
  const seen = new Set<string>();
  for (const fix of [...fixes].sort((a, b) => b.line - a.line || b.column - a.column)) {
    const key = `${fix.file}:${fix.line}:${fix.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fixed[fix.file] = applyFix(fixed[fix.file]!, fix);
  }
  const after = await lintProject(fixed);
  expect(
    after.findings.filter((f) => f.rule === id).map((f) => f.message),
    `${id} / ${label}: still fires after the fix`,
  ).toEqual([]);
  const problems = after.findings.filter((f) => f.rule.startsWith('input/')).map((f) => f.message);
  expect(problems.length, `${id} / ${label}: the fix broke a file: ${JSON.stringify(problems)}`).toBe(inputProblems);
}

function at(f: Finding): string {
  return `${f.at.file}:${f.at.line}:${f.at.column}`;
}

async function loadCases(rule: Rule): Promise<RuleCase[]> {
  const folder = new URL(`../../src/rules/${rule.id}/`, import.meta.url);
  if (!readdirSync(folder).includes('cases.ts')) return [];
  return ((await import(new URL('cases.ts', folder).href)) as { default: RuleCase[] }).default;
}
