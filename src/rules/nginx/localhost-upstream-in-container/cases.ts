import type { RuleCase } from '../../rule-case.js';

const pod = (nginxConf: string, extraContainer: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-nginx
  namespace: shop
data:
  default.conf: |
${nginxConf
  .split('\n')
  .map((l) => (l === '' ? '' : `    ${l}`))
  .join('\n')}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports: [{containerPort: 80}]
          volumeMounts:
            - {name: conf, mountPath: /etc/nginx/conf.d}
${extraContainer}      volumes:
        - name: conf
          configMap: {name: web-nginx}
`;

const API = `---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector: {app: api}
  ports: [{port: 8080, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1.0
          ports: [{containerPort: 8080}]
`;

const conf = 'server {\n  listen 80;\n  location /api/ { proxy_pass http://127.0.0.1:8080; }\n}\n';

export default [
  {
    name: 'Kubernetes: localhost in the nginx pod while the API is another Deployment behind Service `api`',
    files: { 'k8s/web.yaml': pod(conf, ''), 'k8s/api.yaml': API },
    expect: ['k8s/web.yaml:10:42'],
    fixes: ['api'],
  },
  {
    name: 'near miss: the API runs as a second container of the same pod, so localhost reaches it',
    files: {
      'k8s/web.yaml': pod(conf, '        - name: api\n          image: ghcr.io/example/api:1.0\n          ports: [{containerPort: 8080}]\n'),
    },
    expect: [],
  },
  {
    name: 'near miss: no runtime known (nginx on a host), localhost may well be right',
    files: { 'nginx.conf': `events {}\nhttp {\n${conf}}\n` },
    expect: [],
  },
  {
    name: 'near miss: a bare-metal example config in docs/, while the Compose nginx mounts its own config',
    files: {
      'docker-compose.yml':
        'services:\n  nginx:\n    image: nginx:1.27\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n  api:\n    image: example/api:1\n    expose: ["8080"]\n',
      'nginx/default.conf': 'server {\n  listen 80;\n  location /api/ { proxy_pass http://api:8080; }\n}\n',
      'docs/deploy/nginx-baremetal.conf': conf,
    },
    expect: [],
  },
  {
    name: 'the only nginx service mounts no config: a config beside the Compose file is taken as its own',
    files: {
      'docker-compose.yml': 'services:\n  nginx:\n    image: nginx:1.27\n  api:\n    image: example/api:1\n    expose: ["8080"]\n',
      'nginx/default.conf': conf,
    },
    expect: ['nginx/default.conf:3:38'],
    fixes: ['api'],
  },
] satisfies RuleCase[];
