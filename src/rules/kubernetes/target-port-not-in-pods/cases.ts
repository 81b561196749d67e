import type { CountedRuleCase } from '../rule-case.js';

const workload = (containers: string, init = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
${init}      containers:
${containers}`;

const service = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: app
spec:
  selector: {app: app}
  ports:
${ports}`;

const main = `        - name: app
          image: example/app:1
          ports:
            - {name: http, containerPort: 8080}
`;

export default [
  { name: 'named targetPort declared', files: { 'a.yaml': `${workload(main)}---\n${service('    - {port: 80, targetPort: http}\n')}` }, findings: 0 },
  {
    name: 'named targetPort not declared',
    files: { 'a.yaml': `${workload(main)}---\n${service('    - {port: 80, targetPort: web}\n')}` },
    findings: 1,
    at: ['a.yaml:25'],
  },
  { name: 'numeric targetPort declared', files: { 'a.yaml': `${workload(main)}---\n${service('    - {port: 80, targetPort: 8080}\n')}` }, findings: 0 },
  {
    name: 'numeric targetPort with the Service port number',
    files: { 'a.yaml': `${workload(main)}---\n${service('    - {port: 80, targetPort: 80}\n')}` },
    findings: 1,
  },
  {
    name: 'port declared only by a native sidecar (initContainers with restartPolicy Always)',
    files: {
      'a.yaml': `${workload(main, '      initContainers:\n        - name: auth-proxy\n          image: example/oauth2-proxy:7\n          restartPolicy: Always\n          ports:\n            - {name: proxy, containerPort: 4180}\n')}---\n${service('    - {port: 80, targetPort: proxy}\n')}`,
    },
    findings: 0,
  },
  {
    name: 'port declared only by a plain init container does not count',
    files: {
      'a.yaml': `${workload(main, '      initContainers:\n        - name: setup\n          image: example/setup:1\n          ports:\n            - {name: proxy, containerPort: 4180}\n')}---\n${service('    - {port: 80, targetPort: proxy}\n')}`,
    },
    findings: 1,
  },
  {
    name: 'numeric targetPort while no container declares any port: containerPort is informational, nothing to compare',
    files: { 'a.yaml': `${workload('        - name: app\n          image: example/app:1\n')}---\n${service('    - {port: 80, targetPort: 3000}\n')}` },
    findings: 0,
  },
  {
    name: 'UDP Service port against a TCP container port',
    files: { 'a.yaml': `${workload(main)}---\n${service('    - {port: 53, targetPort: 8080, protocol: UDP}\n')}` },
    findings: 1,
  },
  {
    name: 'two workloads behind one Service, the port exists on one of them',
    files: {
      'a.yaml': `${workload(main)}---\n${workload('        - name: app\n          image: example/app:2\n          ports: [{name: web, containerPort: 9000}]\n').replace('name: app\nspec', 'name: app-canary\nspec')}---\n${service('    - {port: 80, targetPort: web}\n')}`,
    },
    findings: 0,
  },
] satisfies CountedRuleCase[];
