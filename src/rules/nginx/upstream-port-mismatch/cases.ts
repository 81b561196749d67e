import type { RuleCase } from '../../rule-case.js';

const compose = `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
  api:
    image: node:20-alpine
    command: node server.js
    expose:
      - "3000"
`;

const conf = (location: string) => `events {}
http {
  server {
    listen 80;
    location / {
      ${location}
    }
  }
}
`;

const k8s = (url: string, targetPort: number | string = 8080) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: gateway
data:
  nginx.conf: |
    events {}
    http {
      server {
        listen 80;
        location / { proxy_pass ${url}; }
      }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway
spec:
  selector: {matchLabels: {app: gateway}}
  template:
    metadata: {labels: {app: gateway}}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          volumeMounts: [{name: conf, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}]
      volumes:
        - {name: conf, configMap: {name: gateway}}
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: ${targetPort}}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:2.0
          ports: [{name: http, containerPort: 8080}]
`;

export default [
  {
    name: 'Kubernetes: the container port used instead of the Service port',
    files: { 'k8s.yaml': k8s('http://api:8080') },
    expect: ['k8s.yaml:11:44'],
    fixes: ['80'],
  },
  {
    name: 'near miss: Kubernetes Service port',
    files: { 'k8s.yaml': k8s('http://api:80') },
    expect: [],
  },
  {
    name: 'near miss: the Service port is right but its targetPort is not a container port (the fix is in the Service: kubernetes/target-port-not-in-pods)',
    files: { 'k8s.yaml': k8s('http://api:80', 3000) },
    expect: [],
  },
  {
    name: 'proxy_pass without a port means 80 (G2): the fix writes the container port',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('proxy_pass http://api;') },
    expect: ['nginx.conf:6:25'],
    fixes: [':3000'],
  },
  {
    name: 'explicit wrong port',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('proxy_pass http://api:8080/;') },
    expect: ['nginx.conf:6:29'],
    fixes: ['3000'],
  },
  {
    name: 'near miss: the right port',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('proxy_pass http://api:3000/;') },
    expect: [],
  },
  {
    name: 'near miss: no Compose file, so where nginx runs is unknown',
    files: { 'nginx.conf': conf('proxy_pass http://api:8080/;') },
    expect: [],
  },
  {
    name: 'near miss: resolver + variable pointing at the right port',
    files: { 'docker-compose.yml': compose, 'nginx.conf': conf('resolver 127.0.0.11 valid=10s;\n      set $api http://api:3000;\n      proxy_pass $api;') },
    expect: [],
  },
  {
    name: 'near miss: the port belongs to a container sharing the network of the one named (qBittorrent behind gluetun)',
    // SWAG's own includes live in its image, not in the project.
    inputProblems: [/proxy\.conf" not found/, /resolver\.conf" not found/],
    files: {
      'docker-compose.yml':
        'services:\n  swag:\n    image: lscr.io/linuxserver/swag:latest\n    volumes:\n      - ./swag:/config\n  gluetun:\n    image: qmcgaw/gluetun:v3\n  qbittorrent:\n    image: lscr.io/linuxserver/qbittorrent:latest\n    network_mode: "service:gluetun"\n'
          .replace('qmcgaw/gluetun:v3\\n', 'qmcgaw/gluetun:v3\\n    ports: ["8888:8888"]\\n')
          .replace('lscr.io/linuxserver/qbittorrent:latest', 'example/torrent:1'),
      'swag/nginx/proxy-confs/qbittorrent.subdomain.conf':
        'server {\n    listen 443 ssl;\n    location / {\n        include /config/nginx/proxy.conf;\n        include /config/nginx/resolver.conf;\n        set $upstream_app gluetun;\n        set $upstream_port 8080;\n        set $upstream_proto http;\n        proxy_pass $upstream_proto://$upstream_app:$upstream_port;\n    }\n}\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
