import type { KubernetesFacts, LivePod, Workload } from '../../inputs/kubernetes/model.js';

/** Each live Pod's owner by its workload, built once per facts: a dump has a Pod per replica, asked for each. */
const podOwners = new WeakMap<KubernetesFacts, Map<Workload, LivePod['owner']>>();

function podOwnerOf(k: KubernetesFacts, workload: Workload): LivePod['owner'] {
  let owners = podOwners.get(k);
  if (!owners) {
    owners = new Map();
    // The first Pod of a workload counts, as a search from the start would find it.
    for (const pod of k.pods) if (!owners.has(pod.workload)) owners.set(pod.workload, pod.owner);
    podOwners.set(k, owners);
  }
  return owners.get(workload);
}

/**
 * Which pod template a workload's problem is written in, so that it is reported once: a live Pod of a `kubectl get -o
 * yaml` dump stands for the controller in its `ownerReferences` — a ReplicaSet `web-6d8f7c9b5d` for Deployment `web`,
 * a Job `backup-28734530` for CronJob `backup` — and so does every other replica of it. Controllers come first in
 * `ordered`, so the finding lands on the manifest when the input has it.
 */
export function templateOwnerKey(k: KubernetesFacts, workload: Workload): string {
  const namespace = workload.object.namespace ?? '-';
  const owner = podOwnerOf(k, workload);
  if (!owner) return `${namespace}/${workload.object.kind}/${workload.object.name}`;
  if (owner.kind === 'ReplicaSet') {
    const deployment = /^(.+)-[a-z0-9]{5,10}$/.exec(owner.name)?.[1];
    if (deployment) return `${namespace}/Deployment/${deployment}`;
  }
  if (owner.kind === 'Job') {
    const cronJob = /^(.+)-\d{8,}$/.exec(owner.name)?.[1];
    if (cronJob) return `${namespace}/CronJob/${cronJob}`;
  }
  return `${namespace}/${owner.kind}/${owner.name}`;
}

/** Workloads with the live Pods last: a controller's manifest is reported before the pods it runs. */
export function controllersFirst(workloads: readonly Workload[]): Workload[] {
  return [...workloads].sort((a, b) => Number(a.object.kind === 'Pod') - Number(b.object.kind === 'Pod'));
}
