import { CONTROL_PLANE_LABELS, selectsPodsOf } from './labels.js';
import type { KubeObject, LabelSelector, NamespaceObject, Service, Workload } from './model.js';

/**
 * Lookups over the parsed objects. Namespaces: an object without one ("unspecified") is compatible with
 * every namespace; two unspecified objects are taken to be applied together (same namespace).
 */
export class KubeIndex {
  private readonly servicesByName = new Map<string, Service[]>();
  private readonly workloadsByLabel = new Map<string, Workload[]>();
  private readonly workloadsByNamespace = new Map<string | undefined, Workload[]>();
  private readonly objectsByKindName = new Map<string, KubeObject[]>();
  private readonly namespaceObjects = new Map<string, NamespaceObject>();
  private readonly namespacesInInput = new Set<string>();
  private readonly selectingCache = new Map<Workload, Service[]>();
  private readonly workloadsById = new Map<string, Workload>();
  /** Services by one `key=value` of their selector (the first one a controller does not set). */
  private readonly servicesBySelectorLabel = new Map<string, Service[]>();
  private readonly servicesWithoutKey: Service[] = [];

  constructor(
    objects: readonly KubeObject[],
    private readonly allWorkloads: readonly Workload[],
    allServices: readonly Service[],
    namespaces: readonly NamespaceObject[],
    private readonly incomplete: ReadonlySet<string | undefined>,
  ) {
    for (const o of objects) {
      push(this.objectsByKindName, `${o.kind}/${o.name}`, o);
      if (o.namespace !== undefined) this.namespacesInInput.add(o.namespace);
    }
    for (const n of namespaces) {
      this.namespaceObjects.set(n.object.name, n);
      this.namespacesInInput.add(n.object.name);
    }
    for (const s of allServices) {
      push(this.servicesByName, s.object.name, s);
      if (!s.selector) continue;
      const key = Object.entries(s.selector.matchLabels).find(([k]) => !CONTROL_PLANE_LABELS.has(k));
      if (key) push(this.servicesBySelectorLabel, `${key[0]}=${key[1]}`, s);
      else this.servicesWithoutKey.push(s);
    }
    for (const w of allWorkloads) {
      if (!this.workloadsById.has(workloadId(w))) this.workloadsById.set(workloadId(w), w);
      push(this.workloadsByNamespace, w.object.namespace, w);
      for (const [k, v] of Object.entries(w.template.labels)) push(this.workloadsByLabel, `${k}=${v}`, w);
    }
  }

  /** Same namespace, or at least one side unspecified (could be applied into the other's). */
  compatible(a: string | undefined, b: string | undefined): boolean {
    return a === b || a === undefined || b === undefined;
  }

  /** Some object of the input lives in (or declares) this namespace. */
  hasNamespace(name: string): boolean {
    return this.namespacesInInput.has(name);
  }

  namespaceObject(name: string): NamespaceObject | undefined {
    return this.namespaceObjects.get(name);
  }

  /** Documents of this namespace (or of unspecified ones) were skipped: "nothing matches" may be wrong there. */
  isIncomplete(namespace: string | undefined): boolean {
    return this.incomplete.has(namespace) || this.incomplete.has(undefined) || (namespace === undefined && this.incomplete.size > 0);
  }

  find(kind: string, name: string, namespace: string | undefined): KubeObject[] {
    return (this.objectsByKindName.get(`${kind}/${name}`) ?? []).filter((o) => this.compatible(o.namespace, namespace));
  }

  /** Services named `name` in a namespace compatible with `namespace`; exact-namespace matches first. */
  services(name: string, namespace: string | undefined): Service[] {
    const found = (this.servicesByName.get(name) ?? []).filter((s) => this.compatible(s.object.namespace, namespace));
    return found.sort((a, b) => Number(b.object.namespace === namespace) - Number(a.object.namespace === namespace));
  }

  get workloads(): readonly Workload[] {
    return this.allWorkloads;
  }

  workloadsIn(namespace: string | undefined): Workload[] {
    if (namespace === undefined) return [...this.allWorkloads];
    return [...(this.workloadsByNamespace.get(namespace) ?? []), ...(this.workloadsByNamespace.get(undefined) ?? [])];
  }

  /** Workloads whose pods (template + runtime labels) the selector matches, in compatible namespaces. */
  workloadsSelectedBy(selector: LabelSelector, namespace: string | undefined): Workload[] {
    const key = Object.entries(selector.matchLabels).find(([k]) => !CONTROL_PLANE_LABELS.has(k));
    const candidates = key ? (this.workloadsByLabel.get(`${key[0]}=${key[1]}`) ?? []) : this.workloadsIn(namespace);
    return candidates.filter((w) => this.compatible(w.object.namespace, namespace) && selectsPodsOf(selector, w));
  }

  /** Services (with a selector) whose selector matches this workload's pods. */
  servicesSelecting(workload: Workload): Service[] {
    let cached = this.selectingCache.get(workload);
    if (!cached) {
      const candidates = new Set(this.servicesWithoutKey);
      for (const [k, v] of Object.entries(workload.template.labels))
        for (const service of this.servicesBySelectorLabel.get(`${k}=${v}`) ?? []) candidates.add(service);
      cached = [...candidates].filter((s) => this.compatible(s.object.namespace, workload.object.namespace) && selectsPodsOf(s.selector!, workload));
      this.selectingCache.set(workload, cached);
    }
    return cached;
  }

  /** The workload a runtime id (`k8s:<ns>/<Kind>/<name>`) stands for. */
  workloadById(id: string): Workload | undefined {
    return this.workloadsById.get(id);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `-` stands for an unspecified namespace in ids. */
export function objectId(object: KubeObject): string {
  return `k8s:${object.namespace ?? '-'}/${object.kind}/${object.name}`;
}

export function workloadId(workload: Workload): string {
  return objectId(workload.object);
}

/** "Deployment `web` (namespace `shop`)" for messages. */
export function describe(object: KubeObject): string {
  return `${object.kind} \`${object.name}\`${object.namespace !== undefined ? ` (namespace \`${object.namespace}\`)` : ''}`;
}

/** `shop/web`, or `web` when the namespace is unspecified. */
export function qualifiedName(object: KubeObject): string {
  return object.namespace !== undefined ? `${object.namespace}/${object.name}` : object.name;
}
