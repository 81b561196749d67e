import type { CountedRuleCase } from '../rule-case.js';

const service = `apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

const slice = (name: string, endpoints: string) => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${name}
  namespace: shop
  labels: {kubernetes.io/service-name: api}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints:${endpoints}
`;

const deployment = (replicas: number) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: ghcr.io/example/api:2.4.1, ports: [{containerPort: 8080}]}]
`;

const cases: CountedRuleCase[] = [
  {
    name: 'v1 Endpoints with only notReadyAddresses',
    files: {
      'dump.yaml': `${service}---
apiVersion: v1
kind: Endpoints
metadata: {name: api, namespace: shop}
subsets:
  - notReadyAddresses:
      - ip: 10.244.1.23
        targetRef: {kind: Pod, name: api-5c9d8f7b6-h2x9q, namespace: shop}
    ports: [{name: http, port: 8080}]
`,
    },
    findings: 1,
    at: ['dump.yaml:3'],
    message: '1 address, none ready (pod `api-5c9d8f7b6-h2x9q`)',
  },
  {
    name: 'EndpointSlice without addresses for a Deployment scaled to zero',
    files: { 'dump.yaml': `${service}${slice('api-x7k2d', ' []')}${deployment(0)}` },
    findings: 1,
    message: 'lists no address (Deployment `api` (namespace `shop`) has `replicas: 0`)',
  },
  {
    name: 'Endpoints and EndpointSlice of the same not-ready pod count it once',
    files: {
      'dump.yaml': `${service}${slice('api-x7k2d', '\n  - addresses: [10.244.1.23]\n    conditions: {ready: false}')}---
apiVersion: v1
kind: Endpoints
metadata: {name: api, namespace: shop}
subsets:
  - notReadyAddresses: [{ip: 10.244.1.23}]
`,
    },
    findings: 1,
    message: 'EndpointSlice `api-x7k2d` and Endpoints `api` list 1 address, none ready',
  },
  {
    name: 'near miss: EndpointSlice with a ready address (no conditions means ready)',
    files: { 'dump.yaml': `${service}${slice('api-x7k2d', '\n  - addresses: [10.244.1.23]\n  - addresses: [10.244.2.31]\n    conditions: {ready: false}')}` },
    findings: 0,
  },
  {
    name: 'near miss: an empty IPv6 slice beside an IPv4 slice with a ready address',
    files: {
      'dump.yaml': `${service}${slice('api-v6', ' []')}${slice('api-v4', '\n  - addresses: [10.244.1.23]\n    conditions: {ready: true}')}`,
    },
    findings: 0,
  },
  {
    name: 'near miss: manifests without live objects say nothing about endpoints',
    files: { 'k8s/api.yaml': `${service}${deployment(0)}` },
    findings: 0,
  },
  {
    name: 'near miss: a not-ready EndpointSlice of another namespace',
    files: {
      'dump.yaml': `${service}${slice('api-x7k2d', '\n  - addresses: [10.244.1.23]\n    conditions: {ready: false}').replace('namespace: shop', 'namespace: staging')}`,
    },
    findings: 0,
  },
];

export default cases;
