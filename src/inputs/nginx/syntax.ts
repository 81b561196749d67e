import type { SourcePosition } from '../../core/position.js';

/** One word of a directive as written: `value` has quotes removed and escapes applied, `raw` is the source text. */
export interface NginxArg {
  value: string;
  raw: string;
  quote?: '"' | "'";
  /** From the first character (the opening quote, if any) to the last one; `endColumn` is exclusive. */
  at: SourcePosition;
}

/** A directive with its arguments and, for block directives, its children (includes already spliced in). */
export interface NginxDirective {
  name: string;
  args: NginxArg[];
  /** Position of the directive name; the range ends at the terminating `;` or at the `{`. */
  at: SourcePosition;
  block?: NginxDirective[];
  /** Position of the closing `}` of a block (absent when the file ended first). */
  blockEnd?: SourcePosition;
  /** The `include` directive that brought this directive in (the innermost one), for messages. */
  includedFrom?: SourcePosition;
  /** An `include` whose files were not read (not in the input, outside it, unreadable): what it sets is unknown. */
  unread?: boolean;
}

export interface SyntaxProblem {
  at: SourcePosition;
  message: string;
}

const LUA_BLOCK = /_by_lua_block$|^lua_block$/;
/** Real configs nest a handful of levels; this only keeps a hostile file from exhausting the stack. */
const MAX_DEPTH = 200;

// A byte-order mark (files saved by Windows editors) counts as a blank, so the first directive keeps its name.
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xfeff;

/**
 * Reads nginx configuration text the way nginx's ngx_conf_read_token does (words, `'`/`"` quoting with
 * backslash escapes, `#` comments only at the start of a word, `${var}` not opening a block, `}` ending
 * a block only at the start of a word) and builds the directive tree. Syntax errors are reported and
 * skipped: parsing resumes at the next `;` or `}` so the rest of the file is still read. Never throws.
 */
export function parseNginxText(file: string, text: string): { directives: NginxDirective[]; problems: SyntaxProblem[] } {
  return new NginxReader(file, text).read();
}

type Token = { kind: 'word'; arg: NginxArg } | { kind: ';' | '{' | '}'; at: SourcePosition } | { kind: 'eof'; at: SourcePosition };

class NginxReader {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private readonly problems: SyntaxProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  read(): { directives: NginxDirective[]; problems: SyntaxProblem[] } {
    const directives = this.readBlock(undefined, 0);
    return { directives, problems: this.problems };
  }

  private pos(offset = this.offset): SourcePosition {
    // Only called for the current offset or offsets on the current line (token starts are captured eagerly).
    return { file: this.file, line: this.line, column: offset - this.lineStart + 1 };
  }

  private problem(at: SourcePosition, message: string): void {
    this.problems.push({ at, message });
  }

  /** Reads directives until the matching `}` (when `opener` is given) or the end of the text. */
  private readBlock(opener: SourcePosition | undefined, depth: number): NginxDirective[] & { end?: SourcePosition } {
    const directives: NginxDirective[] & { end?: SourcePosition } = [];
    let words: NginxArg[] = [];
    for (;;) {
      const token = this.next();
      if (token.kind === 'word') {
        words.push(token.arg);
        continue;
      }
      if (token.kind === ';') {
        if (words.length === 0) this.problem(token.at, 'unexpected ";"');
        else directives.push(this.directive(words, token.at));
        words = [];
        continue;
      }
      if (token.kind === '{') {
        const name = words[0];
        if (!name) this.problem(token.at, 'unexpected "{" (block without a directive name)');
        if (depth >= MAX_DEPTH) {
          this.problem(token.at, `blocks nested more than ${MAX_DEPTH} levels deep; this block was skipped`);
          this.skipBalanced();
        } else if (name && LUA_BLOCK.test(name.value)) {
          const end = this.skipLuaBlock(token.at);
          directives.push({ ...this.directive(words, token.at), block: [], ...(end ? { blockEnd: end } : {}) });
        } else {
          const block = this.readBlock(token.at, depth + 1);
          if (name) {
            const d = this.directive(words, token.at);
            d.block = block;
            if (block.end) d.blockEnd = block.end;
            directives.push(d);
          }
        }
        words = [];
        continue;
      }
      if (token.kind === '}') {
        if (words.length > 0) {
          this.problem(words[words.length - 1].at, `missing ";" after "${words[0].value}"`);
          directives.push(this.directive(words, words[words.length - 1].at));
          words = [];
        }
        if (opener) {
          directives.end = token.at;
          return directives;
        }
        this.problem(token.at, 'unexpected "}"');
        continue;
      }
      // end of text
      if (words.length > 0) {
        this.problem(words[words.length - 1].at, `unexpected end of file, expecting ";" after "${words[0].value}"`);
        directives.push(this.directive(words, words[words.length - 1].at));
      }
      if (opener) this.problem(opener, 'unexpected end of file, expecting "}" to close this block');
      return directives;
    }
  }

  /** Skips to the `}` matching an already read `{`, without building anything (iterative). */
  private skipBalanced(): void {
    let open = 1;
    while (open > 0) {
      const token = this.next();
      if (token.kind === 'eof') return;
      if (token.kind === '{') open++;
      else if (token.kind === '}') open--;
    }
  }

  private directive(words: NginxArg[], terminator: SourcePosition): NginxDirective {
    const [name, ...args] = words;
    const at: SourcePosition = { ...name.at, endLine: terminator.line, endColumn: terminator.column + 1 };
    return { name: name.value, args, at };
  }

  private next(): Token {
    const text = this.text;
    for (;;) {
      if (this.offset >= text.length) return { kind: 'eof', at: this.pos() };
      const c = text.charCodeAt(this.offset);
      if (c === 10) {
        this.offset++;
        this.line++;
        this.lineStart = this.offset;
        continue;
      }
      if (isSpace(c)) {
        this.offset++;
        continue;
      }
      if (c === 35 /* # */) {
        const nl = text.indexOf('\n', this.offset);
        this.offset = nl < 0 ? text.length : nl;
        continue;
      }
      if (c === 59 /* ; */ || c === 123 /* { */ || c === 125 /* } */) {
        const at = this.pos();
        this.offset++;
        return { kind: text[this.offset - 1] as ';' | '{' | '}', at };
      }
      if (c === 34 || c === 39) return this.quoted(c === 34 ? '"' : "'");
      return this.bare();
    }
  }

  /** An unquoted word: ends at whitespace, `;` or `{` (unless `${`); `#` and `}` inside a word are literal. */
  private bare(): Token {
    const text = this.text;
    const start = this.offset;
    const at = this.pos();
    let escaped = false;
    let variable = false;
    let i = start;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \\ */ && i + 1 < text.length) {
        escaped = true;
        i += 2;
        variable = false;
        continue;
      }
      if (c === 123 /* { */ && variable) {
        i++;
        variable = false;
        continue;
      }
      if (isSpace(c) || c === 59 || c === 123) break;
      variable = c === 36; /* $ */
      i++;
    }
    // A word never spans lines (newline is whitespace), so the line does not change here.
    this.offset = i;
    const raw = text.slice(start, i);
    const value = escaped ? unescapeAll(raw) : raw;
    at.endLine = at.line;
    at.endColumn = at.column + (i - start);
    return { kind: 'word', arg: { value, raw, at } };
  }

  /** A quoted word; may span lines. An unterminated quote is reported and ends at the end of its line. */
  private quoted(quote: '"' | "'"): Token {
    const text = this.text;
    const start = this.offset;
    const at = this.pos();
    const startLine = this.line;
    const startLineStart = this.lineStart;
    let escaped = false;
    let i = start + 1;
    let line = this.line;
    let lineStart = this.lineStart;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\\' && i + 1 < text.length) {
        if (text[i + 1] === '\n') {
          line++;
          lineStart = i + 2;
        }
        escaped = true;
        i += 2;
        continue;
      }
      if (ch === quote) break;
      if (ch === '\n') {
        line++;
        lineStart = i + 1;
      }
      i++;
    }
    if (i >= text.length) {
      // Unterminated: nginx would fail; we take the rest of the line as the word and go on from there.
      this.problem(at, `unterminated ${quote === '"' ? 'double' : 'single'}-quoted string`);
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      this.offset = end;
      this.line = startLine;
      this.lineStart = startLineStart;
      const raw = text.slice(start, end);
      return { kind: 'word', arg: { value: raw.slice(1), raw, quote, at: { ...at, endLine: at.line, endColumn: at.column + raw.length } } };
    }
    i++; // closing quote
    this.offset = i;
    this.line = line;
    this.lineStart = lineStart;
    const endColumn = i - lineStart + 1;
    const next = text.charCodeAt(i);
    if (i < text.length && !isSpace(next) && next !== 59 && next !== 123 && next !== 125 && next !== 41 /* ) */) {
      this.problem(this.pos(), `unexpected "${text[i]}" after a quoted string (a space, ";" or "{" must follow)`);
    }
    const inner = text.slice(start + 1, i - 1);
    return { kind: 'word', arg: { value: escaped ? unescapeAll(inner) : inner, raw: text.slice(start, i), quote, at: { ...at, endLine: line, endColumn } } };
  }

  /**
   * Skips the Lua code of a `*_by_lua_block { … }`, which is not nginx syntax: braces inside Lua strings,
   * long brackets and comments must not count. Returns the position of the closing brace.
   */
  private skipLuaBlock(opener: SourcePosition): SourcePosition | undefined {
    const text = this.text;
    let depth = 1;
    let i = this.offset;
    const advanceLines = (from: number, to: number) => {
      for (let k = from; k < to; k++) {
        if (text.charCodeAt(k) === 10) {
          this.line++;
          this.lineStart = k + 1;
        }
      }
    };
    while (i < text.length) {
      const ch = text[i];
      if (ch === '-' && text[i + 1] === '-') {
        const long = longBracketAt(text, i + 2);
        const end = long ? text.indexOf(long.close, long.bodyStart) : text.indexOf('\n', i);
        const stop = end < 0 ? text.length : long ? end + long.close.length : end;
        advanceLines(i, stop);
        i = stop;
        continue;
      }
      if (ch === '[') {
        const long = longBracketAt(text, i);
        if (long) {
          const end = text.indexOf(long.close, long.bodyStart);
          const stop = end < 0 ? text.length : end + long.close.length;
          advanceLines(i, stop);
          i = stop;
          continue;
        }
      }
      if (ch === '"' || ch === "'") {
        let k = i + 1;
        while (k < text.length && text[k] !== ch && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
        advanceLines(i, Math.min(k + 1, text.length));
        i = k + 1;
        continue;
      }
      if (ch === '\n') {
        this.line++;
        this.lineStart = i + 1;
      } else if (ch === '{') depth++;
      else if (ch === '}') {
        depth--;
        if (depth === 0) {
          this.offset = i;
          const at = this.pos();
          this.offset = i + 1;
          return at;
        }
      }
      i++;
    }
    this.offset = text.length;
    this.problem(opener, 'unexpected end of file inside a Lua block, expecting "}"');
    return undefined;
  }
}

/** nginx's escapes: \\" \\' \\\\ \\t \\n \\r; other backslashes stay (regex escapes such as \\. or \\d). */
function unescapeAll(raw: string): string {
  return raw.replace(/\\([\s\S])/g, (_, ch: string) => unescapeChar(ch));
}

function unescapeChar(ch: string): string {
  if (ch === 't') return '\t';
  if (ch === 'n') return '\n';
  if (ch === 'r') return '\r';
  if (ch === '"' || ch === "'" || ch === '\\') return ch;
  // nginx keeps the backslash for other characters (regex escapes such as \. or \d).
  return `\\${ch}`;
}

function longBracketAt(text: string, i: number): { close: string; bodyStart: number } | undefined {
  if (text[i] !== '[') return undefined;
  let k = i + 1;
  while (text[k] === '=') k++;
  if (text[k] !== '[') return undefined;
  return { close: `]${'='.repeat(k - i - 1)}]`, bodyStart: k + 1 };
}
