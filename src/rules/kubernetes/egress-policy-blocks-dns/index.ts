import { defineRule } from '../../../core/define-rule.js';
import { once, pathsBrokenAt } from '../../../inputs/kubernetes/queries.js';
import { withEdits } from '../../example-edits.js';
import { deployment, service } from '../examples.js';

const problem = {
  description: 'The nginx pods may only talk to `api` on 8080; DNS to kube-system was forgotten.',
  files: {
    'k8s/nginx.conf': `events {}
http {
  server {
    listen 8080;
    location / {
      proxy_pass http://api.backend.svc.cluster.local:8080;
    }
  }
}
`,
    'k8s/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - gateway.yaml
  - backend.yaml
configMapGenerator:
  - name: edge-nginx
    files:
      - nginx.conf
`,
    'k8s/gateway.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: edge
  namespace: edge
spec:
  selector:
    matchLabels:
      app: edge
  template:
    metadata:
      labels:
        app: edge
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 8080
          volumeMounts:
            - name: config
              mountPath: /etc/nginx/nginx.conf
              subPath: nginx.conf
      volumes:
        - name: config
          configMap:
            name: edge-nginx
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: edge-egress
  namespace: edge
spec:
  podSelector:
    matchLabels:
      app: edge
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: backend
      ports:
        - port: 8080
`,
    'k8s/backend.yaml': `${deployment({
      name: 'api',
      namespace: 'backend',
      image: 'ghcr.io/example/api:4.1.0',
      container: `ports:
  - name: http
    containerPort: 8080
readinessProbe:
  tcpSocket:
    port: http
`,
    })}---
${service({
  name: 'api',
  namespace: 'backend',
  ports: `- name: http
  port: 8080
  targetPort: http
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/egress-policy-blocks-dns',
  domain: 'kubernetes',
  cause: 'dns-failure',
  severity: 'error',
  title: 'Egress NetworkPolicy of a proxy pod leaves out DNS',
  catalog: ['X8'],
  docs: {
    why: 'A pod selected by a NetworkPolicy with `Egress` in its policyTypes can only open the connections its egress rules allow — including DNS. If no rule admits UDP/TCP 53 to kube-dns, every name lookup times out: nginx logs "could not be resolved (110: Operation timed out)" or "host not found in upstream", apps fail with EAI_AGAIN, while connections by IP would work.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/gateway.yaml',
        replace: '        - port: 8080',
        with: `        - port: 8080
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53`,
      },
    ]),
    remediation: 'Add an egress rule to `kube-system` pods labelled `k8s-app: kube-dns` on UDP and TCP port 53 (or to your node-local DNS address).',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic',
      'https://github.com/ahmetb/kubernetes-network-policy-recipes/blob/master/11-deny-egress-traffic-from-an-application.md',
    ],
  },
  check(ctx) {
    const first = once();
    for (const { path, step } of pathsBrokenAt(ctx.facts, 'policy', 'dns-failure')) {
      if (!step.at || !first(`${step.at.file}:${step.at.line}:${step.at.column}`)) continue;
      ctx.report({ message: `${path.proxy.label} cannot resolve \`${path.target.host}\`: ${step.text.replace(/^✗ /, '')}`, at: step.at, path: path.steps });
    }
  },
});
