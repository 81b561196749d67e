import { describe, expect, test } from 'vitest';
import { controllersFirst, templateOwnerKey } from '../../../src/rules/kubernetes/template-owner.js';
import { parseFiles, yamlDocs } from './helpers.js';

/** A live Pod of a dump (it has `status`), owned by `owner` when given. */
const pod = (name: string, owner?: { kind: string; name: string }) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
${owner ? `  ownerReferences:\n    - {apiVersion: apps/v1, kind: ${owner.kind}, name: ${owner.name}, controller: true}\n` : ''}spec:
  containers:
    - name: app
      image: ghcr.io/example/app:1
status:
  phase: Running
`;

const deploymentManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: ghcr.io/example/web:1
`;

describe('templateOwnerKey', () => {
  test('every replica of a dump stands for its controller; manifests and bare pods for themselves', () => {
    const { facts } = parseFiles({
      'dump.yaml': yamlDocs(
        deploymentManifest,
        pod('web-6d8f7c9b5d-2wlkc', { kind: 'ReplicaSet', name: 'web-6d8f7c9b5d' }),
        pod('web-6d8f7c9b5d-m8zrt', { kind: 'ReplicaSet', name: 'web-6d8f7c9b5d' }),
        pod('backup-28734530-x7k2p', { kind: 'Job', name: 'backup-28734530' }),
        pod('db-0', { kind: 'StatefulSet', name: 'db' }),
        pod('debug'),
      ),
    });
    // Asked twice per workload, in the order the rules ask (controllers first): the answer is the same each time.
    for (let round = 0; round < 2; round++) {
      expect(controllersFirst(facts.workloads).map((w) => `${w.object.kind} ${w.object.name} → ${templateOwnerKey(facts, w)}`)).toEqual([
        'Deployment web → shop/Deployment/web',
        'Pod web-6d8f7c9b5d-2wlkc → shop/Deployment/web',
        'Pod web-6d8f7c9b5d-m8zrt → shop/Deployment/web',
        'Pod backup-28734530-x7k2p → shop/CronJob/backup',
        'Pod db-0 → shop/StatefulSet/db',
        'Pod debug → shop/Pod/debug',
      ]);
    }
  });

  test('the same as looking up each workload among all live pods, on a dump of many replicas', () => {
    const replicas = Array.from({ length: 300 }, (_, i) =>
      pod(`svc${i % 30}-7b9c5d8f4-${String(i).padStart(5, 'a')}`, { kind: 'ReplicaSet', name: `svc${i % 30}-7b9c5d8f4` }),
    );
    const { facts } = parseFiles({ 'dump.yaml': yamlDocs(...replicas, pod('debug')) });
    expect(facts.pods).toHaveLength(301);
    const bySearch = (name: string) => facts.pods.find((p) => p.workload.object.name === name)?.owner;
    for (const w of facts.workloads) {
      const owner = bySearch(w.object.name);
      const expected = owner ? `shop/Deployment/${owner.name.replace(/-7b9c5d8f4$/, '')}` : `shop/Pod/${w.object.name}`;
      expect(templateOwnerKey(facts, w)).toBe(expected);
    }
    expect(new Set(facts.workloads.map((w) => templateOwnerKey(facts, w))).size).toBe(31);
  });
});
