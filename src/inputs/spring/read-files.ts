import type { SourcePosition } from '../../core/position.js';
import type { ConfigInput } from '../config/config-input.js';
import { embeddedPosition, type EmbeddedText } from '../nginx/embedded.js';
import { loadYaml, type YamlDoc } from '../yaml/load-yaml.js';
import type { SpringDocument, SpringFile, SpringProperty } from './model.js';
import { parseProperties } from './properties-syntax.js';

/** `application.properties`, `application-prod.yml`, `bootstrap.yaml`: the files Spring Boot reads its settings from. */
export const SPRING_FILE = /^(application|bootstrap)(?:-([^.]+))?\.(properties|ya?ml)$/i;

/** Spring's relaxed binding: `server.tomcat.keep-alive-timeout`, `keepAliveTimeout` and `keep_alive_timeout` are one key. */
export function canonicalKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** Keys that mark a document as profile-specific. */
const ON_PROFILE = new Set(['spring.config.activate.onprofile', 'spring.profiles']);

/** Reads one Spring file (discovered, or a ConfigMap value placed with `where`). */
export function readSpringFile(input: ConfigInput, path: string, name: string, text: string, where?: EmbeddedText): SpringFile | undefined {
  const match = SPRING_FILE.exec(name);
  if (!match) return undefined;
  const format = match[3]!.toLowerCase() === 'properties' ? 'properties' : 'yaml';
  const place = (p: SourcePosition): SourcePosition => (where ? embeddedPosition(p, where) : p);
  const documents = format === 'properties' ? readProperties(input, path, text, place) : readYaml(input, path, text, place, where !== undefined);
  const file: SpringFile = { path: where?.file ?? path, format, documents };
  if (match[2]) file.profile = match[2];
  if (where) file.embedded = true;
  return file;
}

function readProperties(input: ConfigInput, path: string, text: string, place: (p: SourcePosition) => SourcePosition): SpringDocument[] {
  const parsed = parseProperties(path, text);
  for (const p of parsed.problems) input.problem(place(p.at), p.message);
  return parsed.documents.map((d) => {
    const properties: SpringProperty[] = d.entries.map((e) => ({
      key: e.key,
      canonical: canonicalKey(e.key),
      value: e.value,
      at: place(e.valueAt),
      keyAt: place(e.keyAt),
      file: place(e.keyAt).file,
      format: 'properties',
    }));
    return finish(properties);
  });
}

function readYaml(input: ConfigInput, path: string, text: string, place: (p: SourcePosition) => SourcePosition, embedded: boolean): SpringDocument[] {
  // A discovered file is parsed once for every platform (input.yaml); a ConfigMap value is parsed here.
  const file = input.files.find((f) => f.path === path);
  const yaml = !embedded && file ? input.yaml(file) : loadYaml(path, text);
  if (embedded) for (const p of yaml.problems) input.problem(place(p.at), p.message);
  return yaml.docs.map((doc) => {
    const properties: SpringProperty[] = [];
    flatten(doc, doc.value, [], '', properties, place);
    const document = finish(properties);
    // New top-level keys go before the document's first top-level key.
    const firstTop = doc.value !== null && typeof doc.value === 'object' && !Array.isArray(doc.value) ? Object.keys(doc.value)[0] : undefined;
    if (firstTop !== undefined) document.firstKeyAt = place(doc.keyPos([firstTop]));
    return document;
  });
}

function flatten(
  doc: YamlDoc,
  value: unknown,
  path: (string | number)[],
  prefix: string,
  out: SpringProperty[],
  place: (p: SourcePosition) => SourcePosition,
): void {
  if (out.length > 10_000) return;
  if (Array.isArray(value)) {
    // A list of scalars is also one comma-separated value (`spring.profiles.active: [prod, cloud]`).
    if (value.every((v) => v === null || typeof v !== 'object') && prefix !== '') {
      out.push(property(doc, path, prefix, value.map((v) => String(v ?? '')).join(','), place));
    }
    for (const [i, item] of value.entries()) flatten(doc, item, [...path, i], `${prefix}[${i}]`, out, place);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      flatten(doc, child, [...path, key], prefix === '' ? key : `${prefix}.${key}`, out, place);
    }
    return;
  }
  if (prefix === '') return;
  out.push(property(doc, path, prefix, value === null || value === undefined ? '' : String(value), place));
}

function property(doc: YamlDoc, path: (string | number)[], key: string, value: string, place: (p: SourcePosition) => SourcePosition): SpringProperty {
  const at = place(doc.pos(path));
  const keyAt = typeof path[path.length - 1] === 'string' ? place(doc.keyPos(path)) : at;
  return { key, canonical: canonicalKey(key), value, at, keyAt, file: at.file, format: 'yaml' };
}

function finish(properties: SpringProperty[]): SpringDocument {
  const document: SpringDocument = { properties };
  const activation = properties.find((p) => ON_PROFILE.has(p.canonical));
  if (activation && activation.value.trim() !== '') document.onProfile = activation.value.trim();
  const first = properties.reduce<SpringProperty | undefined>(
    (best, p) => (!best || p.keyAt.line < best.keyAt.line || (p.keyAt.line === best.keyAt.line && p.keyAt.column < best.keyAt.column) ? p : best),
    undefined,
  );
  if (first) document.firstKeyAt = first.keyAt;
  return document;
}
