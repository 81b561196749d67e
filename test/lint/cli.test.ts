import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { tempProject } from './helpers.js';
import { privateCli } from '../helpers/private-cli.js';
import { sarifValidator } from './sarif-schema.js';

const cli = privateCli();
const runCli = cli.run;
afterAll(() => cli.cleanup());

const FORMATS: [string, string[]][] = [
  ['default (text)', []],
  ['--json', ['--json']],
  ['--format json', ['--format', 'json']],
  ['--format sarif', ['--format', 'sarif']],
  ['--format markdown', ['--format', 'markdown']],
  ['--format text', ['--format', 'text']],
];

describe('updoc lint (built CLI)', () => {
  let project: ReturnType<typeof tempProject>;
  let clean: string;
  let warning: string;
  let error: string;
  beforeAll(() => {
    project = tempProject({
      'clean/compose.yaml': 'services:\n  api:\n    image: example/api:1.0\n',
      // A binary file with a configuration name: input/unreadable-file, a warning.
      'warning/compose.yaml': 'services:\n  api:\n    image: example/api:1.0\n',
      'warning/nginx.conf': '\u0000\u0001binary\u0000',
      'error/compose.yaml': 'services:\n  api:\n    image: example/api:1.0\n   ports: []\n',
    });
    clean = join(project.root, 'clean');
    warning = join(project.root, 'warning');
    error = join(project.root, 'error');
  });
  afterAll(() => project.cleanup());

  it.each(FORMATS)('exit codes are the same in every format: %s', (_name, format) => {
    expect(runCli(['lint', clean, ...format]).code).toBe(0);
    expect(runCli(['lint', warning, ...format]).code).toBe(1);
    expect(runCli(['lint', warning, '--fail-level', 'error', ...format]).code).toBe(0);
    expect(runCli(['lint', error, '--fail-level', 'error', ...format]).code).toBe(1);
    expect(runCli(['lint', warning, '--disable', 'input/unreadable-file', ...format]).code).toBe(0);
    const usage = runCli(['lint', join(project.root, 'missing'), ...format]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('missing: no such file or directory');
    expect(runCli(['lint', clean, '--rule', 'nginx/no-such-rule', ...format]).code).toBe(2);
    expect(runCli(['lint', clean, '--fail-level', 'fatal', ...format]).code).toBe(2);
  });

  it('--json: findings with positions and summary counts', () => {
    const r = runCli(['lint', error, '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.findings).toEqual([
      expect.objectContaining({ rule: 'input/parse-error', cause: 'config-error', severity: 'error', file: join(error, 'compose.yaml'), line: 4, column: 1 }),
    ]);
    expect(json.summary).toMatchObject({ files: 1, findings: 1, error: 1, warning: 0, info: 0, suppressed: 0 });
  });

  it('--format sarif is schema-valid and uses absolute file URIs for files outside the working directory', () => {
    const validate = sarifValidator();
    const log = JSON.parse(runCli(['lint', warning, '--format', 'sarif']).stdout);
    expect(validate(log)).toBe(true);
    const result = log.runs[0].results[0];
    expect(result.ruleId).toBe('input/unreadable-file');
    expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: `file://${join(warning, 'nginx.conf')}` });
    expect(log.runs[0].tool.driver.rules[result.ruleIndex].helpUri).toMatch(/^file:\/\/\/.*\/docs\/rules\.md#input-unreadable-file$/);
  });

  it('.updoc.yaml in the linted directory is used; a malformed one is a usage error', () => {
    writeFileSync(join(warning, '.updoc.yaml'), 'ignore:\n  - rule: input/unreadable-file\n    path: nginx.conf\n');
    try {
      const r = runCli(['lint', warning]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('1 suppressed');
      const json = JSON.parse(runCli(['lint', warning, '--json']).stdout);
      expect(json.findings).toEqual([]);
      expect(json.suppressed).toEqual([expect.objectContaining({ rule: 'input/unreadable-file', suppressedBy: 'config', file: join(warning, 'nginx.conf') })]);
      writeFileSync(join(warning, '.updoc.yaml'), 'ignore: [\n');
      const bad = runCli(['lint', warning]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/\.updoc\.yaml:2:1: /);
    } finally {
      writeFileSync(join(warning, '.updoc.yaml'), '');
    }
  });

  it('- lints standard input as --stdin-filename (default stdin.yaml), with the same limits', () => {
    const broken = runCli(['lint', '-', '--json'], { input: 'kind: Service\nmetadata:\n  name: [web\n' });
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).findings.map((f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`)).toEqual([
      'input/parse-error stdin.yaml:4',
    ]);
    const named = runCli(['lint', '-', clean, '--stdin-filename', 'rendered.yaml'], { input: 'a: [1\n' });
    expect(named.code).toBe(1);
    expect(named.stdout).toContain('rendered.yaml\n  error   YAML syntax error');
    expect(named.stdout).toContain('> 2 | ');
    const binary = runCli(['lint', '-', '--json'], { input: Buffer.from([0x00, 0x01, 0x02, 0x00]) });
    expect(JSON.parse(binary.stdout).findings).toEqual([
      expect.objectContaining({
        rule: 'input/unreadable-file',
        message: 'stdin.yaml (standard input) contains binary data (NUL bytes), not configuration text; it was not analysed',
      }),
    ]);
    const ok = runCli(['lint', '-'], { input: 'services:\n  api:\n    image: example/api:1.0\n' });
    expect(ok.code).toBe(0);
  });

  it('--help documents the exit codes and the default fail level', () => {
    const r = runCli(['lint', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 no finding at or above --fail-level (default warning), 1 such findings,');
  });
});

describe('updoc rules (built CLI)', () => {
  it('lists every rule, as text, JSON and the markdown reference', () => {
    // Compared with the CLI's own JSON, not src/: the bundle is built once per test run while rules are being added.
    const json = JSON.parse(runCli(['rules', '--json']).stdout);
    const ids: string[] = json.map((r: { id: string }) => r.id);
    expect(ids.slice(0, 3)).toEqual(['input/parse-error', 'input/unreadable-file', 'input/file-too-large']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(json[0]).toMatchObject({ id: 'input/parse-error', cause: 'config-error', severity: 'error', examples: { problem: { files: expect.any(Object) } } });
    const text = runCli(['rules']);
    expect(text.code).toBe(0);
    expect(
      text.stdout
        .trimEnd()
        .split('\n')
        .slice(0, -1)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(ids);
    const md = runCli(['rules', '--format', 'markdown']).stdout;
    expect(md).toMatch(/^<!-- generated — do not edit — run `npm run docs` -->\n# Lint rule reference\n/);
    for (const id of ids) expect(md).toContain(`<a id="${id.replace('/', '-')}"></a>\n\n## ${id}\n`);
    for (const rule of RULES.filter((r) => r.domain === 'input')) expect(ids).toContain(rule.id);
  });

  it('--domain filters; an unknown domain is a usage error', () => {
    const json = JSON.parse(runCli(['rules', '--domain', 'input', '--json']).stdout);
    expect(json.map((r: { id: string }) => r.id)).toEqual(['input/parse-error', 'input/unreadable-file', 'input/file-too-large']);
    expect(runCli(['rules', '--domain', 'nope']).code).toBe(2);
  });
});
