import type { LabelSelector, Workload } from './model.js';

/**
 * Labels the control plane (or the mesh) adds to pods at run time, per workload kind. A selector may name
 * them and still match: they are not in the pod template, so matching the template alone would be wrong.
 */
const RUNTIME_LABELS: Record<string, readonly string[]> = {
  Deployment: ['pod-template-hash'],
  ReplicaSet: ['pod-template-hash'],
  Rollout: ['rollouts-pod-template-hash', 'pod-template-hash'],
  StatefulSet: ['controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index'],
  DaemonSet: ['controller-revision-hash', 'pod-template-generation'],
  Job: ['job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-completion-index'],
  CronJob: ['job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid'],
};

/** Added by Istio's injector to every injected pod. */
const MESH_LABELS = ['security.istio.io/tlsMode', 'service.istio.io/canonical-name', 'service.istio.io/canonical-revision'];

/** Every label key set by a controller rather than by the manifest. */
export const CONTROL_PLANE_LABELS: ReadonlySet<string> = new Set([...Object.values(RUNTIME_LABELS).flat(), ...MESH_LABELS]);

/** Control-plane labels whose value changes on every rollout: a Service selecting on them loses its pods. */
export const VOLATILE_LABELS: ReadonlySet<string> = new Set([
  'pod-template-hash',
  'rollouts-pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
]);

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** Plain label-selector semantics (an empty selector matches everything). */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions) if (!expressionMatches(e, labels)) return false;
  return true;
}

export function expressionMatches(e: LabelSelector['matchExpressions'][number], labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, e.key);
  switch (e.operator) {
    case 'In':
      return has && e.values.includes(labels[e.key]!);
    case 'NotIn':
      return !has || !e.values.includes(labels[e.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/**
 * Does the selector match the pods this workload creates? Pods carry the template labels plus the runtime
 * labels of their controller: those keys count as satisfied, except a StatefulSet pod name, which must be
 * `<name>-<ordinal>` within the replica count.
 */
export function selectsPodsOf(selector: LabelSelector, workload: Workload, mesh = true): boolean {
  const runtime = RUNTIME_LABELS[workload.object.kind] ?? [];
  const labels = workload.template.labels;
  for (const [k, v] of Object.entries(selector.matchLabels)) {
    if (labels[k] === v) continue;
    if (k === 'statefulset.kubernetes.io/pod-name' && workload.object.kind === 'StatefulSet') {
      if (!isOrdinalOf(v, workload.object.name, workload.replicas ?? 1)) return false;
      continue;
    }
    if (k === 'apps.kubernetes.io/pod-index' && workload.object.kind === 'StatefulSet') {
      if (!/^\d+$/.test(v) || Number(v) >= (workload.replicas ?? 1)) return false;
      continue;
    }
    if (labels[k] === undefined && (runtime.includes(k) || (mesh && MESH_LABELS.includes(k)))) continue;
    return false;
  }
  for (const e of selector.matchExpressions) {
    if (!Object.hasOwn(labels, e.key) && (runtime.includes(e.key) || (mesh && MESH_LABELS.includes(e.key)))) continue;
    if (!expressionMatches(e, labels)) return false;
  }
  return true;
}

function isOrdinalOf(podName: string, statefulSet: string, replicas: number): boolean {
  if (!podName.startsWith(`${statefulSet}-`)) return false;
  const ordinal = podName.slice(statefulSet.length + 1);
  return /^\d+$/.test(ordinal) && Number(ordinal) < Math.max(replicas, 1);
}

/** A map selector (Service, Istio) as a LabelSelector-free check. */
export function labelsMatch(wanted: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(wanted)) if (labels[k] !== v) return false;
  return true;
}

export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '(none)' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions) {
    parts.push(e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator.toLowerCase()} (${e.values.join(',')})`);
  }
  return parts.length === 0 ? '(everything)' : parts.join(', ');
}
