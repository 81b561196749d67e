import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type DiagnoseOptions, diagnoseProject } from '../../src/diagnosis/diagnose.js';
import type { DiagnoseReport } from '../../src/diagnosis/diagnose/report.js';

/**
 * Writes a small project (relative path → content) to a temporary directory and diagnoses it as `updoc diagnose .`
 * run inside it would (report paths equal the keys given), then removes it.
 */
export async function diagnoseFiles(files: Record<string, string>, options: Omit<DiagnoseOptions, 'paths' | 'cwd'> = {}): Promise<DiagnoseReport> {
  const root = mkdtempSync(join(tmpdir(), 'updoc-diagnose-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return await diagnoseProject({ ...options, paths: [root], cwd: root });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
