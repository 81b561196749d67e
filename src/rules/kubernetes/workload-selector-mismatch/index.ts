import { defineRule, type Fix } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { expressionMatches, formatLabels, selectorMatches } from '../../../inputs/kubernetes/labels.js';
import type { Workload } from '../../../inputs/kubernetes/model.js';
import { addSiblingFix, replaceFix, yamlString } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';

/** Kinds whose API validation requires the selector to match the template. */
const CHECKED = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Rollout', 'DeploymentConfig']);

const problem = {
  description: 'The template was relabelled `app: checkout-v2`, the selector still says `app: checkout`.',
  files: {
    'k8s/checkout.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout-v2
    spec:
      containers:
        - name: checkout
          image: ghcr.io/example/checkout:2.0.0
          ports:
            - name: http
              containerPort: 8080
`,
  },
};

export default defineRule({
  id: 'kubernetes/workload-selector-mismatch',
  domain: 'kubernetes',
  cause: 'config-error',
  severity: 'error',
  title: 'Workload selector does not match its own pod template labels',
  catalog: ['A6'],
  docs: {
    why: 'A Deployment, StatefulSet, DaemonSet or ReplicaSet manages the pods its `spec.selector` matches, and those pods come from its template. When the template labels do not satisfy the selector the API server rejects the object ("selector does not match template labels"), so the new version is never rolled out and the old pods — or none — keep serving. The selector is immutable afterwards, so fix the template labels.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/checkout.yaml',
        replace: '        app: checkout-v2',
        with: `        app: checkout
        version: v2`,
      },
    ]),
    remediation:
      'Give the pod template every label the selector requires (`spec.template.metadata.labels` ⊇ `spec.selector.matchLabels`); add new labels beside them rather than changing the selected ones.',
    references: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector',
      'https://github.com/stackrox/kube-linter/blob/main/docs/generated/checks.md#mismatching-selector',
    ],
  },
  check(ctx) {
    for (const workload of ctx.facts.kubernetes.workloads) {
      const selector = workload.selector;
      if (!selector || !CHECKED.has(workload.object.kind) || workload.template.containers.length === 0) continue;
      if (selectorMatches(selector, workload.template.labels)) continue;
      const missing = Object.entries(selector.matchLabels).filter(([k, v]) => workload.template.labels[k] !== v);
      const failed = selector.matchExpressions.filter((e) => !expressionMatches(e, workload.template.labels));
      const parts = [
        ...missing.map(([k, v]) =>
          workload.template.labels[k] === undefined ? `\`${k}: ${v}\` is missing` : `\`${k}\` is \`${workload.template.labels[k]}\`, not \`${v}\``,
        ),
        ...failed.map((e) => `expression \`${e.key} ${e.operator} ${e.values.join(',')}\` fails`),
      ];
      const fix = missing.length === 1 && failed.length === 0 ? fixTemplate(workload, missing[0]![0], missing[0]![1]) : undefined;
      ctx.report({
        message: `${describe(workload.object)}: its selector does not match its pod template (${parts.join('; ')}; template labels: ${formatLabels(workload.template.labels)}): the API server rejects it`,
        at: workload.template.labelAt[missing[0]?.[0] ?? ''] ?? workload.template.labelsAt,
        ...(fix ? { fix } : {}),
        related: [{ at: selector.labelAt[missing[0]?.[0] ?? ''] ?? selector.at, message: 'the selector' }],
      });
    }
  },
});

/** The selector is immutable: change (or add) the template label instead. */
function fixTemplate(workload: Workload, key: string, value: string): Fix | undefined {
  const description = `label the pod template \`${key}: ${value}\` as the selector requires`;
  const at = workload.template.labelAt[key];
  if (at) return replaceFix(at, yamlString(value), description);
  const sibling = Object.keys(workload.template.labelAt).at(-1);
  if (!sibling) return undefined;
  const path = [...workload.templatePath, 'metadata', 'labels', sibling];
  return addSiblingFix(workload.object, path, `${key}: ${yamlString(value)}`, description);
}
