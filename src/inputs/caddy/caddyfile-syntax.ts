import type { SourcePosition } from '../../core/position.js';

export interface CaddyToken {
  /** The token's text after unquoting (placeholders such as `{$PORT}` are kept as written). */
  text: string;
  at: SourcePosition;
  quoted: boolean;
}

/** A directive: its name, the arguments on its line, and the directives of its `{ }` block. */
export interface CaddyDirective {
  name: CaddyToken;
  args: CaddyToken[];
  block?: CaddyDirective[];
  at: SourcePosition;
}

export interface CaddySyntaxProblem {
  at: SourcePosition;
  message: string;
}

interface Line {
  tokens: CaddyToken[];
}

/**
 * Reads a Caddyfile the way Caddy's lexer does: whitespace-separated tokens, newlines end a directive, `{`/`}`
 * are block delimiters only as tokens of their own (so `{http.request.host}` stays a placeholder), `"…"` and
 * `` `…` `` strings, `#` comments at the start of a token, a trailing `\` joins lines, heredocs `<<MARKER`.
 */
export function parseCaddyfile(file: string, text: string): { directives: CaddyDirective[]; problems: CaddySyntaxProblem[] } {
  const problems: CaddySyntaxProblem[] = [];
  const lines = lex(file, text, problems);
  let index = 0;
  const parseBlock = (depth: number, opener?: CaddyToken): CaddyDirective[] => {
    const out: CaddyDirective[] = [];
    while (index < lines.length) {
      const line = lines[index++]!;
      let tokens = line.tokens;
      if (tokens.length === 1 && tokens[0]!.text === '}' && !tokens[0]!.quoted) {
        if (depth === 0) problems.push({ at: tokens[0]!.at, message: 'unexpected `}`' });
        else return out;
        continue;
      }
      // `} else {`-like leftovers and `}` at the end of a one-line block: split the closing brace off.
      let closes = false;
      if (tokens.length > 1 && tokens[tokens.length - 1]!.text === '}' && !tokens[tokens.length - 1]!.quoted && tokens[tokens.length - 2]!.text !== '{') {
        closes = depth > 0;
        tokens = tokens.slice(0, -1);
      }
      const [name, ...rest] = tokens;
      if (!name) continue;
      const directive: CaddyDirective = { name, args: rest, at: name.at };
      const last = rest[rest.length - 1] ?? (name.text === '{' && !name.quoted ? name : undefined);
      if (last && last.text === '{' && !last.quoted) {
        if (last === name) directive.args = [];
        else directive.args = rest.slice(0, -1);
        directive.block = parseBlock(depth + 1, last);
      }
      out.push(directive);
      if (closes) return out;
    }
    if (depth > 0 && opener) problems.push({ at: opener.at, message: 'this `{` is never closed' });
    return out;
  };
  return { directives: parseBlock(0), problems };
}

function lex(file: string, text: string, problems: CaddySyntaxProblem[]): Line[] {
  const out: Line[] = [];
  let tokens: CaddyToken[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (offset: number): SourcePosition => ({ file, line, column: offset - lineStart + 1 });
  const endLine = () => {
    if (tokens.length > 0) out.push({ tokens });
    tokens = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      endLine();
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      line++;
      lineStart = i;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = pos(i);
    if (c === '"' || c === '`') {
      const startLine = line;
      let value = '';
      i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i]!;
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        if (c === '"' && d === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (d === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += d;
        i++;
      }
      if (!closed) problems.push({ at: { file, line: startLine, column: start.column }, message: 'unclosed quote' });
      tokens.push({ text: value, at: { ...start, endLine: line, endColumn: i - lineStart + 1 }, quoted: true });
      continue;
    }
    const heredoc = /^<<([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(text.slice(i, i + 64));
    if (heredoc) {
      // The closing marker starts a line (after indentation, which is then stripped from every line of the body).
      const marker = heredoc[1]!;
      const bodyStart = i + heredoc[0].length;
      const close = new RegExp(`(^|\\n)([ \\t]*)${marker}(?=[ \\t]|\\r?\\n|$)`).exec(text.slice(bodyStart));
      const bodyEnd = close ? bodyStart + close.index : text.length;
      const indent = close?.[2] ?? '';
      const body = text
        .slice(bodyStart, bodyEnd)
        .split('\n')
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n');
      const stop = close ? bodyStart + close.index + close[0].length : text.length;
      const newlines = (text.slice(i, stop).match(/\n/g) ?? []).length;
      line += newlines;
      lineStart = text.lastIndexOf('\n', stop - 1) + 1;
      i = stop;
      tokens.push({ text: body, at: { ...start, endLine: line, endColumn: i - lineStart + 1 }, quoted: true });
      if (!close) problems.push({ at: start, message: `heredoc <<${marker} is never closed` });
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s]/.test(text[j]!)) j++;
    tokens.push({ text: text.slice(i, j), at: { ...start, endLine: line, endColumn: j - lineStart + 1 }, quoted: false });
    i = j;
  }
  endLine();
  return out;
}
