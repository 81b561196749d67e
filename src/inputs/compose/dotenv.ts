import { interpolate } from './interpolate.js';

export interface DotenvEntry {
  name: string;
  value: string;
  /** 1-based line and column of the value's first character (inside its quotes). */
  line: number;
  column: number;
  quoted: boolean;
}

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*/;

/**
 * Parses a `.env` / `env_file` as Compose does: `KEY=value`, `export KEY=value`, `# comments`, inline comments
 * after unquoted values, single quotes literal, double quotes with escapes and `${VAR}` expansion of earlier keys.
 */
export function parseDotenv(text: string, outside: (name: string) => string | undefined = () => undefined): DotenvEntry[] {
  const entries: DotenvEntry[] = [];
  const known = new Map<string, string>();
  const lookup = (name: string) => known.get(name) ?? outside(name);
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (/^\s*(#|$)/.test(line)) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const name = m[1]!;
    const startLine = index + 1;
    const valueColumn = m[0].length + 1;
    let rest = line.slice(m[0].length);
    let value: string;
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // Quoted values may span lines.
      let close = findClosingQuote(rest, quote, 1);
      let consumed = index;
      while (close === -1 && consumed + 1 < lines.length && consumed - index < 1000) {
        consumed++;
        rest += `\n${lines[consumed]}`;
        close = findClosingQuote(rest, quote, 1);
      }
      if (close === -1) close = rest.length;
      const inner = rest.slice(1, close);
      value = quote === "'" ? inner : interpolate(unescapeDouble(inner), lookup).value;
      index = consumed;
    } else {
      const comment = rest.search(/[ \t]#/);
      if (comment !== -1) rest = rest.slice(0, comment);
      value = interpolate(rest.trim(), lookup).value;
    }
    known.set(name, value);
    entries.push({ name, value, line: startLine, column: valueColumn + (quote === "'" || quote === '"' ? 1 : 0), quoted: quote === "'" || quote === '"' });
  }
  return entries;
}

function findClosingQuote(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\' && quote === '"') {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(text: string): string {
  return text.replace(/\\([nrt"\\$])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c === '$' ? '$$' : c));
}
