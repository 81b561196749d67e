import { defineRule } from '../../../core/define-rule.js';
import { once, pathsBrokenAt } from '../../../inputs/kubernetes/queries.js';
import { meshStepOrigin } from '../../../inputs/kubernetes/topology.js';
import { deployment, service } from '../../kubernetes/examples.js';
import { BOOKSTORE_NAMESPACE } from '../example-manifests.js';

const nginxConf = `events {}
http {
  server {
    listen 8080;
    location /reviews/ {
      proxy_pass http://reviews.bookstore.svc.cluster.local:9080;
    }
  }
}
`;

const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - mesh.yaml
configMapGenerator:
  - name: frontend-nginx
    namespace: frontend
    files:
      - nginx.conf
`;

const mesh = (egress: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: frontend
  labels:
    istio-injection: enabled
---
${BOOKSTORE_NAMESPACE}---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: frontend
spec:
  outboundTrafficPolicy:
    mode: REGISTRY_ONLY
  egress:
    - hosts:
${egress}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
  namespace: frontend
spec:
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 8080
          volumeMounts:
            - name: conf
              mountPath: /etc/nginx/nginx.conf
              subPath: nginx.conf
      volumes:
        - name: conf
          configMap:
            name: frontend-nginx
---
${deployment({
  name: 'reviews',
  namespace: 'bookstore',
  image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.2',
  container: `ports:
  - name: http
    containerPort: 9080
readinessProbe:
  httpGet:
    path: /health
    port: http
`,
})}---
${service({
  name: 'reviews',
  namespace: 'bookstore',
  ports: `- name: http
  port: 9080
  targetPort: http
`,
})}`;

export default defineRule({
  id: 'istio/sidecar-egress-excludes-destination',
  domain: 'istio',
  cause: 'network-blocked',
  severity: 'error',
  title: 'Sidecar egress scope (REGISTRY_ONLY) leaves out a destination the proxy uses',
  catalog: ['X11'],
  docs: {
    why: 'A `Sidecar` resource limits which services a workload\'s sidecar knows (`egress.hosts`, as `namespace/host`). With `outboundTrafficPolicy: REGISTRY_ONLY` (on the Sidecar or mesh-wide), traffic to anything outside that list goes to the BlackHoleCluster: 502 with flag NR/BlackHoleCluster in the sidecar\'s access log, "upstream connect error" for gRPC — while the same call works from a pod without the Sidecar resource. External hosts need a ServiceEntry.',
    problem: {
      description: 'The frontend Sidecar only lists its own namespace and istio-system; nginx there proxies to `reviews` in `bookstore`.',
      files: {
        'mesh/nginx.conf': nginxConf,
        'mesh/kustomization.yaml': kustomization,
        'mesh/mesh.yaml': mesh('        - "./*"\n        - "istio-system/*"\n'),
      },
    },
    fixed: {
      files: {
        'mesh/nginx.conf': nginxConf,
        'mesh/kustomization.yaml': kustomization,
        'mesh/mesh.yaml': mesh('        - "./*"\n        - "istio-system/*"\n        - "bookstore/reviews.bookstore.svc.cluster.local"\n'),
      },
    },
    remediation:
      "Add the destination to the Sidecar's `egress.hosts` (`<namespace>/<fqdn>` or `<namespace>/*`), or declare external hosts with a ServiceEntry.",
    references: [
      'https://istio.io/latest/docs/reference/config/networking/sidecar/',
      'https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/',
    ],
  },
  check(ctx) {
    const first = once();
    for (const { path, step } of pathsBrokenAt(ctx.facts, 'mesh', 'network-blocked')) {
      const origin = meshStepOrigin(step);
      if (
        (origin !== 'sidecar-scope' && origin !== 'registry-only') ||
        !step.at ||
        !first(`${step.at.file}:${step.at.line}:${step.at.column}|${path.target.host}`)
      )
        continue;
      ctx.report({
        message: `${path.proxy.label} → ${path.target.text}: ${step.text.replace(/^✗ /, '')}`,
        at: step.at,
        path: path.steps,
        related: [{ at: path.target.at, message: 'the route' }],
      });
    }
  },
});
