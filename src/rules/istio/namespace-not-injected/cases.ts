import type { CountedRuleCase } from '../../kubernetes/rule-case.js';

const mesh = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec:
  mtls: {mode: STRICT}
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {istio-injection: enabled}
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
          ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: http}]
`;

/** A namespace `tools` without injection label, running one Deployment with this env value. */
const tools = (env: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: tools
  labels: {team: platform}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: exporter, namespace: tools}
spec:
  selector: {matchLabels: {app: exporter}}
  template:
    metadata: {labels: {app: exporter}}
    spec:
      containers:
        - name: exporter
          image: ghcr.io/example/exporter:1
          env:
            - name: TARGET
              value: ${env}
`;

const permissive = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: orders-plain, namespace: shop}
spec:
  selector: {matchLabels: {app: orders}}
  mtls: {mode: STRICT}
  portLevelMtls:
    8080: {mode: PERMISSIVE}
`;

export default [
  {
    name: 'near miss: a namespace outside the mesh with no sign of calling into it (monitoring, CI …)',
    files: { 'mesh.yaml': mesh, 'tools.yaml': tools('"https://hooks.example.com/alert"') },
    findings: 0,
  },
  {
    name: 'near miss: a pod outside the mesh calling a STRICT Service is istio/strict-mtls-caller-without-sidecar, at the call',
    files: { 'mesh.yaml': mesh, 'tools.yaml': tools('"http://orders.shop.svc.cluster.local:80/metrics"') },
    findings: 0,
  },
  {
    name: 'a namespace with Istio configuration of its own',
    files: {
      'mesh.yaml': mesh,
      'tools.yaml': `${tools('"https://hooks.example.com/alert"')}---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: tools}
spec:
  egress: [{hosts: ["./*", "istio-system/*"]}]
`,
    },
    findings: 1,
    at: ['tools.yaml:4'],
    message: 'Sidecar `default`',
  },
  {
    name: 'near miss: the port it calls is PERMISSIVE',
    files: { 'mesh.yaml': `${mesh}${permissive}`, 'tools.yaml': tools('"orders.shop:80"') },
    findings: 0,
  },
] satisfies CountedRuleCase[];
