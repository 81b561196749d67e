import type { CountedRuleCase } from '../../kubernetes/rule-case.js';

const app = (namespaceLabels: string, portName: string, tls: string, host = 'api') => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {${namespaceLabels}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "ghcr.io/example/api:1", ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: ${portName}, port: 80, targetPort: http}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: "${host}"
  trafficPolicy: {tls: {mode: ${tls}}}
`;

export default [
  { name: 'ISTIO_MUTUAL to pods without sidecar', files: { 'a.yaml': app('istio-injection: disabled', 'http', 'ISTIO_MUTUAL') }, findings: 1 },
  {
    name: 'mesh-wide *.local ISTIO_MUTUAL reaching a non-injected namespace',
    files: { 'a.yaml': app('team: x', 'http', 'ISTIO_MUTUAL', '*.local') },
    findings: 1,
  },
  { name: 'ISTIO_MUTUAL to injected pods', files: { 'a.yaml': app('istio-injection: enabled', 'http', 'ISTIO_MUTUAL') }, findings: 0 },
  { name: 'SIMPLE to a port declared http', files: { 'a.yaml': app('istio-injection: disabled', 'http-web', 'SIMPLE') }, findings: 1 },
  { name: 'SIMPLE to a port declared https', files: { 'a.yaml': app('istio-injection: disabled', 'https', 'SIMPLE') }, findings: 0 },
  { name: 'DISABLE to a PERMISSIVE (default) server', files: { 'a.yaml': app('istio-injection: enabled', 'http', 'DISABLE') }, findings: 0 },
] satisfies CountedRuleCase[];
