import type { CountedRuleCase } from '../../kubernetes/rule-case.js';

const meshed = (mode: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: ${mode}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "ghcr.io/example/api:1", ports: [{name: http, containerPort: 8080}], readinessProbe: {tcpSocket: {port: http}}}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: http}]
`;

const nginx = (inject: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: edge, namespace: shop}
data:
  nginx.conf: |
    events {}
    http { server { listen 8081; location / { proxy_pass http://api.shop.svc.cluster.local:80; } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: edge, namespace: shop}
spec:
  selector: {matchLabels: {app: edge}}
  template:
    metadata:
      labels: {app: edge}
      annotations: {sidecar.istio.io/inject: "${inject}"}
    spec:
      containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 8081}], volumeMounts: [{name: c, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}]}]
      volumes: [{name: c, configMap: {name: edge}}]
`;

export default [
  { name: 'nginx pod opted out of injection calls a STRICT backend', files: { 'a.yaml': `${meshed('STRICT')}---\n${nginx('false')}` }, findings: 1 },
  { name: 'nginx pod injected', files: { 'a.yaml': `${meshed('STRICT')}---\n${nginx('true')}` }, findings: 0 },
  {
    name: 'backend port excluded from inbound capture',
    files: {
      'a.yaml': `${meshed('STRICT').replace('metadata: {labels: {app: api}}', 'metadata: {labels: {app: api}, annotations: {traffic.sidecar.istio.io/excludeInboundPorts: "8080"}}')}---\n${nginx('false')}`,
    },
    findings: 0,
  },
  { name: 'backend PERMISSIVE', files: { 'a.yaml': `${meshed('PERMISSIVE')}---\n${nginx('false')}` }, findings: 0 },
  {
    name: 'mesh-wide STRICT applies too',
    files: {
      'a.yaml': `${meshed('UNSET')}---\n${nginx('false')}---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n`,
    },
    findings: 1,
  },
] satisfies CountedRuleCase[];
