import { type AccessField, FIELD_INDEX } from './access-fields.js';

/**
 * A line layout written like an nginx `log_format`: literals and `$variables`. Locating a line walks
 * the template left to right, each variable ending where the next literal starts (the first
 * occurrence, as nginx itself writes no unescaped quotes inside quoted values).
 */
export interface TemplatePart {
  literal?: Buffer;
  /** The access field a variable fills, or undefined for variables we do not read. */
  field?: AccessField;
  /** nginx `$upstream_*` values are lists ("a, b : c") that contain the separator literal. */
  list?: boolean;
  /** Position of the literal in the per-block search cache. */
  slot?: number;
}

export interface Template {
  parts: TemplatePart[];
  /** Names of the variables in order (for messages and tests). */
  variables: string[];
}

const VARIABLE = /\$(?:\{(\w+)\}|(\w+))/g;

/** Parses `'$remote_addr - [$time_local] "$request" $status'` with a variable → field map. */
export function compileTemplate(format: string, fieldOf: (variable: string) => AccessField | undefined, isList: (variable: string) => boolean = () => false): Template {
  const parts: TemplatePart[] = [];
  const variables: string[] = [];
  let last = 0;
  let slot = 0;
  const addLiteral = (text: string) => {
    if (text === '') return;
    const previous = parts[parts.length - 1];
    if (previous?.literal) {
      previous.literal = Buffer.concat([previous.literal, Buffer.from(text)]);
      return;
    }
    parts.push({ literal: Buffer.from(text), slot: slot++ });
  };
  for (const m of format.matchAll(VARIABLE)) {
    addLiteral(format.slice(last, m.index));
    const name = m[1] ?? m[2];
    variables.push(name);
    parts.push({ field: fieldOf(name), list: isList(name) });
    last = (m.index ?? 0) + m[0].length;
  }
  addLiteral(format.slice(last));
  return { parts, variables };
}

/** Literal search over one block of lines, remembering the next occurrence of each literal. */
class LiteralFinder {
  private buf: Buffer | null = null;
  private blockEnd = 0;
  private readonly next: Float64Array;

  constructor(private readonly literals: Buffer[]) {
    this.next = new Float64Array(literals.length);
  }

  begin(buf: Buffer, blockEnd: number): void {
    this.buf = buf;
    this.blockEnd = blockEnd;
    this.next.fill(-1);
  }

  /** First occurrence of literal `slot` in [from, end), or -1. */
  find(slot: number, from: number, end: number): number {
    const buf = this.buf as Buffer;
    const literal = this.literals[slot];
    // Short hops for one-byte separators are cheaper in JS than a native call.
    if (literal.length === 1) {
      const b = literal[0];
      const stop = Math.min(end, from + 24);
      for (let i = from; i < stop; i++) if (buf[i] === b) return i;
      if (stop === end) return -1;
    }
    let p = this.next[slot];
    if (p < from) {
      p = buf.indexOf(literal, from);
      if (p < 0 || p >= this.blockEnd) p = Number.POSITIVE_INFINITY;
      this.next[slot] = p;
    }
    return p < end ? p : -1;
  }
}

/** Locates template fields in lines of one file; create one per file and call `begin` per block. */
export class TemplateLocator {
  private readonly finder: LiteralFinder;

  constructor(readonly template: Template) {
    this.finder = new LiteralFinder(template.parts.filter((p) => p.literal).map((p) => p.literal as Buffer));
  }

  begin(buf: Buffer, blockEnd: number): void {
    this.finder.begin(buf, blockEnd);
  }

  /** Fills `spans` for the line [start, end); false when the line does not follow the template. */
  locate(buf: Buffer, start: number, end: number, spans: Int32Array): boolean {
    const parts = this.template.parts;
    let pos = start;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k];
      if (part.literal) {
        const lit = part.literal;
        if (pos + lit.length > end) return false;
        for (let j = 0; j < lit.length; j++) if (buf[pos + j] !== lit[j]) return false;
        pos += lit.length;
        continue;
      }
      const next = parts[k + 1];
      let valueEnd = end;
      if (next?.literal) {
        valueEnd = this.finder.find(next.slot as number, pos, end);
        while (valueEnd >= 0 && part.list) {
          const skip = listSeparatorLength(buf, valueEnd, end);
          if (skip === 0) break;
          valueEnd = this.finder.find(next.slot as number, valueEnd + skip, end);
        }
        if (valueEnd < 0) return false;
      }
      if (part.field !== undefined) {
        const i = FIELD_INDEX[part.field] * 2;
        spans[i] = pos;
        spans[i + 1] = valueEnd;
      }
      pos = valueEnd;
    }
    return true;
  }
}

/** Inside an nginx list a space belongs to ", " or " : " and does not end the value: how far to skip. */
function listSeparatorLength(buf: Buffer, at: number, end: number): number {
  if (buf[at] !== 32) return 0;
  if (at > 0 && buf[at - 1] === 44) return 1;
  return at + 2 < end && buf[at + 1] === 58 && buf[at + 2] === 32 ? 3 : 0;
}
