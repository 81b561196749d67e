import { type Document, isMap, isPair, isScalar, isSeq, type Node, type Pair, parseAllDocuments, type Scalar, visit, type YAMLMap } from 'yaml';
import type { SourcePosition } from '../../core/position.js';
import { LineIndex } from './line-index.js';
import { tableDocument } from './table-document.js';
import { BLOCK_FOLDED, FLOW_MAP, FLOW_SEQ, MAP, type NodeTable, parseSimpleYaml, resolvePlain, SCALAR_STYLES, SEQ, type SimpleYaml } from './simple-yaml.js';

/** Billion-laughs guard: more alias expansions than this in one document is refused (yaml's default is 100). */
const MAX_ALIAS_COUNT = 100;

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

export interface YamlProblem {
  at: SourcePosition;
  message: string;
}

/**
 * One YAML document of a file, with positions. Rules cite `pos(path)`; parsers read `value`
 * (plain JS, aliases expanded under the guard) and ask for positions by path.
 */
export interface YamlDoc {
  file: string;
  /** 0-based index of the document in the file (`---` separated). */
  index: number;
  /** Plain JS value; undefined when the document is empty or could not be converted. */
  value: unknown;
  /** First and last line of the document in the file (1-based). */
  startLine: number;
  endLine: number;
  /** Position of the value at `path` (keys and indexes), or of the closest existing ancestor. */
  pos(path: readonly (string | number)[]): SourcePosition;
  /** Position of the key at `path` (the last element must be a map key), falling back to `pos`. */
  keyPos(path: readonly (string | number)[]): SourcePosition;
  /**
   * How the scalar at `path` is written (`BLOCK_LITERAL` for `|` text, `QUOTE_DOUBLE` …); undefined for
   * collections and paths that do not exist. Much cheaper than looking at `document`.
   */
  scalarStyle(path: readonly (string | number)[]): Scalar.Type | undefined;
  /**
   * The yaml library's node tree of the document (tags, scalar styles, sources, aliases unexpanded), for readers
   * that need more than `value` and positions. For files the fast reader read it is built on first use from its
   * table (same nodes, values and ranges; comments are not attached to nodes).
   */
  readonly document: Document.Parsed;
}

export interface YamlFile {
  docs: YamlDoc[];
  problems: YamlProblem[];
}

/**
 * Parses every document of a YAML (or JSON) text, keeping positions; never throws on bad input. Common
 * configuration goes through the fast reader (`simple-yaml.ts`); everything else, and every error, through the
 * yaml library. Both give the same values and positions.
 */
export function loadYaml(file: string, text: string): YamlFile {
  const simple = parseSimpleYaml(text);
  return simple ? fromSimple(file, text, simple) : loadYamlWithLibrary(file, text);
}

function fromSimple(file: string, text: string, simple: SimpleYaml): YamlFile {
  const lines = new LineIndex(file, text);
  const table = simple.nodes;
  const docs = simple.docs.map((d, index): YamlDoc => {
    let tree: Document.Parsed | undefined;
    const range = (id: number) => lines.position(table.start(id), table.end(id));
    return {
      file,
      index,
      value: d.value,
      startLine: lines.lineOf(d.start),
      endLine: lines.lineOf(Math.max(d.start, d.end - 1)),
      pos: (path) => range(tableNodeAt(table, d.root, path, false)),
      keyPos: (path) => {
        const id = tableNodeAt(table, d.root, path, true);
        return id < 0 ? lines.position(table.keyStart(-id - 2), table.keyEnd(-id - 2)) : range(id);
      },
      scalarStyle: (path) => {
        const id = tableNodeAt(table, d.root, path, false, true);
        return id >= 0 && table.kind(id) <= BLOCK_FOLDED ? SCALAR_STYLES[table.kind(id)] : undefined;
      },
      get document() {
        tree ??= tableDocument(text, table, d, PARSE_OPTIONS);
        return tree;
      },
    };
  });
  return { docs, problems: [] };
}

/**
 * The node at `path` from `root`, or the closest existing ancestor (-1 with `exact`). With `wantKey`, a map key
 * found as the last step is returned as `-(id + 2)` (its value's id): the caller reads the key range.
 */
function tableNodeAt(table: NodeTable, root: number, path: readonly (string | number)[], wantKey: boolean, exact = false): number {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const kind = table.kind(node);
    let child: number;
    if (kind === MAP || kind === FLOW_MAP) {
      child = table.childByKey(node, String(step));
      if (child !== -1 && wantKey && i === path.length - 1) return -child - 2;
    } else if ((kind === SEQ || kind === FLOW_SEQ) && typeof step === 'number' && Number.isInteger(step)) {
      child = table.childAt(node, step);
    } else child = -1;
    if (child === -1) return exact ? -1 : node;
    node = child;
  }
  return node;
}

/** The reference reader: the yaml library's documents, `toJS` values and node ranges. Exported for tests. */
export function loadYamlWithLibrary(file: string, text: string): YamlFile {
  const lines = new LineIndex(file, text);
  const problems: YamlProblem[] = [];
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, PARSE_OPTIONS) as Document.Parsed[];
  } catch (error) {
    return { docs: [], problems: [{ at: { file, line: 1, column: 1 }, message: `YAML could not be parsed: ${(error as Error).message}` }] };
  }
  if (!Array.isArray(documents)) documents = [documents as unknown as Document.Parsed];
  const docs: YamlDoc[] = [];
  documents.forEach((document, index) => {
    const customTags = new Set<string>();
    for (const e of document.errors) problems.push({ at: lines.position(e.pos?.[0] ?? 0), message: firstLine(e.message) });
    for (const w of document.warnings) {
      // Tags the core schema does not know are somebody's custom tags (Compose `!reset`/`!override`,
      // CloudFormation `!Ref`, GitLab `!reference`): valid YAML, read as the value they tag.
      const tag = w.code === 'TAG_RESOLVE_FAILED' ? /^Unresolved tag: (\S+)/.exec(w.message)?.[1] : undefined;
      if (tag && !CORE_TAG.test(tag)) customTags.add(tag);
      else problems.push({ at: lines.position(w.pos?.[0] ?? 0), message: firstLine(w.message) });
    }
    if (customTags.size > 0) resolveCustomTaggedScalars(document, customTags);
    let value: unknown;
    if (document.errors.length === 0) {
      try {
        value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        problems.push({ at: lines.position(document.range[0]), message: `YAML document not used: ${firstLine((error as Error).message)}` });
      }
    }
    /** The node at `path`, or the closest ancestor (undefined with `exact`). */
    const nodeAt = (path: readonly (string | number)[], wantKey: boolean, exact = false): Node | undefined => {
      let node: unknown = document.contents;
      let best: unknown = node;
      for (let i = 0; i < path.length; i++) {
        const step = path[i];
        if (isMap(node)) {
          const pair = pairOf(node, String(step));
          node = pair?.value;
          if (pair && wantKey && i === path.length - 1) return pair.key as Node;
        } else if (isSeq(node) && typeof step === 'number') {
          node = node.items[step];
        } else node = undefined;
        if (node && (node as Node).range) best = node;
        else return exact ? undefined : (best as Node | undefined);
      }
      return best as Node | undefined;
    };
    const rangePos = (node: Node | undefined): SourcePosition => {
      const range = node?.range ?? document.range;
      return lines.position(range[0], range[1]);
    };
    const [start, , end] = document.range;
    docs.push({
      file,
      index,
      value,
      startLine: lines.lineOf(start),
      endLine: lines.lineOf(Math.max(start, end - 1)),
      pos: (path) => rangePos(nodeAt(path, false)),
      keyPos: (path) => rangePos(nodeAt(path, true)),
      scalarStyle: (path) => {
        const node = nodeAt(path, false, true);
        return isScalar(node) ? (node.type ?? undefined) : undefined;
      },
      document,
    });
  });
  return { docs, problems };
}

/** `!!int abc` and the like: a core type the value does not fit is a mistake, not a custom tag. */
const CORE_TAG = /^tag:yaml\.org,2002:(?:str|int|float|bool|null|map|seq)$/;

/**
 * The library reads a plain scalar with an unknown tag as a string (`!reset null` → "null"); the tag's owner means
 * the scalar itself (null, a number …). The tag stays on the node for those who look (Compose merging).
 */
function resolveCustomTaggedScalars(document: Document.Parsed, tags: ReadonlySet<string>): void {
  visit(document, {
    Scalar(_key, node) {
      if (node.tag && tags.has(node.tag) && node.type === 'PLAIN' && typeof node.value === 'string') node.value = resolvePlain(node.value);
    },
  });
}

/** Maps this large get a key index on first lookup: parsers ask for positions of many keys of the same map. */
const INDEXED_MAP_SIZE = 8;
const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  if (map.items.length < INDEXED_MAP_SIZE) return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p as Pair);
    keyIndexes.set(map, index);
  }
  return index.get(key);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 300);
}
