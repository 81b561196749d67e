import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

/** The command names `updoc --help` lists, in its order. */
function listedCommands(): string[] {
  const help = runCli(['--help']).stdout;
  const block = help.slice(help.indexOf('Commands:\n') + 'Commands:\n'.length, help.indexOf('\n\n', help.indexOf('Commands:\n')));
  return block.split('\n').map((line) => line.trim().split(/\s+/)[0]);
}

const usageLine = (help: string) =>
  help
    .split('\n')
    .find((line) => line.startsWith('Usage: '))
    ?.slice('Usage: '.length);

describe('updoc help', () => {
  const commands = listedCommands();

  it('lists every command, and each has its own --help (also as `updoc help NAME`)', () => {
    expect(commands).toEqual(['explain', 'signatures', 'causes', 'logs', 'lint', 'rules', 'probe', 'diagnose', 'lab']);
    for (const name of commands) {
      const r = runCli([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(usageLine(r.stdout), name).toMatch(new RegExp(`^updoc ${name}\\b`));
      expect(runCli(['help', name]).stdout, name).toBe(r.stdout);
    }
  });

  it("README's Usage block is the Usage line of each command's --help", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Usage\n\n```text\n') + '## Usage\n\n```text\n'.length;
    const block = readme.slice(start, readme.indexOf('```', start)).trimEnd().split('\n');
    const fromHelp = commands.map((name) => usageLine(runCli([name, '--help']).stdout));
    expect([...block].sort()).toEqual([...fromHelp, 'updoc <command> --help'].sort());
  });

  it('an unknown command, also after `help` or named like an Object method, is a usage error (exit 2), never a crash', () => {
    for (const args of [['nope'], ['help', 'nope'], ['toString'], ['constructor', '--help'], ['help', '__proto__']]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^updoc: unknown command "/);
      expect(r.stderr, args.join(' ')).not.toMatch(/internal error/);
    }
  });
});
