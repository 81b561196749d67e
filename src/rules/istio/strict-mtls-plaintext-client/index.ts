import { defineRule } from '../../../core/define-rule.js';
import { once, pathsBrokenAt } from '../../../inputs/kubernetes/queries.js';
import { withEdits } from '../../example-edits.js';
import { shopWebBehindIngress } from '../../kubernetes/examples.js';

const problem = {
  description: 'The ingress-nginx controller runs in a namespace without injection; the shop backend is STRICT.',
  files: {
    'k8s/ingress-nginx.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.2
          args: ["/nginx-ingress-controller", "--ingress-class=nginx"]
          ports:
            - name: http
              containerPort: 80
`,
    'k8s/shop.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: STRICT
---
${shopWebBehindIngress('number: 80')}`,
  },
};

export default defineRule({
  id: 'istio/strict-mtls-plaintext-client',
  domain: 'istio',
  cause: 'tls-mismatch',
  severity: 'error',
  title: 'A proxy without sidecar sends plain text to a STRICT mTLS backend',
  catalog: ['X9'],
  docs: {
    why: 'A STRICT PeerAuthentication makes the backend\'s sidecar accept only mutual TLS. A client without a sidecar — ingress-nginx or another controller outside the mesh, an nginx pod with `sidecar.istio.io/inject: "false"` — sends plain text, which the sidecar rejects: "connection reset by peer" in the proxy\'s log, 502 for the user. istioctl dropped its mTLS analyzer in 2020; updoc follows the route from the proxy to the backend pods and compares both ends.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/shop.yaml',
        replace: 'apiVersion: apps/v1',
        with: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: web-from-ingress
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  mtls:
    mode: STRICT
  portLevelMtls:
    8080:
      mode: PERMISSIVE
---
apiVersion: apps/v1`,
      },
    ]),
    remediation:
      'Put the client in the mesh (inject the ingress controller; for ingress-nginx also set `nginx.ingress.kubernetes.io/service-upstream: "true"`), or relax the backend port it calls to PERMISSIVE with `portLevelMtls`; an Istio ingress gateway avoids the problem altogether.',
    references: [
      'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
      'https://istio.io/latest/docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule',
      'https://github.com/istio/istio/pull/22458',
    ],
  },
  check(ctx) {
    const first = once();
    for (const { path, step } of pathsBrokenAt(ctx.facts, 'mesh', 'tls-mismatch')) {
      if (!step.at || !first(`${step.at.file}:${step.at.line}:${step.at.column}|${path.proxy.runtime?.id}`)) continue;
      ctx.report({
        message: `${path.proxy.label} → ${path.target.text}: ${path.problem?.reason ?? step.text}`,
        at: step.at,
        path: path.steps,
        related: [{ at: path.target.at, message: 'the route' }],
      });
    }
  },
});
