import type { SourcePosition } from '../../core/position.js';

/**
 * An HCL (Terraform native syntax) reader that keeps positions: blocks with labels, attributes, nested blocks,
 * one-line blocks, comments (`#`, `//`, `/* *\/`), strings with `${…}` templates, heredocs, numbers, booleans,
 * lists, objects, references (`aws_lb.main.arn`) and anything else as an expression kept as text. A line it cannot
 * read is reported and skipped; the rest is still read. Never throws.
 */

export type HclValue =
  | { kind: 'string'; value: string; template: boolean; at: SourcePosition; text: string }
  | { kind: 'number'; value: number; at: SourcePosition; text: string }
  | { kind: 'bool'; value: boolean; at: SourcePosition; text: string }
  | { kind: 'null'; at: SourcePosition; text: string }
  | { kind: 'list'; items: HclValue[]; at: SourcePosition; text: string }
  | { kind: 'object'; entries: { key: string; keyAt: SourcePosition; value: HclValue }[]; at: SourcePosition; text: string }
  | { kind: 'reference'; path: string; at: SourcePosition; text: string }
  | { kind: 'expression'; at: SourcePosition; text: string };

export interface HclAttribute {
  name: string;
  nameAt: SourcePosition;
  value: HclValue;
  at: SourcePosition;
}

export interface HclBlock {
  type: string;
  labels: { value: string; at: SourcePosition }[];
  attributes: HclAttribute[];
  blocks: HclBlock[];
  at: SourcePosition;
  /** Position of the closing `}` (where attributes can be added before). */
  end?: SourcePosition;
}

export interface HclProblem {
  at: SourcePosition;
  message: string;
}

type TokenKind = 'ident' | 'string' | 'heredoc' | 'number' | 'punct' | 'newline' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  /** Unquoted string content (templates kept as written). */
  value?: string;
  at: SourcePosition;
}

class HclError extends Error {
  constructor(
    message: string,
    readonly at?: SourcePosition,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 64;

export function parseHcl(file: string, text: string): { body: HclBlock; problems: HclProblem[] } {
  const problems: HclProblem[] = [];
  const tokens = tokenize(file, text, problems);
  const parser = new Parser(text, tokens, problems);
  const body: HclBlock = { type: '', labels: [], attributes: [], blocks: [], at: { file, line: 1, column: 1 } };
  parser.body(body, 0, false);
  return { body, problems };
}

function tokenize(file: string, text: string, problems: HclProblem[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (offset: number): SourcePosition => ({ file, line, column: offset - lineStart + 1 });
  const range = (start: SourcePosition, endOffset: number): SourcePosition => ({ ...start, endLine: line, endColumn: endOffset - lineStart + 1 });
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      out.push({ kind: 'newline', text: '\n', at: pos(i) });
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (let k = i; k < stop; k++)
        if (text[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      if (end === -1) problems.push({ at: pos(i), message: 'unclosed /* comment' });
      i = stop;
      continue;
    }
    const start = pos(i);
    if (c === '"') {
      // A quoted template: `${…}` may hold nested quotes and braces.
      let j = i + 1;
      let depth = 0;
      while (j < text.length) {
        const d = text[j]!;
        if (d === '\\') {
          j += 2;
          continue;
        }
        if ((d === '$' || d === '%') && text[j + 1] === '{') {
          depth++;
          j += 2;
          continue;
        }
        if (d === '}' && depth > 0) depth--;
        else if (d === '"' && depth === 0) break;
        else if (d === '\n' && depth === 0) break;
        j++;
      }
      const closed = text[j] === '"';
      if (!closed) problems.push({ at: start, message: 'unclosed string' });
      const raw = text.slice(i + 1, j);
      out.push({ kind: 'string', text: text.slice(i, closed ? j + 1 : j), value: unescapeString(raw), at: range(start, closed ? j + 1 : j) });
      i = closed ? j + 1 : j;
      continue;
    }
    const heredoc = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(text.slice(i, i + 80));
    if (heredoc) {
      const marker = heredoc[2]!;
      const bodyStart = i + heredoc[0].length;
      const endRe = new RegExp(`\\n[ \\t]*${marker}[ \\t]*(?=\\r?\\n|$)`);
      const m = endRe.exec(text.slice(bodyStart - 1));
      const stop = m ? bodyStart - 1 + m.index + m[0].length : text.length;
      const bodyEnd = m ? bodyStart - 1 + m.index : text.length;
      const content = text.slice(bodyStart, bodyEnd);
      for (let k = i; k < stop; k++)
        if (text[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      if (!m) problems.push({ at: start, message: `heredoc <<${marker} is never closed` });
      out.push({ kind: 'heredoc', text: text.slice(i, stop), value: content, at: range(start, stop) });
      i = stop;
      continue;
    }
    const number = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 40));
    if (number) {
      out.push({ kind: 'number', text: number[0], at: range(start, i + number[0].length) });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i, i + 256));
    if (ident) {
      out.push({ kind: 'ident', text: ident[0], at: range(start, i + ident[0].length) });
      i += ident[0].length;
      continue;
    }
    const punct = /^(?:==|!=|<=|>=|&&|\|\||=>|\.\.\.|[{}[\]()=,.:?!+\-*/%<>])/.exec(text.slice(i, i + 3));
    if (punct) {
      out.push({ kind: 'punct', text: punct[0], at: range(start, i + punct[0].length) });
      i += punct[0].length;
      continue;
    }
    problems.push({ at: start, message: `unexpected character \`${c}\`` });
    i++;
  }
  out.push({ kind: 'eof', text: '', at: pos(i) });
  return out;
}

function unescapeString(raw: string): string {
  return raw.replace(/\\(["\\nrt])/g, (_, ch: string) => ({ n: '\n', r: '\r', t: '\t' })[ch] ?? ch);
}

class Parser {
  private i = 0;
  private readonly lines: string[];

  constructor(
    text: string,
    private readonly tokens: Token[],
    private readonly problems: HclProblem[],
  ) {
    this.lines = text.split('\n');
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    return this.tokens[Math.min(this.i++, this.tokens.length - 1)]!;
  }

  /** Reads attributes and blocks until `}` (when nested) or the end. */
  body(block: HclBlock, depth: number, nested: boolean): void {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') {
        if (nested) this.problems.push({ at: block.at, message: `block \`${block.type}\` is never closed` });
        return;
      }
      if (t.kind === 'newline') {
        this.i++;
        continue;
      }
      if (t.kind === 'punct' && t.text === '}') {
        if (nested) {
          block.end = t.at;
          this.i++;
          return;
        }
        this.problems.push({ at: t.at, message: 'unexpected `}`' });
        this.i++;
        continue;
      }
      try {
        this.item(block, depth);
      } catch (error) {
        if (!(error instanceof HclError)) throw error;
        this.problems.push({ at: error.at ?? this.peek().at, message: error.message });
        this.skipLine();
      }
    }
  }

  private skipLine(): void {
    let level = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.next();
      if (t.kind === 'punct' && (t.text === '{' || t.text === '[' || t.text === '(')) level++;
      else if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) {
        if (level === 0) {
          this.i--;
          return;
        }
        level--;
      } else if (t.kind === 'newline' && level === 0) return;
    }
  }

  private item(block: HclBlock, depth: number): void {
    const name = this.next();
    if (name.kind !== 'ident') throw new HclError(`an attribute or block name was expected, found \`${name.text}\``, name.at);
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '=') {
      this.i++;
      const value = this.expression(0);
      block.attributes.push({
        name: name.text,
        nameAt: name.at,
        value,
        at: { ...name.at, endLine: value.at.endLine ?? value.at.line, endColumn: value.at.endColumn ?? value.at.column },
      });
      this.endItem();
      return;
    }
    const labels: HclBlock['labels'] = [];
    while (this.peek().kind === 'string' || this.peek().kind === 'ident') {
      const l = this.next();
      labels.push({ value: l.value ?? l.text, at: l.at });
    }
    const open = this.next();
    if (open.kind !== 'punct' || open.text !== '{') throw new HclError(`\`=\` or \`{\` was expected after \`${name.text}\``);
    if (depth >= MAX_DEPTH) throw new HclError('blocks nested too deep');
    const child: HclBlock = { type: name.text, labels, attributes: [], blocks: [], at: name.at };
    this.body(child, depth + 1, true);
    block.blocks.push(child);
  }

  private endItem(): void {
    const t = this.peek();
    if (t.kind === 'newline') this.i++;
    else if (!(t.kind === 'eof' || (t.kind === 'punct' && t.text === '}'))) throw new HclError(`unexpected \`${t.text}\` after the value`);
  }

  /** An expression up to the end of its line (newlines inside brackets are part of it). */
  private expression(depth: number): HclValue {
    if (depth > MAX_DEPTH) throw new HclError('expression nested too deep');
    const startIndex = this.i;
    const first = this.peek();
    let simple: HclValue | undefined;
    if (first.kind === 'string' || first.kind === 'heredoc') {
      this.i++;
      const value = first.value ?? '';
      simple = { kind: 'string', value, template: /[$%]\{/.test(value), at: first.at, text: first.text };
    } else if (first.kind === 'number') {
      this.i++;
      simple = { kind: 'number', value: Number(first.text), at: first.at, text: first.text };
    } else if (first.kind === 'ident' && (first.text === 'true' || first.text === 'false') && this.atEnd(1)) {
      this.i++;
      simple = { kind: 'bool', value: first.text === 'true', at: first.at, text: first.text };
    } else if (first.kind === 'ident' && first.text === 'null' && this.atEnd(1)) {
      this.i++;
      simple = { kind: 'null', at: first.at, text: first.text };
    } else if (first.kind === 'punct' && (first.text === '[' || first.text === '{') && this.isForExpression()) {
      return this.rawExpression();
    } else if (first.kind === 'punct' && first.text === '[') {
      simple = this.list(depth);
    } else if (first.kind === 'punct' && first.text === '{') {
      simple = this.object(depth);
    } else if (first.kind === 'punct' && first.text === '-' && this.peek(1).kind === 'number') {
      this.i += 2;
      const n = this.tokens[this.i - 1]!;
      simple = { kind: 'number', value: -Number(n.text), at: { ...first.at, endLine: n.at.endLine, endColumn: n.at.endColumn }, text: `-${n.text}` };
    } else if (first.kind === 'ident') {
      const reference = this.reference();
      if (reference) simple = reference;
    }
    if (simple && this.atEnd(0)) return simple;
    // Something more: operators, function calls, conditionals, `for` … kept as text.
    this.i = startIndex;
    return this.rawExpression();
  }

  /** `[for x in y : …]` / `{for k, v in m : k => v}`: kept as text. */
  private isForExpression(): boolean {
    let k = 1;
    while (this.peek(k).kind === 'newline') k++;
    const t = this.peek(k);
    return t.kind === 'ident' && t.text === 'for' && this.peek(k + 1).kind === 'ident';
  }

  private atEnd(offset: number): boolean {
    const t = this.peek(offset);
    return t.kind === 'newline' || t.kind === 'eof' || (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ',' || t.text === ')'));
  }

  private reference(): HclValue | undefined {
    const start = this.i;
    const parts: string[] = [];
    const first = this.next();
    parts.push(first.text);
    let last = first;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '.' && (this.peek(1).kind === 'ident' || this.peek(1).kind === 'number')) {
        this.i++;
        last = this.next();
        parts.push(last.text);
        continue;
      }
      if (t.kind === 'punct' && t.text === '[' && (this.peek(1).kind === 'number' || this.peek(1).kind === 'string') && this.peek(2).text === ']') {
        this.i += 3;
        last = this.tokens[this.i - 1]!;
        parts.push(`[${this.tokens[this.i - 2]!.text}]`);
        continue;
      }
      break;
    }
    if (this.peek().kind === 'punct' && this.peek().text === '(') {
      this.i = start;
      return undefined;
    }
    const at = { ...first.at, endLine: last.at.endLine ?? last.at.line, endColumn: last.at.endColumn ?? last.at.column };
    return { kind: 'reference', path: parts.join('.').replace(/\.\[/g, '['), at, text: parts.join('.').replace(/\.\[/g, '[') };
  }

  private list(depth: number): HclValue {
    const open = this.next();
    const items: HclValue[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'punct' && t.text === ']') {
        this.i++;
        return { kind: 'list', items, at: { ...open.at, endLine: t.at.line, endColumn: t.at.column + 1 }, text: this.slice(open.at, t.at) };
      }
      if (t.kind === 'eof') throw new HclError('unclosed `[`');
      items.push(this.expression(depth + 1));
      this.skipNewlines();
      if (this.peek().kind === 'punct' && this.peek().text === ',') this.i++;
    }
  }

  private object(depth: number): HclValue {
    const open = this.next();
    const entries: { key: string; keyAt: SourcePosition; value: HclValue }[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '}') {
        this.i++;
        return { kind: 'object', entries, at: { ...open.at, endLine: t.at.line, endColumn: t.at.column + 1 }, text: this.slice(open.at, t.at) };
      }
      if (t.kind === 'eof') throw new HclError('unclosed `{`');
      const key = this.next();
      if (key.kind !== 'ident' && key.kind !== 'string') throw new HclError('an object key was expected');
      const eq = this.next();
      if (eq.kind !== 'punct' || (eq.text !== '=' && eq.text !== ':')) throw new HclError('`=` was expected after an object key');
      entries.push({ key: key.value ?? key.text, keyAt: key.at, value: this.expression(depth + 1) });
      if (this.peek().kind === 'punct' && this.peek().text === ',') this.i++;
    }
  }

  private rawExpression(): HclValue {
    const first = this.peek();
    if (first.kind === 'newline' || first.kind === 'eof' || (first.kind === 'punct' && !['(', '[', '{', '-', '!'].includes(first.text)))
      throw new HclError(first.kind === 'punct' ? `a value was expected, found \`${first.text}\`` : 'a value was expected', first.at);
    let level = 0;
    let last = first;
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'punct' && (t.text === '{' || t.text === '[' || t.text === '(')) level++;
      else if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) {
        if (level === 0) break;
        level--;
      } else if (level === 0 && (t.kind === 'newline' || (t.kind === 'punct' && t.text === ','))) break;
      last = this.next();
    }
    const at = { ...first.at, endLine: last.at.endLine ?? last.at.line, endColumn: last.at.endColumn ?? last.at.column };
    return { kind: 'expression', at, text: this.slice(first.at, { ...last.at, column: (last.at.endColumn ?? last.at.column) - 1 }) };
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.i++;
  }

  /** The source text from `a` to `b` inclusive (for messages). */
  private slice(a: SourcePosition, b: SourcePosition): string {
    const lines = this.lines;
    if (a.line === b.line) return (lines[a.line - 1] ?? '').slice(a.column - 1, b.column);
    return [(lines[a.line - 1] ?? '').slice(a.column - 1), ...lines.slice(a.line, b.line - 1), (lines[b.line - 1] ?? '').slice(0, b.column)].join('\n');
  }
}
