import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { lintProject } from '../../helpers/lint-project.js';

const example = (path: string) => readFileSync(new URL(`../../../examples/${path}`, import.meta.url), 'utf8');

describe('live status of kubectl dumps', () => {
  test('endpoint addresses keep their readiness and pod, Pods their Ready condition and container statuses', async () => {
    const { facts } = await lintProject({
      'cluster-dump.yaml': example('broken-kubernetes-backend-pods-not-ready/cluster-dump.yaml'),
      'events.yaml': example('broken-kubernetes-backend-pods-not-ready/events.yaml'),
    });
    const k = facts.kubernetes;
    const slice = k.endpoints.find((e) => e.object.kind === 'EndpointSlice' && e.serviceName === 'api')!;
    expect(slice.addresses.map((a) => [a.ip, a.ready, a.podName])).toEqual([
      ['10.244.1.40', true, 'api-7b9c5d8f4-2wlkc'],
      ['10.244.3.9', false, 'api-7b9c5d8f4-m8zrt'],
    ]);
    expect(k.endpoints.find((e) => e.object.kind === 'Endpoints' && e.serviceName === 'web')!.addresses.map((a) => a.ready)).toEqual([true]);
    const crashing = k.pods.find((p) => p.workload.object.name === 'api-7b9c5d8f4-m8zrt')!;
    expect(crashing.ready?.status).toBe('False');
    expect(crashing.owner).toEqual({ kind: 'ReplicaSet', name: 'api-7b9c5d8f4' });
    expect(crashing.containers).toEqual([
      expect.objectContaining({ name: 'api', ready: false, restartCount: 23, waiting: 'CrashLoopBackOff', lastTerminated: { reason: 'Error', exitCode: 137 } }),
    ]);
    expect(k.events.map((e) => [e.involvedName, e.reason, e.count])).toEqual([
      ['api-7b9c5d8f4-m8zrt', 'Unhealthy', 61],
      ['api-7b9c5d8f4-m8zrt', 'BackOff', 118],
    ]);
  });

  test('Endpoints notReadyAddresses are not ready; manifests have no live pods', async () => {
    const { facts } = await lintProject({
      'ep.yaml': `apiVersion: v1
kind: Endpoints
metadata: {name: api, namespace: shop}
subsets:
  - addresses: [{ip: 10.0.0.1}]
    notReadyAddresses: [{ip: 10.0.0.2, targetRef: {kind: Pod, name: api-2}}]
---
apiVersion: v1
kind: Pod
metadata: {name: api-1, namespace: shop}
spec:
  containers: [{name: api, image: api:1}]
`,
    });
    expect(facts.kubernetes.endpoints[0]!.addresses.map((a) => [a.ip, a.ready, a.podName ?? null])).toEqual([
      ['10.0.0.1', true, null],
      ['10.0.0.2', false, 'api-2'],
    ]);
    expect(facts.kubernetes.pods).toEqual([]);
  });
});
