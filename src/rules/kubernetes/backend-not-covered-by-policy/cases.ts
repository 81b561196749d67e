import type { CountedRuleCase } from '../rule-case.js';

/** Deployment + Service `api` in `shop`, and (when `routed`) the Ingress that routes to it. */
const api = (routed = true) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: ghcr.io/example/api:2.4.1, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
${
  routed
    ? `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: api, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]
`
    : ''
}`;

const worker = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker}}
    spec:
      containers: [{name: worker, image: ghcr.io/example/worker:1.0.0}]
`;

const policy = (selector: string, namespace = 'shop') => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: isolate, namespace: ${namespace}}
spec:
  podSelector: ${selector}
  policyTypes: [Ingress]
`;

const cases: CountedRuleCase[] = [
  {
    name: 'a kubectl dump with the Deployment, its ReplicaSet and Pod reports the Deployment once',
    files: {
      'dump.yaml': `${api()}${worker}${policy('{matchLabels: {app: worker}}')}---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: api-5c9d8f7b6
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, controller: true}]
spec:
  selector: {matchLabels: {app: api, pod-template-hash: 5c9d8f7b6}}
  template:
    metadata: {labels: {app: api, pod-template-hash: 5c9d8f7b6}}
    spec:
      containers: [{name: api, image: ghcr.io/example/api:2.4.1}]
---
apiVersion: v1
kind: Pod
metadata:
  name: api-5c9d8f7b6-h2x9q
  namespace: shop
  labels: {app: api, pod-template-hash: 5c9d8f7b6}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api-5c9d8f7b6, controller: true}]
spec:
  containers: [{name: api, image: ghcr.io/example/api:2.4.1}]
status: {phase: Running}
`,
    },
    findings: 1,
    message: 'Deployment `api` (namespace `shop`), behind Service `api`',
  },
  {
    name: 'near miss: no NetworkPolicy isolates anything in the namespace',
    files: { 'k8s.yaml': `${api()}${worker}` },
    findings: 0,
  },
  {
    name: 'near miss: a default-deny policy covers the backend too',
    files: { 'k8s.yaml': `${api()}${worker}${policy('{}')}` },
    findings: 0,
  },
  {
    name: 'near miss: the isolated pods live in another namespace',
    files: { 'k8s.yaml': `${api()}${worker.replace('namespace: shop', 'namespace: jobs')}${policy('{matchLabels: {app: worker}}', 'jobs')}` },
    findings: 0,
  },
  {
    name: 'near miss: no proxy routes to the uncovered pods',
    files: { 'k8s.yaml': `${api(false)}${worker}${policy('{matchLabels: {app: worker}}')}` },
    findings: 0,
  },
];

export default cases;
