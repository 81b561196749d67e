import type { RuleCase } from '../../rule-case.js';

const compose = `services:
  proxy:
    image: nginx:1.27
    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf:ro"]
  api:
    image: example/api:1
    expose: ["3000"]
`;

const site = (resolver: string, location: string) => `server {
    listen 80;
    resolver ${resolver};
    location / {
        ${location}
    }
}
`;

const VARIABLE = 'set $api http://api:3000;\n        proxy_pass $api;';

/** nginx in a Deployment of namespace `shop` (config in a ConfigMap) and Service `api` there; `sidecar` adds a container. */
const k8s = (resolver: string, host: string, sidecar = '') => `apiVersion: v1
kind: ConfigMap
metadata: {name: proxy, namespace: shop}
data:
  default.conf: |
    server {
      listen 8080;
      resolver ${resolver} valid=10s;
      location / {
        set $api http://${host}:8080;
        proxy_pass $api;
      }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: proxy, namespace: shop}
spec:
  selector: {matchLabels: {app: proxy}}
  template:
    metadata: {labels: {app: proxy}}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports: [{containerPort: 8080}]
          volumeMounts: [{name: conf, mountPath: /etc/nginx/conf.d}]
${sidecar}      volumes: [{name: conf, configMap: {name: proxy}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: example/api:1
          ports: [{containerPort: 8080}]
          readinessProbe: {tcpSocket: {port: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 8080}]
`;

const DNSMASQ = `        - name: dnsmasq
          image: registry.k8s.io/dns/k8s-dns-dnsmasq-nanny:1.23.1
          ports: [{containerPort: 53, protocol: UDP}]
`;

export default [
  {
    name: 'Compose: Docker DNS and a public resolver, asked in turn',
    files: { 'docker-compose.yml': compose, 'site.conf': site('127.0.0.11 8.8.8.8 valid=30s', VARIABLE) },
    expect: ['site.conf:3:25'],
    fixes: ['127.0.0.11'],
  },
  {
    name: 'Compose: upstream `resolve` servers with the http-level resolver 1.1.1.1',
    files: {
      'docker-compose.yml': compose,
      'site.conf':
        'resolver 1.1.1.1;\nupstream api { zone api 64k; server api:3000 resolve; }\nserver {\n    listen 80;\n    location / { proxy_pass http://api; }\n}\n',
    },
    expect: ['site.conf:1:10'],
    fixes: ['127.0.0.11'],
  },
  {
    name: 'near miss: Compose, a public resolver for an external name',
    files: { 'docker-compose.yml': compose, 'site.conf': site('8.8.8.8', 'set $gh https://api.github.com;\n        proxy_pass $gh;') },
    expect: [],
  },
  {
    name: 'near miss: Compose, the name is written literally (resolved once at start-up by the system resolver)',
    files: { 'docker-compose.yml': compose, 'site.conf': site('8.8.8.8', 'proxy_pass http://api:3000;') },
    expect: [],
  },
  {
    name: 'Kubernetes: 127.0.0.11 copied from a Docker setup',
    files: { 'k8s.yaml': k8s('127.0.0.11', 'api.shop.svc.cluster.local') },
    expect: ['k8s.yaml:8:16'],
    fixes: ['kube-dns.kube-system.svc.cluster.local'],
  },
  {
    name: 'Kubernetes: the cluster DNS, but a short name (no search domains)',
    files: { 'k8s.yaml': k8s('kube-dns.kube-system.svc.cluster.local', 'api') },
    expect: ['k8s.yaml:10:25'],
    fixes: ['api.shop.svc.cluster.local'],
  },
  {
    name: 'near miss: Kubernetes, the cluster DNS by ClusterIP and the full name',
    files: { 'k8s.yaml': k8s('10.96.0.10', 'api.shop.svc.cluster.local') },
    expect: [],
  },
  {
    name: 'near miss: Kubernetes, a DNS cache sidecar answers on loopback',
    files: { 'k8s.yaml': k8s('127.0.0.1', 'api.shop.svc.cluster.local', DNSMASQ) },
    expect: [],
  },
] satisfies RuleCase[];
