import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliResult, ROOT } from '../helpers/run-cli.js';

/**
 * A private copy of the built CLI. Several sessions rebuild dist/ in this working tree while tests run; a CLI
 * started from dist/ just before a rebuild swaps it cannot load its lazy chunks any more. The copy is immune.
 */
export function privateCli(): { run: (args: string[], options?: { input?: string | Buffer }) => CliResult; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'updoc-cli-'));
  for (let attempt = 0; ; attempt++) {
    try {
      cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
      break;
    } catch (error) {
      // dist/ is briefly absent while a build swaps it in.
      if (attempt >= 20) throw error;
      spawnSync('sleep', ['0.5']);
    }
  }
  writeFileSync(join(dir, 'updoc.mjs'), "import('./dist/bin.js');\n");
  return {
    run: (args, options = {}) => {
      const r = spawnSync(process.execPath, [join(dir, 'updoc.mjs'), ...args], {
        input: options.input ?? '',
        env: { PATH: process.env.PATH ?? '' },
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
