import type { ScanProgram } from '../wasm-scanner.js';
import { type AccessField, FIELD_INDEX, findBytes, startsWithBytes } from './access-fields.js';

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
}

export interface Template {
  parts: TemplatePart[];
  /** Names of the variables in order (for messages and tests). */
  variables: string[];
}

const VARIABLE = /\$(?:\{(\w+)\}|(\w+))/g;

/** Parses `'$remote_addr - [$time_local] "$request" $status'` with a variable → field map. */
export function compileTemplate(
  format: string,
  fieldOf: (variable: string) => AccessField | undefined,
  isList: (variable: string) => boolean = () => false,
): Template {
  const parts: TemplatePart[] = [];
  const variables: string[] = [];
  let last = 0;
  const addLiteral = (text: string) => {
    if (text === '') return;
    const previous = parts[parts.length - 1];
    if (previous?.literal) {
      previous.literal = Buffer.concat([previous.literal, Buffer.from(text)]);
      return;
    }
    parts.push({ literal: Buffer.from(text) });
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

/** Locates template fields in lines. */
export class TemplateLocator {
  // The template flattened for the per-line loop: a literal (or null for a variable) per part, the
  // span slot a variable fills (-1: not read), and whether its value is an nginx list.
  private readonly literals: (Buffer | null)[];
  private readonly slots: Int32Array;
  private readonly lists: Uint8Array;

  constructor(readonly template: Template) {
    this.literals = template.parts.map((p) => p.literal ?? null);
    this.slots = Int32Array.from(template.parts, (p) => (p.field === undefined ? -1 : FIELD_INDEX[p.field] * 2));
    this.lists = Uint8Array.from(template.parts, (p) => (p.list ? 1 : 0));
  }

  /** Kept for the layout interface: template search holds no state between lines. */
  begin(_buf: Buffer, _blockEnd: number): void {}

  /** The template as the WebAssembly scanner runs it (see {@link ScanProgram}); the rest is the layout's. */
  programParts(): ScanProgram['parts'] {
    return this.template.parts.map((p, k) => ({ literal: p.literal, slot: this.slots[k], list: this.lists[k] === 1 }));
  }

  /** Fills `spans` for the line [start, end); false when the line does not follow the template. */
  locate(buf: Buffer, start: number, end: number, spans: Int32Array): boolean {
    return this.locateEnd(buf, start, end, spans) >= 0;
  }

  /** Like `locate`, returning where the template's match ends (trailing text may follow), or -1. */
  locateEnd(buf: Buffer, start: number, end: number, spans: Int32Array): number {
    const literals = this.literals;
    const count = literals.length;
    let pos = start;
    let k = 0;
    if (count > 0 && literals[0] !== null) {
      if (!startsWithBytes(buf, pos, end, literals[0])) return -1;
      pos += literals[0].length;
      k = 1;
    }
    // Here part k is a variable; the literal after it (if any) ends it and is consumed with it.
    for (; k < count; k += 2) {
      const next = k + 1 < count ? literals[k + 1] : null;
      let valueEnd = end;
      if (next !== null) {
        valueEnd = next.length === 1 ? findByte(buf, next[0], pos, end) : findBytes(buf, next, pos, end);
        if (this.lists[k] === 1) {
          for (
            let skip = valueEnd >= 0 ? listSeparatorLength(buf, valueEnd, end) : 0;
            skip > 0;
            skip = valueEnd >= 0 ? listSeparatorLength(buf, valueEnd, end) : 0
          ) {
            valueEnd = findBytes(buf, next, valueEnd + skip, end);
          }
        }
        if (valueEnd < 0) return -1;
      }
      const slot = this.slots[k];
      if (slot >= 0) {
        spans[slot] = pos;
        spans[slot + 1] = valueEnd;
      }
      pos = next === null ? valueEnd : valueEnd + next.length;
    }
    return pos;
  }
}

function findByte(buf: Buffer, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (buf[i] === byte) return i;
  return -1;
}

/** Inside an nginx list a space belongs to ", " or " : " and does not end the value: how far to skip. */
function listSeparatorLength(buf: Buffer, at: number, end: number): number {
  if (buf[at] !== 32) return 0;
  if (at > 0 && buf[at - 1] === 44) return 1;
  return at + 2 < end && buf[at + 1] === 58 && buf[at + 2] === 32 ? 3 : 0;
}
