/**
 * Running the few system tools local inspection needs (`ip`, `nft`, `ss`, `nsenter`): argument arrays only,
 * never a shell, a hard timeout that kills the whole process group, and a cap on captured output.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface BoundedRun {
  /** Exit code, or null when killed or never started. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** stdout exceeded `maxStdoutBytes`; the child was killed and stdout holds the first bytes only. */
  truncated: boolean;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  startError?: string;
}

export interface BoundedRunOptions {
  timeoutMs: number;
  maxStdoutBytes?: number;
  env?: NodeJS.ProcessEnv;
}

const STDERR_LIMIT = 64 * 1024;

/** Runs `file args…` without a shell; resolves (never rejects) once the child is gone. */
export function spawnBounded(file: string, args: readonly string[], options: BoundedRunOptions): Promise<BoundedRun> {
  const maxStdout = options.maxStdoutBytes ?? 8 * 1024 * 1024;
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let timedOut = false;
    let truncated = false;
    let settled = false;
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      // Own process group, so a timeout also ends whatever the tool started (nsenter → node).
      detached: true,
    });
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(
      () => {
        timedOut = true;
        killGroup();
      },
      Math.max(1, options.timeoutMs),
    );
    const finish = (code: number | null, startError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
        truncated,
        ...(startError ? { startError } : {}),
      });
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      if (stdoutBytes + chunk.length > maxStdout) {
        stdout.push(chunk.subarray(0, maxStdout - stdoutBytes));
        stdoutBytes = maxStdout;
        truncated = true;
        killGroup();
        return;
      }
      stdout.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes >= STDERR_LIMIT) return;
      stderr.push(chunk.subarray(0, STDERR_LIMIT - stderrBytes));
      stderrBytes += chunk.length;
    });
    child.on('error', (error: NodeJS.ErrnoException) => finish(null, `${file}: ${error.code ?? error.message}`));
    child.on('close', (code) => finish(code));
  });
}

// Tools in /usr/sbin are missing from a non-root user's PATH on Debian, yet readable there.
const EXTRA_DIRECTORIES = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const executableCache = new Map<string, string | null>();

/** The absolute path of a system tool, or null when it is not installed. */
export function findExecutable(name: string): string | null {
  const cached = executableCache.get(name);
  if (cached !== undefined) return cached;
  const directories = [...(process.env.PATH ?? '').split(delimiter).filter((d) => d.startsWith('/')), ...EXTRA_DIRECTORIES];
  let found: string | null = null;
  for (const directory of directories) {
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      found = candidate;
      break;
    } catch {
      // not here
    }
  }
  executableCache.set(name, found);
  return found;
}
