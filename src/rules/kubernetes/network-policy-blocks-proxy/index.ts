import { defineRule } from '../../../core/define-rule.js';
import { once, pathsBrokenAt } from '../../../inputs/kubernetes/queries.js';
import { withEdits } from '../../example-edits.js';
import { shopWebBehindIngress } from '../examples.js';

const problem = {
  description: 'Default deny in `shop`; the allow rule admits the ingress controller only on port 80, but the pods listen on 8080.',
  files: {
    'k8s/shop.yaml': `${shopWebBehindIngress('name: http')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ingress-nginx
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
      ports:
        - port: 80
`,
  },
};

export default defineRule({
  id: 'kubernetes/network-policy-blocks-proxy',
  domain: 'kubernetes',
  cause: 'network-blocked',
  severity: 'error',
  title: 'NetworkPolicies drop the traffic from the proxy to its backend pods',
  catalog: ['X8', 'D5'],
  docs: {
    why: 'Once any NetworkPolicy selects a pod for ingress (a default-deny policy, say), only what some rule admits gets in — from the right namespace and pods, on the right pod port. If no rule admits the ingress controller, gateway or proxy pods on the backend\'s targetPort, the SYNs are dropped: "upstream timed out (110: Connection timed out) while connecting to upstream", Envoy "upstream connect error … connection timeout", 504. The same holds for the proxy\'s own egress policies. updoc follows each proxy route to the pod port and evaluates the policies of both ends, honouring named ports and `kubernetes.io/metadata.name`.',
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/shop.yaml', replace: '- port: 80', with: '- port: http' }]),
    remediation:
      'Add (or correct) an ingress rule on the backend pods that admits the proxy — `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: <controller namespace>}}`, plus a podSelector for its pods — on the container port (number or name), and an egress rule on the proxy pods if they are egress-isolated.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      'https://kubernetes.github.io/ingress-nginx/user-guide/network-policies/',
    ],
  },
  check(ctx) {
    const first = once();
    for (const { path, step } of pathsBrokenAt(ctx.facts, 'policy', 'network-blocked')) {
      if (!step.at || !first(`${step.at.file}:${step.at.line}:${step.at.column}|${step.text}`)) continue;
      ctx.report({
        message: `${path.proxy.label} → ${path.target.text}: ${step.text.replace(/^✗ /, '')}`,
        at: step.at,
        path: path.steps,
        related: [{ at: path.target.at, message: 'the route' }],
      });
    }
  },
});
