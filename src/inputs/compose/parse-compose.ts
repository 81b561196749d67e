import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { Node } from 'yaml';
import type { SourcePosition } from '../../core/position.js';
import type { ConfigFile, ConfigInput } from '../config/config-input.js';
import { LineIndex } from '../yaml/line-index.js';
import { parseDockerfile } from './dockerfile.js';
import { parseDotenv } from './dotenv.js';
import { mergeDrafts, type ServiceDraft } from './draft.js';
import { imageDefaults, parseImageRef } from './image-defaults.js';
import { hintsFromCommand, hintsFromEnvironment } from './listen-hints.js';
import type {
  ComposeCommand,
  ComposeEnvVar,
  ComposeFacts,
  ComposeNetwork,
  ComposeProject,
  ComposeService,
  ComposeVariableUse,
  ComposeVolume,
  ListenHint,
} from './model.js';
import { type FileContext, readService, readText } from './read-service.js';
import { type MapEntry, YamlReader } from './yaml-reader.js';

/** The files `docker compose` reads by default, in its order of preference. */
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE_FILES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export function isComposeFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && /compose/i.test(name);
}

interface RawFile {
  file: ConfigFile;
  reader: YamlReader;
  root: Node;
  services: MapEntry[];
  /** Absolute paths named by top-level `include:`. */
  includes: { path: string; at: SourcePosition }[];
  /** Every service says what it runs (image, build or extends): a file `docker compose -f` can run alone. */
  standalone: boolean;
}

/** Reads every Compose project among the input files. Never throws on bad input: problems are reported. */
export function parseCompose(input: ConfigInput): ComposeFacts {
  const raws = new Map<string, RawFile>();
  for (const file of input.files) {
    const name = basename(file.path);
    if (!isComposeFileName(name) && !file.explicit) continue;
    const raw = loadRawFile(input, file, !isComposeFileName(name));
    if (raw) raws.set(file.absolutePath, raw);
  }
  const included = new Set<string>();
  for (const raw of raws.values()) for (const inc of raw.includes) included.add(inc.path);

  const byDirectory = new Map<string, RawFile[]>();
  for (const raw of raws.values()) {
    if (included.has(raw.file.absolutePath)) continue;
    const dir = dirname(raw.file.absolutePath);
    const list = byDirectory.get(dir) ?? [];
    byDirectory.set(dir, list);
    list.push(raw);
  }

  const projects: ComposeProject[] = [];
  for (const files of byDirectory.values()) {
    const named = (names: string[]) => names.map((n) => files.find((f) => basename(f.file.absolutePath) === n)).filter((f): f is RawFile => f !== undefined);
    const bases = named(DEFAULT_FILES);
    const overrides = named(OVERRIDE_FILES);
    const base = bases[0];
    const others = files.filter((f) => f !== base && !overrides.includes(f)).sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
    if (base) {
      const main = buildProject(input, [base, ...(overrides[0] ? [overrides[0]] : [])], raws);
      projects.push(main);
      for (const other of others) {
        if (bases.includes(other) || runsAlone(other, base)) projects.push(buildProject(input, [other], raws));
        else projects.push(buildProject(input, [base, other], raws, main.id));
      }
    } else {
      for (const f of [...overrides, ...others]) projects.push(buildProject(input, [f], raws));
    }
  }
  return { projects };
}

function loadRawFile(input: ConfigInput, file: ConfigFile, sniff: boolean): RawFile | undefined {
  const yaml = input.yaml(file);
  const doc = yaml.docs.find((d) => d.value !== undefined && d.value !== null);
  if (!doc || typeof doc.value !== 'object' || Array.isArray(doc.value)) return undefined;
  const value = doc.value as Record<string, unknown>;
  if ('apiVersion' in value || 'kind' in value) return undefined;
  // An override file may only add networks or volumes; a file found by sniffing must have services.
  const composeKeys = sniff ? ['services'] : ['services', 'include', 'networks', 'volumes', 'secrets', 'configs'];
  if (!composeKeys.some((k) => k in value)) return undefined;
  const reader = new YamlReader(doc.document, new LineIndex(file.path, file.text));
  const root = reader.root;
  if (!root) return undefined;
  const servicesEntry = reader.get(root, 'services');
  if (servicesEntry?.value !== undefined && !reader.isMap(servicesEntry.value)) {
    if (sniff) return undefined;
    input.problem(servicesEntry.valueAt, '`services` must be a mapping of service names to their definitions');
  }
  const services = servicesEntry?.value !== undefined && reader.isMap(servicesEntry.value) ? reader.entries(servicesEntry.value) : [];
  const says = (e: MapEntry) => ['image', 'build', 'extends'].some((k) => reader.get(e.value, k) !== undefined);
  if (sniff && !services.some(says)) return undefined;
  const includes: RawFile['includes'] = [];
  const dir = dirname(file.absolutePath);
  for (const item of reader.items(reader.get(root, 'include')?.value)) {
    const paths =
      reader.scalar(item) !== undefined
        ? [item]
        : reader.isSeq(reader.get(item, 'path')?.value)
          ? reader.items(reader.get(item, 'path')?.value)
          : [reader.get(item, 'path')?.value];
    for (const p of paths) {
      const text = reader.scalar(p);
      if (text) includes.push({ path: isAbsolute(text) ? text : resolve(dir, text), at: reader.pos(p) });
    }
  }
  return { file, reader, root, services, includes, standalone: services.length > 0 && services.every(says) };
}

/**
 * Whether an extra file beside the base (`docker-compose.ci.yml`) is a project of its own rather than a layer
 * for `-f base -f extra`: every service says what it runs, the networks and services it names are its own,
 * and it adds services the base does not have.
 */
function runsAlone(file: RawFile, base: RawFile): boolean {
  if (!file.standalone) return false;
  const { reader } = file;
  const own = new Set(file.services.map((e) => e.key));
  const baseServices = new Set(base.services.map((e) => e.key));
  if ([...own].every((name) => baseServices.has(name))) return false;
  const networks = new Set(['default', ...reader.entries(reader.get(file.root, 'networks')?.value).map((e) => e.key)]);
  for (const service of file.services) {
    const named = reader.get(service.value, 'networks')?.value;
    const usedNetworks = reader.isSeq(named) ? reader.items(named).map((n) => reader.scalar(n)) : reader.entries(named).map((e) => e.key);
    if (usedNetworks.some((n) => n !== undefined && !networks.has(n))) return false;
    const deps = reader.get(service.value, 'depends_on')?.value;
    const usedServices = reader.isSeq(deps) ? reader.items(deps).map((n) => reader.scalar(n)) : reader.entries(deps).map((e) => e.key);
    if (usedServices.some((n) => n !== undefined && !own.has(n))) return false;
  }
  return true;
}

function projectEnvironment(input: ConfigInput, directory: string): Map<string, string> {
  const env = new Map<string, string>();
  const read = input.read(resolve(directory, '.env'));
  if (read.ok) for (const e of parseDotenv(read.file.text)) env.set(e.name, e.value);
  return env;
}

/** Compose's project-name normalisation: lower case, only `a-z0-9_-`, no leading `_`/`-`. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-_a-z0-9]+/g, '')
    .replace(/^[-_]+/, '');
}

interface NetworkDecl {
  key: string;
  name?: string;
  external: boolean;
  internal: boolean;
  driver?: { value: string; at: SourcePosition };
  at: SourcePosition;
}

function buildProject(input: ConfigInput, files: RawFile[], raws: Map<string, RawFile>, variantOf?: string): ComposeProject {
  const first = files[0]!;
  const directory = dirname(first.file.absolutePath);
  const env = projectEnvironment(input, directory);
  const unset: ComposeVariableUse[] = [];
  const lookup = (name: string) => env.get(name) ?? (name === 'PWD' ? directory : undefined);
  const projectId = files.map((f) => f.file.path).join('+');
  const drafts = new Map<string, ServiceDraft>();
  const networks = new Map<string, NetworkDecl>();
  const volumes = new Map<string, ComposeVolume & { name?: string }>();
  /** Top-level `configs:` backed by a file: name → absolute host path. */
  const configFiles = new Map<string, string>();
  let nameText: { value: string; at: SourcePosition } | undefined;
  const fileList: string[] = [];

  const readFile = (raw: RawFile, dir: string, addOnly: boolean) => {
    fileList.push(raw.file.path);
    const ctx: FileContext = { input, reader: raw.reader, directory: dir, lookup, unset };
    const name = readText(ctx, raw.reader.get(raw.root, 'name')?.value);
    if (name && !addOnly) nameText = { value: name.value, at: name.at };
    for (const entry of raw.services) {
      const draft = readService(ctx, entry);
      const existing = drafts.get(entry.key);
      if (!existing) drafts.set(entry.key, draft);
      else if (addOnly)
        input.problem(entry.keyAt, `service \`${entry.key}\` is defined both here and in ${existing.at.file} (include does not merge services)`);
      else drafts.set(entry.key, mergeDrafts(existing, draft));
    }
    for (const n of raw.reader.entries(raw.reader.get(raw.root, 'networks')?.value)) {
      const decl: NetworkDecl = networks.get(n.key) ?? { key: n.key, external: false, internal: false, at: n.keyAt };
      const ext = raw.reader.get(n.value, 'external');
      if (ext) {
        decl.external = raw.reader.boolean(ext.value) === true || raw.reader.isMap(ext.value);
        const legacyName = readText(ctx, raw.reader.get(ext.value, 'name')?.value);
        if (legacyName) decl.name = legacyName.value;
      }
      const nm = readText(ctx, raw.reader.get(n.value, 'name')?.value);
      if (nm) decl.name = nm.value;
      if (raw.reader.boolean(raw.reader.get(n.value, 'internal')?.value) === true) decl.internal = true;
      const driver = readText(ctx, raw.reader.get(n.value, 'driver')?.value);
      if (driver) decl.driver = { value: driver.value, at: driver.at };
      networks.set(n.key, decl);
    }
    for (const c of raw.reader.entries(raw.reader.get(raw.root, 'configs')?.value)) {
      const file = readText(ctx, raw.reader.get(c.value, 'file')?.value);
      if (file && !file.unknown) configFiles.set(c.key, isAbsolute(file.value) ? file.value : resolve(dir, file.value));
    }
    for (const v of raw.reader.entries(raw.reader.get(raw.root, 'volumes')?.value)) {
      const nm = readText(ctx, raw.reader.get(v.value, 'name')?.value);
      const ext = raw.reader.get(v.value, 'external');
      const vol: ComposeVolume & { name?: string } = {
        key: v.key,
        actualName: '',
        external: ext !== undefined && raw.reader.boolean(ext.value) !== false,
        at: v.keyAt,
      };
      if (nm) vol.name = nm.value;
      volumes.set(v.key, vol);
    }
  };

  for (const raw of files) readFile(raw, directory, false);
  const seenIncludes = new Set<string>();
  const includeQueue = files.flatMap((f) => f.includes);
  while (includeQueue.length > 0 && seenIncludes.size < 64) {
    const inc = includeQueue.shift()!;
    if (seenIncludes.has(inc.path)) continue;
    seenIncludes.add(inc.path);
    const raw = raws.get(inc.path) ?? loadIncluded(input, inc.path, inc.at);
    if (!raw) continue;
    readFile(raw, dirname(raw.file.absolutePath), true);
    includeQueue.push(...raw.includes);
  }

  resolveAllExtends(input, drafts, directory, lookup, unset);

  const envName = env.get('COMPOSE_PROJECT_NAME');
  let name: string;
  let nameSource: ComposeProject['nameSource'];
  if (envName) {
    name = normalizeProjectName(envName);
    nameSource = 'env';
  } else if (nameText) {
    name = normalizeProjectName(nameText.value);
    nameSource = 'name';
  } else {
    name = normalizeProjectName(basename(directory)) || 'default';
    nameSource = 'directory';
  }

  const services = [...drafts.values()].map((d) => finishService(input, d, projectId, configFiles));
  const networkList: ComposeNetwork[] = [...networks.values()].map((n) => {
    const net: ComposeNetwork = {
      key: n.key,
      actualName: n.name ?? (n.external ? n.key : `${name}_${n.key}`),
      external: n.external,
      internal: n.internal,
      at: n.at,
      implicit: false,
    };
    if (n.driver) net.driver = n.driver;
    return net;
  });
  if (!networks.has('default') && services.some((s) => s.networks.some((n) => n.name === 'default'))) {
    networkList.push({ key: 'default', actualName: `${name}_default`, external: false, internal: false, implicit: true });
  }
  const project: ComposeProject = {
    id: projectId,
    name,
    nameSource,
    directory,
    files: fileList,
    partial: !files.some((f) => f.standalone),
    services,
    networks: networkList,
    volumes: [...volumes.values()].map(({ name: volumeName, ...v }) => ({ ...v, actualName: volumeName ?? (v.external ? v.key : `${name}_${v.key}`) })),
    unsetVariables: dedupeUses(unset),
  };
  if (nameText && nameSource === 'name') project.nameAt = nameText.at;
  if (variantOf) project.variantOf = variantOf;
  return project;
}

function loadIncluded(input: ConfigInput, path: string, at: SourcePosition): RawFile | undefined {
  const read = input.read(path);
  if (!read.ok) {
    input.problem(at, `included Compose file cannot be read: ${read.message}`);
    return undefined;
  }
  return loadRawFile(input, read.file, false);
}

function resolveAllExtends(
  input: ConfigInput,
  drafts: Map<string, ServiceDraft>,
  directory: string,
  lookup: (n: string) => string | undefined,
  unset: ComposeVariableUse[],
): void {
  const resolveOne = (name: string, pool: Map<string, ServiceDraft>, stack: string[]): ServiceDraft | undefined => {
    const draft = pool.get(name);
    // Once resolved, a draft no longer has `extends`.
    if (!draft?.extends) return draft;
    const ext = draft.extends;
    if (stack.includes(name) || stack.length > 16) {
      input.problem(ext.at, `\`extends\` cycle: ${[...stack, name].join(' → ')}`);
      return draft;
    }
    let base: ServiceDraft | undefined;
    if (ext.file) {
      const other = otherFileDrafts(input, isAbsolute(ext.file) ? ext.file : resolve(directory, ext.file), ext.at, lookup, unset);
      base = other && resolveOne(ext.service, other, [...stack, name]);
    } else base = resolveOne(ext.service, pool, [...stack, name]);
    if (!base) {
      input.problem(ext.at, `service \`${name}\` extends \`${ext.service}\`, which is not defined${ext.file ? ` in ${ext.file}` : ''}`);
      return draft;
    }
    const merged = mergeDrafts(base, draft);
    merged.name = draft.name;
    merged.at = draft.at;
    if (draft.body) merged.body = draft.body;
    else delete merged.body;
    delete merged.extends;
    pool.set(name, merged);
    return merged;
  };
  for (const name of [...drafts.keys()]) resolveOne(name, drafts, []);
}

function otherFileDrafts(
  input: ConfigInput,
  path: string,
  at: SourcePosition,
  lookup: (n: string) => string | undefined,
  unset: ComposeVariableUse[],
): Map<string, ServiceDraft> | undefined {
  const read = input.read(path);
  if (!read.ok) {
    input.problem(at, `\`extends\` file cannot be read: ${read.message}`);
    return undefined;
  }
  const raw = loadRawFile(input, read.file, false);
  if (!raw) return undefined;
  const ctx: FileContext = { input, reader: raw.reader, directory: dirname(read.file.absolutePath), lookup, unset };
  return new Map(raw.services.map((e) => [e.key, readService(ctx, e)]));
}

function finishService(input: ConfigInput, d: ServiceDraft, project: string, configFiles: ReadonlyMap<string, string>): ComposeService {
  const dockerfile = d.build ? readDockerfile(input, d) : undefined;
  // Lowest to highest precedence: Dockerfile ENV, env_file, environment.
  const byName = new Map<string, ComposeEnvVar>();
  for (const v of dockerfile?.env ?? []) byName.set(v.name, { name: v.name, value: v.value, at: v.at, source: 'Dockerfile' });
  for (const v of d.envFile) byName.set(v.name, v);
  for (const v of d.environment) byName.set(v.name, v);
  const environment = [...byName.values()];

  const service: ComposeService = {
    project,
    name: d.name,
    at: d.at,
    ports: d.ports,
    expose: d.expose,
    networks: d.networks.length > 0 || d.networkMode || d.networksIncomplete ? d.networks : [{ name: 'default', aliases: [], implicit: true }],
    dependsOn: d.dependsOn,
    environment,
    // A file-backed config is mounted like a read-only bind mount (how an nginx.conf often gets in).
    volumes: [
      ...d.volumes,
      ...d.configRefs.flatMap((c) => {
        const hostPath = configFiles.get(c.source);
        return hostPath ? [{ type: 'bind' as const, source: c.source, hostPath, target: c.target ?? `/${c.source}`, readOnly: true, at: c.at }] : [];
      }),
    ],
    labels: d.labels,
    profiles: d.profiles,
    links: d.links,
    extraHosts: d.extraHosts,
    listenHints: [],
    imageHealthcheck: 'unknown',
  };
  if (d.body) service.body = d.body;
  if (d.image) service.image = d.image;
  if (d.build) service.build = { ...d.build };
  if (d.containerName) service.containerName = d.containerName;
  if (d.hostname) service.hostname = d.hostname;
  if (d.networksAt && d.networks.length > 0) service.networksAt = d.networksAt;
  if (d.networksForm && d.networks.length > 0) service.networksForm = d.networksForm;
  if (d.networkMode) service.networkMode = d.networkMode;
  if (d.networksIncomplete) service.networksIncomplete = true;
  if (d.dependsOnAt) service.dependsOnAt = d.dependsOnAt;
  if (d.dependsOnValueAt) service.dependsOnValueAt = d.dependsOnValueAt;
  if (d.dependsOnForm) service.dependsOnForm = d.dependsOnForm;
  if (d.healthcheck) service.healthcheck = d.healthcheck;
  if (d.command) service.command = d.command;
  if (d.entrypoint) service.entrypoint = d.entrypoint;
  if (d.memLimit) service.memLimit = d.memLimit;
  if (d.deployMemoryLimit) service.deployMemoryLimit = d.deployMemoryLimit;
  if (d.exposeAt) service.exposeAt = d.exposeAt;

  const defaults = d.image ? imageDefaults(d.image.value) : undefined;
  if (dockerfile && service.build) {
    service.build.dockerfilePath = dockerfile.path;
    service.build.dockerfileHealthcheck = dockerfile.healthcheck;
    if (dockerfile.base) service.build.baseImage = { value: dockerfile.base.image, at: dockerfile.base.at };
    service.build.dockerfileCommand = [...(dockerfile.entrypoint?.words ?? []), ...(dockerfile.cmd?.words ?? [])];
  }
  if (service.build) {
    service.imageHealthcheck = service.build.dockerfileHealthcheck === undefined ? 'unknown' : service.build.dockerfileHealthcheck ? 'present' : 'none';
  } else if (d.image && parseImageRef(d.image.value).official) service.imageHealthcheck = 'none';

  const hints: ListenHint[] = [];
  // Known images (postgres, redis …) ignore HOST/PORT variables meant for client libraries.
  if (!defaults) hints.push(...hintsFromEnvironment(environment));
  const entrypoint: ComposeCommand | undefined = d.entrypoint ?? (dockerfile?.entrypoint && { ...dockerfile.entrypoint, source: 'Dockerfile ENTRYPOINT' });
  const command: ComposeCommand | undefined = d.command ?? (d.entrypoint ? undefined : dockerfile?.cmd && { ...dockerfile.cmd, source: 'Dockerfile CMD' });
  service.runs = { ...(entrypoint ? { entrypoint } : {}), ...(command ? { command } : {}) };
  const memoryLimit = d.deployMemoryLimit?.bytes ? d.deployMemoryLimit : d.memLimit?.bytes ? d.memLimit : undefined;
  if (memoryLimit) service.memoryLimit = { ...memoryLimit, key: memoryLimit === d.memLimit ? 'mem_limit' : 'deploy.resources.limits.memory' };
  const main = command ?? entrypoint;
  if (main) hints.push(...hintsFromCommand({ ...main, words: [...(entrypoint && entrypoint !== main ? entrypoint.words : []), ...main.words] }, environment));
  for (const e of dockerfile?.expose ?? []) if (e.protocol === 'tcp') hints.push({ port: e.port, source: 'Dockerfile EXPOSE', at: e.at });
  // EXPOSE is inherited: `FROM php:8.3-fpm` listens on 9000 unless the command says otherwise.
  const base = !d.image && dockerfile?.base && !hints.some((h) => h.port !== undefined) ? imageDefaults(dockerfile.base.image) : undefined;
  for (const port of base?.ports ?? []) hints.push({ port, source: `Dockerfile FROM ${dockerfile!.base!.image}`, at: dockerfile!.base!.at });
  service.listenHints = hints;
  return service;
}

function readDockerfile(input: ConfigInput, d: ServiceDraft): (ReturnType<typeof parseDockerfile> & { path: string }) | undefined {
  const build = d.build!;
  if (!isAbsolute(build.directory)) return undefined;
  const name = build.dockerfile?.value ?? 'Dockerfile';
  const path = isAbsolute(name) ? name : resolve(build.directory, name);
  const read = input.read(path);
  if (!read.ok) return undefined;
  return { ...parseDockerfile(read.file.path, read.file.text, d.buildTarget), path: read.file.path };
}

function dedupeUses(uses: ComposeVariableUse[]): ComposeVariableUse[] {
  const seen = new Set<string>();
  return uses.filter((u) => {
    const key = `${u.name}\u0000${u.at.file}:${u.at.line}:${u.at.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
