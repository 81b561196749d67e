// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written ${VAR}, not template literals.
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../src/inputs/compose/dotenv.js';
import { interpolate } from '../../../src/inputs/compose/interpolate.js';

const ENV: Record<string, string> = { PORT: '8080', EMPTY: '', HOST: 'api', NESTED: 'inner' };
const lookup = (name: string) => ENV[name];

describe('Compose interpolation', () => {
  it.each([
    ['plain text', 'nginx:1.27', 'nginx:1.27', []],
    ['${VAR}', '${PORT}:80', '8080:80', []],
    ['$VAR', '$PORT:80', '8080:80', []],
    ['$$ escape', 'echo $$HOME', 'echo $HOME', []],
    ['$$ before braces', 'sh -c "echo $${PORT}"', 'sh -c "echo ${PORT}"', []],
    [':- default when unset', '${MISSING:-3000}', '3000', ['MISSING (default)']],
    [':- default when empty', '${EMPTY:-3000}', '3000', []],
    ['- default only when unset', '${EMPTY-3000}', '', []],
    ['- default when unset', '${MISSING-3000}', '3000', ['MISSING (default)']],
    ['set value wins over default', '${PORT:-3000}', '8080', []],
    ['nested default', '${MISSING:-${HOST}}:${PORT}', 'api:8080', ['MISSING (default)']],
    ['default containing a nested unset variable', '${A:-${B:-x}}', 'x', ['A (default)', 'B (default)']],
    [':+ replacement when set', '${PORT:+yes}', 'yes', []],
    [':+ replacement when empty', '${EMPTY:+yes}', '', []],
    ['+ replacement when set but empty', '${EMPTY+yes}', 'yes', []],
    ['unset without default becomes blank', '${MISSING}:80', ':80', ['MISSING']],
    ['bare unset', 'http://$MISSING/', 'http:///', ['MISSING']],
    ['lone dollar kept', 'cost $5', 'cost $5', []],
    [':? required and unset', '${SECRET:?set SECRET}', '', ['SECRET (required: set SECRET)']],
    ['? required and set', '${PORT?need PORT}', '8080', []],
  ] as const)('%s', (_name, text, value, unset) => {
    const result = interpolate(text, lookup);
    expect(result.value).toBe(value);
    expect(result.error).toBeUndefined();
    expect(result.unset.map((u) => `${u.name}${u.defaulted ? ' (default)' : ''}${u.required ? ` (required: ${u.required})` : ''}`)).toEqual(unset);
  });

  it.each([
    ['unclosed brace', '${PORT:-80'],
    ['bad variable name', '${1PORT}'],
    ['unknown operator', '${PORT/x}'],
  ])('reports %s as an error instead of throwing', (_name, text) => {
    const result = interpolate(text, lookup);
    expect(result.error).toMatch(/invalid interpolation format/);
  });
});

describe('.env files', () => {
  it('reads assignments, quotes, comments and earlier keys', () => {
    const text = [
      '# comment',
      'PORT=3000',
      'export HOST=0.0.0.0',
      'URL=http://${HOST}:${PORT}/ # inline comment',
      "LITERAL='${PORT} stays'",
      'QUOTED="a # not a comment"',
      'ESCAPED="line\\nnext"',
      '',
      'COLON: yes',
      'not an assignment',
      'MULTI="first',
      'second"',
      'AFTER=1',
    ].join('\n');
    const entries = parseDotenv(text);
    expect(Object.fromEntries(entries.map((e) => [e.name, e.value]))).toEqual({
      PORT: '3000',
      HOST: '0.0.0.0',
      URL: 'http://0.0.0.0:3000/',
      LITERAL: '${PORT} stays',
      QUOTED: 'a # not a comment',
      ESCAPED: 'line\nnext',
      COLON: 'yes',
      MULTI: 'first\nsecond',
      AFTER: '1',
    });
    expect(entries.find((e) => e.name === 'URL')).toMatchObject({ line: 4, column: 5 });
    expect(entries.find((e) => e.name === 'HOST')).toMatchObject({ line: 3, column: 13 });
    expect(entries.find((e) => e.name === 'AFTER')).toMatchObject({ line: 13, column: 7 });
  });
});
