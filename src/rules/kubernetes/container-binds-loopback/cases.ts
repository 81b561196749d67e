import type { CountedRuleCase } from '../rule-case.js';

const app = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1
          ports: [{name: http, containerPort: 8000}]
${container}---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]
`;

export default [
  { name: 'HOST env on loopback', files: { 'a.yaml': app('          env: [{name: HOST, value: 127.0.0.1}]\n') }, findings: 1 },
  { name: 'HOST env on all interfaces', files: { 'a.yaml': app('          env: [{name: HOST, value: 0.0.0.0}]\n') }, findings: 0 },
  { name: 'gunicorn -b inside sh -c', files: { 'a.yaml': app('          command: ["sh", "-c", "gunicorn -b 127.0.0.1:8000 app:app"]\n') }, findings: 1 },
  { name: '--bind=host:port on the served port', files: { 'a.yaml': app('          args: ["--bind=localhost:8000"]\n') }, findings: 1 },
  {
    name: 'loopback only for another port (metrics)',
    files: { 'a.yaml': app('          args: ["--metrics-address", "127.0.0.1:9100", "--bind=0.0.0.0:8000"]\n') },
    findings: 0,
  },
  { name: 'flask run without --host', files: { 'a.yaml': app('          command: ["flask", "run", "--port", "8000"]\n') }, findings: 1 },
  {
    name: 'flask run with FLASK_RUN_HOST',
    files: { 'a.yaml': app('          command: ["flask", "run", "--port", "8000"]\n          env: [{name: FLASK_RUN_HOST, value: 0.0.0.0}]\n') },
    findings: 0,
  },
  {
    name: 'uvicorn with --host 0.0.0.0',
    files: { 'a.yaml': app('          command: ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]\n') },
    findings: 0,
  },
  { name: 'image default command (nothing in the manifest)', files: { 'a.yaml': app('') }, findings: 0 },
] satisfies CountedRuleCase[];
