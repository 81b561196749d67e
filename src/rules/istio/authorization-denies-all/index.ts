import { defineRule } from '../../../core/define-rule.js';
import { once, pathsBrokenAt } from '../../../inputs/kubernetes/queries.js';
import { meshStepOrigin } from '../../../inputs/kubernetes/topology.js';
import { BOOKSTORE_NAMESPACE, INGRESS_GATEWAY, manifests, REVIEWS } from '../example-manifests.js';

const routes = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: bookstore
  namespace: istio-ingress
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 80
        name: http
        protocol: HTTP
      hosts:
        - "bookstore.example.com"
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: bookstore
  namespace: bookstore
spec:
  hosts:
    - "bookstore.example.com"
  gateways:
    - istio-ingress/bookstore
  http:
    - route:
        - destination:
            host: reviews
            port:
              number: 9080
`;

const allowNothing = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
  namespace: bookstore
spec: {}
`;

const allowGateway = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-ingress-gateway
  namespace: bookstore
spec:
  selector:
    matchLabels:
      app: reviews
  action: ALLOW
  rules:
    - from:
        - source:
            principals: ["cluster.local/ns/istio-ingress/sa/istio-ingressgateway"]
`;

export default defineRule({
  id: 'istio/authorization-denies-all',
  domain: 'istio',
  cause: 'network-blocked',
  severity: 'error',
  title: 'An ALLOW AuthorizationPolicy without rules denies every request to a routed backend',
  docs: {
    why: 'An AuthorizationPolicy with `action: ALLOW` (the default) and no `rules` — the documented `allow-nothing` policy, `spec: {}` — matches no request, and once any ALLOW policy applies to a workload, requests that match none are denied. If nothing else allows the proxy\'s requests, every one of them gets 403 "RBAC: access denied" from the backend\'s sidecar.',
    problem: {
      description: 'The namespace got an allow-nothing baseline, but the allow rule for the ingress gateway was never added.',
      files: { 'mesh/bookstore.yaml': manifests(INGRESS_GATEWAY, BOOKSTORE_NAMESPACE, REVIEWS, routes, allowNothing) },
    },
    fixed: { files: { 'mesh/bookstore.yaml': manifests(INGRESS_GATEWAY, BOOKSTORE_NAMESPACE, REVIEWS, routes, allowNothing, allowGateway) } },
    remediation:
      "Keep the allow-nothing baseline only together with ALLOW policies whose rules admit the callers (the gateway's or proxy's service account principal, namespaces, paths).",
    references: [
      'https://istio.io/latest/docs/reference/config/security/authorization-policy/',
      'https://istio.io/latest/docs/ops/best-practices/security/#use-default-deny-patterns',
    ],
  },
  check(ctx) {
    const first = once();
    for (const { path, step } of pathsBrokenAt(ctx.facts, 'mesh', 'network-blocked')) {
      if (meshStepOrigin(step) !== 'authorization' || !step.at || !first(`${step.at.file}:${step.at.line}|${path.proxy.id}`)) continue;
      ctx.report({
        message: `${path.proxy.label} → ${path.target.text}: ${step.text.replace(/^✗ /, '')} (403 RBAC: access denied)`,
        at: step.at,
        path: path.steps,
      });
    }
  },
});
