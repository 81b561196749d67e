import { describe, expect, it } from 'vitest';
import type { ProxyNode, UpstreamTarget } from '../../../src/evidence/topology/model.js';
import { topologyOf, yamlDocs } from './helpers.js';

const cluster = yamlDocs(
  `apiVersion: v1
kind: Namespace
metadata: {name: backend}`,
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: edge, namespace: edge}
spec:
  selector: {matchLabels: {app: edge}}
  template:
    metadata: {labels: {app: edge}}
    spec:
      containers:
        - {name: nginx, image: "nginx:1.27", ports: [{containerPort: 8080}], volumeMounts: [{name: conf, mountPath: /etc/nginx/conf.d}]}
        - {name: oauth, image: "example/oauth2-proxy:7", ports: [{name: oauth, containerPort: 9000}]}
      volumes: [{name: conf, configMap: {name: edge-conf}}]`,
  `apiVersion: v1
kind: Service
metadata: {name: local-api, namespace: edge}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]`,
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: backend}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "example/api:1", ports: [{name: http, containerPort: 8080}]}]`,
  `apiVersion: v1
kind: Service
metadata: {name: api, namespace: backend}
spec:
  clusterIP: 10.96.5.5
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: http}]`,
  `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: backend}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: pg, image: "postgres:16", ports: [{name: pg, containerPort: 5432}]}]`,
  `apiVersion: v1
kind: Service
metadata: {name: db, namespace: backend}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432}]`,
  `apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: backend}
spec:
  type: ExternalName
  externalName: api.backend.svc.cluster.local`,
  `apiVersion: v1
kind: Service
metadata: {name: vm, namespace: backend}
spec:
  ports: [{name: http, port: 80, targetPort: 8080}]`,
  `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: vm-1, namespace: backend, labels: {kubernetes.io/service-name: vm}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints: [{addresses: [10.1.2.3]}]`,
  `apiVersion: v1
kind: Service
metadata: {name: orphan, namespace: backend}
spec:
  selector: {app: gone}
  ports: [{port: 80}]`,
);

const edge: ProxyNode = {
  id: 'nginx',
  product: 'nginx',
  label: 'nginx',
  runtime: { platform: 'kubernetes', id: 'k8s:edge/Deployment/edge', label: 'Deployment edge' },
};

function resolve(text: string) {
  const [host, port] = text.startsWith('[') ? [text.slice(1, text.indexOf(']')), text.slice(text.indexOf(']') + 2)] : text.split(':');
  const target: UpstreamTarget = { id: 't', proxyId: 'nginx', host: host!, text, at: { file: 'nginx.conf', line: 1, column: 1 } };
  if (port) target.port = Number(port);
  const { topology } = topologyOf({ 'cluster.yaml': cluster }, { proxies: [edge], targets: [target] });
  const path = topology.paths[0]!;
  const last = path.steps.at(-1);
  return `${path.status}${path.problem ? ` ${path.problem.cause}` : ''}${path.listen ? ` → ${path.listen.port}` : ''}${path.status === 'unknown' && last ? ` (${last.text})` : ''}`;
}

describe('resolving proxy targets from a pod (cluster DNS in every form)', () => {
  const cases: [target: string, expected: string][] = [
    ['api.backend.svc.cluster.local:80', 'resolved → 8080'],
    ['api.backend.svc.cluster.local.:80', 'resolved → 8080'],
    ['api.backend.svc:80', 'resolved → 8080'],
    ['api.backend:80', 'resolved → 8080'],
    ['10.96.5.5:80', 'resolved → 8080'],
    ['db-0.db.backend.svc.cluster.local:5432', 'resolved → 5432'],
    ['db.backend:5432', 'resolved → 5432'],
    ['legacy.backend:80', 'resolved → 8080'],
    ['vm.backend:80', 'resolved'],
    ['127.0.0.1:9000', 'resolved → 9000'],
    // near misses
    ['api:80', 'broken dns-failure'],
    // a Service in the proxy's namespace selecting pods of another namespace has no endpoints
    ['local-api:80', 'broken no-endpoints'],
    ['api.backend.svc.cluster.local:8080', 'broken port-mismatch'],
    ['orphan.backend:80', 'broken no-endpoints'],
    ['localhost:7000', 'broken wrong-host-localhost'],
    ['api.nowhere.svc.cluster.local:80', 'unknown (namespace `nowhere` is not part of the input)'],
    ['kubernetes.default.svc:443', 'unknown (the Kubernetes API server)'],
    ['example.com:443', 'unknown (example.com:443)'],
  ];
  it.each(cases)('%s', (target, expected) => {
    expect(resolve(target)).toBe(expected);
  });

  it('says which port to use when the target is the container port', () => {
    const target: UpstreamTarget = {
      id: 't',
      proxyId: 'nginx',
      host: 'api.backend',
      port: 8080,
      text: 'api.backend:8080',
      at: { file: 'n', line: 1, column: 1 },
    };
    const { topology } = topologyOf({ 'cluster.yaml': cluster }, { proxies: [edge], targets: [target] });
    expect(topology.paths[0]!.problem?.reason).toMatch(/8080 is its targetPort \(the container port\): use the Service port 80/);
  });

  it('adds Services and workloads as backends, with selects edges', () => {
    const { topology } = topologyOf({ 'cluster.yaml': cluster });
    expect(topology.backends.find((b) => b.id === 'k8s:backend/Service/api')?.listens.map((l) => `${l.port} ${l.source}`)).toEqual(['80 Service port']);
    expect(topology.backends.find((b) => b.id === 'k8s:edge/Deployment/edge')?.listens.map((l) => l.port)).toEqual([8080, 9000]);
    expect(topology.edges.filter((e) => e.kind === 'selects').map((e) => `${e.from} → ${e.to} ${e.status}`)).toContain(
      'k8s:backend/Service/api → k8s:backend/Deployment/api resolved',
    );
    expect(topology.edges.find((e) => e.from === 'k8s:backend/Service/orphan')?.status).toBe('broken');
  });
});

describe('locating a proxy config held in a ConfigMap', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: edge, namespace: edge}
spec:
  selector: {matchLabels: {app: edge}}
  template:
    metadata: {labels: {app: edge}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27", volumeMounts: [{name: conf, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}]}]
      volumes: [{name: conf, configMap: {name: edge-conf}}]`;
  const conf = 'events {}\nhttp { server { location / { proxy_pass http://api:80; } } }\n';
  const proxy = (configFile: string, line = 1): ProxyNode => ({
    id: 'p',
    product: 'nginx',
    label: 'nginx',
    configFile,
    at: { file: configFile, line, column: 1 },
  });
  const runtimeOf = (files: Record<string, string>, p: ProxyNode) => topologyOf(files, { proxies: [p], targets: [] }).topology.proxies[0]!.runtime?.id;

  it('embedded in the ConfigMap YAML (the proxy position is inside the data value)', () => {
    const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: edge-conf, namespace: edge}\ndata:\n  nginx.conf: |\n    events {}\n    http { server { location / { proxy_pass http://api:80; } } }\n`;
    const files = { 'k8s/edge.yaml': yamlDocs(deployment, configMap) };
    const line = files['k8s/edge.yaml'].split('\n').findIndex((l) => l.includes('proxy_pass')) + 1;
    expect(runtimeOf(files, proxy('k8s/edge.yaml', line))).toBe('k8s:edge/Deployment/edge');
  });

  it('generated by kustomize from the file (configMapGenerator)', () => {
    const files = {
      'k8s/kustomization.yaml': 'resources: [edge.yaml]\nconfigMapGenerator:\n  - name: edge-conf\n    files: [nginx.conf]\n',
      'k8s/edge.yaml': deployment,
      'k8s/nginx.conf': conf,
    };
    expect(runtimeOf(files, proxy('k8s/nginx.conf'))).toBe('k8s:edge/Deployment/edge');
  });

  it('a copy of the file in a ConfigMap', () => {
    const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: edge-conf, namespace: edge}\ndata:\n  nginx.conf: ${JSON.stringify(conf)}\n`;
    const files = { 'k8s/edge.yaml': yamlDocs(deployment, configMap), 'nginx/nginx.conf': conf };
    expect(runtimeOf(files, proxy('nginx/nginx.conf'))).toBe('k8s:edge/Deployment/edge');
  });

  it('not when no workload mounts the ConfigMap, nor for a different file', () => {
    const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: edge}\ndata:\n  nginx.conf: ${JSON.stringify(conf)}\n`;
    expect(runtimeOf({ 'k8s/edge.yaml': yamlDocs(deployment, configMap), 'nginx/nginx.conf': conf }, proxy('nginx/nginx.conf'))).toBeUndefined();
    expect(runtimeOf({ 'k8s/edge.yaml': deployment, 'nginx/nginx.conf': conf }, proxy('nginx/nginx.conf'))).toBeUndefined();
  });
});

describe('problem.fixIn on Kubernetes paths', () => {
  it("is 'kubernetes' for breaks in Kubernetes objects, unset for breaks in the proxy config", () => {
    const pathOf = (text: string) => {
      const [host, port] = text.split(':');
      const target: UpstreamTarget = { id: 't', proxyId: 'nginx', host: host!, port: Number(port), text, at: { file: 'nginx.conf', line: 1, column: 1 } };
      return topologyOf({ 'cluster.yaml': cluster }, { proxies: [edge], targets: [target] }).topology.paths[0]!;
    };
    const orphan = pathOf('orphan.backend:80');
    expect(orphan.status).toBe('broken');
    expect(orphan.problem?.fixIn).toBe('kubernetes');
    expect(pathOf('api.backend:8080').problem?.fixIn).toBeUndefined();
    expect(pathOf('localhost:7000').problem?.fixIn).toBeUndefined();
    expect(pathOf('api.backend:80').problem?.fixIn).toBeUndefined();
  });
});
