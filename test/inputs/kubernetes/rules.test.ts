import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Rule } from '../../../src/core/define-rule.js';
import { istioRules } from '../../../src/rules/istio/index.js';
import { kubernetesRules } from '../../../src/rules/kubernetes/index.js';
import type { CountedRuleCase } from '../../../src/rules/kubernetes/rule-case.js';
import { lintProject } from '../../helpers/lint-project.js';
import { applyFix } from '../../helpers/rule-runner.js';

const rules: readonly Rule[] = [...kubernetesRules, ...istioRules];

async function casesOf(rule: Rule): Promise<CountedRuleCase[]> {
  const path = new URL(`../../../src/rules/${rule.id}/cases.ts`, import.meta.url);
  return existsSync(path) ? ((await import(path.href)).default as CountedRuleCase[]) : [];
}

describe.each(rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  test('Problem example fires, with positions in the files given', async () => {
    const { findings } = await lintProject(rule.docs.problem.files);
    const mine = findings.filter((f) => f.rule === rule.id);
    expect(
      mine.length,
      JSON.stringify(
        findings.map((f) => [f.rule, f.message]),
        null,
        1,
      ),
    ).toBeGreaterThan(0);
    for (const f of mine) {
      expect(Object.keys(rule.docs.problem.files)).toContain(f.at.file);
      if (f.fix) expect(f.fix.line).toBeGreaterThan(0);
    }
  });

  test('Fixed example is clean', async () => {
    const { findings } = await lintProject(rule.docs.fixed.files);
    expect(findings.filter((f) => f.rule === rule.id).map((f) => f.message)).toEqual([]);
  });

  test('fix, when offered, turns the Problem into a project without the finding', async () => {
    const { findings } = await lintProject(rule.docs.problem.files);
    const fixes = findings.filter((f) => f.rule === rule.id && f.fix);
    if (fixes.length === 0) return;
    const files = { ...rule.docs.problem.files };
    // Apply fixes bottom-up so earlier positions stay valid.
    for (const f of [...fixes].sort((a, b) => b.fix!.line - a.fix!.line || b.fix!.column - a.fix!.column))
      files[f.fix!.file] = applyFix(files[f.fix!.file]!, f.fix!);
    const after = await lintProject(files);
    const before = findings.filter((f) => f.rule === rule.id).length;
    expect(after.findings.filter((f) => f.rule === rule.id).length).toBe(before - fixes.length);
  });

  test('table cases (matching and near-miss)', async () => {
    for (const c of await casesOf(rule)) {
      const { findings } = await lintProject(c.files);
      const mine = findings.filter((f) => f.rule === rule.id);
      expect(mine.length, `${c.name}: ${JSON.stringify(mine.map((f) => f.message))}`).toBe(c.findings);
      if (c.at)
        expect(
          mine.map((f) => `${f.at.file}:${f.at.line}`),
          c.name,
        ).toEqual(c.at);
      if (c.message) for (const f of mine) expect(f.message, c.name).toContain(c.message);
    }
  });
});
