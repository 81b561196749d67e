import { posix } from 'node:path';
import type { SourcePosition } from '../../core/position.js';
import type { ConfigFile, ConfigInput } from '../config/config-input.js';
import type { YamlDoc } from '../yaml/load-yaml.js';
import type { KubeObject, YamlPath } from './model.js';
import { isRecord, list, type Plain, record, stringMap, text } from './values.js';

/** Annotation that suppresses findings inside an object: `updoc.dev/ignore: "kubernetes/a,istio/b"` (empty or `all` = every rule). */
export const IGNORE_ANNOTATION = 'updoc.dev/ignore';

/** A kustomization.yaml: the namespace it sets and the files it pulls in, patches and generated ConfigMaps. */
export interface Kustomization {
  file: string;
  dir: string;
  namespace?: string;
  resources: string[];
  patches: string[];
  configMapGenerators: { name: string; files: { key: string; path: string }[]; at: SourcePosition }[];
}

export interface ReadObjects {
  objects: KubeObject[];
  kustomizations: Kustomization[];
  /**
   * Namespaces with documents that could not be used (YAML errors, template residue): "matches nothing"
   * findings there could be false, so rules stay quiet. `undefined` stands for unspecified namespaces.
   */
  incomplete: Set<string | undefined>;
}

const YAML_FILE = /\.(?:ya?ml|json)$/i;
const TEMPLATE_RESIDUE = /\{\{.*?\}\}|\{\{-|-\}\}/;

/** Reads every object with a `kind` from every YAML/JSON file; never throws on bad input. */
export function readObjects(input: ConfigInput): ReadObjects {
  const result: ReadObjects = { objects: [], kustomizations: [], incomplete: new Set() };
  for (const file of input.files) {
    if (!YAML_FILE.test(file.path)) continue;
    // Cheap sniff before parsing: no `kind` key, no Kubernetes object (Compose, Spring, Envoy files).
    if (!/(?:^|[\s{,"'])kind["']?\s*:/m.test(file.text) && !/^kustomization\.ya?ml$/i.test(posix.basename(file.path))) continue;
    readFile(input, file, result);
  }
  applyKustomizations(result);
  return result;
}

function readFile(input: ConfigInput, file: ConfigFile, result: ReadObjects): void {
  const yaml = input.yaml(file);
  const hasResidue = file.text.includes('{{');
  const sources = hasResidue || file.text.includes('# Source:') ? helmSources(file.text) : [];
  const isKustomizationFile = /^kustomization\.ya?ml$/i.test(posix.basename(file.path));
  for (const doc of yaml.docs) {
    const value = doc.value;
    if (value === undefined) {
      // Unparseable document (already reported by the YAML loader): remember its namespace as incomplete.
      const docText = linesOf(file.text, doc.startLine, doc.endLine);
      if (/^\s*kind\s*:/m.test(docText)) result.incomplete.add(/^\s+namespace:\s*["']?([a-z0-9-]+)/m.exec(docText)?.[1]);
      continue;
    }
    if (!isRecord(value)) continue;
    const kind = text(value.kind);
    if (kind === 'Kustomization' || (isKustomizationFile && kind === undefined)) {
      result.kustomizations.push(readKustomization(file, doc, value));
      continue;
    }
    if (kind === undefined || (typeof value.apiVersion !== 'string' && !isRecord(value.metadata))) continue;
    if (/List$/.test(kind) && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        if (isRecord(item) && typeof item.kind === 'string') addObject(input, file, doc, ['items', i], item, sources, hasResidue, result);
      });
      continue;
    }
    addObject(input, file, doc, [], value, sources, hasResidue, result);
  }
}

function addObject(
  input: ConfigInput,
  file: ConfigFile,
  doc: YamlDoc,
  base: YamlPath,
  value: Plain,
  sources: { line: number; source: string }[],
  hasResidue: boolean,
  result: ReadObjects,
): void {
  const metadata = record(value.metadata);
  const explicitNamespace = text(metadata.namespace)?.trim() || undefined;
  const pos = (path: YamlPath) => doc.pos([...base, ...path]);
  const range = base.length > 0 ? doc.pos(base) : undefined;
  const startLine = range ? range.line : Math.max(doc.startLine, doc.pos([]).line);
  const endLine = range ? (range.endLine ?? range.line) : doc.endLine;
  const kind = String(value.kind);
  const name = text(metadata.name) ?? text(metadata.generateName) ?? '';
  if (hasResidue) {
    const residue = findResidue(value, []);
    if (residue) {
      input.problem(
        pos(residue),
        `${kind} \`${name || '(unnamed)'}\` still contains template syntax ({{ … }}): it was not rendered, so it is skipped; lint the output of \`helm template\` or \`kustomize build\``,
      );
      result.incomplete.add(explicitNamespace);
      return;
    }
  }
  const apiVersion = text(value.apiVersion) ?? '';
  const slash = apiVersion.indexOf('/');
  const annotations = stringMap(metadata.annotations);
  const object: KubeObject = {
    apiVersion,
    group: slash >= 0 ? apiVersion.slice(0, slash) : '',
    kind,
    name,
    labels: stringMap(metadata.labels),
    annotations,
    file: file.path,
    startLine,
    endLine,
    value,
    at: pos(metadata.name !== undefined ? ['metadata', 'name'] : []),
    pos,
    keyPos: (path) => doc.keyPos([...base, ...path]),
    doc,
    base,
  };
  if (explicitNamespace) {
    object.namespace = explicitNamespace;
    object.namespaceFrom = 'metadata';
  }
  // Comments before a document belong to its range: look up the Source comment from the first key's line.
  const source = sourceBefore(sources, startLine);
  if (source) object.helmSource = source;
  const ignore = annotations[IGNORE_ANNOTATION];
  if (ignore !== undefined) {
    const rules = ignore
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter((r) => r.length > 0);
    input.suppress(file.path, startLine, endLine, rules.includes('all') || rules.includes('*') ? [] : rules);
  }
  result.objects.push(object);
}

/** Path of the first string holding `{{ … }}` (unrendered Helm/Go template), if any. */
function findResidue(value: unknown, path: (string | number)[]): (string | number)[] | undefined {
  if (typeof value === 'string') return TEMPLATE_RESIDUE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findResidue(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (TEMPLATE_RESIDUE.test(k)) return [...path, k];
      const found = findResidue(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

function helmSources(fileText: string): { line: number; source: string }[] {
  const out: { line: number; source: string }[] = [];
  const lines = fileText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^#\s*Source:\s*(\S.*?)\s*$/.exec(lines[i]!);
    if (m) out.push({ line: i + 1, source: m[1]! });
  }
  return out;
}

function sourceBefore(sources: { line: number; source: string }[], line: number): string | undefined {
  let found: string | undefined;
  for (const s of sources) {
    if (s.line > line) break;
    found = s.source;
  }
  return found;
}

function linesOf(fileText: string, from: number, to: number): string {
  return fileText
    .split('\n')
    .slice(from - 1, to)
    .join('\n');
}

function readKustomization(file: ConfigFile, doc: YamlDoc, value: Plain): Kustomization {
  const dir = posix.dirname(file.path);
  const resolve = (p: string) => posix.normalize(posix.join(dir, p));
  const strings = (v: unknown) => list(v).flatMap((x) => (typeof x === 'string' ? [x] : []));
  const patchPaths = [
    ...strings(value.patchesStrategicMerge),
    ...list(value.patches).flatMap((p) => (isRecord(p) && typeof p.path === 'string' ? [p.path] : typeof p === 'string' ? [p] : [])),
    ...list(value.patchesJson6902).flatMap((p) => (isRecord(p) && typeof p.path === 'string' ? [p.path] : [])),
  ];
  return {
    file: file.path,
    dir,
    namespace: text(value.namespace)?.trim() || undefined,
    resources: [...strings(value.resources), ...strings(value.bases)].filter((r) => !/^[a-z]+:\/\//i.test(r)).map(resolve),
    patches: patchPaths.map(resolve),
    configMapGenerators: list(value.configMapGenerator).flatMap((g, i) => {
      if (!isRecord(g) || typeof g.name !== 'string') return [];
      const files = strings(g.files).map((entry) => {
        const eq = entry.indexOf('=');
        const path = eq >= 0 ? entry.slice(eq + 1) : entry;
        return { key: eq >= 0 ? entry.slice(0, eq) : posix.basename(path), path: resolve(path) };
      });
      return [{ name: g.name, files, at: doc.pos(['configMapGenerator', i, 'name']) }];
    }),
  };
}

/**
 * kustomization.yaml `namespace:` applies to every object of the files it (transitively) includes. A file
 * pulled into kustomizations with different namespaces (a base used by two overlays) stays unspecified.
 * Files listed as patches are partial objects, not objects: they are dropped.
 */
function applyKustomizations(result: ReadObjects): void {
  if (result.kustomizations.length === 0) return;
  const byDir = new Map(result.kustomizations.map((k) => [k.dir, k]));
  const patchFiles = new Set(result.kustomizations.flatMap((k) => k.patches));
  const namespacesOf = new Map<string, Set<string>>();
  const reach = (k: Kustomization, namespace: string, seen: Set<string>) => {
    if (seen.has(k.dir)) return;
    seen.add(k.dir);
    for (const resource of k.resources) {
      const nested = byDir.get(resource);
      if (nested) {
        // An inner kustomization with its own namespace is overridden by the outer one.
        reach(nested, namespace, seen);
        continue;
      }
      let set = namespacesOf.get(resource);
      if (!set) {
        set = new Set();
        namespacesOf.set(resource, set);
      }
      set.add(namespace);
    }
  };
  for (const k of result.kustomizations) if (k.namespace) reach(k, k.namespace, new Set());
  result.objects = result.objects.filter((o) => !patchFiles.has(posix.normalize(o.file)));
  for (const object of result.objects) {
    if (CLUSTER_SCOPED.has(object.kind)) continue;
    const namespaces = namespacesOf.get(posix.normalize(object.file));
    if (!namespaces) continue;
    if (namespaces.size === 1) {
      object.namespace = [...namespaces][0]!;
      object.namespaceFrom = 'kustomization';
    } else if (object.namespaceFrom !== 'metadata') {
      delete object.namespace;
    }
  }
}

export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'IngressClass',
  'GatewayClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'Node',
  'PriorityClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
]);
