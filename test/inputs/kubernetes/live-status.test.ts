import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { findingPath } from '../../../src/evidence/diagnose/from-lint.js';
import noReadyEndpoints from '../../../src/rules/kubernetes/service-has-no-ready-endpoints/index.js';
import { deployment } from '../../../src/rules/kubernetes/examples.js';
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

  test('a path to a Service whose live EndpointSlice lists no ready address is broken (no-endpoints), where the rule reports', async () => {
    const files = noReadyEndpoints.docs.problem.files as Record<string, string>;
    const { facts, findings } = await lintProject(files);
    const path = facts.topology.paths.find((p) => p.target.host === 'api');
    expect(path?.status).toBe('broken');
    expect(path?.problem?.cause).toBe('no-endpoints');
    expect(path?.steps.at(-1)?.text).toMatch(/EndpointSlice `api-x7k2d` of Service `api`.* lists no ready address/);
    const finding = findings.find((f) => f.rule === 'kubernetes/service-has-no-ready-endpoints');
    expect(finding && findingPath(finding, facts.topology.paths)).toBe(path);
  });

  test('near miss: the same dump with one ready address does not break the path (without the pods it stays unknown)', async () => {
    const files = noReadyEndpoints.docs.problem.files as Record<string, string>;
    const dump = files['dump/shop.yaml']!.replace('ready: false', 'ready: true');
    const { facts, findings } = await lintProject({ 'dump/shop.yaml': dump });
    expect(facts.topology.paths.find((p) => p.target.host === 'api')?.status).toBe('unknown');
    expect(findings.filter((f) => f.rule === 'kubernetes/service-has-no-ready-endpoints')).toEqual([]);
  });

  test('with the pods in the input too: configured right, but nothing ready — broken (no-endpoints) at the end of the path', async () => {
    const files = noReadyEndpoints.docs.problem.files as Record<string, string>;
    const api = deployment({ name: 'api', namespace: 'shop', image: 'shop/api:1.4', container: 'ports: [{name: http, containerPort: 8080}]\n' });
    const { facts } = await lintProject({ ...files, 'k8s/api.yaml': api });
    const path = facts.topology.paths.find((p) => p.target.host === 'api');
    expect(path?.status).toBe('broken');
    expect(path?.problem?.cause).toBe('no-endpoints');
    expect(path?.steps.map((s) => s.kind)).toContain('workload');
    // Near miss: one ready address, and the path is followed to the container port.
    const ready = await lintProject({ 'dump/shop.yaml': files['dump/shop.yaml']!.replace('ready: false', 'ready: true'), 'k8s/api.yaml': api });
    expect(ready.facts.topology.paths.find((p) => p.target.host === 'api')?.status).toBe('resolved');
  });
});
