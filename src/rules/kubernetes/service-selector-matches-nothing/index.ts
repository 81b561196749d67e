import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { SourcePosition } from '../../../core/position.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { CONTROL_PLANE_LABELS, formatSelector } from '../../../inputs/kubernetes/labels.js';
import type { KubernetesFacts, Service, Workload } from '../../../inputs/kubernetes/model.js';
import { closestName } from '../../../inputs/kubernetes/queries.js';
import { replaceFix, yamlString } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { service } from '../examples.js';

const problem = {
  description: 'The Service selects `app: web`, but the pod template is labelled `app: web-frontend`.',
  files: {
    'k8s/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web-frontend
  template:
    metadata:
      labels:
        app: web-frontend
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:1.8.0
          ports:
            - name: http
              containerPort: 8080
---
${service({
  name: 'web',
  namespace: 'shop',
  ports: `- name: http
  port: 80
  targetPort: http
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/service-selector-matches-nothing',
  domain: 'kubernetes',
  cause: 'no-endpoints',
  severity: 'error',
  title: 'Service selector matches no pod template in its namespace',
  catalog: ['A1'],
  docs: {
    why: 'A Service sends traffic to the pods its selector matches, in its own namespace, by their labels at run time: the labels of the pod template (`spec.template.metadata.labels`), not the labels of the Deployment itself. When no pod template carries every selector label the Service has no endpoints: ingress-nginx answers 503 "Service ... does not have any active Endpoint", Envoy/Istio 503 "no healthy upstream", and clients of the ClusterIP get "connection refused". It is reported when the input holds a workload the Service may have been meant for (named like it, serving with no Service of its own, or labelled a typo away) or the pods it wants in another namespace; a Service whose workload is simply not in the input (linted alone, or the Service of another app the input calls) proves nothing.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/web.yaml',
        replace: `  selector:
    app: web`,
        with: `  selector:
    app: web-frontend`,
      },
    ]),
    remediation:
      'Make the Service selector a subset of the pod template labels (`spec.template.metadata.labels`) of the workload in the same namespace; `kubectl get endpointslices -l kubernetes.io/service-name=<service>` shows the result.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service',
      'https://github.com/stackrox/kube-linter/blob/main/docs/generated/checks.md#dangling-service',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const service of k.services) {
      if (!service.selector || service.type === 'ExternalName') continue;
      const ns = service.object.namespace;
      if (k.index.workloadsSelectedBy(service.selector, ns).length > 0) continue;
      if (k.index.isIncomplete(ns)) continue;
      const near = nearest(k, service);
      // Only when the input holds a workload this Service may have been meant for, or the pods it wants in another
      // namespace: a Service whose workload is simply not in the input (linted alone, a partial paste, another
      // team's app it calls) proves nothing.
      if (!near?.otherNamespace && !hasCandidate(k, service, near)) continue;
      const selectorText = formatSelector(service.selector);
      let message = `${describe(service.object)} selects ${selectorText}, which matches no pod template in its namespace: it has no endpoints`;
      const related: { at: SourcePosition; message: string }[] = [];
      let fix: Fix | undefined;
      if (near) {
        const labelText = near.differences
          .map(([key, wanted, actual]) => (actual === undefined ? `no \`${key}\` label` : `\`${key}: ${actual}\` (not \`${wanted}\`)`))
          .join(', ');
        message += near.otherNamespace
          ? `; ${describe(near.workload.object)} has these labels, but a Service only selects pods in its own namespace`
          : `; the closest, ${describe(near.workload.object)}, has ${labelText} on its pod template`;
        related.push({ at: near.workload.template.labelsAt, message: `pod template labels of ${describe(near.workload.object)}` });
        const only = near.differences[0];
        if (!near.otherNamespace && near.differences.length === 1 && only && only[2] !== undefined) {
          const at = service.selector.labelAt[only[0]];
          if (at) fix = replaceFix(at, yamlString(only[2]), `select \`${only[0]}: ${only[2]}\`, the label of ${describe(near.workload.object)}'s pods`);
        }
      }
      ctx.report({ message, at: service.selector.at, ...(fix ? { fix } : {}), related });
    }
  },
});

type Difference = [key: string, wanted: string, actual: string | undefined];

/** Kinds that run to completion: rarely behind a Service, so not the workload a Service lost. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

/**
 * Does the input hold a workload in the Service's namespace that it may have been meant for: one named like the
 * Service or like a value it selects, a serving workload no Service of the input selects (the one the selector
 * misses), or one whose labels differ from the selector by near-identical values (`web` / `web-frontend`, a typo)?
 */
function hasCandidate(k: KubernetesFacts, service: Service, near: { differences: Difference[]; otherNamespace: boolean } | undefined): boolean {
  const wanted = Object.entries(service.selector!.matchLabels)
    .filter(([key]) => !CONTROL_PLANE_LABELS.has(key))
    .map(([, value]) => value);
  for (const workload of k.index.workloadsIn(service.object.namespace)) {
    const name = workload.object.name;
    if (name === service.object.name || wanted.includes(name)) return true;
    const serves = !RUN_TO_COMPLETION.has(workload.object.kind) && workload.template.containers.some((c) => c.role !== 'init' && c.ports.length > 0);
    if (serves && k.index.servicesSelecting(workload).length === 0) return true;
  }
  return Boolean(near && !near.otherNamespace && near.differences.every(([, value, actual]) => actual !== undefined && resembles(value, actual)));
}

/** Label values one could have meant for the other: one contains the other, or a typo apart. */
function resembles(a: string, b: string): boolean {
  return a.includes(b) || b.includes(a) || closestName(a, [b]) !== undefined;
}

/** The workload whose template labels differ least from the selector (same namespace first). */
function nearest(k: KubernetesFacts, service: Service): { workload: Workload; differences: Difference[]; otherNamespace: boolean } | undefined {
  const selector = service.selector!;
  const wanted = Object.entries(selector.matchLabels).filter(([key]) => !CONTROL_PLANE_LABELS.has(key));
  if (wanted.length === 0) return undefined;
  let best: { workload: Workload; differences: Difference[]; otherNamespace: boolean } | undefined;
  for (const workload of k.workloads) {
    const otherNamespace = !k.index.compatible(workload.object.namespace, service.object.namespace);
    const differences: Difference[] = wanted
      .filter(([key, value]) => workload.template.labels[key] !== value)
      .map(([key, value]) => [key, value, workload.template.labels[key]]);
    if (otherNamespace && differences.length > 0) continue;
    // At least one selector key must be shared, or it is not "near".
    if (differences.length === wanted.length && !differences.some(([, , actual]) => actual !== undefined)) continue;
    const score = differences.length + (otherNamespace ? 0.5 : 0);
    const bestScore = best ? best.differences.length + (best.otherNamespace ? 0.5 : 0) : Number.POSITIVE_INFINITY;
    if (score < bestScore) best = { workload, differences, otherNamespace };
  }
  return best;
}
