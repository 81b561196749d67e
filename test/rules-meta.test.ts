import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_DOMAINS, SEVERITIES } from '../src/core/define-rule.js';
import { CAUSE_IDS } from '../src/core/ids.js';
import { RULES } from '../src/rules/index.js';
import { lintProject } from './helpers/lint-project.js';

/** Check ids of shared/reference/config-analyzers.md, tables 2a and 2b. */
const CATALOG_IDS = new Set([
  ...range('A', 7),
  ...range('B', 4),
  ...range('C', 6),
  ...range('D', 5),
  ...range('E', 10),
  ...range('F', 5),
  ...range('G', 4),
  ...range('X', 17),
]);

function range(letter: string, last: number): string[] {
  return Array.from({ length: last }, (_, i) => `${letter}${i + 1}`);
}

describe('every rule is complete', () => {
  it('has unique ids', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s: metadata', (id, rule) => {
    expect(id).toMatch(/^[a-z][a-z0-9-]*\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(RULE_DOMAINS).toContain(rule.domain);
    expect(id.startsWith(`${rule.domain}/`)).toBe(true);
    // The folder is the id: src/rules/<domain>/<problem>/index.ts.
    expect(existsSync(new URL(`../src/rules/${id}/index.ts`, import.meta.url))).toBe(true);
    expect(CAUSE_IDS).toContain(rule.cause);
    expect(SEVERITIES).toContain(rule.severity);
    expect(rule.title.trim().length).toBeGreaterThan(10);
    expect(rule.title).not.toMatch(/\.$/);
    expect(rule.docs.why.trim().length).toBeGreaterThan(40);
    expect(rule.docs.remediation.trim()).toMatch(/[.)]$/);
    expect(Object.keys(rule.docs.problem.files).length).toBeGreaterThan(0);
    expect(Object.keys(rule.docs.fixed.files).length).toBeGreaterThan(0);
    for (const catalogId of rule.catalog ?? []) expect(CATALOG_IDS, `${id}: catalog id ${catalogId}`).toContain(catalogId);
    for (const reference of rule.docs.references ?? []) expect(reference).toMatch(/^https:\/\/\S+$/);
  });
});

describe('every rule fires on its Problem example and not on its Fixed example', () => {
  it.each(RULES.map((r) => [r.id, r] as const))('%s', async (id, rule) => {
    const problem = await lintProject(rule.docs.problem.files);
    const fired = problem.findings.filter((f) => f.rule === id);
    expect(fired.length, `${id}: the Problem example must fire the rule`).toBeGreaterThan(0);
    for (const f of fired) {
      expect(f.cause).toBe(rule.cause);
      expect(f.severity).toBe(rule.severity);
      // The position cites a file of the example (or one it includes) at a real line.
      expect(Object.keys(rule.docs.problem.files), `${id}: finding file ${f.at.file}`).toContain(f.at.file);
      expect(f.at.line).toBeGreaterThanOrEqual(1);
      expect(f.at.column).toBeGreaterThanOrEqual(1);
      expect(f.message.trim().length).toBeGreaterThan(10);
      if (f.fix) expect(Object.keys(rule.docs.problem.files)).toContain(f.fix.file);
    }
    const fixed = await lintProject(rule.docs.fixed.files);
    expect(
      fixed.findings.filter((f) => f.rule === id).map((f) => f.message),
      `${id}: the Fixed example must not fire the rule`,
    ).toEqual([]);
    // Examples are well-formed, so they show the rule and nothing about unreadable input.
    if (rule.domain !== 'input') {
      for (const result of [problem, fixed]) expect(result.findings.filter((f) => f.rule.startsWith('input/')).map((f) => f.message)).toEqual([]);
    }
  });
});

describe('the catalog', () => {
  it('has exactly the ids of config-analyzers.md tables 2a and 2b', () => {
    expect(CATALOG_IDS.size).toBe(7 + 4 + 6 + 5 + 10 + 5 + 4 + 17);
    expect(CATALOG_IDS.has('C6')).toBe(true);
    expect(CATALOG_IDS.has('X18')).toBe(false);
  });
});
