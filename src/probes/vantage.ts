/**
 * `--from`: probing from another network namespace on this machine. The probe must run *there* (its DNS,
 * routes, firewall and loopback are the proxy's, not ours), so updoc re-executes itself inside the namespace:
 * `nsenter --net=PATH -- node bin/updoc.js probe … --json --inside-vantage` (or `ip netns exec NAME …` for a
 * named namespace, which also applies /etc/netns/NAME/resolv.conf as every tool run there sees it).
 * Argument arrays only; nothing the user typed reaches a shell.
 */
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayLine } from '../inputs/text/sanitize.js';
import type { RunFromVantage, Vantage } from './local/model.js';
import { canEnterNamespaces } from './local/privileges.js';
import { findExecutable, spawnBounded } from './local/spawn-bounded.js';

export type { Vantage } from './local/model.js';

/**
 * The hidden `probe` option the re-executed child receives: it is already inside the vantage and must probe
 * from where it stands (never re-enter another namespace). The environment variable says the same to code
 * that does not see the flags (and makes `runFromVantage` refuse to recurse).
 */
export const INSIDE_VANTAGE_OPTION = 'inside-vantage';
export const INSIDE_VANTAGE_ENV = 'UPDOC_INSIDE_VANTAGE';

export type VantageErrorCode =
  | 'invalid-vantage'
  | 'not-root'
  | 'no-such-namespace'
  | 'pid-gone'
  | 'nsenter-missing'
  | 'updoc-missing'
  | 'recursion'
  | 'timeout'
  | 'probe-failed'
  | 'bad-output';

export class VantageError extends Error {
  constructor(
    readonly code: VantageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VantageError';
  }
}

// `ip netns` names: no '/', not '.' or '..'. We are stricter: a leading letter or digit (no option
// look-alikes such as `-all`), then letters, digits, '.', '_', '-'; at most 64 characters.
const NETNS_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PID = /^[1-9][0-9]{0,6}$/;
// The kernel's hard ceiling for pid_max (PID_MAX_LIMIT on 64-bit).
const PID_LIMIT = 4_194_304;

/** `current`, `netns:NAME` or `pid:PID`; anything else is a VantageError('invalid-vantage'). */
export function parseVantage(text: string): Vantage {
  const shown = displayLine(text, 80);
  if (text === 'current') return { kind: 'current' };
  const colon = text.indexOf(':');
  const kind = colon < 0 ? '' : text.slice(0, colon);
  const value = colon < 0 ? '' : text.slice(colon + 1);
  if (kind === 'netns') {
    if (!NETNS_NAME.test(value) || value === '.' || value === '..') {
      throw new VantageError(
        'invalid-vantage',
        `invalid namespace name in "${shown}": use the name \`ip netns list\` shows (letters, digits, '.', '_', '-'; at most 64)`,
      );
    }
    return { kind: 'netns', name: value };
  }
  if (kind === 'pid') {
    const pid = PID.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(pid) || pid > PID_LIMIT) {
      throw new VantageError('invalid-vantage', `invalid process id in "${shown}": use a positive integer such as pid:1234`);
    }
    return { kind: 'pid', pid };
  }
  throw new VantageError('invalid-vantage', `unknown vantage "${shown}": use netns:NAME, pid:PID or current`);
}

export function formatVantage(vantage: Vantage): string {
  if (vantage.kind === 'netns') return `netns:${vantage.name}`;
  if (vantage.kind === 'pid') return `pid:${vantage.pid}`;
  return 'current';
}

export function isInsideVantage(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[INSIDE_VANTAGE_ENV] === '1';
}

/** The namespace file a vantage points at, checked to exist. */
export function vantageNamespacePath(vantage: Vantage): string | null {
  if (vantage.kind === 'current') return null;
  if (vantage.kind === 'netns') {
    const path = `/run/netns/${vantage.name}`;
    try {
      lstatSync(path);
    } catch {
      throw new VantageError('no-such-namespace', `no network namespace "${vantage.name}" (nothing at ${path}; see \`ip netns list\`)`);
    }
    return path;
  }
  if (!existsSync(`/proc/${vantage.pid}`)) throw new VantageError('pid-gone', `process ${vantage.pid} does not exist (any more)`);
  const path = `/proc/${vantage.pid}/ns/net`;
  try {
    readlinkSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') throw new VantageError('pid-gone', `process ${vantage.pid} exited`);
    throw new VantageError('not-root', `cannot read the network namespace of process ${vantage.pid} (${code}): run updoc as root`);
  }
  return path;
}

/**
 * Arguments for the child probe: the caller's own `--from` and output switches removed (the child probes
 * from where it stands and always answers in JSON), then `--json --inside-vantage`.
 */
export function childProbeArgs(probeArgs: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < probeArgs.length; i++) {
    const arg = probeArgs[i];
    if (arg === '--from' || arg === '--format' || arg === '-f') {
      i++;
      continue;
    }
    if (arg.startsWith('--from=') || arg.startsWith('--format=') || arg === '--json' || arg === `--${INSIDE_VANTAGE_OPTION}`) continue;
    out.push(arg);
  }
  return [...out, '--json', `--${INSIDE_VANTAGE_OPTION}`];
}

/** bin/updoc.js of this installation, found from this module's own location (source tree or bundle). */
export function updocBinPath(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(directory, 'bin', 'updoc.js');
    if (existsSync(candidate) && existsSync(join(directory, 'package.json'))) return candidate;
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  throw new VantageError('updoc-missing', 'cannot find bin/updoc.js of this updoc installation to re-execute it');
}

export interface VantageCommand {
  file: string;
  args: string[];
}

/** The exact program and arguments that run the probe inside the vantage (exported for tests and --verbose). */
export function vantageCommand(vantage: Vantage, probeArgs: readonly string[]): VantageCommand {
  // What is wrong with the user's situation (namespace, privileges, tools) is reported before our own set-up.
  const nsPath = vantageNamespacePath(vantage);
  let enter: string[] = [];
  if (nsPath !== null) {
    if (!canEnterNamespaces()) {
      throw new VantageError(
        'not-root',
        `probing from ${formatVantage(vantage)} needs root (CAP_SYS_ADMIN) to enter its network namespace; run updoc with sudo`,
      );
    }
    const ip = vantage.kind === 'netns' ? findExecutable('ip') : null;
    const nsenter = ip ? null : findExecutable('nsenter');
    if (ip && vantage.kind === 'netns') enter = [ip, 'netns', 'exec', vantage.name];
    else if (nsenter) enter = [nsenter, `--net=${nsPath}`, '--'];
    else {
      throw new VantageError(
        'nsenter-missing',
        `probing from ${formatVantage(vantage)} needs nsenter (util-linux)${vantage.kind === 'netns' ? ' or ip (iproute2)' : ''}; neither was found`,
      );
    }
  }
  const argv = [...enter, process.execPath, updocBinPath(), 'probe', ...childProbeArgs(probeArgs)];
  return { file: argv[0], args: argv.slice(1) };
}

const MAX_CHILD_OUTPUT = 64 * 1024 * 1024;

/** Runs `updoc probe … --json` inside the vantage's network namespace and returns its parsed JSON. */
export const runFromVantage: RunFromVantage = async (vantage, probeArgs, options) => {
  if (isInsideVantage()) {
    throw new VantageError('recursion', 'already probing from inside a vantage; --from cannot be nested');
  }
  const command = vantageCommand(vantage, probeArgs);
  const where = formatVantage(vantage);
  const run = await spawnBounded(command.file, command.args, {
    timeoutMs: options.timeoutMs,
    maxStdoutBytes: MAX_CHILD_OUTPUT,
    env: { ...process.env, [INSIDE_VANTAGE_ENV]: '1', UPDOC_VANTAGE: where, NO_COLOR: '1' },
  });
  const stderr = displayLine(run.stderr.trim(), 400);
  if (run.startError) throw new VantageError('nsenter-missing', `cannot start ${command.file}: ${run.startError}`);
  if (run.timedOut) throw new VantageError('timeout', `the probe from ${where} did not finish within ${options.timeoutMs} ms; it was stopped`);
  if (run.truncated) throw new VantageError('bad-output', `the probe from ${where} printed more than ${MAX_CHILD_OUTPUT} bytes; it was stopped`);
  if (run.code !== 0 && run.code !== 1) throw enterFailure(vantage, run.code, stderr);
  const parsed = parseJsonOutput(run.stdout);
  if (parsed === undefined) {
    throw new VantageError('bad-output', `the probe from ${where} did not print JSON${stderr ? `: ${stderr}` : ''}`);
  }
  return parsed;
};

/** nsenter / `ip netns exec` failures carry the reason on stderr; turn the usual ones into clear errors. */
function enterFailure(vantage: Vantage, code: number | null, stderr: string): VantageError {
  const where = formatVantage(vantage);
  if (/Operation not permitted|Permission denied/i.test(stderr)) {
    return new VantageError('not-root', `not allowed to enter the network namespace of ${where} (${stderr}); run updoc as root`);
  }
  if (/No such file or directory|No such process|Invalid argument/i.test(stderr) && /nsenter|netns|namespace/i.test(stderr)) {
    return vantage.kind === 'pid'
      ? new VantageError('pid-gone', `process ${vantage.pid} went away before its namespace could be entered (${stderr})`)
      : new VantageError('no-such-namespace', `cannot enter ${where}: ${stderr}`);
  }
  return new VantageError('probe-failed', `the probe from ${where} exited with ${code ?? 'a signal'}${stderr ? `: ${stderr}` : ''}`);
}

/** One JSON document, or JSON lines (`--targets`) as an array; undefined when it is neither. */
function parseJsonOutput(stdout: string): unknown {
  const text = stdout.trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    try {
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
    } catch {
      return undefined;
    }
  }
}
