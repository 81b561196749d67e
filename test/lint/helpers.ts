import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defineRule, type Rule } from '../../src/core/define-rule.js';

/** A temporary directory with files (string or bytes), removed by `cleanup`. */
export function tempProject(files: Record<string, string | Uint8Array> = {}): {
  root: string;
  write: (path: string, content: string | Uint8Array) => string;
  cleanup: () => void;
} {
  const root = mkdtempSync(join(tmpdir(), 'updoc-lint-test-'));
  const write = (path: string, content: string | Uint8Array) => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    return absolute;
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return { root, write, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * A rule for engine tests: reports every line containing `MARK` in any discovered file, so suppression,
 * sorting and filtering can be tested without depending on a platform parser.
 */
export const markerRule: Rule = defineRule({
  id: 'nginx/test-marker',
  domain: 'nginx',
  cause: 'config-error',
  severity: 'warning',
  title: 'Test rule: a line contains MARK',
  docs: { why: 'test', problem: { files: {} }, fixed: { files: {} }, remediation: 'Remove MARK.' },
  check(ctx) {
    for (const file of ctx.facts.files) {
      file.text.split('\n').forEach((line, i) => {
        const column = line.indexOf('MARK');
        if (column >= 0) ctx.report({ message: `MARK in ${file.path}`, at: { file: file.path, line: i + 1, column: column + 1 } });
      });
    }
  },
});

export const secondMarkerRule: Rule = defineRule({ ...markerRule, id: 'compose/test-marker', domain: 'compose', severity: 'info' });
