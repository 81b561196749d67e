import type { SourcePosition } from '../../core/position.js';

/** One word of a configuration line: `value` unquoted and unescaped, `raw` as written. */
export interface HaproxyWord {
  value: string;
  raw: string;
  quote?: '"' | "'";
  /** Environment variables referenced (`$VAR`, `${VAR}`, `${VAR-default}`), expanded by HAProxy at start-up. */
  env?: string[];
  at: SourcePosition;
}

export interface HaproxyLine {
  keyword: string;
  words: HaproxyWord[];
  /** From the first word to the end of the last one. */
  at: SourcePosition;
}

export const SECTION_KEYWORDS = new Set([
  'global',
  'defaults',
  'frontend',
  'backend',
  'listen',
  'resolvers',
  'peers',
  'userlist',
  'mailers',
  'cache',
  'program',
  'http-errors',
  'ring',
  'log-forward',
  'crt-store',
  'traces',
  'acme',
  'fcgi-app',
  'dynamic-update',
]);

export interface HaproxySection {
  kind: string;
  name?: HaproxyWord;
  /** The header line (`backend api from base`). */
  header: HaproxyLine;
  lines: HaproxyLine[];
}

export interface SyntaxProblem {
  at: SourcePosition;
  message: string;
}

/**
 * Reads an HAProxy configuration: line-oriented, `#` comments, words split on blanks, `"…"` (escapes and
 * environment variables) and `'…'` (literal) quoting, `\` escapes, sections opened by their keyword.
 * Lines before the first section and malformed quoting are reported; reading goes on with the next line.
 */
export function parseHaproxyText(file: string, text: string): { sections: HaproxySection[]; problems: SyntaxProblem[] } {
  const sections: HaproxySection[] = [];
  const problems: SyntaxProblem[] = [];
  let current: HaproxySection | undefined;
  let lineNumber = 0;
  let reportedOrphan = false;
  // Conditional blocks (.if/.elif/.else/.endif) are kept transparent: every branch is read.
  for (const rawLine of text.split('\n')) {
    lineNumber++;
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    // A byte-order mark before the first section keyword is not part of it.
    if (lineNumber === 1 && line.startsWith('\uFEFF')) line = ` ${line.slice(1)}`;
    const words = splitWords(file, line, lineNumber, problems);
    if (words.length === 0) continue;
    const first = words[0];
    if (first.value.startsWith('.')) continue;
    const last = words[words.length - 1];
    const parsed: HaproxyLine = { keyword: first.value, words, at: { ...first.at, endLine: lineNumber, endColumn: last.at.endColumn ?? last.at.column } };
    if (SECTION_KEYWORDS.has(first.value)) {
      current = { kind: first.value, header: parsed, lines: [], ...(words[1] ? { name: words[1] } : {}) };
      sections.push(current);
      continue;
    }
    if (!current) {
      if (!reportedOrphan)
        problems.push({ at: first.at, message: `"${first.value}" appears before any section (global, defaults, frontend, backend, listen …)` });
      reportedOrphan = true;
      continue;
    }
    current.lines.push(parsed);
  }
  return { sections, problems };
}

function splitWords(file: string, line: string, lineNumber: number, problems: SyntaxProblem[]): HaproxyWord[] {
  const words: HaproxyWord[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    const start = i;
    let value = '';
    const env: string[] = [];
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t' && line[i] !== '#') {
      const ch = line[i];
      if (ch === '\\' && i + 1 < line.length) {
        value += line[i + 1];
        i += 2;
        continue;
      }
      if (ch === '"' || ch === "'") {
        // A quoted part may sit inside a word; HAProxy concatenates the parts.
        const close = findClose(line, i + 1, ch);
        if (close < 0) {
          problems.push({ at: { file, line: lineNumber, column: i + 1 }, message: `unterminated ${ch === '"' ? 'double' : 'single'} quote` });
          value += line.slice(i + 1);
          i = line.length;
          break;
        }
        const body = line.slice(i + 1, close);
        if (ch === '"') {
          // Only double quotes expand environment variables.
          for (const m of body.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)) env.push(m[1] ?? m[2]);
          value += body.replace(/\\(.)/g, '$1');
        } else value += body;
        i = close + 1;
        continue;
      }
      value += ch;
      i++;
    }
    if (i === start) break;
    const raw = line.slice(start, i);
    const word: HaproxyWord = { value, raw, at: { file, line: lineNumber, column: start + 1, endLine: lineNumber, endColumn: i + 1 } };
    if ((raw[0] === '"' || raw[0] === "'") && findClose(raw, 1, raw[0]) === raw.length - 1) word.quote = raw[0];
    if (env.length > 0) word.env = env;
    words.push(word);
  }
  return words;
}

function findClose(line: string, from: number, quote: string): number {
  for (let k = from; k < line.length; k++) {
    if (line[k] === '\\' && quote === '"') {
      k++;
      continue;
    }
    if (line[k] === quote) return k;
  }
  return -1;
}
