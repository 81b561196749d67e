/**
 * A fast reader for the YAML that configuration is almost always written in: block maps and sequences, flow
 * collections on one line, plain and quoted scalars on one line, literal and folded block scalars, comments and
 * `---` documents. It yields what the yaml library yields for the same text (core schema values as `toJS` builds
 * them, node ranges as the composer sets them) without building the library's token and node trees, which is
 * where most of a lint run's time and garbage went.
 *
 * Anything outside that subset — anchors, aliases, tags, directives, `...`, complex keys, multi-line plain or
 * quoted scalars, tabs as indentation, CR line ends, and every syntax error — makes it give up on the whole file
 * (`undefined`): the caller then uses the yaml library, which also words the errors. `simple-yaml.test.ts` checks
 * both readers agree, value for value and position for position, on generated and real files.
 */

/** Node kinds in the table. Scalars keep their style so callers can tell `|` text from a quoted one. */
export const PLAIN = 0;
export const QUOTE_SINGLE = 1;
export const QUOTE_DOUBLE = 2;
export const BLOCK_LITERAL = 3;
export const BLOCK_FOLDED = 4;
export const MAP = 5;
export const SEQ = 6;
export const FLOW_MAP = 7;
export const FLOW_SEQ = 8;

export const SCALAR_STYLES = ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;

/**
 * Every node of a file in one flat `Int32Array` (no object per node, nothing for the garbage collector to trace):
 * `start`/`end`/`end2` are the node's range as the yaml library reports it (`range[0..2]`), a map value also
 * carries its key's range, children are linked. Key names are compared with the text in place.
 */
export class NodeTable {
  private data: Int32Array;
  private size = 0;
  /** Keys whose name is not their text (escapes in a quoted key), by the id of their value. */
  private readonly escapedKeys = new Map<number, string>();
  /** Child lists of wide collections, built on first lookup. */
  private readonly wide = new Map<number, number[] | Map<string, number>>();

  constructor(private readonly text: string) {
    // Kubernetes and Compose files have a node per 20 characters or so; the table grows when a text has more.
    this.data = new Int32Array(STRIDE * (16 + (text.length >> 4)));
  }

  /** Gives back the room the table did not use (it lives as long as the file's documents). */
  trim(): void {
    if (this.size * STRIDE < this.data.length) this.data = this.data.slice(0, this.size * STRIDE);
  }

  add(kind: number, start: number, end: number): number {
    const id = this.size++;
    let d = this.data;
    if (this.size * STRIDE > d.length) {
      const bigger = new Int32Array(d.length * 2);
      bigger.set(d);
      this.data = d = bigger;
    }
    const o = id * STRIDE;
    d[o] = start;
    d[o + 1] = end;
    d[o + 2] = kind;
    d[o + 3] = -1;
    d[o + 4] = -1;
    d[o + 5] = -1;
    d[o + 6] = -1;
    d[o + 7] = 0;
    d[o + 8] = end;
    return id;
  }

  /** Number of nodes. */
  get length(): number {
    return this.size;
  }

  /** Where the node ends with what follows it on its line and the comments it takes (`range[2]`). */
  end2(id: number): number {
    return this.data[id * STRIDE + 8]!;
  }

  setEnd2(id: number, end: number): void {
    this.data[id * STRIDE + 8] = end;
  }

  firstChild(id: number): number {
    return this.data[id * STRIDE + 5]!;
  }

  nextSibling(id: number): number {
    return this.data[id * STRIDE + 6]!;
  }

  start(id: number): number {
    return this.data[id * STRIDE]!;
  }

  end(id: number): number {
    return this.data[id * STRIDE + 1]!;
  }

  setEnd(id: number, end: number): void {
    this.data[id * STRIDE + 1] = end;
  }

  kind(id: number): number {
    return this.data[id * STRIDE + 2]! & KIND_MASK;
  }

  keyStart(id: number): number {
    return this.data[id * STRIDE + 3]!;
  }

  keyEnd(id: number): number {
    return this.data[id * STRIDE + 4]!;
  }

  /** Records that `child` is the value of the key written at `[start, end)` whose name is `name`. */
  setKey(child: number, start: number, end: number, name: string): void {
    this.data[child * STRIDE + 3] = start;
    this.data[child * STRIDE + 4] = end;
    const quoted = this.text.charCodeAt(start);
    const [from, to] = quoted === 34 || quoted === 39 ? [start + 1, end - 1] : [start, end];
    if (to - from !== name.length || !this.text.startsWith(name, from)) {
      this.escapedKeys.set(child, name);
      this.data[child * STRIDE + 2]! |= ESCAPED_KEY;
    }
  }

  /** Appends `child` to `parent`'s children after `last` (-1: the first). */
  link(parent: number, last: number, child: number): void {
    if (last === -1) this.data[parent * STRIDE + 5] = child;
    else this.data[last * STRIDE + 6] = child;
  }

  setChildCount(id: number, count: number): void {
    this.data[id * STRIDE + 7] = count;
  }

  private keyIs(child: number, key: string): boolean {
    if (this.data[child * STRIDE + 2]! & ESCAPED_KEY) return this.escapedKeys.get(child) === key;
    let start = this.data[child * STRIDE + 3]!;
    let end = this.data[child * STRIDE + 4]!;
    const quoted = this.text.charCodeAt(start);
    if (quoted === 34 || quoted === 39) {
      start++;
      end--;
    }
    return end - start === key.length && this.text.startsWith(key, start);
  }

  /** The name of the key whose value is `child`. */
  keyName(child: number): string {
    if (this.data[child * STRIDE + 2]! & ESCAPED_KEY) return this.escapedKeys.get(child)!;
    const start = this.data[child * STRIDE + 3]!;
    const end = this.data[child * STRIDE + 4]!;
    const quoted = this.text.charCodeAt(start);
    return quoted === 34 || quoted === 39 ? this.text.slice(start + 1, end - 1) : this.text.slice(start, end);
  }

  /** The child of a map with this key (the first, as the yaml library's lookup does), or -1. */
  childByKey(map: number, key: string): number {
    const d = this.data;
    if (d[map * STRIDE + 7]! < WIDE) {
      for (let c = d[map * STRIDE + 5]!; c !== -1; c = d[c * STRIDE + 6]!) if (this.keyIs(c, key)) return c;
      return -1;
    }
    let index = this.wide.get(map) as Map<string, number> | undefined;
    if (!index) {
      index = new Map();
      for (let c = d[map * STRIDE + 5]!; c !== -1; c = d[c * STRIDE + 6]!) {
        const name = this.keyName(c);
        if (!index.has(name)) index.set(name, c);
      }
      this.wide.set(map, index);
    }
    return index.get(key) ?? -1;
  }

  /** The i-th child of a sequence, or -1. */
  childAt(seq: number, i: number): number {
    const d = this.data;
    const count = d[seq * STRIDE + 7]!;
    if (!(i >= 0 && i < count)) return -1;
    if (count < WIDE) {
      let c = d[seq * STRIDE + 5]!;
      for (let k = 0; k < i; k++) c = d[c * STRIDE + 6]!;
      return c;
    }
    let list = this.wide.get(seq) as number[] | undefined;
    if (!list) {
      list = [];
      for (let c = d[seq * STRIDE + 5]!; c !== -1; c = d[c * STRIDE + 6]!) list.push(c);
      this.wide.set(seq, list);
    }
    return list[i] ?? -1;
  }
}

/** Fields per node: start, end, kind, key start, key end, first child, next sibling, child count, end2. */
const STRIDE = 9;
/** The kind field also flags keys whose name is not their text. */
const KIND_MASK = 15;
const ESCAPED_KEY = 16;

/** Collections with this many entries get an index on their first lookup. */
const WIDE = 8;

export interface SimpleDoc {
  value: unknown;
  /** Root node in the table. */
  root: number;
  /** The document's range as the yaml library reports it (`range[0]`, `range[2]`). */
  start: number;
  end: number;
  /** Whether it starts with `---`. */
  marker: boolean;
}

export interface SimpleYaml {
  docs: SimpleDoc[];
  nodes: NodeTable;
}

/** Thrown (one shared instance, no stack) when the text leaves the subset. */
const GIVE_UP = { giveUp: true };

/**
 * Characters the yaml library treats specially or refuses (controls, CR, BOM, NEL and the Unicode line
 * separators): texts with any of them are left to it.
 */
const OUTSIDE_SUBSET = /[\r\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

/** Text of the subset → documents and their node table; undefined when the yaml library must read it. */
export function parseSimpleYaml(text: string): SimpleYaml | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  try {
    return new Reader(text).stream();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;

class Reader {
  private readonly len: number;
  readonly nodes: NodeTable;
  /** Current line: its start, where its content starts (after the indentation spaces) and its end (`\n` or EOF). */
  private ls = 0;
  private cs = 0;
  private le = 0;
  /** After a node is read: its table id and its range[2] (where a parent collection ends when it is the last child). */
  private lastNode = -1;
  private lastEnd = 0;
  /** Whether the last value read was empty (`key:` or `-` with nothing): its trailing lines are its own. */
  private lastEmpty = false;
  /**
   * The blank and comment lines after a value, as the yaml library's parser places them (see `skipEmpty` and the
   * end of `blockMap`): they decide where collections and documents end. Set by `skipEmpty`.
   */
  private skippedComment = false;
  /** End of the last comment line the value itself took (indented deeper than its collection), or -1. */
  private absorbedEnd = -1;
  /** Largest indentation of the comment lines no node took yet (-1: none). */
  private tailComments = -1;
  /** Lines after the value that no node took (they go to the document's end). */
  private tailAny = false;
  /** Where the content after the skipped lines starts: its first non-space, a `---`, or the end of the text. */
  private nextContent = 0;
  /** Flow reading cursor. */
  private q = 0;
  /** Offset of the next tab at or after the current line (tabs are allowed in comments and block scalars only). */
  private nextTab: number;
  private lineHasTab = false;

  constructor(private readonly text: string) {
    this.len = text.length;
    this.nodes = new NodeTable(text);
    const tab = text.indexOf('\t');
    this.nextTab = tab === -1 ? this.len : tab;
    this.setLine(0);
  }

  stream(): SimpleYaml {
    const docs: SimpleDoc[] = [];
    let first = true;
    for (;;) {
      this.skipEmpty();
      const marker = this.ls < this.len && this.isDocMarker();
      if (!marker && !first) break;
      if (!marker && this.ls >= this.len) {
        // No document at all (empty or comments only): the yaml library yields none either.
        break;
      }
      docs.push(this.document(marker));
      first = false;
    }
    this.nodes.trim();
    return { docs, nodes: this.nodes };
  }

  private document(marker: boolean): SimpleDoc {
    const start = marker ? this.ls : this.cs;
    let value: unknown;
    if (marker) {
      // `---` then spaces; anything else on the marker line (a node, a comment) is left to the yaml library.
      let p = this.ls + 3;
      while (this.code(p) === SPACE) p++;
      if (p !== this.le) throw GIVE_UP;
      this.nextLine();
      value = this.below(-1, -1, p, false);
    } else {
      if (this.indent() !== 0) throw GIVE_UP;
      value = this.nodeHere(-1);
    }
    const root = this.lastNode;
    let end = this.lastEnd;
    const kind = this.nodes.kind(root);
    if (kind === MAP || kind === SEQ) {
      // Lines after the last value that no node took end the document.
      if (this.tailAny) end = this.ls;
    } else if (!this.lastEmpty) {
      // A scalar or flow collection alone: the document takes the line after it, the rest is between documents.
      if (this.ls < this.len && !this.isDocMarker() && (this.cs === this.le || this.code(this.cs) === HASH)) end = this.le < this.len ? this.le + 1 : this.len;
      this.skipEmpty();
    }
    if (this.ls < this.len && !this.isDocMarker()) throw GIVE_UP;
    return { value, root, start, end, marker };
  }

  // ── lines ──────────────────────────────────────────────────────────────────────────────────────────

  private code(p: number): number {
    return this.text.charCodeAt(p);
  }

  private setLine(ls: number): void {
    this.ls = ls;
    let p = ls;
    while (this.code(p) === SPACE) p++;
    this.cs = p;
    const nl = this.text.indexOf('\n', p);
    this.le = nl === -1 ? this.len : nl;
    if (this.nextTab < ls) {
      const tab = this.text.indexOf('\t', ls);
      this.nextTab = tab === -1 ? this.len : tab;
    }
    this.lineHasTab = this.nextTab < this.le;
  }

  private nextLine(): void {
    this.setLine(this.le < this.len ? this.le + 1 : this.len);
  }

  /**
   * Skips blank and comment lines, stopping at the next line with content. Content lines with a tab (as
   * indentation or separation, where YAML's rules get subtle) and `...` document ends are left to the yaml library.
   *
   * After a scalar or flow collection in a collection indented `absorbAbove`, the yaml library's parser gives the
   * value every comment line indented deeper than the collection, up to the first one that is not: the value (and
   * so a collection it ends) reaches to the end of those lines. The comments left (`tailComments`) travel up to the
   * enclosing collections as they close (see `close`).
   */
  private skipEmpty(absorbAbove = -1): void {
    const runStart = this.ls;
    let absorbing = absorbAbove >= 0;
    let absorbedEnd = -1;
    let tail = -1;
    let comment = false;
    while (this.ls < this.len) {
      const c = this.code(this.cs);
      if (c === TAB) throw GIVE_UP;
      if (this.cs !== this.le && c !== HASH) {
        if (this.lineHasTab || (this.cs === this.ls && this.text.startsWith('...', this.ls))) throw GIVE_UP;
        break;
      }
      if (c === HASH) {
        comment = true;
        const indent = this.cs - this.ls;
        if (absorbing && indent > absorbAbove) absorbedEnd = this.le < this.len ? this.le + 1 : this.len;
        else {
          absorbing = false;
          if (indent > tail) tail = indent;
        }
      }
      this.nextLine();
    }
    this.skippedComment = comment;
    this.absorbedEnd = absorbedEnd;
    this.tailComments = tail;
    this.tailAny = this.ls > (absorbedEnd >= 0 ? absorbedEnd : runStart);
    this.nextContent = this.ls >= this.len ? this.len : this.cs;
  }

  private isDocMarker(): boolean {
    const t = this.text;
    const p = this.ls;
    return this.cs === p && t.startsWith('---', p) && (p + 3 === this.le || t.charCodeAt(p + 3) === SPACE);
  }

  private indent(): number {
    return this.cs - this.ls;
  }

  /** `-` followed by a space or the line end. */
  private isSeqIndicator(p: number): boolean {
    if (this.code(p) !== DASH) return false;
    const n = this.code(p + 1);
    if (n === TAB) throw GIVE_UP;
    return p + 1 === this.le || n === SPACE;
  }

  // ── block nodes ────────────────────────────────────────────────────────────────────────────────────

  /** The node whose first line is the current line, content at `cs`; `parent` is the enclosing indentation. */
  private nodeHere(parent: number): unknown {
    const p = this.cs;
    if (this.isSeqIndicator(p)) return this.blockSeq(this.indent());
    if (this.keyEnd(p) !== -1) return this.blockMap(this.indent());
    return this.inline(p, parent, true);
  }

  /**
   * The value after `key:` or `-` when nothing follows on the line (but maybe a comment): an empty (null) value or
   * the node on the next lines. `seqIndent` is where a sequence may sit under a map key (its indentation).
   */
  private below(parent: number, seqIndent: number, emptyAt: number, commentOnLine: boolean): unknown {
    this.skipEmpty();
    if (this.ls < this.len && !this.isDocMarker()) {
      const indent = this.indent();
      if (indent > parent) {
        if (parent < 0 && indent !== 0) throw GIVE_UP;
        return this.nodeHere(parent);
      }
      if (indent === seqIndent && this.isSeqIndicator(this.cs)) return this.blockSeq(indent);
    }
    // An empty value keeps the lines after it; with a comment among them it ends where the next content starts.
    let end = emptyAt;
    if (commentOnLine || this.skippedComment) {
      end = this.nextContent;
      if (seqIndent >= 0 && this.ls < this.len && this.indent() === seqIndent) end = this.emptyEndBeforeNext(emptyAt, commentOnLine, seqIndent);
    }
    this.lastNode = this.nodes.add(PLAIN, emptyAt, emptyAt);
    this.nodes.setEnd2(this.lastNode, end);
    this.lastEnd = end;
    this.lastEmpty = true;
    this.tailComments = -1;
    this.tailAny = false;
    return null;
  }

  /**
   * Where an empty value of a map indented `mapIndent` ends when the next line with content is at the map's
   * indentation (its next key, or a `---`; the cursor is on it). The yaml library's parser hands the lines after
   * the value's first line break to what follows, counting from the last comment indented deeper than the map: the
   * value keeps one more line (without its line break), or all of them.
   */
  private emptyEndBeforeNext(emptyAt: number, commentOnLine: boolean, mapIndent: number): number {
    const t = this.text;
    const next = this.ls;
    const keyLineEnd = t.indexOf('\n', emptyAt);
    // The lines between the value's line and the marker: where each ends and whether it is a comment.
    const ends: number[] = [];
    const comments: boolean[] = [];
    let lastDeepComment = -1;
    for (let ls = keyLineEnd + 1; ls < next; ) {
      let s = ls;
      while (t.charCodeAt(s) === SPACE) s++;
      const le = t.indexOf('\n', s);
      const comment = t.charCodeAt(s) === HASH;
      if (comment && s - ls > mapIndent) lastDeepComment = ends.length;
      ends.push(le);
      comments.push(comment);
      ls = le + 1;
    }
    if (lastDeepComment === -1) {
      if (ends.length === 0) return commentOnLine ? this.nextContent : emptyAt;
      return commentOnLine || comments[0] ? ends[0]! : emptyAt;
    }
    return lastDeepComment + 1 < ends.length ? ends[lastDeepComment + 1]! : this.nextContent;
  }

  /**
   * After an indicator (`key:` or `-`) at `p`, on the current line. `commentBefore`: comment lines before a `-`
   * that the yaml library's parser puts in the item (they make an empty item reach the next content).
   */
  private afterIndicator(p: number, parent: number, seqIndent: number, compact: boolean, commentBefore = false): unknown {
    while (this.code(p) === SPACE) p++;
    if (p === this.le) {
      this.nextLine();
      return this.below(parent, seqIndent, p, commentBefore);
    }
    const c = this.code(p);
    if (c === TAB) throw GIVE_UP;
    if (c === HASH) {
      this.nextLine();
      return this.below(parent, seqIndent, p, true);
    }
    if (compact) {
      // `- - a`, `- key: value`: a collection starting on the item's line, indented at its column.
      if (this.isSeqIndicator(p)) {
        this.cs = p;
        return this.blockSeq(p - this.ls);
      }
      if (this.keyEnd(p) !== -1) {
        this.cs = p;
        return this.blockMap(p - this.ls);
      }
    }
    return this.inline(p, parent, false);
  }

  private blockMap(indent: number): Record<string, unknown> {
    const nodes = this.nodes;
    const map: Record<string, unknown> = {};
    const id = nodes.add(MAP, this.cs, 0);
    let last = -1;
    let count = 0;
    let end = 0;
    for (;;) {
      const keyStart = this.cs;
      const colon = this.keyEnd(keyStart);
      if (colon === -1) throw GIVE_UP;
      const key = this.key(keyStart, colon);
      if (key === '__proto__' || key === '<<' || Object.hasOwn(map, key)) throw GIVE_UP;
      const keyEnd = this.keyEndTrimmed;
      map[key] = this.afterIndicator(colon + 1, indent, indent, false);
      const child = this.lastNode;
      nodes.setKey(child, keyStart, keyEnd, key);
      nodes.link(id, last, child);
      last = child;
      count++;
      end = this.afterValue(child, indent);
      if (this.ls >= this.len || this.isDocMarker()) break;
      const next = this.indent();
      if (next < indent) break;
      if (next > indent) throw GIVE_UP;
    }
    nodes.setChildCount(id, count);
    this.close(id, indent, end);
    return map;
  }

  private blockSeq(indent: number): unknown[] {
    const nodes = this.nodes;
    const list: unknown[] = [];
    const id = nodes.add(SEQ, this.cs, 0);
    let last = -1;
    let end = 0;
    let commentBefore = false;
    for (;;) {
      list.push(this.afterIndicator(this.cs + 1, indent, -1, true, commentBefore));
      const child = this.lastNode;
      nodes.link(id, last, child);
      last = child;
      end = this.afterValue(child, indent);
      if (this.ls >= this.len || this.isDocMarker()) break;
      const next = this.indent();
      if (next < indent) break;
      if (next > indent) throw GIVE_UP;
      if (!this.isSeqIndicator(this.cs)) break;
      commentBefore = this.tailComments >= 0;
    }
    nodes.setChildCount(id, list.length);
    this.close(id, indent, end);
    return list;
  }

  /**
   * After the value `child` of a collection indented `indent`: skips the blank and comment lines after it (a nested
   * collection or an empty value already did) and returns where the value ends for its collection (`range[2]`).
   */
  private afterValue(child: number, indent: number): number {
    const kind = this.nodes.kind(child);
    if (kind === MAP || kind === SEQ || this.lastEmpty) return this.lastEnd;
    this.skipEmpty(kind === BLOCK_LITERAL || kind === BLOCK_FOLDED ? -1 : indent);
    if (this.absorbedEnd >= 0) this.nodes.setEnd2(child, this.absorbedEnd);
    return this.nodes.end2(child);
  }

  /**
   * A block collection ends (the next line is less indented, a `---`, or the end): its range ends where its last
   * value does. Comment lines left after the value stay in the innermost closing collection that is indented and not
   * deeper than one of them; that collection (and the ones it ends) then reach the next content.
   */
  private close(id: number, indent: number, end: number): void {
    this.nodes.setEnd(id, end);
    let end2 = end;
    if (this.tailComments >= indent && indent !== 0) {
      end2 = this.nextContent;
      this.tailComments = -1;
    }
    this.nodes.setEnd2(id, end2);
    this.lastNode = id;
    this.lastEnd = end2;
    this.lastEmpty = false;
  }

  // ── keys ───────────────────────────────────────────────────────────────────────────────────────────

  /** End of the key text (trailing spaces excluded), set by `keyEnd`. */
  private keyEndTrimmed = 0;

  /** If the text at `p` is an implicit key (`key: `, `"key": `), the offset of its `:`; else -1. */
  private keyEnd(p: number): number {
    const t = this.text;
    const le = this.le;
    const c = t.charCodeAt(p);
    let q: number;
    if (c === DQUOTE || c === SQUOTE) {
      q = this.quotedEnd(p);
      if (q === -1) return -1;
      this.keyEndTrimmed = q;
      while (t.charCodeAt(q) === SPACE) q++;
    } else {
      if (!plainCanStart(t, p, le)) return -1;
      // The first `:` followed by a space or the line end; a ` #` before it starts a comment: no key.
      for (q = p + 1; ; q++) {
        if (q >= le) return -1;
        const k = t.charCodeAt(q);
        if (k === COLON) {
          const n = t.charCodeAt(q + 1);
          if (q + 1 === le || n === SPACE) break;
          if (n === TAB) throw GIVE_UP;
        } else if (k === HASH && t.charCodeAt(q - 1) === SPACE) return -1;
      }
      let e = q;
      while (t.charCodeAt(e - 1) === SPACE) e--;
      this.keyEndTrimmed = e;
      if (e - p > 1024) throw GIVE_UP;
    }
    if (t.charCodeAt(q) !== COLON) return -1;
    const n = t.charCodeAt(q + 1);
    if (q + 1 === le || n === SPACE) return q;
    if (n === TAB) throw GIVE_UP;
    return -1;
  }

  /** The key's name as a JS object key (what `toJS` makes of it). */
  private key(p: number, _colon: number): string {
    const c = this.code(p);
    if (c === DQUOTE) return this.doubleQuoted(p, this.keyEndTrimmed - 1);
    if (c === SQUOTE) return this.singleQuoted(p, this.keyEndTrimmed - 1);
    const source = this.text.slice(p, this.keyEndTrimmed);
    const value = resolvePlain(source);
    // Keys that are not strings (`1.0`, `true`, `~`) would need the library's key conversion: left to it.
    if (typeof value === 'string') return value;
    if (value !== null && String(value) === source) return source;
    throw GIVE_UP;
  }

  // ── scalars and flow collections on one line ───────────────────────────────────────────────────────

  /**
   * A node that starts at `p` on the current line and ends on it (or a block scalar). `parent` is the indentation
   * of the enclosing collection; `ownLine` when nothing precedes it on the line.
   */
  private inline(p: number, parent: number, ownLine: boolean): unknown {
    const t = this.text;
    const c = t.charCodeAt(p);
    let value: unknown;
    let kind: number;
    let end: number;
    switch (c) {
      case DQUOTE: {
        end = this.quotedEnd(p);
        if (end === -1) throw GIVE_UP;
        value = this.doubleQuoted(p, end - 1);
        kind = QUOTE_DOUBLE;
        break;
      }
      case SQUOTE: {
        end = this.quotedEnd(p);
        if (end === -1) throw GIVE_UP;
        value = this.singleQuoted(p, end - 1);
        kind = QUOTE_SINGLE;
        break;
      }
      case 91: // [
      case 123: {
        // {
        this.q = p;
        value = this.flowNode();
        const id = this.lastNode;
        this.endOfLine(this.q);
        this.nodes.setEnd2(id, this.lastEnd);
        this.lastNode = id;
        this.lastEmpty = false;
        return value;
      }
      case 124: // |
      case 62: // >
        if (ownLine || parent < 0) throw GIVE_UP;
        return this.blockScalar(p, parent);
      default: {
        if (!plainCanStart(t, p, this.le)) throw GIVE_UP;
        end = this.plainEnd(p);
        const source = t.slice(p, end);
        value = resolvePlain(source);
        kind = PLAIN;
      }
    }
    const id = this.nodes.add(kind, p, end);
    this.endOfLine(end);
    this.nodes.setEnd2(id, this.lastEnd);
    this.lastNode = id;
    this.lastEmpty = false;
    return value;
  }

  /** After a node on a line: only spaces and a comment may follow. Moves to the next line. */
  private endOfLine(p: number): void {
    const from = p;
    while (this.code(p) === SPACE) p++;
    if (p !== this.le && !(this.code(p) === HASH && p > from)) throw GIVE_UP;
    this.lastEnd = this.le < this.len ? this.le + 1 : this.len;
    this.nextLine();
  }

  /** End of a plain scalar in block context: before ` #` or the line end, trailing spaces excluded. */
  private plainEnd(p: number): number {
    const t = this.text;
    const le = this.le;
    let e = p + 1;
    for (; e < le; e++) {
      const k = t.charCodeAt(e);
      if (k === HASH && t.charCodeAt(e - 1) === SPACE) break;
      // `a: b: c` (a map inside a value on one line) is an error; leave it to the library.
      if (k === COLON && t.charCodeAt(e + 1) === SPACE) throw GIVE_UP;
    }
    while (t.charCodeAt(e - 1) === SPACE) e--;
    if (t.charCodeAt(e - 1) === COLON) throw GIVE_UP;
    return e;
  }

  /** Offset after the closing quote of a quoted scalar starting at `p`, on this line; -1 if it does not close. */
  private quotedEnd(p: number): number {
    const t = this.text;
    const le = this.le;
    const quote = t.charCodeAt(p);
    let q = p + 1;
    if (quote === DQUOTE) {
      for (;;) {
        const a = indexWithin(t, 34, q, le);
        if (a === -1) return -1;
        // Count the backslashes before it: an odd number escapes it.
        let b = a - 1;
        while (t.charCodeAt(b) === 92) b--;
        if ((a - 1 - b) % 2 === 0) return a + 1;
        q = a + 1;
      }
    }
    for (;;) {
      const a = indexWithin(t, SQUOTE, q, le);
      if (a === -1) return -1;
      if (t.charCodeAt(a + 1) === SQUOTE) {
        q = a + 2;
        continue;
      }
      return a + 1;
    }
  }

  /** Value of `"…"` from `p` (opening quote) to `close` (closing quote). */
  private doubleQuoted(p: number, close: number): string {
    const t = this.text;
    let from = p + 1;
    let b = indexWithin(t, 92, from, close);
    if (b === -1) return t.slice(from, close);
    let out = '';
    while (b !== -1) {
      out += t.slice(from, b);
      const e = t[b + 1]!;
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        from = b + 2;
      } else {
        const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        const hex = t.slice(b + 2, b + 2 + digits);
        if (digits === 0 || hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex) || b + 2 + digits > close) throw GIVE_UP;
        const code = Number.parseInt(hex, 16);
        if (code > 0x10ffff) throw GIVE_UP;
        out += String.fromCodePoint(code);
        from = b + 2 + digits;
      }
      b = indexWithin(t, 92, from, close);
    }
    return out + t.slice(from, close);
  }

  private singleQuoted(p: number, close: number): string {
    const raw = this.text.slice(p + 1, close);
    return raw.includes("''") ? raw.replaceAll("''", "'") : raw;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `p`, inside a collection indented `parent`.
   * Explicit indentation indicators and comments after the header are left to the yaml library. Lines, folding
   * and chomping follow the library's lexer and `resolveBlockScalar`.
   */
  private blockScalar(p: number, parent: number): string {
    const t = this.text;
    const len = this.len;
    const folded = t.charCodeAt(p) === 62;
    let h = p + 1;
    let chomp = 0; // 0 clip, 1 strip, 2 keep
    const c = t.charCodeAt(h);
    if (c === DASH) {
      chomp = 1;
      h++;
    } else if (c === 43) {
      chomp = 2;
      h++;
    }
    while (t.charCodeAt(h) === SPACE) h++;
    if (h !== this.le || this.le >= len) throw GIVE_UP;
    // The scalar's lines: where each starts, its indentation (spaces) and where it ends.
    let indent = -1;
    let leadingBlankMax = 0;
    const starts: number[] = [];
    const spaces: number[] = [];
    const ends: number[] = [];
    let lastContent = -1; // the last line with text (or with more spaces than the indentation)
    let ls = this.le + 1;
    let stop = len; // start of the first line after the scalar's lines
    while (ls < len) {
      let s = ls;
      while (t.charCodeAt(s) === SPACE) s++;
      const nl = t.indexOf('\n', s);
      const le = nl === -1 ? len : nl;
      const n = s - ls;
      if (s === le) {
        if (indent === -1) {
          if (n > leadingBlankMax) leadingBlankMax = n;
        } else if (n > indent) lastContent = starts.length;
      } else {
        if (t.charCodeAt(s) === TAB && (indent === -1 || n < indent)) throw GIVE_UP;
        if (indent === -1) {
          if (n <= parent) {
            stop = ls;
            break;
          }
          indent = n;
          if (leadingBlankMax > indent) throw GIVE_UP;
        } else if (n < indent) {
          stop = ls;
          break;
        }
        lastContent = starts.length;
      }
      starts.push(ls);
      spaces.push(n);
      ends.push(le);
      if (nl === -1) break;
      ls = nl + 1;
    }
    if (lastContent === -1) throw GIVE_UP;
    let value = '';
    let i = 0;
    // Leading empty lines are kept as line breaks.
    for (; spaces[i] === ends[i]! - starts[i]!; i++) value += '\n';
    let sep = '';
    let previousMore = false;
    for (; i <= lastContent; i++) {
      const n = spaces[i]!;
      const text = t.slice(starts[i]! + Math.min(n, indent), ends[i]);
      if (!folded) {
        value += sep + text;
        sep = '\n';
      } else if (n > indent || t.charCodeAt(starts[i]! + n) === TAB) {
        // More-indented lines keep their line breaks.
        if (sep === ' ') sep = '\n';
        else if (!previousMore && sep === '\n') sep = '\n\n';
        value += sep + text;
        sep = '\n';
        previousMore = true;
      } else if (starts[i]! + n === ends[i]) {
        if (sep === '\n') value += '\n';
        else sep = '\n';
      } else {
        value += sep + text;
        sep = ' ';
        previousMore = false;
      }
    }
    // Where the last content line ends, after its line break.
    const contentEnd = ends[lastContent]! < len ? ends[lastContent]! + 1 : len;
    let end = contentEnd;
    if (chomp === 0) value += '\n';
    else if (chomp === 2) {
      // `+` keeps every line break after the text, and the blank lines are the scalar's.
      let breaks = ends[lastContent]! < len ? 1 : 0;
      for (let k = lastContent + 1; k < starts.length; k++) {
        if (ends[k]! < len) {
          breaks++;
          end = ends[k]! + 1;
        } else if (spaces[k]! >= indent) end = len;
        // A last blank line without a line break, less indented than the text, follows the scalar.
        else stop = starts[k]!;
      }
      value += '\n'.repeat(Math.max(1, breaks));
    }
    this.lastNode = this.nodes.add(folded ? BLOCK_FOLDED : BLOCK_LITERAL, p, end);
    this.lastEnd = end;
    this.lastEmpty = false;
    // Without `+`, blank lines after the text follow the scalar like blank lines after any value.
    this.setLine(chomp === 2 ? stop : contentEnd);
    return value;
  }

  // ── flow collections (on one line) ─────────────────────────────────────────────────────────────────

  private skipFlowSpaces(): void {
    const t = this.text;
    let q = this.q;
    while (t.charCodeAt(q) === SPACE) q++;
    if (q >= this.le) throw GIVE_UP;
    this.q = q;
  }

  /** A flow node at `this.q`; moves `this.q` after it. */
  private flowNode(): unknown {
    const c = this.text.charCodeAt(this.q);
    if (c === 91) return this.flowSeq();
    if (c === 123) return this.flowMap();
    const p = this.q;
    const value = this.flowScalar();
    this.lastNode = this.nodes.add(this.scalarKind, p, this.scalarEnd);
    return value;
  }

  /** Style and end of the last scalar `flowScalar` read. */
  private scalarKind = PLAIN;
  private scalarEnd = 0;

  /** A scalar at `this.q` in a flow collection; moves `this.q` after it. */
  private flowScalar(): unknown {
    const t = this.text;
    const p = this.q;
    const c = t.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const end = this.quotedEnd(p);
      if (end === -1) throw GIVE_UP;
      this.scalarKind = c === DQUOTE ? QUOTE_DOUBLE : QUOTE_SINGLE;
      this.scalarEnd = end;
      this.q = end;
      return c === DQUOTE ? this.doubleQuoted(p, end - 1) : this.singleQuoted(p, end - 1);
    }
    if (!plainCanStart(t, p, this.le, true)) throw GIVE_UP;
    // Plain scalar in flow: up to `,` `]` `}` or `: ` / ` #`; `[` or `{` inside is an error.
    let e = p;
    const le = this.le;
    for (;;) {
      if (e >= le) break;
      const k = t.charCodeAt(e);
      if (k === 44 || k === 93 || k === 125) break;
      if (k === 91 || k === 123 || k === TAB) throw GIVE_UP;
      if (k === COLON) {
        const n = t.charCodeAt(e + 1);
        if (e + 1 === le || n === SPACE || n === 44 || n === 93 || n === 125 || n === 91 || n === 123) break;
      }
      if (k === HASH && t.charCodeAt(e - 1) === SPACE) throw GIVE_UP;
      e++;
    }
    let end = e;
    while (t.charCodeAt(end - 1) === SPACE) end--;
    if (end === p) throw GIVE_UP;
    this.scalarKind = PLAIN;
    this.scalarEnd = end;
    this.q = e;
    return resolvePlain(t.slice(p, end));
  }

  private flowSeq(): unknown[] {
    const nodes = this.nodes;
    const t = this.text;
    const id = nodes.add(FLOW_SEQ, this.q, 0);
    const list: unknown[] = [];
    let last = -1;
    this.q++;
    this.skipFlowSpaces();
    if (t.charCodeAt(this.q) !== 93) {
      for (;;) {
        list.push(this.flowNode());
        const child = this.lastNode;
        nodes.link(id, last, child);
        last = child;
        this.skipFlowSpaces();
        nodes.setEnd2(child, this.q);
        const k = t.charCodeAt(this.q);
        if (k === 44) {
          this.q++;
          this.skipFlowSpaces();
          if (t.charCodeAt(this.q) === 93) break;
          continue;
        }
        if (k === 93) break;
        throw GIVE_UP;
      }
    }
    this.q++;
    nodes.setChildCount(id, list.length);
    nodes.setEnd(id, this.q);
    this.lastNode = id;
    return list;
  }

  private flowMap(): Record<string, unknown> {
    const nodes = this.nodes;
    const t = this.text;
    const id = nodes.add(FLOW_MAP, this.q, 0);
    const map: Record<string, unknown> = {};
    let last = -1;
    let count = 0;
    this.q++;
    this.skipFlowSpaces();
    if (t.charCodeAt(this.q) !== 125) {
      for (;;) {
        // Key: a quoted or plain scalar, then `:` (followed by a space, or anything after a quoted key).
        const keyStart = this.q;
        const k0 = t.charCodeAt(keyStart);
        if (k0 === 91 || k0 === 123) throw GIVE_UP;
        const quoted = k0 === DQUOTE || k0 === SQUOTE;
        const keyValue = this.flowScalar();
        const keyEnd = this.scalarEnd;
        this.skipFlowSpaces();
        if (t.charCodeAt(this.q) !== COLON) throw GIVE_UP;
        const n = t.charCodeAt(this.q + 1);
        if (!quoted && n !== SPACE) throw GIVE_UP;
        let key: string;
        if (typeof keyValue === 'string') key = keyValue;
        else if (keyValue !== null && typeof keyValue !== 'object' && String(keyValue) === t.slice(keyStart, keyEnd)) key = String(keyValue);
        else throw GIVE_UP;
        if (key === '__proto__' || key === '<<' || Object.hasOwn(map, key)) throw GIVE_UP;
        this.q++;
        this.skipFlowSpaces();
        const k = t.charCodeAt(this.q);
        if (k === 44 || k === 125) throw GIVE_UP;
        map[key] = this.flowNode();
        const child = this.lastNode;
        nodes.setKey(child, keyStart, keyEnd, key);
        nodes.link(id, last, child);
        last = child;
        count++;
        this.skipFlowSpaces();
        nodes.setEnd2(child, this.q);
        const after = t.charCodeAt(this.q);
        if (after === 44) {
          this.q++;
          this.skipFlowSpaces();
          if (t.charCodeAt(this.q) === 125) break;
          continue;
        }
        if (after === 125) break;
        throw GIVE_UP;
      }
    }
    this.q++;
    nodes.setChildCount(id, count);
    nodes.setEnd(id, this.q);
    this.lastNode = id;
    return map;
  }
}

/** Offset of the first `code` in `[from, to)`, or -1 (`indexOf` would search past the line). */
function indexWithin(t: string, code: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (t.charCodeAt(i) === code) return i;
  return -1;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

/**
 * Can a plain scalar start at `p`? Not with an indicator (`[]{},#&*!|>'"%@\``), nor with `-`, `?` or `:` followed by
 * a space (those are structure). Quotes and brackets are read elsewhere; here they mean "not plain".
 */
function plainCanStart(t: string, p: number, le: number, flow = false): boolean {
  if (p >= le) return false;
  const c = t.charCodeAt(p);
  switch (c) {
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 44: // ,
    case HASH:
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case SQUOTE:
    case DQUOTE:
    case 37: // %
    case 64: // @
    case 96: // `
      return false;
    case DASH:
    case 63: // ?
    case COLON: {
      const n = t.charCodeAt(p + 1);
      if (flow && (n === 44 || n === 91 || n === 93 || n === 123 || n === 125)) return false;
      return !(p + 1 >= le || n === SPACE || n === TAB);
    }
    default:
      return true;
  }
}

/** The core schema's reading of a plain scalar (yaml 2.x `toJS`, `intAsBigInt: false`). */
export function resolvePlain(s: string): unknown {
  if (s === '') return null;
  const c = s.charCodeAt(0);
  // Fast exit: only these first characters can start a null, boolean or number.
  if (!(c <= 57 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) {
    return s;
  }
  if (s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (/^0o[0-7]+$/.test(s)) return Number.parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return Number.parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return Number.parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s))
    return s.slice(-3).toLowerCase() === 'nan' ? Number.NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return Number.parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return Number.parseFloat(s);
  return s;
}
