import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ListenSpec, PathStep, ResolvedPath } from '../../evidence/topology/model.js';
import type { Workload } from './model.js';

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
