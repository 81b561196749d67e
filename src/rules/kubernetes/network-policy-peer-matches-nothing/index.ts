import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { formatLabels, formatSelector, isEmptySelector } from '../../../inputs/kubernetes/labels.js';
import type { KubernetesFacts, LabelSelector, NetworkPolicy, PolicyPeer } from '../../../inputs/kubernetes/model.js';
import { namespaceSelected } from '../../../inputs/kubernetes/network-policy.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  description: 'The namespace is selected by `name: ingress-nginx`, a label the Namespace does not have.',
  files: {
    'k8s/policy.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
  labels:
    app.kubernetes.io/name: ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ingress
  namespace: shop
spec:
  podSelector: {}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              name: ingress-nginx
`,
  },
};

export default defineRule({
  id: 'kubernetes/network-policy-peer-matches-nothing',
  domain: 'kubernetes',
  cause: 'network-blocked',
  severity: 'warning',
  title: 'NetworkPolicy rule admits pods or namespaces that do not exist',
  catalog: ['D2'],
  docs: {
    why: 'A `from`/`to` peer admits the pods its selectors match. A `podSelector` no pod of the namespace carries, or a `namespaceSelector` on a label the namespace does not have (`name: ingress-nginx` — namespaces only get `kubernetes.io/metadata.name` automatically), admits nothing: the traffic the rule was written for stays blocked and the proxy sees timeouts.',
    problem,
    fixed: withEdits(problem, [
      { file: 'k8s/policy.yaml', replace: '              name: ingress-nginx', with: '              kubernetes.io/metadata.name: ingress-nginx' },
    ]),
    remediation:
      'Select namespaces by `kubernetes.io/metadata.name: <namespace>` (set on every namespace since Kubernetes 1.21) or by a label the Namespace really has; select pods by their template labels.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name',
      'https://github.com/derailed/popeye/blob/master/docs/codes.md',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const policy of k.networkPolicies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers) {
          if (peer.namespaceSelector) checkNamespaceSelector(ctx, k, policy, peer.namespaceSelector);
          else if (peer.podSelector) checkPodSelector(ctx, k, policy, peer);
        }
      }
    }
  },
});

type Context = Parameters<Parameters<typeof defineRule>[0]['check']>[0];

/** Only declared Namespaces have fully known labels: report when the selector names one and misses it. */
function checkNamespaceSelector(ctx: Context, k: KubernetesFacts, policy: NetworkPolicy, selector: LabelSelector): void {
  if (isEmptySelector(selector)) return;
  const named = k.namespaces.filter((n) => Object.values(selector.matchLabels).includes(n.object.name));
  for (const namespace of named) {
    if (namespaceSelected(k.index, selector, { namespace: { kind: 'known', name: namespace.object.name } }) !== 'no') continue;
    const key = Object.entries(selector.matchLabels).find(([, v]) => v === namespace.object.name)?.[0];
    const keyAt = key ? selector.keyAt[key] : undefined;
    const fix =
      key && keyAt && key !== 'kubernetes.io/metadata.name'
        ? replaceFix(keyAt, 'kubernetes.io/metadata.name', 'select the namespace by its name label')
        : undefined;
    ctx.report({
      message: `${describe(policy.object)} selects namespaces with ${formatSelector(selector)}, but Namespace \`${namespace.object.name}\` has ${formatLabels(namespace.labels)}: the rule admits nothing from it`,
      at: keyAt ?? selector.at,
      ...(fix ? { fix } : {}),
      related: [{ at: namespace.object.at, message: `Namespace \`${namespace.object.name}\`` }],
    });
  }
}

function checkPodSelector(ctx: Context, k: KubernetesFacts, policy: NetworkPolicy, peer: PolicyPeer): void {
  const selector = peer.podSelector!;
  const ns = policy.object.namespace;
  if (isEmptySelector(selector) || k.index.isIncomplete(ns) || k.index.workloadsIn(ns).length === 0) return;
  if (k.index.workloadsSelectedBy(selector, ns).length > 0) return;
  ctx.report({
    message: `${describe(policy.object)} admits pods with ${formatSelector(selector)} from its own namespace, and no pod template there has these labels: the rule admits nothing`,
    at: Object.values(selector.labelAt)[0] ?? selector.at,
  });
}
