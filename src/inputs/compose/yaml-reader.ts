import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SourcePosition } from '../../core/position.js';
import type { LineIndex } from '../yaml/line-index.js';

export interface MapEntry {
  key: string;
  keyAt: SourcePosition;
  /** Undefined for `key:` with no value. */
  value: Node | undefined;
  valueAt: SourcePosition;
  /** Tag written on the value (`!reset`, `!override` in Compose override files). */
  tag?: string;
}

/** A bound on alias dereferences per file, on top of the loader's expansion guard. */
const MAX_ALIAS_STEPS = 50_000;

/**
 * Reads a parsed YAML document as Compose does: aliases followed, `<<` merge keys applied (explicit keys win,
 * earlier merge sources win over later ones), positions for every key and value.
 */
export class YamlReader {
  private aliasSteps = 0;

  constructor(
    readonly document: Document.Parsed,
    readonly lines: LineIndex,
  ) {}

  get root(): Node | undefined {
    return this.deref(this.document.contents);
  }

  deref(node: unknown): Node | undefined {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < 32; hops++) {
      if (++this.aliasSteps > MAX_ALIAS_STEPS) return undefined;
      current = current.resolve(this.document);
    }
    if (isAlias(current)) return undefined;
    return (current ?? undefined) as Node | undefined;
  }

  pos(node: unknown, fallback?: SourcePosition): SourcePosition {
    const range = (node as Node | undefined)?.range;
    if (range && range[1] > range[0]) {
      // Block collections end at the next line; positions end at the last character written.
      let end = range[1];
      while (end > range[0] && /\s/.test(this.lines.text[end - 1]!)) end--;
      return this.lines.position(range[0], end);
    }
    if (range && fallback === undefined) return this.lines.position(range[0]);
    return fallback ?? this.lines.position(0);
  }

  isMap(node: unknown): boolean {
    return isMap(this.deref(node));
  }

  isSeq(node: unknown): boolean {
    return isSeq(this.deref(node));
  }

  /** Written in flow style (`[a, b]`, `{a: 1}`). */
  isFlow(node: unknown): boolean {
    const n = this.deref(node) as { flow?: boolean } | undefined;
    return Boolean(n?.flow);
  }

  isNull(node: unknown): boolean {
    const n = this.deref(node);
    return n === undefined || (isScalar(n) && n.value === null);
  }

  /** Scalar as a string (numbers and booleans as written); undefined for null, maps and sequences. */
  scalar(node: unknown): string | undefined {
    const n = this.deref(node);
    if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
    if (typeof n.value === 'string') return n.value;
    // Keep `08080` or `1.10` as written, not as the number they parse to.
    if (typeof n.source === 'string' && n.type === 'PLAIN') return n.source;
    return String(n.value);
  }

  /** Whether the scalar was a plain (unquoted) YAML boolean. */
  boolean(node: unknown): boolean | undefined {
    const n = this.deref(node);
    if (isScalar(n) && typeof n.value === 'boolean') return n.value;
    const s = this.scalar(n)?.toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
    return undefined;
  }

  items(node: unknown): Node[] {
    const n = this.deref(node);
    if (!isSeq(n)) return [];
    const out: Node[] = [];
    for (const item of n.items) {
      const d = this.deref(item);
      if (d) out.push(d);
    }
    return out;
  }

  entries(node: unknown): MapEntry[] {
    const n = this.deref(node);
    if (!isMap(n)) return [];
    const explicit: MapEntry[] = [];
    const merged: MapEntry[] = [];
    for (const pair of n.items) {
      const keyNode = this.deref(pair.key);
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined) continue;
      if (key === '<<' && isScalar(keyNode) && keyNode.type === 'PLAIN') {
        const source = this.deref(pair.value);
        const sources = isSeq(source) ? source.items : [pair.value];
        for (const s of sources) {
          for (const entry of this.entries(s)) if (!merged.some((m) => m.key === entry.key)) merged.push(entry);
        }
        continue;
      }
      explicit.push(this.entry(key, keyNode, pair.value));
    }
    const out = [...explicit];
    for (const m of merged) if (!explicit.some((e) => e.key === m.key)) out.push(m);
    return out;
  }

  /** Position of the first key written in a block mapping (a merge key `<<` included). */
  firstKeyPos(node: unknown): SourcePosition | undefined {
    const n = this.deref(node);
    if (!isMap(n) || n.flow || n.items.length === 0) return undefined;
    const key = n.items[0]!.key as Node | null;
    return key?.range ? this.lines.position(key.range[0]) : undefined;
  }

  /** The entry of `key` (as `entries` would give it), positions computed for that entry only. */
  get(node: unknown, key: string): MapEntry | undefined {
    const n = this.deref(node);
    if (!isMap(n)) return undefined;
    let merges = false;
    for (const pair of n.items) {
      const keyNode = this.deref(pair.key);
      if (!isScalar(keyNode)) continue;
      const written = String(keyNode.value);
      if (written === '<<' && keyNode.type === 'PLAIN') merges = true;
      else if (written === key) return this.entry(key, keyNode, pair.value);
    }
    return merges ? this.entries(n).find((e) => e.key === key) : undefined;
  }

  private entry(key: string, keyNode: unknown, raw: unknown): MapEntry {
    const keyAt = this.pos(keyNode);
    const value = this.deref(raw);
    const entry: MapEntry = { key, keyAt, value: this.isNull(value) ? undefined : value, valueAt: this.pos(value, keyAt) };
    const tag = (raw as { tag?: string } | null)?.tag;
    if (tag) entry.tag = tag;
    return entry;
  }
}
