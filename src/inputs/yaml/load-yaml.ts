import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, type Pair, parseAllDocuments, type YAMLMap } from 'yaml';
import type { SourcePosition } from '../../core/position.js';

/** Billion-laughs guard: more alias expansions than this in one document is refused (yaml's default is 100). */
const MAX_ALIAS_COUNT = 100;

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
  /** Comments of the document (text after `#`, per line), for `# updoc-ignore` suppressions. */
  readonly document: Document.Parsed;
}

export interface YamlFile {
  docs: YamlDoc[];
  problems: YamlProblem[];
}

/** Parses every document of a YAML (or JSON) text, keeping positions; never throws on bad input. */
export function loadYaml(file: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const problems: YamlProblem[] = [];
  const toPos = (offset: number, end?: number): SourcePosition => {
    const a = lineCounter.linePos(Math.max(0, offset));
    const pos: SourcePosition = { file, line: a.line, column: a.col };
    if (end !== undefined && end > offset) {
      const b = lineCounter.linePos(end);
      pos.endLine = b.line;
      pos.endColumn = b.col;
    }
    return pos;
  };
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true }) as Document.Parsed[];
  } catch (error) {
    return { docs: [], problems: [{ at: { file, line: 1, column: 1 }, message: `YAML could not be parsed: ${(error as Error).message}` }] };
  }
  if (!Array.isArray(documents)) documents = [documents as unknown as Document.Parsed];
  const docs: YamlDoc[] = [];
  documents.forEach((document, index) => {
    for (const e of [...document.errors, ...document.warnings]) {
      const [start] = e.pos ?? [0];
      problems.push({ at: toPos(start), message: firstLine(e.message) });
    }
    let value: unknown;
    if (document.errors.length === 0) {
      try {
        value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        problems.push({ at: toPos(document.range[0]), message: `YAML document not used: ${firstLine((error as Error).message)}` });
      }
    }
    const nodeAt = (path: readonly (string | number)[], wantKey: boolean): Node | undefined => {
      let node: unknown = document.contents;
      let best: unknown = node;
      for (let i = 0; i < path.length; i++) {
        const step = path[i];
        if (isMap(node)) {
          const pair = pairOf(node, String(step));
          if (!pair) break;
          if (wantKey && i === path.length - 1) return pair.key as Node;
          node = pair.value;
        } else if (isSeq(node) && typeof step === 'number') {
          node = node.items[step];
        } else break;
        if (node && (node as Node).range) best = node;
        else break;
      }
      return best as Node | undefined;
    };
    const rangePos = (node: Node | undefined): SourcePosition => {
      const range = node?.range ?? document.range;
      return toPos(range[0], range[1]);
    };
    const [start, , end] = document.range;
    docs.push({
      file,
      index,
      value,
      startLine: toPos(start).line,
      endLine: toPos(Math.max(start, end - 1)).line,
      pos: (path) => rangePos(nodeAt(path, false)),
      keyPos: (path) => rangePos(nodeAt(path, true)),
      document,
    });
  });
  return { docs, problems };
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
