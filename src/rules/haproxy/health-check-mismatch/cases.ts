import type { RuleCase } from '../../rule-case.js';

const k8s = (probePath: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: haproxy
data:
  haproxy.cfg: |
    defaults
        mode http
        timeout connect 5s
        timeout client 30s
        timeout server 30s
    frontend fe
        bind :8080
        default_backend orders
    backend orders
        option httpchk GET /health
        server o1 orders:80 check
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: haproxy
spec:
  selector: {matchLabels: {app: haproxy}}
  template:
    metadata: {labels: {app: haproxy}}
    spec:
      containers:
        - name: haproxy
          image: haproxy:3.0
          volumeMounts: [{name: cfg, mountPath: /usr/local/etc/haproxy}]
      volumes:
        - {name: cfg, configMap: {name: haproxy}}
---
apiVersion: v1
kind: Service
metadata:
  name: orders
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec:
      containers:
        - name: orders
          image: ghcr.io/example/orders:1.0
          ports: [{name: http, containerPort: 8080}]
          readinessProbe:
            httpGet: {path: ${probePath}, port: http}
`;

export default [
  {
    name: 'Kubernetes: HAProxy checks /health, the readiness probe uses /actuator/health/readiness',
    files: { 'k8s.yaml': k8s('/actuator/health/readiness') },
    expect: ['k8s.yaml:16:28'],
    fixes: ['/actuator/health/readiness'],
  },
  {
    name: 'near miss: the same path as the readiness probe',
    files: { 'k8s.yaml': k8s('/health') },
    expect: [],
  },
] satisfies RuleCase[];
