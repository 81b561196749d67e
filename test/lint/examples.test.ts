import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/diagnosis/lint.js';
import { RULES } from '../../src/rules/index.js';

/**
 * examples/: every `examples/<name>/` must lint clean (no false positives on realistic, correct setups), and every
 * `examples/broken-<rule id with the / as ->[--<variant>]/` must yield that rule, with a README naming it.
 * `examples/diagnose-*` and `examples/explain` carry known problems on purpose; test/diagnose and the explain tests own them.
 */
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const directories = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const OWNED_ELSEWHERE = /^(?:diagnose-|explain$)/;
const healthy = directories.filter((name) => !name.startsWith('broken-') && !OWNED_ELSEWHERE.test(name));
const broken = directories.filter((name) => name.startsWith('broken-'));

function lintExample(name: string) {
  return lint({ cwd: join(EXAMPLES, name), paths: ['.'] });
}

function ruleOf(directory: string): string | undefined {
  const slug = directory.slice('broken-'.length).split('--')[0]!;
  return RULES.find((r) => r.id.replace('/', '-') === slug)?.id;
}

describe('healthy examples lint clean', () => {
  it('there is at least one nginx + Compose example', () => {
    expect(healthy).toContain('nginx-compose-shop');
  });

  it.each(healthy)('examples/%s', (name) => {
    const result = lintExample(name);
    expect(result.findings.map((f) => `${f.rule} ${f.at.file}:${f.at.line}: ${f.message}`)).toEqual([]);
  });

  it('the nginx + Compose example really is followed end to end (a clean result is not an empty one)', () => {
    const result = lintExample('nginx-compose-shop');
    expect(result.facts.files.map((f) => f.path)).toEqual(expect.arrayContaining(['docker-compose.yml', 'nginx/nginx.conf', 'nginx/conf.d/shop.conf']));
    expect(result.facts.topology.paths.map((p) => `${p.target.text} ${p.status}`).sort()).toEqual(['api:3000 resolved', 'web:8081 resolved']);
  });
});

describe('broken examples yield their rule', () => {
  it('there is at least one', () => {
    expect(broken.length).toBeGreaterThan(0);
  });

  it.each(broken)('examples/%s', (name) => {
    const rule = ruleOf(name);
    expect(rule, `examples/${name}: no rule with id ${name.slice('broken-'.length).split('--')[0]} (the / written as -)`).toBeDefined();
    const readme = join(EXAMPLES, name, 'README.md');
    expect(existsSync(readme), `examples/${name}/README.md`).toBe(true);
    expect(readFileSync(readme, 'utf8')).toContain(rule!);
    const result = lintExample(name);
    expect(result.findings.filter((f) => f.rule === rule).length).toBeGreaterThan(0);
    // Broken on purpose in one way only: no unreadable or unparsable files.
    expect(result.findings.filter((f) => f.rule.startsWith('input/')).map((f) => f.message)).toEqual([]);
  });
});
