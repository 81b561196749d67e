import type { Located, SourcePosition } from '../../core/position.js';
import type {
  ComposeDependency,
  ComposeEnvVar,
  ComposeExpose,
  ComposeExtraHost,
  ComposeLabel,
  ComposeLink,
  ComposeMount,
  ComposePort,
  ServiceNetwork,
  ServiceSettings,
} from './model.js';

/**
 * One service as one file writes it, before override files and `extends` are merged in. `written` lists the keys
 * the file sets; `reset` and `replace` record Compose's `!reset` / `!override` tags.
 */
export interface ServiceDraft extends ServiceSettings {
  written: Set<string>;
  reset: Set<string>;
  replace: Set<string>;
  extends?: { service: string; file?: string; at: SourcePosition };
  /** Build target stage (for reading the right Dockerfile stage). */
  buildTarget?: string;
  envFile: ComposeEnvVar[];
  /** `configs:` of the service: top-level config names and where they are mounted. */
  configRefs: ConfigRef[];
}

export interface ConfigRef {
  source: string;
  target?: string;
  at: SourcePosition;
}

export function emptyDraft(name: string, at: SourcePosition): ServiceDraft {
  return {
    name,
    at,
    written: new Set(),
    reset: new Set(),
    replace: new Set(),
    ports: [],
    expose: [],
    networks: [],
    dependsOn: [],
    environment: [],
    envFile: [],
    volumes: [],
    labels: [],
    profiles: [],
    links: [],
    extraHosts: [],
    configRefs: [],
  };
}

type ListKey =
  | 'ports'
  | 'expose'
  | 'networks'
  | 'dependsOn'
  | 'environment'
  | 'envFile'
  | 'volumes'
  | 'labels'
  | 'profiles'
  | 'links'
  | 'extraHosts'
  | 'configRefs';

/** How each list merges when an override file (or `extends`) sets it too, per the Compose specification. */
const LIST_IDENTITY: Record<ListKey, (item: never) => string> = {
  ports: (p: ComposePort) =>
    `${p.hostIp ?? ''}|${p.published ? `${p.published.start}-${p.published.end}` : ''}|${p.target.start}-${p.target.end}|${p.protocol}`,
  expose: (e: ComposeExpose) => `${e.port.start}-${e.port.end}/${e.protocol}`,
  networks: (n: ServiceNetwork) => n.name,
  dependsOn: (d: ComposeDependency) => d.service,
  environment: (v: ComposeEnvVar) => v.name,
  envFile: (v: ComposeEnvVar) => v.name,
  volumes: (m: ComposeMount) => m.target,
  labels: (l: ComposeLabel) => l.key,
  profiles: (p: Located<string>) => p.value,
  links: (l: ComposeLink) => `${l.service}:${l.alias}`,
  extraHosts: (h: ComposeExtraHost) => `${h.host}=${h.address}`,
  configRefs: (c: ConfigRef) => c.target ?? `/${c.source}`,
};

/** Compose key ↔ draft field, for `!reset` / `!override` and `written`. */
export const KEY_FIELDS: Record<string, (keyof ServiceDraft)[]> = {
  image: ['image'],
  build: ['build', 'buildTarget'],
  container_name: ['containerName'],
  hostname: ['hostname'],
  ports: ['ports'],
  expose: ['expose', 'exposeAt'],
  networks: ['networks', 'networksAt', 'networksForm', 'networksIncomplete'],
  network_mode: ['networkMode'],
  depends_on: ['dependsOn', 'dependsOnAt', 'dependsOnValueAt', 'dependsOnForm'],
  healthcheck: ['healthcheck'],
  environment: ['environment'],
  env_file: ['envFile'],
  command: ['command'],
  entrypoint: ['entrypoint'],
  mem_limit: ['memLimit'],
  deploy: ['deployMemoryLimit'],
  volumes: ['volumes'],
  labels: ['labels'],
  profiles: ['profiles'],
  links: ['links'],
  extra_hosts: ['extraHosts'],
  configs: ['configRefs'],
};

/** Applies `over` on top of `base` (override file, or the extending service over its base). */
export function mergeDrafts(base: ServiceDraft, over: ServiceDraft): ServiceDraft {
  const out: ServiceDraft = {
    ...base,
    written: new Set([...base.written, ...over.written]),
    reset: new Set(),
    replace: new Set(),
    ports: [...base.ports],
    expose: [...base.expose],
    networks: [...base.networks],
    dependsOn: [...base.dependsOn],
    environment: [...base.environment],
    envFile: [...base.envFile],
    volumes: [...base.volumes],
    labels: [...base.labels],
    profiles: [...base.profiles],
    links: [...base.links],
    extraHosts: [...base.extraHosts],
    configRefs: [...base.configRefs],
  };
  if (over.extends) out.extends = over.extends;
  const writable = out as unknown as Record<string, unknown>;
  const source = over as unknown as Record<string, unknown>;
  for (const key of [...over.written, ...over.reset]) {
    const fields = KEY_FIELDS[key];
    if (!fields) continue;
    if (over.reset.has(key)) {
      for (const f of fields) writable[f] = Array.isArray(writable[f]) ? [] : undefined;
      if (!over.written.has(key)) out.written.delete(key);
      continue;
    }
    const [main, ...extra] = fields;
    const value = source[main!];
    if (Array.isArray(value)) {
      const listKey = main as ListKey;
      writable[listKey] = over.replace.has(key) ? [...value] : mergeList(out[listKey] as never[], value as never[], LIST_IDENTITY[listKey]);
    } else if (key === 'healthcheck' && out.healthcheck && over.healthcheck && !over.replace.has(key)) {
      out.healthcheck = { ...out.healthcheck, ...definedOnly(over.healthcheck) };
    } else if (key === 'build' && out.build && over.build && !over.replace.has(key)) {
      out.build = { ...out.build, ...definedOnly(over.build) };
    } else if (key === 'deploy' && value === undefined && !over.replace.has(key)) {
      // `deploy` merges key by key: an override's `deploy` without a memory limit keeps the base's.
    } else writable[main!] = value;
    for (const f of extra) if (source[f] !== undefined) writable[f] = source[f];
  }
  return out;
}

function mergeList<T>(base: T[], over: T[], identity: (item: T) => string): T[] {
  const index = new Map(base.map((item, i) => [identity(item), i]));
  const out = [...base];
  for (const item of over) {
    const at = index.get(identity(item));
    if (at === undefined) {
      index.set(identity(item), out.length);
      out.push(item);
    } else out[at] = item;
  }
  return out;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
