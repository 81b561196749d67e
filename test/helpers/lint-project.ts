import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Finding } from '../../src/core/define-rule.js';
import { type LintOptions, type LintResult, lint } from '../../src/diagnosis/lint.js';
import type { LintFacts } from '../../src/evidence/lint-facts.js';

export interface LintProjectOptions extends Omit<LintOptions, 'cwd' | 'paths'> {
  /** What to lint, relative to the project (default: the whole project, `.`). */
  paths?: string[];
}

export interface LintProjectResult {
  findings: Finding[];
  facts: LintFacts;
  /** The whole engine result (suppressed findings, sources, notes). */
  result: LintResult;
}

/**
 * Writes a virtual project (relative path → content) to a temporary directory and runs the real engine on it,
 * from inside the directory, so finding paths equal the keys given (`nginx/nginx.conf`).
 */
export async function lintProject(files: Record<string, string>, options: LintProjectOptions = {}): Promise<LintProjectResult> {
  const root = mkdtempSync(join(tmpdir(), 'updoc-lint-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      if (path.startsWith('/') || path.split(/[\\/]/).includes('..')) throw new Error(`lintProject: path "${path}" must stay inside the project`);
      const absolute = join(root, path);
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute, content);
    }
    const { paths, ...rest } = options;
    const result = lint({ ...rest, cwd: root, paths: paths ?? ['.'] });
    return { findings: result.findings, facts: result.facts, result };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Findings of one rule, as `line:column` strings: compact to assert on. */
export function positionsOf(findings: readonly Finding[], rule: string): string[] {
  return findings.filter((f) => f.rule === rule).map((f) => `${f.at.file}:${f.at.line}:${f.at.column}`);
}
