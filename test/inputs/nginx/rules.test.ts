import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding, Fix, Rule } from '../../../src/core/define-rule.js';
import { haproxyRules } from '../../../src/rules/haproxy/index.js';
import { nginxRules } from '../../../src/rules/nginx/index.js';
import type { RuleCase } from '../../../src/rules/rule-case.js';
import { lintProject } from '../../helpers/lint-project.js';

/**
 * The nginx and HAProxy rules beyond their docs examples (test/rules-meta.test.ts runs those):
 * every fix, applied to the Problem example, makes the finding go away; every `cases.ts` table case
 * (matching and near-miss) reports exactly at the expected positions.
 */

const RULES: readonly Rule[] = [...nginxRules, ...haproxyRules];

function applyFix(text: string, fix: Fix): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  return text.slice(0, offset(fix.line, fix.column)) + fix.replacement + text.slice(offset(fix.endLine, fix.endColumn));
}

function at(f: Finding): string {
  return `${f.at.file}:${f.at.line}:${f.at.column}`;
}

async function loadCases(rule: Rule): Promise<RuleCase[]> {
  const folder = new URL(`../../../src/rules/${rule.id}/`, import.meta.url);
  if (!readdirSync(folder).includes('cases.ts')) return [];
  return ((await import(new URL('cases.ts', folder).href)) as { default: RuleCase[] }).default;
}

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  it('its fixes, applied to the Problem example, make the finding go away', async () => {
    const files = rule.docs.problem.files;
    const { findings } = await lintProject(files);
    const fixes = findings.filter((f) => f.rule === id && f.fix).map((f) => f.fix!);
    if (fixes.length === 0) return;
    const fixed = { ...files };
    // Apply from the end of each file so earlier positions stay valid.
    for (const fix of [...fixes].sort((a, b) => b.line - a.line || b.column - a.column)) fixed[fix.file] = applyFix(fixed[fix.file], fix);
    const after = await lintProject(fixed);
    expect(after.findings.filter((f) => f.rule === id).map((f) => f.message)).toEqual([]);
  });

  it('table cases: matching ones report at the expected positions, near misses stay silent', async () => {
    const cases = await loadCases(rule);
    for (const c of cases) {
      const { findings } = await lintProject(c.files);
      const mine = findings.filter((f) => f.rule === id);
      expect(mine.map(at), `${id} / ${c.name}: ${mine.map((f) => f.message).join(' | ')}`).toEqual(c.expect);
      if (c.fixes)
        expect(
          mine.map((f) => f.fix?.replacement),
          `${id} / ${c.name}: fixes`,
        ).toEqual(c.fixes);
    }
  });
});
