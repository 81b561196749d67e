import type { RuleCase } from '../../rule-case.js';

/** HAProxy in a Deployment of namespace `edge` in front of Service `orders` (namespace `shop`); `egress` is its NetworkPolicy's egress list. */
const k8s = (server: string, egress: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: haproxy, namespace: edge}
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
        server o1 ${server} check
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: haproxy, namespace: edge}
spec:
  selector: {matchLabels: {app: haproxy}}
  template:
    metadata: {labels: {app: haproxy}}
    spec:
      containers:
        - name: haproxy
          image: haproxy:3.0
          ports: [{containerPort: 8080}]
          volumeMounts: [{name: cfg, mountPath: /usr/local/etc/haproxy}]
      volumes:
        - {name: cfg, configMap: {name: haproxy}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: haproxy-egress, namespace: edge}
spec:
  podSelector: {matchLabels: {app: haproxy}}
  policyTypes: [Egress]
  egress:
${egress}
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec:
      containers:
        - name: orders
          image: ghcr.io/example/orders:1.0
          ports: [{name: http, containerPort: 8080}]
`;

const TO_SHOP = `    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]
      ports: [{port: 8080}]`;
const TO_DNS = `    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]`;

export default [
  {
    name: 'Kubernetes: a Service name one letter off, DNS allowed',
    files: { 'k8s.yaml': k8s('order.shop.svc.cluster.local:80', `${TO_SHOP}\n${TO_DNS}`) },
    expect: ['k8s.yaml:15:19'],
    // Only the Service label is replaced: the namespace written stays.
    fixes: ['orders'],
  },
  {
    name: 'near miss: the right name, DNS allowed',
    files: { 'k8s.yaml': k8s('orders.shop.svc.cluster.local:80', `${TO_SHOP}\n${TO_DNS}`) },
    expect: [],
  },
  {
    name: 'near miss: the egress NetworkPolicy blocks DNS (the fix is in the policy: kubernetes/egress-policy-blocks-dns)',
    files: { 'k8s.yaml': k8s('orders.shop.svc.cluster.local:80', TO_SHOP) },
    expect: [],
  },
] satisfies RuleCase[];
