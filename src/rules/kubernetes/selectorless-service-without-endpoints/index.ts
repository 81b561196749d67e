import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { reachedServices } from '../../../inputs/kubernetes/topology.js';
import { withEdits } from '../../example-edits.js';
import { ingress } from '../examples.js';

const problem = {
  description: 'An Ingress routes to `legacy-billing`, a Service meant to point at a VM, but the EndpointSlice was never added.',
  files: {
    'k8s/billing.yaml': `apiVersion: v1
kind: Service
metadata:
  name: legacy-billing
  namespace: finance
spec:
  ports:
    - name: http
      port: 80
      targetPort: 8080
---
${ingress({ name: 'billing', namespace: 'finance', host: 'billing.example.com', service: 'legacy-billing', port: 'number: 80' })}`,
  },
};

export default defineRule({
  id: 'kubernetes/selectorless-service-without-endpoints',
  domain: 'kubernetes',
  cause: 'no-endpoints',
  severity: 'warning',
  title: 'Routed Service without selector has no Endpoints or EndpointSlice',
  catalog: ['A4'],
  docs: {
    why: 'A Service without a selector gets its endpoints from Endpoints/EndpointSlice objects someone else writes (an external database, a VM, a controller). When a proxy routes to such a Service and none exists — or the slice names its port differently from the Service port — the Service has no endpoints: ingress-nginx answers 503, Envoy "no healthy upstream", plain clients "connection refused". A selector-less Service *with* matching Endpoints is fine and not reported.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/billing.yaml',
        replace: '---',
        with: `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: legacy-billing-vm
  namespace: finance
  labels:
    kubernetes.io/service-name: legacy-billing
addressType: IPv4
ports:
  - name: http
    port: 8080
endpoints:
  - addresses: ["10.20.4.17"]
---`,
      },
    ]),
    remediation:
      'Add an EndpointSlice labelled `kubernetes.io/service-name: <service>` (or an Endpoints object with the Service name) whose port names equal the Service port names — or give the Service a selector if the backend runs as pods.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors',
      'https://github.com/stackrox/kube-linter/issues/746',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    const reached = reachedServices(k);
    for (const service of k.services) {
      if (service.selector || service.type === 'ExternalName' || !reached.has(service)) continue;
      if (service.object.name === 'kubernetes' && (service.object.namespace ?? 'default') === 'default') continue;
      const endpoints = k.endpoints.filter((e) => e.serviceName === service.object.name && k.index.compatible(e.namespace, service.object.namespace));
      if (endpoints.length === 0) {
        ctx.report({
          message: `${describe(service.object)} has no selector and the input has no Endpoints or EndpointSlice for it: unless something else creates them, routes to it find no endpoints`,
          at: service.object.at,
        });
        continue;
      }
      for (const port of service.ports) {
        const name = port.name?.value;
        if (endpoints.some((e) => e.ports.length === 0 || e.ports.some((p) => p.name === name || (p.name === undefined && name === undefined)))) continue;
        const names = [...new Set(endpoints.flatMap((e) => e.ports.map((p) => (p.name ? `\`${p.name}\`` : '(unnamed)'))))].join(', ');
        ctx.report({
          message: `port ${port.port ?? ''}${name ? ` (\`${name}\`)` : ''} of ${describe(service.object)} has no endpoint port of the same name (the endpoints name theirs ${names}): this port has no endpoints`,
          at: port.name?.at ?? port.at,
          related: endpoints.map((e) => ({ at: e.object.at, message: `${e.object.kind} for ${describe(service.object)}` })),
        });
      }
    }
  },
});
