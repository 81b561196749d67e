import type { EndpointAddress, KubeEvent, KubeObject, LiveContainer, LivePod, Workload, YamlPath } from './model.js';
import { integer, isRecord, list, record, text } from './values.js';

/**
 * Live status from `kubectl get -o yaml` dumps: endpoint addresses with their readiness, Pod conditions and
 * container statuses, Events. Manifests carry none of it, and rules treat its absence as "unknown".
 */

/** Addresses of a v1 Endpoints (`subsets[].addresses` / `notReadyAddresses`) or an EndpointSlice (`endpoints[]`). */
export function readEndpointAddresses(object: KubeObject): EndpointAddress[] {
  const out: EndpointAddress[] = [];
  const podOf = (ref: unknown) => {
    const r = record(ref);
    return r.kind === 'Pod' ? text(r.name) : undefined;
  };
  const add = (ip: string | undefined, ready: boolean, podName: string | undefined, path: YamlPath) => {
    const address: EndpointAddress = { ip: ip ?? '?', ready, at: object.pos(path) };
    if (podName) address.podName = podName;
    out.push(address);
  };
  if (object.kind === 'Endpoints') {
    list(object.value.subsets).forEach((subset, s) => {
      for (const [key, ready] of [
        ['addresses', true],
        ['notReadyAddresses', false],
      ] as const)
        list(record(subset)[key]).forEach((a, i) => {
          add(text(record(a).ip), ready, podOf(record(a).targetRef), ['subsets', s, key, i]);
        });
    });
    return out;
  }
  list(object.value.endpoints).forEach((e, i) => {
    const endpoint = record(e);
    const conditions = record(endpoint.conditions);
    // Kubernetes: a nil `ready` condition means ready.
    const ready = conditions.ready !== false;
    add(text(list(endpoint.addresses)[0]), ready, podOf(endpoint.targetRef), ready ? ['endpoints', i] : ['endpoints', i, 'conditions', 'ready']);
  });
  return out;
}

/** The live status of a Pod, or undefined for a Pod manifest without `status`. */
export function readLivePod(workload: Workload): LivePod | undefined {
  const object = workload.object;
  if (object.kind !== 'Pod' || !isRecord(object.value.status)) return undefined;
  const status = object.value.status;
  const metadata = record(object.value.metadata);
  const pod: LivePod = { workload, containers: [], terminating: metadata.deletionTimestamp != null };
  const phase = text(status.phase);
  if (phase) pod.phase = phase;
  list(status.conditions).forEach((c, i) => {
    const condition = record(c);
    if (condition.type !== 'Ready') return;
    const ready: LivePod['ready'] = { status: text(condition.status) ?? 'Unknown', at: object.pos(['status', 'conditions', i, 'status']) };
    const reason = text(condition.reason);
    if (reason) ready.reason = reason;
    const message = text(condition.message);
    if (message) ready.message = message;
    pod.ready = ready;
  });
  list(status.containerStatuses).forEach((c, i) => {
    const s = record(c);
    const name = text(s.name);
    if (!name) return;
    const container: LiveContainer = {
      name,
      ready: s.ready === true,
      restartCount: integer(s.restartCount) ?? 0,
      at: object.pos(['status', 'containerStatuses', i, s.ready !== undefined ? 'ready' : 'name']),
    };
    const waiting = text(record(record(s.state).waiting).reason);
    if (waiting) container.waiting = waiting;
    const terminated = record(record(s.lastState).terminated);
    const ended = Object.keys(terminated).length > 0 ? terminated : record(record(s.state).terminated);
    if (Object.keys(ended).length > 0) {
      const last: NonNullable<LiveContainer['lastTerminated']> = {};
      const reason = text(ended.reason);
      if (reason) last.reason = reason;
      const exitCode = integer(ended.exitCode);
      if (exitCode !== undefined) last.exitCode = exitCode;
      container.lastTerminated = last;
    }
    pod.containers.push(container);
  });
  const owner =
    list(metadata.ownerReferences)
      .map(record)
      .find((r) => r.controller === true) ?? record(list(metadata.ownerReferences)[0]);
  const ownerKind = text(owner.kind);
  const ownerName = text(owner.name);
  if (ownerKind && ownerName) pod.owner = { kind: ownerKind, name: ownerName };
  return pod;
}

/** core/v1 Event (`involvedObject`, `message`, `count`) or events.k8s.io/v1 Event (`regarding`, `note`, `series.count`). */
export function readEvent(object: KubeObject): KubeEvent | undefined {
  const v = object.value;
  const about = record(v.involvedObject ?? v.regarding);
  const involvedName = text(about.name);
  if (!involvedName) return undefined;
  const event: KubeEvent = {
    object,
    involvedName,
    reason: text(v.reason) ?? '',
    message: text(v.message ?? v.note) ?? '',
    count: integer(v.count) ?? integer(record(v.series).count) ?? integer(v.deprecatedCount) ?? 1,
    at: object.pos(v.message !== undefined ? ['message'] : v.note !== undefined ? ['note'] : []),
  };
  const kind = text(about.kind);
  if (kind) event.involvedKind = kind;
  const namespace = text(about.namespace) ?? object.namespace;
  if (namespace) event.involvedNamespace = namespace;
  const type = text(v.type);
  if (type) event.type = type;
  return event;
}
