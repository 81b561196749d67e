import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { formatSelector, isEmptySelector } from '../../../inputs/kubernetes/labels.js';
import { withEdits } from '../../example-edits.js';
import { deployment } from '../examples.js';

const problem = {
  description: 'The allow policy selects `app: payment`; the pods are labelled `app: payments`.',
  files: {
    'k8s/payments.yaml': `${deployment({
      name: 'payments',
      namespace: 'pay',
      image: 'ghcr.io/example/payments:7.3.1',
      container: `ports:
  - name: http
    containerPort: 8080
`,
    })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: payments-from-ingress
  namespace: pay
spec:
  podSelector:
    matchLabels:
      app: payment
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
`,
  },
};

export default defineRule({
  id: 'kubernetes/network-policy-selects-no-pods',
  domain: 'kubernetes',
  cause: 'config-error',
  severity: 'warning',
  title: 'NetworkPolicy podSelector matches no pod template in its namespace',
  catalog: ['D1'],
  docs: {
    why: 'A NetworkPolicy applies to the pods its `podSelector` matches in its own namespace. When it matches none, the rules written for a workload protect (or open) nothing: the allow rule meant for the ingress controller never applies, so a default-deny policy still blocks the traffic (timeouts, "upstream connect error … connection timeout") — or the isolation you expect is not there.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/payments.yaml',
        replace: `      app: payment
  ingress:`,
        with: `      app: payments
  ingress:`,
      },
    ]),
    remediation: 'Select the pod template labels of the workload the policy is for (same namespace); `kubectl get pods -n <ns> -l <selector>` must list them.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource',
      'https://github.com/stackrox/kube-linter/blob/main/docs/generated/checks.md#dangling-networkpolicy',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const policy of k.networkPolicies) {
      if (isEmptySelector(policy.podSelector)) continue;
      const ns = policy.object.namespace;
      if (k.index.isIncomplete(ns) || k.index.workloadsIn(ns).length === 0) continue;
      if (k.index.workloadsSelectedBy(policy.podSelector, ns).length > 0) continue;
      ctx.report({
        message: `${describe(policy.object)} selects ${formatSelector(policy.podSelector)}, which matches no pod template in its namespace: its rules apply to nothing`,
        at: Object.values(policy.podSelector.labelAt)[0] ?? policy.podSelector.at,
      });
    }
  },
});
