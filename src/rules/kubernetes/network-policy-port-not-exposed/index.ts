import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { containerPortFor, describeContainerPorts } from '../../../inputs/kubernetes/service-ports.js';
import { withEdits } from '../../example-edits.js';
import { deployment } from '../examples.js';

const problem = {
  description: 'The policy allows port 80 (the Service port); the pods listen on 8080.',
  files: {
    'k8s/web.yaml': `${deployment({
      name: 'web',
      namespace: 'shop',
      image: 'ghcr.io/example/web:1.8.0',
      container: `ports:
  - name: http
    containerPort: 8080
`,
    })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-allow-http
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - ports:
        - protocol: TCP
          port: 80
`,
  },
};

export default defineRule({
  id: 'kubernetes/network-policy-port-not-exposed',
  domain: 'kubernetes',
  cause: 'network-blocked',
  severity: 'warning',
  title: 'NetworkPolicy ingress port is not a port of the selected pods',
  catalog: ['D3'],
  docs: {
    why: "NetworkPolicy ports are pod ports (after the Service translated `port` to `targetPort`). A rule that allows the Service port (80) while the pods listen on 8080, or a port name the containers do not declare, allows nothing: the traffic it was meant for is dropped by the namespace's default-deny and the proxy times out.",
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/web.yaml', replace: 'port: 80', with: 'port: http' }]),
    remediation: 'Allow the container port (its number or, better, its name) rather than the Service port.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors',
      'https://github.com/kubevious/rules-library',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const policy of k.networkPolicies) {
      const workloads = k.index.workloadsSelectedBy(policy.podSelector, policy.object.namespace);
      if (workloads.length === 0) continue;
      for (const rule of policy.ingress) {
        for (const port of rule.ports) {
          const value = port.port?.value;
          if (value === undefined || port.endPort !== undefined) continue;
          const ref = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
          const results = workloads.map((w) => containerPortFor(w, ref, port.protocol));
          if (results.some((r) => r !== undefined)) continue;
          ctx.report({
            message: `${describe(policy.object)} allows ${typeof ref === 'number' ? `port ${ref}` : `port name \`${ref}\``}${port.protocol !== 'TCP' ? `/${port.protocol}` : ''}, which no pod it selects declares (${describe(workloads[0]!.object)} has ${describeContainerPorts(workloads[0]!)}): the rule opens nothing`,
            at: port.port!.at,
          });
        }
      }
    }
  },
});
