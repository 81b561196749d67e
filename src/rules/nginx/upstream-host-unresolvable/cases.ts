import type { RuleCase } from '../../rule-case.js';

const conf = (body: string) => `events {}
http {
  upstream backend { server 10.0.0.5:8080; }
  server {
    listen 80;
    location / {
      ${body}
    }
  }
}
`;

const compose = `services:
  proxy:
    image: nginx:1.27
    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]
    networks: [front]
  api:
    image: node:20
    expose: ["3000"]
    networks: [front]
networks:
  front: {}
`;

/** nginx in a Deployment of namespace `edge` proxying to Service `api` in `backend`; `egress` is its NetworkPolicy's egress list. */
const k8s = (egress: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: edge-nginx, namespace: edge}
data:
  nginx.conf: |
    events {}
    http {
      server {
        listen 8080;
        location / { proxy_pass http://api.backend.svc.cluster.local:8080; }
      }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: edge, namespace: edge}
spec:
  selector: {matchLabels: {app: edge}}
  template:
    metadata: {labels: {app: edge}}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports: [{containerPort: 8080}]
          volumeMounts: [{name: conf, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}]
      volumes:
        - {name: conf, configMap: {name: edge-nginx}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: edge-egress, namespace: edge}
spec:
  podSelector: {matchLabels: {app: edge}}
  policyTypes: [Egress]
  egress:
${egress}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: backend}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:4.1.0
          ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: backend}
spec:
  selector: {app: api}
  ports: [{name: http, port: 8080, targetPort: http}]
`;

const TO_BACKEND = `    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: backend}}}]
      ports: [{port: 8080}]`;
const TO_DNS = `    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]`;

export default [
  {
    name: 'typo of an upstream block name, runtime unknown',
    files: { 'nginx.conf': conf('proxy_pass http://bakend;') },
    expect: ['nginx.conf:7:25'],
    fixes: ['backend'],
  },
  {
    name: 'near miss: the upstream block name',
    files: { 'nginx.conf': conf('proxy_pass http://backend;') },
    expect: [],
  },
  {
    name: 'near miss: an unrelated external host, runtime unknown',
    files: { 'nginx.conf': conf('proxy_pass https://api.github.com;') },
    expect: [],
  },
  {
    name: 'Compose: no such service on the network (variable pass, per-request failure)',
    files: {
      'docker-compose.yml': compose,
      'nginx.conf': conf('resolver 127.0.0.11 valid=10s;\n      set $target http://apii:3000;\n      proxy_pass $target;'),
    },
    expect: ['nginx.conf:8:26'],
    fixes: ['api'],
  },
  {
    name: 'near miss: Compose service name on the shared network',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('proxy_pass http://api:3000;') },
    expect: [],
  },
  {
    name: 'near miss: Kubernetes, an egress NetworkPolicy blocks DNS (the fix is in the policy: kubernetes/egress-policy-blocks-dns)',
    files: { 'k8s.yaml': k8s(TO_BACKEND) },
    expect: [],
  },
  {
    name: 'near miss: Kubernetes, the egress NetworkPolicy allows DNS and the backend',
    files: { 'k8s.yaml': k8s(`${TO_BACKEND}\n${TO_DNS}`) },
    expect: [],
  },
  {
    name: 'Kubernetes: DNS allowed, but the Service name is misspelt in nginx.conf',
    files: { 'k8s.yaml': k8s(`${TO_BACKEND}\n${TO_DNS}`).replace('http://api.backend.svc', 'http://apl.backend.svc') },
    expect: ['k8s.yaml:10:40'],
  },
  {
    name: 'near miss: an ExternalName Service pointing nowhere (the fix is in the Service: kubernetes/cross-namespace-backend)',
    files: {
      'k8s.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: proxy, namespace: edge}
data:
  default.conf: |
    server {
      listen 8080;
      location / {
        proxy_pass http://api-ext:8080;
      }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: proxy, namespace: edge}
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
      volumes: [{name: conf, configMap: {name: proxy}}]
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
        image: myrepo/api:1
        ports: [{containerPort: 8080}]
        readinessProbe: {tcpSocket: {port: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: api-ext, namespace: edge}
spec:
  type: ExternalName
  externalName: apix.shop.svc.cluster.local
`,
    },
    expect: [],
  },
  {
    name: 'SWAG: the app runs on the VPN container network (network_mode service:gluetun), so its own name does not resolve',
    // SWAG's own includes live in its image, not in the project.
    inputProblems: [/proxy\.conf" not found/, /resolver\.conf" not found/],
    files: {
      'docker-compose.yml':
        'services:\n  swag:\n    image: lscr.io/linuxserver/swag:latest\n    volumes:\n      - ./swag:/config\n  gluetun:\n    image: qmcgaw/gluetun:v3\n  qbittorrent:\n    image: lscr.io/linuxserver/qbittorrent:latest\n    network_mode: "service:gluetun"\n',
      'swag/nginx/proxy-confs/qbittorrent.subdomain.conf':
        'server {\n    listen 443 ssl;\n    location / {\n        include /config/nginx/proxy.conf;\n        include /config/nginx/resolver.conf;\n        set $upstream_app qbittorrent;\n        set $upstream_port 8080;\n        set $upstream_proto http;\n        proxy_pass $upstream_proto://$upstream_app:$upstream_port;\n    }\n}\n',
    },
    expect: ['swag/nginx/proxy-confs/qbittorrent.subdomain.conf:6:27'],
    fixes: ['gluetun'],
  },
] satisfies RuleCase[];
