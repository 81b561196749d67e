import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  description: string;
  valueName?: string;
  /** Accepted but not listed in --help (benchmark and debugging switches). */
  hidden?: boolean;
};

/** What a command module exports. Commands are thin: parse, call the engine, hand the result to a reporter. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Longer help: examples and exit codes. */
  details?: string;
  options: Record<string, OptionSpec>;
  allowPositionals: boolean;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Exit codes, the same for every command and every output format. */
export const EXIT = { clean: 0, problems: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** Options every command accepts. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show help for this command' },
  json: { type: 'boolean', description: 'print JSON (same as --format json)' },
  format: { type: 'string', short: 'f', description: 'output format', valueName: 'FORMAT' },
  color: { type: 'boolean', description: 'force colour on (default: on for terminals, off with NO_COLOR or when piped)' },
  'no-color': { type: 'boolean', description: 'no colour' },
};

export function formatHelp(command: Command): string {
  const all = { ...command.options, ...COMMON_OPTIONS };
  const rows = Object.entries(all)
    .filter(([, spec]) => !spec.hidden)
    .map(([name, spec]) => {
      const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
      return `  ${flag.padEnd(30)} ${spec.description}`;
    });
  return [`${command.summary}`, '', `Usage: ${command.usage}`, '', 'Options:', ...rows, ...(command.details ? ['', command.details] : []), ''].join('\n');
}

/** The value of `--NAME` as a whole number from 1 to `max`, or a usage error. */
export function positiveInt(text: string, name: string, max: number): number {
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  return Number(text);
}

/** Resolves `--json` / `--format` against the formats a command supports. */
export function outputFormat(values: ParsedArgs['values'], supported: readonly string[], fallback = 'text'): string {
  if (values.json) return 'json';
  const f = typeof values.format === 'string' ? values.format.toLowerCase() : fallback;
  if (!supported.includes(f)) throw new UsageError(`unknown --format "${f}"; use one of: ${supported.join(', ')}`);
  return f;
}

export function useColor(values: ParsedArgs['values'], io: CliIo): boolean {
  if (values['no-color']) return false;
  if (values.color) return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY) && io.env.TERM !== 'dumb';
}

/**
 * The hidden `--stats` line the benchmarks read on stderr:
 * `updoc stats: <fields> seconds=… cpu_seconds=… <after> max_rss_mib=…` (CPU and peak RSS of the whole process).
 */
export function writeStats(io: CliIo, seconds: number, fields: Record<string, string | number>, after: Record<string, string | number> = {}): void {
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  const pairs = { ...fields, seconds: seconds.toFixed(3), cpu_seconds: cpu.toFixed(3), ...after, max_rss_mib: (usage.maxRSS / 1024).toFixed(1) };
  io.stderr.write(
    `updoc stats: ${Object.entries(pairs)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );
}
