import type { SourcePosition } from '../../core/position.js';

/** One `key=value` entry of a Java `.properties` file, with where its key and value are written. */
export interface PropertiesEntry {
  key: string;
  value: string;
  keyAt: SourcePosition;
  /** The value as written (from its first character to its last, across continuation lines). */
  valueAt: SourcePosition;
  /** 0-based index of the document: Spring Boot splits a file on `#---` / `!---` lines. */
  document: number;
}

export interface PropertiesDocument {
  index: number;
  /** First line of the document (the line after its `#---`, or 1). */
  startLine: number;
  endLine: number;
  entries: PropertiesEntry[];
}

export interface PropertiesProblem {
  at: SourcePosition;
  message: string;
}

const SEPARATOR = /^[#!]---\s*$/;

/**
 * Reads a `.properties` text the way `java.util.Properties` does (`=`, `:` or blanks between key and value,
 * `#`/`!` comments, backslash continuations and escapes), keeping positions, and splits it into Spring Boot's
 * documents at `#---` lines. Never throws; a key without a value is an empty value, as Java reads it.
 */
export function parseProperties(file: string, text: string): { documents: PropertiesDocument[]; problems: PropertiesProblem[] } {
  const lines = text.split(/\r?\n/);
  const documents: PropertiesDocument[] = [{ index: 0, startLine: 1, endLine: lines.length, entries: [] }];
  const problems: PropertiesProblem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trimStart();
    if (SEPARATOR.test(raw)) {
      documents[documents.length - 1]!.endLine = i;
      documents.push({ index: documents.length, startLine: i + 2, endLine: lines.length, entries: [] });
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
    // Logical line: physical lines joined while they end with an odd number of backslashes.
    const parts: { text: string; line: number; column: number }[] = [];
    let j = i;
    let current = raw;
    let column = raw.length - trimmed.length + 1;
    let segment = trimmed;
    for (;;) {
      const continued = endsWithContinuation(segment);
      parts.push({ text: continued ? segment.slice(0, -1) : segment, line: j + 1, column });
      if (!continued || j + 1 >= lines.length) break;
      j++;
      current = lines[j]!;
      const next = current.trimStart();
      column = current.length - next.length + 1;
      segment = next;
    }
    i = j;
    // Java reads every line as some key (a lone continuation is an empty one): nothing here is an error.
    const entry = readEntry(file, parts, documents.length - 1);
    if (entry && entry.key !== '') documents[documents.length - 1]!.entries.push(entry);
  }
  return { documents, problems };
}

function endsWithContinuation(s: string): boolean {
  let n = 0;
  for (let k = s.length - 1; k >= 0 && s[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

interface Char {
  ch: string;
  line: number;
  column: number;
}

/** The logical line as characters with their positions (continuations joined, leading blanks of each part dropped). */
function charsOf(parts: readonly { text: string; line: number; column: number }[]): Char[] {
  const out: Char[] = [];
  for (const p of parts) for (let k = 0; k < p.text.length; k++) out.push({ ch: p.text[k]!, line: p.line, column: p.column + k });
  return out;
}

function readEntry(file: string, parts: readonly { text: string; line: number; column: number }[], document: number): PropertiesEntry | undefined {
  const chars = charsOf(parts);
  if (chars.length === 0) return undefined;
  let k = 0;
  let key = '';
  while (k < chars.length) {
    const c = chars[k]!.ch;
    if (c === '\\' && k + 1 < chars.length) {
      const [decoded, used] = decodeEscape(chars, k);
      key += decoded;
      k += used;
      continue;
    }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    key += c;
    k++;
  }
  const keyEnd = chars[Math.max(0, k - 1)]!;
  while (k < chars.length && /[ \t\f]/.test(chars[k]!.ch)) k++;
  if (k < chars.length && (chars[k]!.ch === '=' || chars[k]!.ch === ':')) k++;
  while (k < chars.length && /[ \t\f]/.test(chars[k]!.ch)) k++;
  const valueStart = k;
  let value = '';
  while (k < chars.length) {
    if (chars[k]!.ch === '\\' && k + 1 < chars.length) {
      const [decoded, used] = decodeEscape(chars, k);
      value += decoded;
      k += used;
      continue;
    }
    value += chars[k]!.ch;
    k++;
  }
  // Trailing blanks are part of a Java value, but nobody means them: positions end at the last visible character.
  let last = chars.length - 1;
  while (last >= valueStart && /\s/.test(chars[last]!.ch)) last--;
  const first = chars[0]!;
  const keyAt: SourcePosition = { file, line: first.line, column: first.column, endLine: keyEnd.line, endColumn: keyEnd.column + 1 };
  const valueAt: SourcePosition =
    valueStart < chars.length && last >= valueStart
      ? { file, line: chars[valueStart]!.line, column: chars[valueStart]!.column, endLine: chars[last]!.line, endColumn: chars[last]!.column + 1 }
      : { file, line: keyEnd.line, column: keyEnd.column + 1, endLine: keyEnd.line, endColumn: keyEnd.column + 1 };
  return { key, value: value.trimEnd(), keyAt, valueAt, document };
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function decodeEscape(chars: readonly Char[], k: number): [string, number] {
  const next = chars[k + 1]!.ch;
  if (next === 'u') {
    const hex = chars
      .slice(k + 2, k + 6)
      .map((c) => c.ch)
      .join('');
    if (/^[0-9a-fA-F]{4}$/.test(hex)) return [String.fromCharCode(Number.parseInt(hex, 16)), 6];
    return ['u', 2];
  }
  return [ESCAPES[next] ?? next, 2];
}
