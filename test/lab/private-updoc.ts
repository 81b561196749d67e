import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliResult, ROOT } from '../helpers/run-cli.js';

/**
 * A private installation of the built CLI (bin/, dist/, package.json) for the lab tests. Other sessions rebuild
 * dist/ in this working tree while tests run, and the lab starts updoc again and again (backends, the traffic
 * driver, logs/lint/probe, probe's re-execution inside a namespace): each finds bin/updoc.js next to its own
 * bundle, so all of them use this copy.
 */
export interface PrivateUpdoc {
  dir: string;
  bin: string;
  run(args: string[], options?: { timeout?: number }): CliResult;
  start(args: string[]): ReturnType<typeof spawn>;
  cleanup(): void;
}

export function privateUpdoc(): PrivateUpdoc {
  const dir = mkdtempSync(join(tmpdir(), 'updoc-lab-cli-'));
  // Readable by the unprivileged user the no-root tests run it as.
  chmodSync(dir, 0o755);
  for (let attempt = 0; ; attempt++) {
    try {
      rmSync(join(dir, 'dist'), { recursive: true, force: true });
      cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
      break;
    } catch (error) {
      // dist/ is briefly absent while a build swaps it in.
      if (attempt >= 20) throw error;
      spawnSync('sleep', ['0.5']);
    }
  }
  mkdirSync(join(dir, 'bin'));
  cpSync(join(ROOT, 'bin', 'updoc.js'), join(dir, 'bin', 'updoc.js'));
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  const bin = join(dir, 'bin', 'updoc.js');
  const env = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', NO_COLOR: '1' };
  return {
    dir,
    bin,
    run: (args, options = {}) => {
      const r = spawnSync(process.execPath, [bin, ...args], {
        env,
        cwd: ROOT,
        encoding: 'utf8',
        timeout: options.timeout ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    // Own process group, so a test can end it and whatever it started (cluster workers) at once.
    start: (args) => spawn(process.execPath, [bin, ...args], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
