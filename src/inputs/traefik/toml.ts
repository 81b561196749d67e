import type { SourcePosition } from '../../core/position.js';
import type { PositionedDoc } from '../envoy/yaml-cursor.js';

export interface TomlProblem {
  at: SourcePosition;
  message: string;
}

type Path = readonly (string | number)[];

/**
 * A TOML reader that keeps positions (what Traefik's `.toml` configs need): tables, arrays of tables, dotted and
 * quoted keys, strings of every kind, numbers, booleans, dates (kept as strings), arrays and inline tables. A bad
 * line is reported and skipped; the rest is still read. Never throws.
 */
export function parseToml(file: string, text: string): { doc: PositionedDoc; problems: TomlProblem[] } {
  const reader = new Reader(file, text);
  reader.run();
  const positions = reader.positions;
  const keyPositions = reader.keyPositions;
  const lookup = (map: Map<string, SourcePosition>, path: Path): SourcePosition => {
    for (let n = path.length; n >= 0; n--) {
      const found = map.get(key(path.slice(0, n))) ?? (n < path.length ? positions.get(key(path.slice(0, n))) : undefined);
      if (found) return found;
    }
    return { file, line: 1, column: 1 };
  };
  return {
    doc: { value: reader.root, pos: (path) => lookup(positions, path), keyPos: (path) => lookup(keyPositions, path) },
    problems: reader.problems,
  };
}

function key(path: Path): string {
  return JSON.stringify(path);
}

class ParseError extends Error {}

type Table = Record<string, unknown>;

class Reader {
  readonly root: Table = {};
  readonly problems: TomlProblem[] = [];
  readonly positions = new Map<string, SourcePosition>();
  readonly keyPositions = new Map<string, SourcePosition>();
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private current: { table: Table; path: (string | number)[] } = { table: this.root, path: [] };
  /** Tables created by `[a.b]` headers or dotted keys are open to later keys; inline tables are not. */
  private readonly closed = new WeakSet<object>();
  /** Tables a `[header]` defined: a second `[header]` for one is an error. */
  private readonly headed = new WeakSet<object>();

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  run(): void {
    while (this.i < this.text.length) {
      const lineNo = this.line;
      try {
        this.skipBlank();
        if (this.i >= this.text.length) break;
        const c = this.text[this.i];
        if (c === '\n') {
          this.newline();
          continue;
        }
        if (c === '#') {
          this.skipComment();
          continue;
        }
        if (c === '[') this.header();
        else this.keyValue(this.current.table, this.current.path);
        this.endOfLine();
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        this.problems.push({ at: { file: this.file, line: lineNo, column: 1 }, message: `TOML: ${error.message}` });
        this.skipLine();
      }
      if (this.problems.length > 100) break;
    }
  }

  private pos(): SourcePosition {
    return { file: this.file, line: this.line, column: this.i - this.lineStart + 1 };
  }

  private range(start: SourcePosition): SourcePosition {
    return { ...start, endLine: this.line, endColumn: this.i - this.lineStart + 1 };
  }

  private newline(): void {
    this.i++;
    this.line++;
    this.lineStart = this.i;
  }

  private skipBlank(): void {
    while (this.i < this.text.length && (this.text[this.i] === ' ' || this.text[this.i] === '\t' || this.text[this.i] === '\r')) this.i++;
  }

  private skipComment(): void {
    while (this.i < this.text.length && this.text[this.i] !== '\n') this.i++;
  }

  private skipLine(): void {
    // Skip to the end of the logical line, counting the newlines of any multi-line value in between.
    while (this.i < this.text.length && this.text[this.i] !== '\n') this.i++;
    if (this.i < this.text.length) this.newline();
  }

  private endOfLine(): void {
    this.skipBlank();
    if (this.text[this.i] === '#') this.skipComment();
    if (this.i < this.text.length && this.text[this.i] !== '\n') throw new ParseError(`unexpected \`${this.text[this.i]}\` after a value`);
    if (this.i < this.text.length) this.newline();
  }

  /** Skips blanks, newlines and comments (inside arrays). */
  private skipWhitespace(): void {
    for (;;) {
      this.skipBlank();
      if (this.text[this.i] === '\n') this.newline();
      else if (this.text[this.i] === '#') this.skipComment();
      else return;
    }
  }

  private header(): void {
    const start = this.pos();
    const array = this.text.startsWith('[[', this.i);
    this.i += array ? 2 : 1;
    this.skipBlank();
    const keys = this.keyPath();
    this.skipBlank();
    if (!this.text.startsWith(array ? ']]' : ']', this.i)) throw new ParseError('unclosed table header');
    this.i += array ? 2 : 1;
    let table = this.root;
    const path: (string | number)[] = [];
    keys.forEach((k, n) => {
      const last = n === keys.length - 1;
      path.push(k.name);
      const existing = table[k.name];
      if (last && array) {
        const list = Array.isArray(existing) ? existing : existing === undefined ? [] : undefined;
        if (!list) throw new ParseError(`\`${k.name}\` is not an array of tables`);
        table[k.name] = list;
        this.keyPositions.set(key(path), k.at);
        const item: Table = {};
        list.push(item);
        path.push(list.length - 1);
        this.positions.set(key(path), this.range(start));
        table = item;
        return;
      }
      if (existing === undefined) {
        const created: Table = {};
        table[k.name] = created;
        this.keyPositions.set(key(path), k.at);
        this.positions.set(key(path), this.range(start));
        table = created;
      } else if (Array.isArray(existing) && !last) {
        // `[a.b]` after `[[a]]` extends the last element.
        path.push(existing.length - 1);
        table = existing[existing.length - 1] as Table;
      } else if (isTable(existing) && !this.closed.has(existing) && !(last && this.headed.has(existing))) table = existing;
      else throw new ParseError(`\`${k.name}\` is defined twice`);
    });
    if (!array) this.headed.add(table);
    this.current = { table, path };
  }

  private keyPath(): { name: string; at: SourcePosition }[] {
    const keys: { name: string; at: SourcePosition }[] = [];
    for (;;) {
      this.skipBlank();
      const start = this.pos();
      const c = this.text[this.i];
      let name: string;
      if (c === '"' || c === "'") name = this.string();
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.i, this.i + 200));
        if (!m) throw new ParseError('a key was expected');
        name = m[0];
        this.i += name.length;
      }
      keys.push({ name, at: this.range(start) });
      this.skipBlank();
      if (this.text[this.i] !== '.') return keys;
      this.i++;
    }
  }

  private keyValue(table: Table, base: (string | number)[]): void {
    const keys = this.keyPath();
    this.skipBlank();
    if (this.text[this.i] !== '=') throw new ParseError('`=` was expected after the key');
    this.i++;
    this.skipBlank();
    let target = table;
    const path = [...base];
    keys.forEach((k, n) => {
      path.push(k.name);
      if (n === keys.length - 1) return;
      const existing = target[k.name];
      if (existing === undefined) {
        const created: Table = {};
        target[k.name] = created;
        this.keyPositions.set(key(path), k.at);
        this.positions.set(key(path), k.at);
        target = created;
      } else if (isTable(existing) && !this.closed.has(existing)) target = existing;
      else throw new ParseError(`\`${k.name}\` is defined twice`);
    });
    const last = keys[keys.length - 1]!;
    if (Object.hasOwn(target, last.name)) throw new ParseError(`\`${last.name}\` is defined twice`);
    this.keyPositions.set(key(path), last.at);
    target[last.name] = this.value(path);
  }

  private value(path: (string | number)[]): unknown {
    const start = this.pos();
    const c = this.text[this.i];
    let value: unknown;
    if (c === '"' || c === "'") value = this.string();
    else if (c === '[') value = this.array(path);
    else if (c === '{') value = this.inlineTable(path);
    else {
      const m = /^[^\s,\]}#]+/.exec(this.text.slice(this.i, this.i + 200));
      if (!m) throw new ParseError('a value was expected');
      this.i += m[0].length;
      value = scalar(m[0]);
      if (value === undefined) throw new ParseError(`\`${m[0]}\` is not a TOML value`);
    }
    this.positions.set(key(path), this.range(start));
    return value;
  }

  private array(path: (string | number)[]): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.i] === ']') {
        this.i++;
        return out;
      }
      if (this.i >= this.text.length) throw new ParseError('unclosed array');
      out.push(this.value([...path, out.length]));
      this.skipWhitespace();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== ']') throw new ParseError('`,` or `]` was expected in an array');
    }
  }

  private inlineTable(path: (string | number)[]): Table {
    this.i++;
    const table: Table = {};
    this.skipBlank();
    if (this.text[this.i] === '}') {
      this.i++;
      this.closed.add(table);
      return table;
    }
    for (;;) {
      this.skipBlank();
      this.keyValue(table, path);
      this.skipBlank();
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.text[this.i] === '}') {
        this.i++;
        this.closed.add(table);
        return table;
      }
      throw new ParseError('`,` or `}` was expected in an inline table');
    }
  }

  private string(): string {
    const quote = this.text[this.i]!;
    const multi = this.text.startsWith(quote.repeat(3), this.i);
    this.i += multi ? 3 : 1;
    if (multi && this.text[this.i] === '\n') this.newline();
    let out = '';
    for (;;) {
      if (this.i >= this.text.length) throw new ParseError('unclosed string');
      const c = this.text[this.i]!;
      if (multi ? this.text.startsWith(quote.repeat(3), this.i) : c === quote) {
        this.i += multi ? 3 : 1;
        return out;
      }
      if (c === '\n') {
        if (!multi) throw new ParseError('unclosed string');
        out += '\n';
        this.newline();
        continue;
      }
      if (c === '\\' && quote === '"') {
        const next = this.text[this.i + 1];
        if (multi && next === '\n') {
          // Line-ending backslash: the newline and the next line's leading blanks are dropped.
          this.i++;
          this.newline();
          while (this.text[this.i] === ' ' || this.text[this.i] === '\t' || this.text[this.i] === '\n') {
            if (this.text[this.i] === '\n') this.newline();
            else this.i++;
          }
          continue;
        }
        const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
        if (next !== undefined && simple[next] !== undefined) {
          out += simple[next];
          this.i += 2;
          continue;
        }
        const hex = next === 'u' ? this.text.slice(this.i + 2, this.i + 6) : next === 'U' ? this.text.slice(this.i + 2, this.i + 10) : '';
        if (hex && /^[0-9a-fA-F]+$/.test(hex)) {
          out += String.fromCodePoint(Number.parseInt(hex, 16));
          this.i += 2 + hex.length;
          continue;
        }
        throw new ParseError(`invalid escape \`\\${next ?? ''}\``);
      }
      out += c;
      this.i++;
    }
  }
}

function isTable(value: unknown): value is Table {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function scalar(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^[+-]?(?:0|[1-9](?:_?\d)*)$/.test(text)) return Number(text.replace(/_/g, ''));
  if (/^0x[0-9a-fA-F_]+$|^0o[0-7_]+$|^0b[01_]+$/.test(text)) return Number(text.replace(/_/g, ''));
  if (/^[+-]?(?:\d(?:_?\d)*)(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d+)?$/.test(text)) return Number(text.replace(/_/g, ''));
  if (/^[+-]?(?:inf|nan)$/.test(text)) return text.includes('nan') ? Number.NaN : text.startsWith('-') ? -Infinity : Infinity;
  // Dates and times are kept as written.
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$|^\d{2}:\d{2}:\d{2}(?:\.\d+)?$/.test(text)) return text;
  return undefined;
}
