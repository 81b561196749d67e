import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const JSON_BOOTSTRAP = `{
  "static_resources": {
    "listeners": [],
    "clusters": [
      {
        "name": "api",
        "type": "LOGICAL_DNS",
        "connectTimeout": "1s",
        "loadAssignment": {
          "clusterName": "api",
          "endpoints": [{ "lbEndpoints": [{ "endpoint": { "address": { "socketAddress": { "address": "localhost", "portValue": 4000 } } } }] }]
        }
      }
    ]
  }
}
`;

const sidecarPod = (port: number) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: envoy-sidecar
data:
  envoy.yaml: |
    static_resources:
      clusters:
        - name: local_app
          type: STATIC
          connect_timeout: 1s
          load_assignment:
            cluster_name: local_app
            endpoints:
              - lb_endpoints:
                  - endpoint:
                      address:
                        socket_address: { address: 127.0.0.1, port_value: ${port} }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
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
        - name: envoy
          image: envoyproxy/envoy:v1.31-latest
          volumeMounts:
            - name: envoy-config
              mountPath: /etc/envoy
      volumes:
        - name: envoy-config
          configMap:
            name: envoy-sidecar
`;

export default [
  {
    name: 'camelCase JSON bootstrap, LOGICAL_DNS to localhost, the API listens on 4000 in its own container',
    files: {
      'docker-compose.yml': envoyCompose('  api:\n    image: ghcr.io/example/api:1.0\n    expose:\n      - "4000"\n').replace('envoy.yaml', 'envoy.json'),
      'envoy/envoy.json': JSON_BOOTSTRAP,
    },
    expect: ['envoy/envoy.json:11:102'],
    fixes: ['"api"'],
  },
  {
    name: 'near miss: a sidecar Envoy in the pod reaches the app container on 127.0.0.1:8080',
    files: { 'k8s/orders.yaml': sidecarPod(8080) },
    expect: [],
  },
  {
    name: 'near miss: Envoy shares the network namespace of the app (network_mode: service:app)',
    files: {
      'docker-compose.yml': `services:\n  app:\n    image: ghcr.io/example/shop:1.8\n    expose:\n      - "8080"\n  envoy:\n    image: envoyproxy/envoy:v1.31-latest\n    network_mode: service:app\n    volumes:\n      - ./envoy/envoy.yaml:/etc/envoy/envoy.yaml:ro\n`,
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', '127.0.0.1', 8080, '', 'STATIC')),
    },
    expect: [],
  },
] satisfies RuleCase[];
