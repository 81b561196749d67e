import { describe, expect, it } from 'vitest';
import { parseFiles, yamlDocs } from './helpers.js';

/** 1-based line of the n-th line containing `needle` (positions asserted against the text, not hand-counted). */
function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i]!.includes(needle) && ++seen === occurrence) return i + 1;
  throw new Error(`${needle} not found`);
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      initContainers:
        - name: migrate
          image: example/api:1
        - name: proxy
          image: example/proxy:1
          restartPolicy: Always
          ports:
            - name: proxy
              containerPort: 4180
      containers:
        - name: api
          image: example/api:1
          args: ["--port=3000"]
          env:
            - name: PORT
              value: "3000"
          ports:
            - name: http
              containerPort: 3000
          readinessProbe:
            httpGet:
              path: /ready
              port: http
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: http
    - port: 9000
`;

describe('Kubernetes parser', () => {
  it('reads every document with positions for the values rules cite', () => {
    const text = yamlDocs(deployment, service);
    const { facts, problems } = parseFiles({ 'k8s/api.yaml': text });
    expect(problems).toEqual([]);
    expect(facts.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}@${o.at.line}`)).toEqual([
      'Deployment/shop/api@4',
      `Service/shop/api@${lineOf(text, 'kind: Service') + 2}`,
    ]);
    const [workload] = facts.workloads;
    expect(workload!.replicas).toBe(2);
    expect(workload!.template.labels).toEqual({ app: 'api' });
    expect(workload!.template.labelAt.app).toMatchObject({ file: 'k8s/api.yaml', line: lineOf(text, 'app: api', 2), column: 14 });
    const roles = workload!.template.containers.map((c) => `${c.name}:${c.role}`);
    expect(roles).toEqual(['api:main', 'migrate:init', 'proxy:sidecar']);
    const api = workload!.template.containers[0]!;
    expect(api.ports[0]!.containerPort).toMatchObject({ value: 3000, at: { line: lineOf(text, 'containerPort: 3000'), column: 30 } });
    expect(api.readinessProbe).toMatchObject({
      handler: 'http',
      port: { value: 'http', at: { line: lineOf(text, 'port: http'), column: 21 } },
      path: '/ready',
    });
    expect(api.env[0]!.value).toMatchObject({ value: '3000', at: { line: lineOf(text, 'value: "3000"'), column: 22 } });
    expect(api.args.map((a) => a.value)).toEqual(['--port=3000']);
    const svc = facts.services[0]!;
    expect(svc.selector!.matchLabels).toEqual({ app: 'api' });
    expect(svc.ports.map((p) => [p.name?.value, p.port, p.targetPort?.value])).toEqual([
      ['http', 80, 'http'],
      [undefined, 9000, undefined],
    ]);
    const line = lineOf(text, 'targetPort: http');
    expect(svc.ports[0]!.targetPort!.at).toMatchObject({ line, column: 19, endLine: line, endColumn: 23 });
  });

  it('opens List kinds (kubectl get -o yaml / -o json) with positions inside the items', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: web
      namespace: shop
    spec:
      selector: {app: web}
      ports: [{port: 80, targetPort: 8080}]
  - apiVersion: v1
    kind: ServiceList
    metadata: {}
`;
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'ServiceList',
        items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'data' }, spec: { ports: [{ port: 5432 }] } }],
      },
      null,
      2,
    );
    const { facts } = parseFiles({ 'list.yaml': list, 'list.json': json });
    expect(facts.services.map((s) => `${s.object.namespace}/${s.object.name}`)).toEqual(['shop/web', 'data/db']);
    expect(facts.services[0]!.object.at).toMatchObject({ file: 'list.yaml', line: 7, column: 13 });
    expect(facts.services[0]!.object.startLine).toBe(4);
    expect(facts.services[0]!.ports[0]!.targetPort).toMatchObject({ value: 8080, at: { line: 11, column: 38 } });
    expect(facts.services[1]!.object.at.file).toBe('list.json');
  });

  it('keeps the Helm template each object was rendered from, and skips empty documents', () => {
    const rendered = `---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: shop-web
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
# Source: shop/templates/disabled.yaml
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "example/web:1"}]
`;
    const { facts, problems } = parseFiles({ 'rendered.yaml': rendered });
    expect(problems).toEqual([]);
    expect(facts.objects.map((o) => `${o.kind} ${o.helmSource}`)).toEqual(['Service shop/templates/service.yaml', 'Deployment shop/templates/deployment.yaml']);
    expect(facts.objects.every((o) => o.namespace === undefined)).toBe(true);
  });

  it('reports unrendered template residue, skips that object, and keeps reading the rest', () => {
    const text = yamlDocs(
      service,
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: "{{ .Values.app }}"
    spec:
      containers: [{name: web, image: "example/web:1"}]`,
    );
    const { facts, problems } = parseFiles({ 'half-rendered.yaml': text });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/Deployment `web` still contains template syntax/);
    expect(problems[0]!.at).toMatchObject({ file: 'half-rendered.yaml', line: lineOf(text, '{{ .Values.app }}') });
    expect(facts.workloads).toEqual([]);
    expect(facts.services).toHaveLength(1);
    expect(facts.index.isIncomplete('shop')).toBe(true);
    expect(facts.index.isIncomplete('other')).toBe(false);
  });

  it('survives broken YAML: the broken document is reported by the loader, the others are read', () => {
    const text = `${service}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: broken\n  namespace: data\n spec: [\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: after}\n`;
    const { facts, problems } = parseFiles({ 'mixed.yaml': text, 'notes.yaml': 'just: a map\nwithout: kind\n', 'scalar.yaml': 'kind: 3\n---\n- a\n- b\n' });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.at.file === 'mixed.yaml')).toBe(true);
    expect(facts.objects.map((o) => o.name)).toEqual(['api', 'after']);
    expect(facts.index.isIncomplete('data')).toBe(true);
  });

  it('turns the updoc.dev/ignore annotation into a suppressed line range', () => {
    const annotated = service.replace(
      '  namespace: shop\n',
      '  namespace: shop\n  annotations:\n    updoc.dev/ignore: "kubernetes/invalid-port, kubernetes/target-port-not-in-pods"\n',
    );
    const all = service.replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    updoc.dev/ignore: ""\n').replace('name: api', 'name: other');
    const text = yamlDocs(annotated, all);
    const { suppressions } = parseFiles({ 's.yaml': text });
    const separator = lineOf(text, '---');
    expect(suppressions).toEqual([
      { file: 's.yaml', fromLine: 1, toLine: separator - 1, rules: ['kubernetes/invalid-port', 'kubernetes/target-port-not-in-pods'] },
      { file: 's.yaml', fromLine: separator + 1, toLine: text.split('\n').length - 1, rules: [] },
    ]);
  });

  it('applies a kustomization namespace to the files it includes, drops patches, and reads configMapGenerator files', () => {
    const { facts } = parseFiles({
      'overlays/prod/kustomization.yaml':
        'namespace: prod\nresources:\n  - ../../base\npatches:\n  - path: replicas.yaml\nconfigMapGenerator:\n  - name: proxy-conf\n    files:\n      - nginx.conf\n',
      'overlays/prod/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 5\n',
      'overlays/prod/nginx.conf': 'events {}\nhttp { server { location / { proxy_pass http://api:80; } } }\n',
      'base/kustomization.yaml': 'resources:\n  - api.yaml\n',
      'base/api.yaml': yamlDocs(deployment.replace('  namespace: shop\n', ''), service.replace('  namespace: shop\n', '')),
      'other/loose.yaml': service.replace('  namespace: shop\n', ''),
    });
    expect(facts.objects.map((o) => `${o.file} ${o.kind} ${o.namespace ?? '-'} ${o.namespaceFrom ?? '-'}`)).toEqual([
      'base/api.yaml Deployment prod kustomization',
      'base/api.yaml Service prod kustomization',
      'other/loose.yaml Service - -',
    ]);
    expect(facts.workloads[0]!.replicas).toBe(2);
    const generated = facts.configMaps.find((c) => c.name === 'proxy-conf')!;
    expect(generated.namespace).toBe('prod');
    expect(generated.entries.map((e) => [e.key, e.file, e.looksLike])).toEqual([['nginx.conf', 'overlays/prod/nginx.conf', 'nginx']]);
  });

  it('keeps a base used by two overlays with different namespaces unspecified', () => {
    const { facts } = parseFiles({
      'overlays/a/kustomization.yaml': 'namespace: a\nresources: [../../base]\n',
      'overlays/b/kustomization.yaml': 'namespace: b\nresources: [../../base]\n',
      'base/kustomization.yaml': 'resources: [svc.yaml]\n',
      'base/svc.yaml': service.replace('  namespace: shop\n', ''),
    });
    expect(facts.services[0]!.object.namespace).toBeUndefined();
  });

  it('reads pod templates of every workload kind, including CRDs shaped like Deployments', () => {
    const pod = (spec: string) => `    spec:\n      containers: [{name: c, image: "x:1", ports: [{containerPort: 80}]}]\n${spec}`;
    const text = yamlDocs(
      `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: nightly}}\n        spec:\n          containers: [{name: c, image: "x:1"}]`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  labels: {app: debug}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: "x:1"}]`,
      `apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet\nmetadata: {name: clone}\nspec:\n  selector: {matchLabels: {app: clone}}\n  template:\n    metadata: {labels: {app: clone}}\n${pod('')}`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: base}\nspec:\n  selector: {matchLabels: {app: base}}\n  template:\n    metadata: {labels: {app: base}}\n${pod('')}`,
      `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: rollout}\nspec:\n  replicas: 4\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: base}`,
      `apiVersion: v1\nkind: PodTemplate\nmetadata: {name: not-running}\ntemplate:\n  metadata: {labels: {app: x}}\n  spec:\n    containers: [{name: c, image: "x:1"}]`,
    );
    const { facts } = parseFiles({ 'w.yaml': text });
    expect(facts.workloads.map((w) => `${w.object.kind}:${w.template.labels.app}:${w.template.containers.length}`)).toEqual([
      'CronJob:nightly:1',
      'Pod:debug:1',
      'CloneSet:clone:1',
      'Deployment:base:1',
      'Rollout:base:1',
    ]);
    expect(facts.workloads[1]!.template.hostNetwork).toBe(true);
    expect(facts.workloads[4]!.replicas).toBe(4);
  });

  it('maps a ConfigMap block literal onto file lines, and reads mesh config from the istio ConfigMap', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: edge
  namespace: edge
data:
  nginx.conf: |
    events {}
    http {
      server { location / { proxy_pass http://api.shop:80; } }
    }
  other: plain value
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: istio
  namespace: istio-system
data:
  mesh: |-
    rootNamespace: istio-config
    outboundTrafficPolicy:
      mode: REGISTRY_ONLY
`;
    const { facts } = parseFiles({ 'cm.yaml': text });
    const entry = facts.configMaps[0]!.entries[0]!;
    expect(entry).toMatchObject({ key: 'nginx.conf', line: 8, column: 5, exactLines: true, looksLike: 'nginx' });
    expect(text.split('\n')[entry.line - 1 + 2]!.slice(entry.column - 1)).toBe(entry.text.split('\n')[2]);
    expect(facts.configMaps[0]!.entries[1]).toMatchObject({ key: 'other', exactLines: false, looksLike: 'other' });
    expect(facts.istio.mesh.rootNamespace).toBe('istio-config');
    expect(facts.istio.mesh.outboundTrafficPolicy?.value).toBe('REGISTRY_ONLY');
  });

  it('reads Ingress (v1 and v1beta1), Gateway API and Istio objects', () => {
    const text = yamlDocs(
      `apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: old\n  annotations: {kubernetes.io/ingress.class: nginx}\nspec:\n  backend: {serviceName: web, servicePort: http}\n  rules:\n    - host: a.example.com\n      http:\n        paths: [{path: /x, backend: {serviceName: api, servicePort: 8080}}]`,
      `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: web}\nspec:\n  parentRefs: [{name: gw, namespace: infra}]\n  rules:\n    - matches: [{path: {type: PathPrefix, value: /api}}]\n      backendRefs: [{name: api, namespace: backend, port: 80}, {group: example.com, kind: Bucket, name: b}]`,
      `apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: vs}\nspec:\n  hosts: [reviews]\n  http:\n    - route: [{destination: {host: reviews, subset: v1, port: {number: 9080}}}]\n      mirror: {host: reviews-shadow}\n  tcp:\n    - route: [{destination: {host: db, port: {number: 5432}}}]`,
      `apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: pa, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  mtls: {mode: strict}\n  portLevelMtls:\n    8080: {mode: PERMISSIVE}`,
    );
    const { facts } = parseFiles({ 'x.yaml': text });
    expect(facts.ingresses[0]!.classAnnotation?.value).toBe('nginx');
    expect(facts.ingresses[0]!.backends.map((b) => `${b.route} → ${b.serviceName?.value}:${b.port?.value}`)).toEqual([
      'default backend → web:http',
      'host a.example.com, path /x → api:8080',
    ]);
    const route = facts.gatewayApi.routes[0]!;
    expect(route.parentRefs.map((p) => `${p.namespace}/${p.name}`)).toEqual(['infra/gw']);
    expect(route.backends.map((b) => `${b.kind}:${b.namespace?.value ?? '-'}/${b.name.value}:${b.port?.value ?? '-'} ${b.route}`)).toEqual([
      'Service:backend/api:80 rules[0] (path /api)',
      'Bucket:-/b:- rules[0] (path /api)',
    ]);
    expect(facts.istio.virtualServices[0]!.destinations.map((d) => `${d.route} ${d.host.value}`)).toEqual([
      'http[0].route[0] reviews',
      'http[0].mirror reviews-shadow',
      'tcp[0].route[0] db',
    ]);
    expect(facts.istio.peerAuthentications[0]).toMatchObject({ mode: { value: 'STRICT' }, portLevel: [{ port: 8080, mode: { value: 'PERMISSIVE' } }] });
  });
});
