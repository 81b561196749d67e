import { Document, Pair, Scalar, type Schema, YAMLMap, YAMLSeq } from 'yaml';
import { FLOW_MAP, FLOW_SEQ, MAP, type NodeTable, PLAIN, resolvePlain, SCALAR_STYLES, SEQ, type SimpleDoc } from './simple-yaml.js';

/**
 * The yaml library's node tree of a document the fast reader read, built from its node table and values instead
 * of parsing the text again: the same node classes, values, ranges, scalar styles, sources and number formats
 * as `parseAllDocuments` gives. Comments are not attached to nodes (nothing in updoc reads them from the tree;
 * suppression comments are read from the text).
 */
export function tableDocument(text: string, table: NodeTable, doc: SimpleDoc, options: object): Document.Parsed {
  const document = new Document(undefined, options);
  const schema = document.schema;
  document.contents = node(text, table, schema, doc.root, doc.value) as Document.Parsed['contents'];
  document.range = [doc.start, table.end2(doc.root), doc.end];
  if (doc.marker && document.directives) document.directives.docStart = true;
  return document as Document.Parsed;
}

function node(text: string, table: NodeTable, schema: Schema, id: number, value: unknown): Scalar | YAMLMap | YAMLSeq {
  const kind = table.kind(id);
  const range: [number, number, number] = [table.start(id), table.end(id), table.end2(id)];
  if (kind === MAP || kind === FLOW_MAP) {
    const map = new YAMLMap(schema);
    const values = value as Record<string, unknown>;
    for (let c = table.firstChild(id); c !== -1; c = table.nextSibling(c)) {
      const name = table.keyName(c);
      map.items.push(new Pair(keyScalar(text, table, c, name), node(text, table, schema, c, values[name])));
    }
    if (kind === FLOW_MAP) map.flow = true;
    map.range = range;
    return map;
  }
  if (kind === SEQ || kind === FLOW_SEQ) {
    const seq = new YAMLSeq(schema);
    const values = value as unknown[];
    let i = 0;
    for (let c = table.firstChild(id); c !== -1; c = table.nextSibling(c)) seq.items.push(node(text, table, schema, c, values[i++]));
    if (kind === FLOW_SEQ) seq.flow = true;
    seq.range = range;
    return seq;
  }
  return scalar(kind, kind === PLAIN ? text.slice(range[0], range[1]) : (value as string), value, range);
}

function keyScalar(text: string, table: NodeTable, child: number, name: string): Scalar {
  const start = table.keyStart(child);
  const end = table.keyEnd(child);
  const quote = text.charCodeAt(start);
  const kind = quote === 34 ? 2 : quote === 39 ? 1 : PLAIN;
  return kind === PLAIN ? scalar(kind, name, resolvePlain(name), [start, end, end]) : scalar(kind, name, name, [start, end, end]);
}

/** A scalar as the library's composer makes it: `source` is the text before tag resolution. */
function scalar(kind: number, source: string, value: unknown, range: [number, number, number]): Scalar {
  const s = new Scalar(value);
  s.range = range;
  s.source = source;
  s.type = SCALAR_STYLES[kind];
  if (kind === PLAIN && typeof value === 'number') {
    if (/^0x/.test(source)) s.format = 'HEX';
    else if (/^0o/.test(source)) s.format = 'OCT';
    else if (/[eE]/.test(source) && !/^[-+]?\.(?:inf|Inf|INF)$/.test(source)) s.format = 'EXP';
    else if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) {
      const dot = source.indexOf('.');
      if (source.endsWith('0')) s.minFractionDigits = source.length - dot - 1;
    }
  }
  return s;
}
