import { describe, expect, it } from 'vitest';
import { listItems } from '../../src/inputs/logs/formats/access-fields.js';

/** What `listItems` was: a regex split, items trimmed, empty ones dropped. It must still give exactly that. */
function reference(value: string): string[] {
  return value
    .split(/\s*,\s*|\s+:\s+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

describe('listItems (nginx list values)', () => {
  it.each([
    ['10.0.0.1:80', ['10.0.0.1:80']],
    ['10.0.0.1:80, 10.0.0.2:80', ['10.0.0.1:80', '10.0.0.2:80']],
    ['502, 502 : 200', ['502', '502', '200']],
    ['a,b', ['a', 'b']],
    ['a :b', ['a :b']],
    ['a: b', ['a: b']],
    ['a, : b', ['a', ': b']],
    [' a , , b ', ['a', 'b']],
    ['unix:/tmp/x.sock : 10.0.0.2:80', ['unix:/tmp/x.sock', '10.0.0.2:80']],
    ['-', ['-']],
    ['', []],
    ['a\u00a0:\u00a0b', ['a', 'b']],
  ])('%j → %j', (value, expected) => {
    expect(listItems(value)).toEqual(expected);
    expect(reference(value)).toEqual(expected);
  });

  it('agrees with the regex split on generated values, and on every character around " : " and at either end', () => {
    const chars = [' ', ',', ':', 'a', '\t', '\u00a0', '-', '1', '\u2028', '\ufeff', '\u0085', '\u180e', '.', '\n'];
    let s = 7;
    const r = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 4294967296;
    };
    for (let k = 0; k < 50_000; k++) {
      let value = '';
      const length = Math.floor(r() * 12);
      for (let i = 0; i < length; i++) value += chars[Math.floor(r() * chars.length)];
      expect(listItems(value), JSON.stringify(value)).toEqual(reference(value));
    }
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const value of [`a${ch}:${ch}b,${ch}c`, `${ch}a${ch}`, `${ch}`])
        expect(listItems(value), `U+${c.toString(16)} in ${JSON.stringify(value)}`).toEqual(reference(value));
    }
  });
});
