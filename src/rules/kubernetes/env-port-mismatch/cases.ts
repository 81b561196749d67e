import type { CountedRuleCase } from '../rule-case.js';

const app = (env: string, service = true) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1
          env: [${env}]
          ports: [{name: http, containerPort: 3000}, {name: metrics, containerPort: 9090}]
${
  service
    ? `---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]
`
    : ''
}`;

export default [
  { name: 'PORT equals the container port', files: { 'a.yaml': app('{name: PORT, value: "3000"}') }, findings: 0 },
  { name: 'PORT differs', files: { 'a.yaml': app('{name: PORT, value: "8080"}') }, findings: 1 },
  { name: 'PORT is the other declared port (the app serves both)', files: { 'a.yaml': app('{name: PORT, value: "9090"}') }, findings: 0 },
  {
    name: 'a dependency port is not the listen port',
    files: { 'a.yaml': app('{name: REDIS_PORT, value: "6379"}, {name: DB_PORT, value: "5432"}') },
    findings: 0,
  },
  { name: 'no Service targets the container', files: { 'a.yaml': app('{name: PORT, value: "8080"}', false) }, findings: 0 },
  { name: 'ASPNETCORE_URLS on the container port', files: { 'a.yaml': app('{name: ASPNETCORE_URLS, value: "http://+:3000"}') }, findings: 0 },
  { name: 'ASPNETCORE_URLS on another port', files: { 'a.yaml': app('{name: ASPNETCORE_URLS, value: "http://+:8080"}') }, findings: 1 },
] satisfies CountedRuleCase[];
