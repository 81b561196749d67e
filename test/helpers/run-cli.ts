import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/updoc.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  input?: string | Buffer;
  /** Added to a bare PATH: the CLI sees nothing else of the test's environment. */
  env?: Record<string, string>;
  timeout?: number;
  /** Another copy of bin/updoc.js (see private-cli.ts); default: this tree's. */
  bin?: string;
}

/** Runs the built CLI (`npm run build` first) the way a user does, with a hard timeout. */
export function runCli(args: string[], options: RunCliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [options.bin ?? BIN, ...args], {
    input: options.input ?? '',
    env: { PATH: process.env.PATH ?? '', ...options.env },
    cwd: ROOT,
    encoding: 'utf8',
    timeout: options.timeout ?? 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
