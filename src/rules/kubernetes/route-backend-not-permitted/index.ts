import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import type { GatewayRoute, KubernetesFacts, RouteBackend } from '../../../inputs/kubernetes/model.js';
import { withEdits } from '../../example-edits.js';
import { service } from '../examples.js';

const problem = {
  description: 'The route in `web` sends to `api` in `backend`; no ReferenceGrant allows it.',
  files: {
    'gateway/route.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: web
spec:
  parentRefs:
    - name: public
      namespace: gateway
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /api
      backendRefs:
        - name: api
          namespace: backend
          port: 80
`,
    'backend/api.yaml': `${service({
      name: 'api',
      namespace: 'backend',
      ports: `- name: http
  port: 80
  targetPort: 8080
`,
    })}`,
  },
};

export default defineRule({
  id: 'kubernetes/route-backend-not-permitted',
  domain: 'kubernetes',
  cause: 'config-error',
  severity: 'error',
  title: 'Cross-namespace backendRef without a ReferenceGrant',
  catalog: ['C5', 'X15'],
  docs: {
    why: "A Gateway API route may only send traffic to a Service in another namespace when a ReferenceGrant in *that* namespace allows routes of its kind from the route's namespace. Without one the ref is refused (`ResolvedRefs: False`, `RefNotPermitted`) and the requests routed there get a 500 from the gateway.",
    problem,
    fixed: withEdits(problem, [
      {
        file: 'backend/api.yaml',
        replace: '      targetPort: 8080',
        with: `      targetPort: 8080
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: web-routes-to-api
  namespace: backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: web
  to:
    - group: ""
      kind: Service
      name: api`,
      },
    ]),
    remediation:
      'Add a ReferenceGrant in the Service\'s namespace with `from: {group: gateway.networking.k8s.io, kind: <route kind>, namespace: <route namespace>}` and `to: {group: "", kind: Service}`.',
    references: ['https://gateway-api.sigs.k8s.io/api-types/referencegrant/'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const route of k.gatewayApi.routes) {
      const from = route.object.namespace;
      for (const backend of route.backends) {
        const to = backend.namespace?.value;
        if (!backend.namespace || to === undefined || from === undefined || to === from) continue;
        if (backend.kind !== 'Service' || (backend.group !== '' && backend.group !== 'core')) continue;
        // Only when the target namespace is described (the grant would live there).
        if (k.index.services(backend.name.value, to).filter((s) => s.object.namespace === to).length === 0) continue;
        if (granted(k, route, backend, from, to)) continue;
        ctx.report({
          message: `${describe(route.object)} sends ${backend.route} to Service \`${backend.name.value}\` in namespace \`${to}\`, but no ReferenceGrant in \`${to}\` allows ${route.object.kind}s from \`${from}\`: RefNotPermitted, requests get a 500`,
          at: backend.namespace.at,
        });
      }
    }
  },
});

function granted(k: KubernetesFacts, route: GatewayRoute, backend: RouteBackend, from: string, to: string): boolean {
  return k.gatewayApi.referenceGrants.some(
    (grant) =>
      grant.object.namespace === to &&
      grant.from.some((f) => f.group === 'gateway.networking.k8s.io' && f.kind === route.object.kind && f.namespace === from) &&
      grant.to.some((t) => (t.group === '' || t.group === 'core') && t.kind === 'Service' && (t.name === undefined || t.name === backend.name.value)),
  );
}
