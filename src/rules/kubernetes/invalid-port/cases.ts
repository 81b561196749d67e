import type { CountedRuleCase } from '../rule-case.js';

const service = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
${ports}`;

export default [
  {
    name: 'valid named and numbered ports',
    files: { 's.yaml': service('    - {name: http, port: 80, targetPort: http}\n    - {name: grpc-api, port: 9090, targetPort: 9090}\n') },
    findings: 0,
  },
  { name: 'port out of range', files: { 's.yaml': service('    - {port: 70000, targetPort: 8080}\n') }, findings: 1 },
  { name: 'two unnamed ports', files: { 's.yaml': service('    - {port: 80}\n    - {port: 443}\n') }, findings: 2 },
  { name: 'one unnamed port is fine', files: { 's.yaml': service('    - {port: 80}\n') }, findings: 0 },
  { name: 'duplicate port names', files: { 's.yaml': service('    - {name: http, port: 80}\n    - {name: http, port: 8080}\n') }, findings: 1 },
  { name: 'targetPort name with upper case', files: { 's.yaml': service('    - {port: 80, targetPort: Http}\n') }, findings: 1 },
  {
    name: 'probe on a port name with an underscore',
    files: {
      'd.yaml': `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: example/c:1
      ports: [{name: http, containerPort: 80}]
      readinessProbe:
        httpGet: {path: /, port: health_port}
`,
    },
    findings: 1,
  },
] satisfies CountedRuleCase[];
