import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

/** Envoy in namespace `edge` (bootstrap in a ConfigMap), Service `orders` in `shop` and an ExternalName bridge `orders-ext` in `edge`. */
const inKubernetes = (host: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: proxy, namespace: edge}
data:
  envoy.yaml: |
${envoyBootstrap(envoyCluster('app', host, 8080))
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: proxy, namespace: edge}
spec:
  selector: {matchLabels: {app: proxy}}
  template:
    metadata: {labels: {app: proxy}}
    spec:
      containers:
      - name: envoy
        image: envoyproxy/envoy:v1.31-latest
        ports: [{containerPort: 10000}]
        volumeMounts: [{name: conf, mountPath: /etc/envoy}]
      volumes: [{name: conf, configMap: {name: proxy}}]
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
        image: ghcr.io/example/orders:1
        ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec:
  selector: {app: orders}
  ports: [{port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: orders-ext, namespace: edge}
spec:
  type: ExternalName
  externalName: orderz.shop.svc.cluster.local
`;

const BACKENDS = '  payments:\n    image: ghcr.io/example/payments:5.0\n    expose:\n      - "9000"\n';

export default [
  {
    name: 'a typo of the service name, suggested as the fix',
    files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'payment', 9000)) },
    expect: ['envoy/envoy.yaml:39:32'],
    fixes: ['payments'],
  },
  {
    name: 'near miss: an external name (looked up by DNS outside the project)',
    files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'api.stripe.com', 443)) },
    expect: [],
  },
  {
    name: 'near miss: a network alias of the backend on the default network',
    files: {
      'docker-compose.yml': envoyCompose(`${BACKENDS}    networks:\n      default:\n        aliases:\n          - pay\n`),
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'pay', 9000)),
    },
    expect: [],
  },
  {
    name: 'Kubernetes: a misspelt Service in a cluster DNS name, renamed keeping its namespace',
    files: { 'k8s.yaml': inKubernetes('order.shop.svc.cluster.local') },
    expect: ['k8s.yaml:44:36'],
    fixes: ['orders.shop.svc.cluster.local'],
  },
  {
    name: 'near miss: an ExternalName Service pointing nowhere (the fix is in the Service: kubernetes/cross-namespace-backend)',
    files: { 'k8s.yaml': inKubernetes('orders-ext') },
    expect: [],
  },
] satisfies RuleCase[];
