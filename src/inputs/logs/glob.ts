import { sep } from 'node:path';

/**
 * Shell-style globs without a dependency: `*`, `?`, `[abc]`, `[!abc]`, `{a,b}` and `**` (any number
 * of directories). Only used to select files while walking; the shell usually expands globs first,
 * this covers quoted patterns and Windows shells.
 */

const GLOB_CHARS = /[*?[{]/;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** The directory part before the first segment with a glob character: where the walk starts. */
export function globBase(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  const base: string[] = [];
  for (const part of parts) {
    if (isGlob(part)) break;
    base.push(part);
  }
  if (base.length === parts.length) base.pop();
  const joined = base.join('/');
  if (joined === '' && pattern.startsWith('/')) return '/';
  return joined === '' ? '.' : joined;
}

/** Compiles a glob to a RegExp over `/`-separated paths. */
export function globToRegExp(pattern: string): RegExp {
  const p = pattern.split(sep).join('/');
  let out = '';
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atSegmentStart = i === 0 || p[i - 1] === '/';
        const atSegmentEnd = p[i + 2] === '/' || i + 2 === p.length;
        if (atSegmentStart && atSegmentEnd) {
          out += p[i + 2] === '/' ? '(?:[^/]*/)*' : '.*';
          i += p[i + 2] === '/' ? 2 : 1;
          continue;
        }
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = p.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
