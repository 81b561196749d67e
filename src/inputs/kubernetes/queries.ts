import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ListenSpec, PathStep, ResolvedPath } from '../../evidence/topology/model.js';
import type { KubernetesFacts, ManualEndpoints, Service, Workload } from './model.js';

/** Proxies the Kubernetes parser itself adds (their references are checked by dedicated rules). */
export const KUBERNETES_PROXY_PRODUCTS: ReadonlySet<string> = new Set(['kubernetes-ingress', 'gateway-api', 'istio']);

/** The step where a broken path breaks. */
export function brokenStep(path: ResolvedPath): PathStep | undefined {
  for (let i = path.steps.length - 1; i >= 0; i--) if (path.steps[i]!.status === 'broken') return path.steps[i];
  return undefined;
}

/** Paths that break at a step of this kind (and cause), each reported once per position and message. */
export function pathsBrokenAt(facts: LintFacts, kind: PathStep['kind'], cause?: string): { path: ResolvedPath; step: PathStep }[] {
  const out: { path: ResolvedPath; step: PathStep }[] = [];
  for (const path of facts.topology.paths) {
    if (path.status !== 'broken') continue;
    if (cause && path.problem?.cause !== cause) continue;
    const step = brokenStep(path);
    if (step?.kind === kind) out.push({ path, step });
  }
  return out;
}

export interface ProxiedBackend {
  workload: Workload;
  listen: ListenSpec;
  path: ResolvedPath;
}

/** Workloads a proxy path reaches (resolved), once per workload and port: the backends of Ingresses, routes, proxies. */
export function proxiedBackends(facts: LintFacts): ProxiedBackend[] {
  const k = facts.kubernetes;
  const seen = new Set<string>();
  const out: ProxiedBackend[] = [];
  for (const path of facts.topology.paths) {
    if (path.status !== 'resolved' || !path.backend || !path.listen || path.backend.runtime.platform !== 'kubernetes') continue;
    const workload = k.index.workloadById(path.backend.id);
    if (!workload) continue;
    const key = `${path.backend.id}:${path.listen.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ workload, listen: path.listen, path });
  }
  return out;
}

/** Reports each distinct position + message once (several routes often break at the same place). */
export function once(): (key: string) => boolean {
  const seen = new Set<string>();
  return (key) => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

/** The candidate closest to `name` by edit distance, when close enough to be a typo (and unambiguous). */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  // Short names (`v1`, `v2`, `db`) are one letter from everything: no guess.
  if (name.length < 4) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const candidate of new Set(candidates)) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The live Endpoints/EndpointSlices of a Service (from a `kubectl get -o yaml` dump) and whether any lists a ready
 * address; undefined when the input has none for it (manifests alone say nothing about readiness).
 */
export function liveEndpoints(k: KubernetesFacts, service: Service): { endpoints: ManualEndpoints[]; ready: boolean } | undefined {
  const endpoints = k.endpoints.filter((e) => e.serviceName === service.object.name && k.index.compatible(e.namespace, service.object.namespace));
  if (endpoints.length === 0) return undefined;
  return { endpoints, ready: endpoints.some((e) => e.addresses.some((a) => a.ready)) };
}
