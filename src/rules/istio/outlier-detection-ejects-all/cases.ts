import type { CountedRuleCase } from '../../kubernetes/rule-case.js';

const app = (replicas: number, od: string, hpa = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: ${replicas}
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
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api
  trafficPolicy:
    outlierDetection: {${od}}
${hpa}`;

const hpa = (min: number) => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: ${min}
  maxReplicas: 10
`;

export default [
  { name: 'one replica, one error', files: { 'a.yaml': app(1, 'consecutive5xxErrors: 1, interval: 10s') }, findings: 1 },
  {
    name: 'two replicas, 50%: one of the two can be ejected, not both',
    files: { 'a.yaml': app(2, 'consecutiveGatewayErrors: 2, maxEjectionPercent: 50') },
    findings: 0,
  },
  { name: 'two replicas, 99%: both', files: { 'a.yaml': app(2, 'consecutiveGatewayErrors: 2, maxEjectionPercent: 99') }, findings: 1 },
  { name: 'ten replicas, one error, default 10%', files: { 'a.yaml': app(10, 'consecutive5xxErrors: 1') }, findings: 0 },
  { name: 'one replica, default threshold (5)', files: { 'a.yaml': app(1, 'interval: 30s') }, findings: 0 },
  {
    name: 'minHealthPercent switches detection off in time',
    files: { 'a.yaml': app(1, 'consecutive5xxErrors: 1, maxEjectionPercent: 100, minHealthPercent: 50') },
    findings: 0,
  },
  { name: 'HPA minimum counts, not spec.replicas', files: { 'a.yaml': app(1, 'consecutive5xxErrors: 1', hpa(6)) }, findings: 0 },
  { name: 'maxEjectionPercent 100 whatever the pool', files: { 'a.yaml': app(20, 'consecutive5xxErrors: 5, maxEjectionPercent: 100') }, findings: 1 },
] satisfies CountedRuleCase[];
