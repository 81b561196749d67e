import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverLogFiles, isLogFileName } from '../../src/evidence/diagnose/discover-logs.js';

const root = mkdtempSync(join(tmpdir(), 'updoc-discover-logs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(base: string, files: string[]): string {
  for (const f of files) {
    mkdirSync(join(base, f, '..'), { recursive: true });
    writeFileSync(join(base, f), 'x\n');
  }
  return base;
}

describe('which files in a project directory diagnose reads as logs', () => {
  it.each([
    ['error.log', false, true],
    ['access.log.1', false, true],
    ['access.log.2.gz', false, true],
    ['app-2026-11-20.gz', false, true],
    ['proxy.txt', true, true],
    ['envoy.json', true, true],
    // near misses
    ['nginx.conf', false, false],
    ['error.log.bak', false, false],
    ['README.md', true, false],
    ['.hidden.log', false, false],
  ] as const)('%s (inside a logs/ directory: %s) → %s', (name, inside, expected) => {
    expect(isLogFileName(name, inside)).toBe(expected);
  });

  it('walks sorted, skips dependency directories, enters a linked directory once and stops at cycles and FIFOs', () => {
    const project = tree(join(root, 'project'), [
      'logs/proxy.txt',
      'logs/README.md',
      'api/error.log',
      'api/app.conf',
      'node_modules/pkg/debug.log',
      'shared/old/access.log.1',
    ]);
    symlinkSync('..', join(project, 'api', 'loop'));
    symlinkSync(join(project, 'shared'), join(project, 'also-shared'));
    execFileSync('mkfifo', [join(project, 'api', 'pipe.log')]);
    const found = discoverLogFiles(project, root);
    expect(found.files).toEqual(['project/api/error.log', 'project/logs/proxy.txt', 'project/shared/old/access.log.1']);
    expect(found.notes).toEqual([]);
  });

  it('stops at 2,000 log files with a note', () => {
    const many = join(root, 'many');
    tree(
      many,
      Array.from({ length: 2005 }, (_, i) => `logs/part-${String(i).padStart(4, '0')}.txt`),
    );
    const found = discoverLogFiles(many, root);
    expect(found.files).toHaveLength(2000);
    expect(found.notes).toEqual(['more than 2000 log files in many: the rest were not read']);
  });
});
