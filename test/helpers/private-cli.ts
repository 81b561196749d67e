import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliResult, ROOT, type RunCliOptions, runCli } from './run-cli.js';

export interface PrivateCli {
  dir: string;
  /** `<dir>/bin/updoc.js`, next to its own dist/. */
  bin: string;
  /** `runCli` on this copy; the timeout defaults to 60 s. */
  run(args: string[], options?: RunCliOptions): CliResult;
  /** Starts the copy without waiting, in its own process group (a test can end it and what it started at once). */
  start(args: string[], options?: { env?: Record<string, string> }): ChildProcess;
  cleanup(): void;
}

/**
 * A private installation of the built CLI (bin/, dist/, package.json) in a temporary directory. Other sessions
 * rebuild dist/ in this working tree while tests run, and a CLI started from dist/ just before a rebuild swaps it
 * cannot load its lazy chunks any more; a copy is immune. Whatever it starts again (`probe --from` re-executing
 * itself, the lab's backends and traffic driver) finds bin/updoc.js next to its own bundle, so it uses the copy too.
 */
export function privateCli(): PrivateCli {
  const dir = mkdtempSync(join(tmpdir(), 'updoc-private-cli-'));
  // Readable by an unprivileged user a root test runs it as.
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
  return {
    dir,
    bin,
    run: (args, options = {}) => runCli(args, { timeout: 60_000, ...options, bin }),
    start: (args, options = {}) =>
      spawn(process.execPath, [bin, ...args], {
        env: { PATH: process.env.PATH ?? '', ...options.env },
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
