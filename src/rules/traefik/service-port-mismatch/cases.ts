import type { RuleCase } from '../../rule-case.js';
import { dynamicYaml, traefikService } from '../examples.js';

const app = (ports: string) => `${traefikService()}  app:\n    image: ghcr.io/example/shop:1.8\n${ports}`;

export default [
  {
    name: 'a file-provider URL on the wrong port',
    files: { 'docker-compose.yml': app('    expose:\n      - "3000"\n'), 'traefik/dynamic/shop.yml': dynamicYaml('http://app:8080/') },
    expect: ['traefik/dynamic/shop.yml:11:30'],
    fixes: ['3000'],
  },
  {
    name: 'the same in TOML',
    files: {
      'docker-compose.yml': app('    expose:\n      - "3000"\n'),
      'traefik/dynamic/shop.toml':
        '[http.routers.app]\n  rule = "Host(`shop.example.com`)"\n  service = "app"\n\n[[http.services.app.loadBalancer.servers]]\n  url = "http://app:8080"\n',
    },
    expect: ['traefik/dynamic/shop.toml:6:21'],
    fixes: ['3000'],
  },
  {
    name: 'near miss: the container port of a "8080:3000" mapping in the label',
    files: {
      'docker-compose.yml': app(
        '    ports:\n      - "8080:3000"\n    labels:\n      - traefik.http.routers.app.rule=Host(`shop.example.com`)\n      - traefik.http.services.app.loadbalancer.server.port=3000\n',
      ),
    },
    expect: [],
  },
  {
    name: 'near miss: no port label, the only exposed port is the one it listens on',
    files: { 'docker-compose.yml': app('    expose:\n      - "3000"\n    labels:\n      traefik.http.routers.app.rule: Host(`shop.example.com`)\n') },
    expect: [],
  },
  {
    name: 'Kubernetes IngressRoute naming the container port instead of the Service port',
    files: { 'k8s/shop.yaml': ingressRoute('8080') },
    expect: ['k8s/shop.yaml:13:17'],
    fixes: ['80'],
  },
  {
    name: 'near miss: IngressRoute with the Service port by name',
    files: { 'k8s/shop.yaml': ingressRoute('http') },
    expect: [],
  },
] satisfies RuleCase[];

function ingressRoute(port: string): string {
  return `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: shop
  namespace: shop
spec:
  entryPoints: [websecure]
  routes:
    - match: Host(\`shop.example.com\`)
      kind: Rule
      services:
        - name: web
          port: ${port}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: { app: web }
  ports:
    - name: http
      port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:1.0
          ports: [{ containerPort: 8080 }]
`;
}
