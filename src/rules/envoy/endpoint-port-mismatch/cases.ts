import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const k8s = (servicePort: number) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: edge-envoy
  namespace: shop
data:
  envoy.yaml: |
    static_resources:
      clusters:
        - name: orders
          type: STRICT_DNS
          connect_timeout: 1s
          load_assignment:
            cluster_name: orders
            endpoints:
              - lb_endpoints:
                  - endpoint:
                      address:
                        socket_address:
                          address: orders.shop.svc.cluster.local
                          port_value: ${servicePort}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: edge
  namespace: shop
spec:
  selector:
    matchLabels: { app: edge }
  template:
    metadata:
      labels: { app: edge }
    spec:
      containers:
        - name: envoy
          image: envoyproxy/envoy:v1.31-latest
          volumeMounts:
            - { name: config, mountPath: /etc/envoy }
      volumes:
        - name: config
          configMap: { name: edge-envoy }
---
apiVersion: v1
kind: Service
metadata:
  name: orders
  namespace: shop
spec:
  selector: { app: orders }
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: shop
spec:
  selector:
    matchLabels: { app: orders }
  template:
    metadata:
      labels: { app: orders }
    spec:
      containers:
        - name: orders
          image: ghcr.io/example/orders:2.0
          ports:
            - containerPort: 8080
`;

export default [
  {
    name: 'the backend declares 3000 only (expose), the endpoint says 8080',
    files: {
      'docker-compose.yml': envoyCompose('  app:\n    image: ghcr.io/example/shop:1.8\n    expose:\n      - "3000"\n'),
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080)),
    },
    expect: ['envoy/envoy.yaml:40:35'],
    fixes: ['3000'],
  },
  {
    name: 'near miss: the container port of a "8080:3000" mapping',
    files: {
      'docker-compose.yml': envoyCompose('  app:\n    image: ghcr.io/example/shop:1.8\n    ports:\n      - "8080:3000"\n'),
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 3000)),
    },
    expect: [],
  },
  {
    name: 'near miss: Envoy in a pod reaching a Service on its Service port (80 → targetPort 8080)',
    files: { 'k8s/edge.yaml': k8s(80) },
    expect: [],
  },
] satisfies RuleCase[];
