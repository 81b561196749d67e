import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { closestName } from '../../../inputs/kubernetes/queries.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { service } from '../examples.js';

const problem = {
  description: 'The route points at `checkout-svc`; the Service is `checkout`.',
  files: {
    'gateway/routes.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: checkout
  namespace: shop
spec:
  parentRefs:
    - name: public
      namespace: gateway
  hostnames: ["shop.example.com"]
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /checkout
      backendRefs:
        - name: checkout-svc
          port: 8080
---
${service({
  name: 'checkout',
  namespace: 'shop',
  ports: `- name: http
  port: 8080
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/route-backend-service-missing',
  domain: 'kubernetes',
  cause: 'config-error',
  severity: 'error',
  title: 'HTTPRoute/GRPCRoute backendRef names a Service that does not exist',
  catalog: ['C4'],
  docs: {
    why: "A Gateway API route sends each request to its `backendRefs`. A backendRef to a missing Service makes the route's `ResolvedRefs` condition false with `BackendNotFound`, and requests that pick it get a 500 from the gateway (or 503, depending on the implementation). The namespace defaults to the route's own.",
    problem,
    fixed: withEdits(problem, [{ file: 'gateway/routes.yaml', replace: '- name: checkout-svc', with: '- name: checkout' }]),
    remediation: "Name an existing Service (in the route's namespace, or set `namespace:` and allow it with a ReferenceGrant).",
    references: ['https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref', 'https://gateway-api.sigs.k8s.io/api-types/httproute/#backendrefs'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const route of k.gatewayApi.routes) {
      for (const backend of route.backends) {
        if (backend.kind !== 'Service' || (backend.group !== '' && backend.group !== 'core')) continue;
        const ns = backend.namespace?.value ?? route.object.namespace;
        if (ns !== undefined && !k.index.hasNamespace(ns)) continue;
        if (k.index.services(backend.name.value, ns).length > 0) continue;
        const candidates = k.services.filter((s) => k.index.compatible(s.object.namespace, ns)).map((s) => s.object.name);
        if (candidates.length === 0 || k.index.isIncomplete(ns)) continue;
        const suggestion = closestName(backend.name.value, candidates);
        const fix = suggestion ? replaceFix(backend.name.at, suggestion, `send to Service \`${suggestion}\``) : undefined;
        ctx.report({
          message: `${describe(route.object)} sends ${backend.route} to Service \`${backend.name.value}\`${ns ? ` in namespace \`${ns}\`` : ''}, which does not exist${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}: BackendNotFound, requests get a 500`,
          at: backend.name.at,
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
