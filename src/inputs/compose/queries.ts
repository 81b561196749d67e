import type { ComposeFacts, ComposeNetwork, ComposeProject, ComposeService } from './model.js';
import { imageDefaults } from './image-defaults.js';

/** A service together with its project: what most questions about Compose need. */
export interface ServiceRef {
  project: ComposeProject;
  service: ComposeService;
}

/** How a name reaches a service on Docker's embedded DNS. */
export type NameKind = 'service' | 'container_name' | 'container' | 'alias' | 'hostname';

export interface NameEntry extends ServiceRef {
  kind: NameKind;
  /** Actual network names the name is registered on (aliases: one network; hostname: none). */
  networks: string[];
}

export interface ComposeIndex {
  refs: ServiceRef[];
  byRuntimeId: Map<string, ServiceRef>;
  runtimeIdOf: Map<ComposeService, string>;
  /** Lower-cased DNS name → every service it could mean. */
  names: Map<string, NameEntry[]>;
}

const cache = new WeakMap<ComposeFacts, ComposeIndex>();

export function composeIndex(facts: ComposeFacts): ComposeIndex {
  let index = cache.get(facts);
  if (index) return index;
  const refs = facts.projects.flatMap((project) => project.services.map((service) => ({ project, service })));
  // `compose:<project>/<service>`; a project name met again (two directories named `app`) gets `#2`, `#3`.
  const projectPart = new Map<ComposeProject, string>();
  const nameCount = new Map<string, number>();
  for (const p of facts.projects) {
    const n = (nameCount.get(p.name) ?? 0) + 1;
    nameCount.set(p.name, n);
    projectPart.set(p, n === 1 ? p.name : `${p.name}#${n}`);
  }
  const byRuntimeId = new Map<string, ServiceRef>();
  const runtimeIdOf = new Map<ComposeService, string>();
  for (const ref of refs) {
    const id = `compose:${projectPart.get(ref.project)}/${ref.service.name}`;
    byRuntimeId.set(id, ref);
    runtimeIdOf.set(ref.service, id);
  }
  const names = new Map<string, NameEntry[]>();
  const add = (name: string, entry: NameEntry) => {
    const key = name.toLowerCase();
    const list = names.get(key) ?? [];
    names.set(key, list);
    list.push(entry);
  };
  for (const ref of refs) {
    const all = attachedNetworks(ref.project, ref.service).map((n) => n.actualName);
    add(ref.service.name, { ...ref, kind: 'service', networks: all });
    if (ref.service.containerName) add(ref.service.containerName.value, { ...ref, kind: 'container_name', networks: all });
    else {
      // Containers Compose names itself: `<project>-<service>-1` (v2) and `<project>_<service>_1` (v1).
      add(`${ref.project.name}-${ref.service.name}-1`, { ...ref, kind: 'container', networks: all });
      add(`${ref.project.name}_${ref.service.name}_1`, { ...ref, kind: 'container', networks: all });
    }
    for (const n of ref.service.networks) {
      const actual = networkByKey(ref.project, n.name)?.actualName;
      if (!actual) continue;
      for (const alias of n.aliases) add(alias.value, { ...ref, kind: 'alias', networks: [actual] });
    }
    if (ref.service.hostname) add(ref.service.hostname.value, { ...ref, kind: 'hostname', networks: [] });
  }
  index = { refs, byRuntimeId, runtimeIdOf, names };
  cache.set(facts, index);
  return index;
}

export function runtimeIdOf(facts: ComposeFacts, service: ComposeService): string {
  return composeIndex(facts).runtimeIdOf.get(service) ?? `compose:?/${service.name}`;
}

export function findService(project: ComposeProject, name: string): ComposeService | undefined {
  return project.services.find((s) => s.name === name);
}

export function networkByKey(project: ComposeProject, key: string): ComposeNetwork | undefined {
  return (
    project.networks.find((n) => n.key === key) ??
    (key === 'default' ? { key: 'default', actualName: `${project.name}_default`, external: false, internal: false, implicit: true } : undefined)
  );
}

/** The networks a service itself is attached to (declared ones only: an undefined network attaches nothing). */
export function attachedNetworks(project: ComposeProject, service: ComposeService): ComposeNetwork[] {
  if (service.networkMode) return [];
  return service.networks.map((n) => networkByKey(project, n.name)).filter((n): n is ComposeNetwork => n !== undefined);
}

export type NetworkNamespace =
  | { kind: 'service'; owner: ServiceRef }
  | { kind: 'host' }
  | { kind: 'none' }
  | { kind: 'bridge' }
  | { kind: 'external'; text: string }
  | { kind: 'missing'; service: string };

/** Whose network stack a service uses: its own, another service's (`network_mode: service:x`), the host's … */
export function networkNamespace(ref: ServiceRef, depth = 0): NetworkNamespace {
  const mode = ref.service.networkMode?.value;
  if (!mode) return { kind: 'service', owner: ref };
  switch (mode.kind) {
    case 'host':
      return { kind: 'host' };
    case 'none':
      return { kind: 'none' };
    case 'bridge':
      return { kind: 'bridge' };
    case 'service': {
      const target = findService(ref.project, mode.target!);
      if (!target) return { kind: 'missing', service: mode.target! };
      if (depth > 8) return { kind: 'external', text: mode.text };
      return networkNamespace({ project: ref.project, service: target }, depth + 1);
    }
    default:
      return { kind: 'external', text: mode.text };
  }
}

/** Every service whose processes live in the owner's network namespace (the owner and its `service:` sharers). */
export function namespaceMembers(owner: ServiceRef): ServiceRef[] {
  return owner.project.services
    .map((service) => ({ project: owner.project, service }))
    .filter((ref) => {
      const ns = networkNamespace(ref);
      return ns.kind === 'service' && ns.owner.service === owner.service;
    });
}

export function isProxyImage(service: ComposeService): boolean {
  return Boolean(service.image && imageDefaults(service.image.value)?.proxy);
}

/**
 * True when nothing defines a healthcheck for the service: none in Compose (or disabled), and its image is known
 * to have none (official images never do; a Dockerfile we read has none; a build whose Dockerfile we could not
 * read almost never does). A third-party image may bring its own HEALTHCHECK, so it counts as unknown.
 */
export function lacksHealthcheck(service: ComposeService): boolean {
  if (service.healthcheck?.disabled) return true;
  if (service.healthcheck?.test) return false;
  if (service.healthcheck) return service.imageHealthcheck === 'none';
  return service.imageHealthcheck === 'none' || (service.imageHealthcheck === 'unknown' && service.build !== undefined);
}

/** Levenshtein distance, bounded: used to suggest the name that was probably meant. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase(), bestDistance);
    if (d <= bestDistance && d > 0 && (best === undefined || d < bestDistance)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
