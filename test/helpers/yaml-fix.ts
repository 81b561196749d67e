import { expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { lintProject } from './lint-project.js';
import { applyFix } from './rule-runner.js';

/**
 * The fix of `rule`'s finding on one YAML file, applied and checked: the finding has a fix, the fixed text parses, and
 * linted again the finding is gone with no input problem. Returns the fixed file's documents as plain objects.
 */
export async function applyYamlFix(text: string, rule: string) {
  const { findings } = await lintProject({ 'a.yaml': text });
  const finding = findings.find((f) => f.rule === rule);
  expect(finding?.fix, JSON.stringify(findings.map((f) => `${f.rule}: ${f.message}`))).toBeDefined();
  const fixed = applyFix(text, finding!.fix!);
  const docs = parseAllDocuments(fixed);
  expect(
    docs.flatMap((d) => d.errors.map((e) => e.message)),
    fixed,
  ).toEqual([]);
  const after = await lintProject({ 'a.yaml': fixed });
  expect(after.findings.filter((f) => f.rule === rule || f.rule.startsWith('input/')).map((f) => f.message)).toEqual([]);
  return docs.map((d) => d.toJS());
}
