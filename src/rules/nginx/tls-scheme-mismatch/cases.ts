import type { RuleCase } from '../../rule-case.js';

const conf = (http: string, location: string) => `events {}
http {
${http}
  server {
    listen 80;
    location / {
      ${location}
    }
  }
}
`;

/** The API in Compose with its own healthcheck; nginx in front. */
const withHealthcheck = (check: string) => `services:
  proxy:
    image: nginx:1.27
    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]
  api:
    image: node:20-alpine
    command: ["node", "server.js"]
    expose: ["3000"]
    healthcheck:
      test: ["CMD", "wget", "-qO-", "${check}"]
      interval: 5s
`;

export default [
  {
    name: "https:// to a port the backend's own Compose healthcheck speaks http:// to",
    files: { 'docker-compose.yml': withHealthcheck('http://127.0.0.1:3000/healthz'), 'nginx.conf': conf('', 'proxy_pass https://api:3000;') },
    expect: ['nginx.conf:7:18'],
    fixes: ['http'],
  },
  {
    name: 'near miss: the healthcheck speaks https:// to that port (the API serves TLS itself)',
    files: { 'docker-compose.yml': withHealthcheck('https://127.0.0.1:3000/healthz'), 'nginx.conf': conf('', 'proxy_pass https://api:3000;') },
    expect: [],
  },
  {
    name: 'near miss: the healthcheck speaks http:// to another port (a separate health port)',
    files: { 'docker-compose.yml': withHealthcheck('http://127.0.0.1:9000/healthz'), 'nginx.conf': conf('', 'proxy_pass https://api:3000;') },
    expect: [],
  },
  {
    name: 'https:// to port 80',
    files: { 'nginx.conf': conf('', 'proxy_pass https://backend.internal:80;') },
    expect: ['nginx.conf:7:18'],
    fixes: ['http'],
  },
  {
    name: 'upstream server on 443 named by an http:// pass: reported once, at the pass scheme',
    files: { 'nginx.conf': conf('  upstream api { server 10.0.0.1:443; server 10.0.0.2:443; }', 'proxy_pass http://api;') },
    expect: ['nginx.conf:7:18'],
    fixes: ['https'],
  },
  {
    name: 'near miss: https:// to 443, http:// to 8080, grpcs to 443',
    files: {
      'nginx.conf': conf(
        '',
        'proxy_pass https://api.example.com;\n      location /b { proxy_pass http://10.0.0.3:8080; }\n      location /c { grpc_pass grpcs://orders.example.com:443; }',
      ),
    },
    expect: [],
  },
  {
    name: 'Kubernetes: the Service port is named https and nginx speaks http',
    files: {
      'k8s/nginx.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: proxy-conf
data:
  nginx.conf: |
    events {}
    http {
      server {
        listen 80;
        location / { proxy_pass http://admin:8000; }
      }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: proxy
spec:
  selector:
    matchLabels: {app: proxy}
  template:
    metadata:
      labels: {app: proxy}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          volumeMounts:
            - {name: conf, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}
      volumes:
        - name: conf
          configMap: {name: proxy-conf}
`,
      'k8s/admin.yaml': `apiVersion: v1
kind: Service
metadata:
  name: admin
spec:
  selector: {app: admin}
  ports:
    - {name: https, port: 8000, targetPort: 8443}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: admin
spec:
  selector:
    matchLabels: {app: admin}
  template:
    metadata:
      labels: {app: admin}
    spec:
      containers:
        - name: admin
          image: ghcr.io/example/admin:1.0
          ports:
            - {name: https, containerPort: 8443}
`,
    },
    expect: ['k8s/nginx.yaml:11:33'],
    fixes: ['https'],
  },
] satisfies RuleCase[];
