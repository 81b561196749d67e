import { describe, expect, it } from 'vitest';
import { lintProject } from '../../helpers/lint-project.js';

const api = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:4
          ports: [{name: http, containerPort: 3000}]
          readinessProbe: {httpGet: {path: /ready, port: http}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: http}]
`;

const edge = (upstream: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: edge-nginx, namespace: edge}
data:
  nginx.conf: |
    events {}
    http {
      server {
        listen 8080;
        location / { proxy_pass http://${upstream}; }
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
      volumes: [{name: conf, configMap: {name: edge-nginx}}]
`;

describe('Kubernetes through the whole engine', () => {
  it('follows an nginx config embedded in a ConfigMap from the workload that mounts it', async () => {
    const { facts, findings } = await lintProject({ 'k8s/api.yaml': api, 'k8s/edge.yaml': edge('api.shop.svc.cluster.local:80') });
    const path = facts.topology.paths.find((p) => p.proxy.product === 'nginx')!;
    expect(path.proxy.runtime?.id).toBe('k8s:edge/Deployment/edge');
    expect(path.status).toBe('resolved');
    expect(path.listen?.port).toBe(3000);
    expect(path.steps.map((s) => s.kind)).toEqual(['dns', 'service', 'workload', 'port']);
    expect(findings.map((f) => f.rule)).toEqual([]);
  });

  it('the same config with a short name from another namespace breaks at DNS, reported at the nginx line in the YAML', async () => {
    const { facts, findings } = await lintProject({ 'k8s/api.yaml': api, 'k8s/edge.yaml': edge('api:80') });
    const path = facts.topology.paths.find((p) => p.proxy.product === 'nginx')!;
    expect(path.problem).toMatchObject({ cause: 'dns-failure' });
    expect(path.problem?.reason).toContain('no Service `api` in namespace `edge`');
    const unresolvable = findings.filter((f) => f.cause === 'dns-failure');
    expect(unresolvable.length).toBeGreaterThan(0);
    expect(unresolvable[0]!.at).toMatchObject({ file: 'k8s/edge.yaml', line: 10 });
  });

  it('suppresses findings inside an object annotated updoc.dev/ignore, and only those', async () => {
    const broken = api.replace('targetPort: http', 'targetPort: web');
    const ignored = broken.replace(
      'metadata: {name: api, namespace: shop}\nspec:\n  selector: {app: api}',
      'metadata:\n  name: api\n  namespace: shop\n  annotations: {updoc.dev/ignore: kubernetes/target-port-not-in-pods}\nspec:\n  selector: {app: api}',
    );
    const plain = await lintProject({ 'k8s/api.yaml': broken });
    expect(plain.findings.map((f) => f.rule)).toContain('kubernetes/target-port-not-in-pods');
    const quiet = await lintProject({ 'k8s/api.yaml': ignored });
    expect(quiet.findings.map((f) => f.rule)).not.toContain('kubernetes/target-port-not-in-pods');
    expect(quiet.result.suppressed.map((s) => `${s.finding.rule} ${s.by}`)).toContain('kubernetes/target-port-not-in-pods annotation');
  });

  it('reads kubectl JSON output (a List) like YAML', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'shop' },
          spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'shop' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'x', ports: [{ containerPort: 3000 }] }] } },
          },
        },
      ],
    };
    const { findings } = await lintProject({ 'dump.json': JSON.stringify(list, null, 2) });
    const finding = findings.find((f) => f.rule === 'kubernetes/target-port-not-in-pods');
    expect(finding?.at).toMatchObject({ file: 'dump.json' });
    expect(finding?.fix?.replacement).toBe('3000');
  });
});
