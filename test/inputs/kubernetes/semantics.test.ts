import { describe, expect, it } from 'vitest';
import { parseClusterName } from '../../../src/inputs/kubernetes/cluster-dns.js';
import { selectsPodsOf } from '../../../src/inputs/kubernetes/labels.js';
import type { LabelSelector } from '../../../src/inputs/kubernetes/model.js';
import { ingressVerdict, type PodEnd } from '../../../src/inputs/kubernetes/network-policy.js';
import { containerPortFor, targetPortOf } from '../../../src/inputs/kubernetes/service-ports.js';
import { parseFiles, yamlDocs } from './helpers.js';

describe('cluster DNS names', () => {
  const known = new Set(['shop', 'data']);
  const cases: [host: string, expected: string | undefined][] = [
    ['api', 'api in (caller) short'],
    ['API', 'api in (caller) short'],
    ['api.shop', 'api in shop service.namespace'],
    ['api.shop.svc', 'api in shop service.namespace.svc'],
    ['api.shop.svc.cluster.local', 'api in shop fqdn'],
    ['api.shop.svc.cluster.local.', 'api in shop fqdn'],
    ['api.other.svc.cluster.local', 'api in other fqdn'],
    ['api.shop.svc.corp.internal', 'api in shop fqdn'],
    ['web-0.web.data.svc.cluster.local', 'web in data fqdn pod web-0'],
    // near misses
    ['api.other', undefined],
    ['api.other.svc.corp.internal', undefined],
    ['example.com', undefined],
    ['api.shop.example.com', undefined],
    ['api.', undefined],
    ['10.96.0.10', undefined],
    ['::1', undefined],
    ['localhost', undefined],
    ['api_v2', undefined],
    ['', undefined],
  ];
  it.each(cases)('%s', (host, expected) => {
    const name = parseClusterName(host, (ns) => known.has(ns));
    const shown = name ? `${name.service} in ${name.namespace ?? '(caller)'} ${name.form}${name.pod ? ` pod ${name.pod}` : ''}` : undefined;
    expect(shown).toBe(expected);
  });
});

const workloads = yamlDocs(
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {tier: frontend}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, version: v2}}
    spec:
      containers:
        - name: web
          image: example/web:1
          ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]
      initContainers:
        - name: sidecar
          image: example/envoy:1
          restartPolicy: Always
          ports: [{name: admin, containerPort: 9901}]
        - name: setup
          image: example/setup:1
          ports: [{name: setup, containerPort: 7000}]`,
  `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: pg, image: "postgres:16"}]`,
);

describe('selectors match pod template labels (plus the labels controllers add)', () => {
  const { facts } = parseFiles({ 'w.yaml': workloads });
  const [web, db] = facts.workloads;
  const selector = (matchLabels: Record<string, string>, matchExpressions: LabelSelector['matchExpressions'] = []): LabelSelector => ({
    matchLabels,
    matchExpressions,
    at: { file: 'x', line: 1, column: 1 },
    labelAt: {},
    keyAt: {},
  });
  const cases: [name: string, s: LabelSelector, target: 'web' | 'db', matches: boolean][] = [
    ['template label', selector({ app: 'web' }), 'web', true],
    ['two template labels', selector({ app: 'web', version: 'v2' }), 'web', true],
    ['Deployment metadata label only', selector({ tier: 'frontend' }), 'web', false],
    ['wrong value', selector({ app: 'web', version: 'v1' }), 'web', false],
    ['pod-template-hash is added to Deployment pods', selector({ app: 'web', 'pod-template-hash': '5d8f7c' }), 'web', true],
    ['controller-revision-hash is not a Deployment label', selector({ app: 'web', 'controller-revision-hash': 'abc' }), 'web', false],
    ['Istio adds security.istio.io/tlsMode', selector({ app: 'web', 'security.istio.io/tlsMode': 'istio' }), 'web', true],
    ['StatefulSet pod name within replicas', selector({ 'statefulset.kubernetes.io/pod-name': 'db-1' }), 'db', true],
    ['StatefulSet pod name beyond replicas', selector({ 'statefulset.kubernetes.io/pod-name': 'db-2' }), 'db', false],
    ['StatefulSet pod name of another set', selector({ 'statefulset.kubernetes.io/pod-name': 'web-0' }), 'db', false],
    ['In', selector({}, [{ key: 'version', operator: 'In', values: ['v1', 'v2'] }]), 'web', true],
    ['NotIn', selector({}, [{ key: 'version', operator: 'NotIn', values: ['v2'] }]), 'web', false],
    ['Exists', selector({}, [{ key: 'app', operator: 'Exists', values: [] }]), 'web', true],
    ['DoesNotExist', selector({}, [{ key: 'app', operator: 'DoesNotExist', values: [] }]), 'web', false],
    ['unknown operator', selector({}, [{ key: 'app', operator: 'Matches', values: ['w.*'] }]), 'web', false],
  ];
  it.each(cases)('%s', (_name, s, target, matches) => {
    expect(selectsPodsOf(s, target === 'web' ? web! : db!)).toBe(matches);
  });
});

describe('targetPort resolution (number, name, default = port; every serving container)', () => {
  const service = (ports: string) =>
    yamlDocs(workloads, `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports:\n${ports}`);
  const cases: [ports: string, expected: string][] = [
    ['    - {port: 80, targetPort: http}', 'web:8080'],
    ['    - {port: 80, targetPort: 8080}', 'web:8080'],
    ['    - {port: 8080}', 'web:8080'],
    ['    - {port: 15000, targetPort: admin}', 'sidecar:9901'],
    ['    - {port: 53, targetPort: dns, protocol: UDP}', 'web:53'],
    // near misses
    ['    - {port: 53, targetPort: dns}', 'none'],
    ['    - {port: 80}', 'none'],
    ['    - {port: 80, targetPort: setup}', 'none'],
    ['    - {port: 80, targetPort: Http}', 'none'],
    ['    - {port: 80, targetPort: "8080"}', 'invalid'],
  ];
  it.each(cases)('%s', (ports, expected) => {
    const { facts } = parseFiles({ 's.yaml': service(ports) });
    const port = facts.services[0]!.ports[0]!;
    const target = targetPortOf(port);
    if (target === undefined) return expect('invalid').toBe(expected);
    const match = containerPortFor(facts.workloads[0]!, target, port.protocol);
    expect(match && match !== 'undeclared' ? `${match.container.name}:${match.number}` : 'none').toBe(expected);
  });

  it('a number is "undeclared", not missing, when no container declares ports', () => {
    const { facts } = parseFiles({ 'w.yaml': workloads });
    expect(containerPortFor(facts.workloads[1]!, 5432)).toBe('undeclared');
    expect(containerPortFor(facts.workloads[1]!, 'pg')).toBeUndefined();
  });
});

describe('NetworkPolicy reachability', () => {
  const backend = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "example/api:1", ports: [{name: http, containerPort: 8080}]}]`;
  const namespaces = `apiVersion: v1
kind: Namespace
metadata: {name: ingress-nginx, labels: {team: platform}}`;
  const policy = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n${spec}`;
  const controller: PodEnd = { namespace: { kind: 'known', name: 'ingress-nginx' }, labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
  const undeclared: PodEnd = { namespace: { kind: 'known', name: 'gateways' }, labels: { app: 'gw' } };
  const sameNamespace: PodEnd = { namespace: { kind: 'known', name: 'shop' }, labels: { app: 'web' } };
  const unseen: PodEnd = { namespace: { kind: 'elsewhere' } };
  const loadBalancer: PodEnd = { namespace: { kind: 'outside' } };
  const allowFrom = (peer: string, ports = '      ports: [{port: http}]') =>
    policy(`  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - from:\n${peer}\n${ports}`);
  const cases: [name: string, policies: string[], source: PodEnd, expected: string][] = [
    ['no policy: not isolated', [], controller, 'allowed'],
    ['egress-only policy does not isolate ingress', [policy('  podSelector: {}\n  policyTypes: [Egress]')], controller, 'allowed'],
    ['default deny', [policy('  podSelector: {}\n  policyTypes: [Ingress]')], controller, 'denied'],
    [
      'namespace by metadata.name, named port',
      [allowFrom('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}')],
      controller,
      'allowed',
    ],
    [
      'namespace by metadata.name, port number',
      [allowFrom('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}', '      ports: [{port: 8080}]')],
      controller,
      'allowed',
    ],
    ['port range', [allowFrom('        - namespaceSelector: {}', '      ports: [{port: 8000, endPort: 8100}]')], controller, 'allowed'],
    [
      'Service port instead of pod port',
      [allowFrom('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}', '      ports: [{port: 80}]')],
      controller,
      'denied',
    ],
    ['UDP only', [allowFrom('        - namespaceSelector: {}', '      ports: [{port: 8080, protocol: UDP}]')], controller, 'denied'],
    ['declared namespace lacks the label', [allowFrom('        - namespaceSelector: {matchLabels: {name: ingress-nginx}}')], controller, 'denied'],
    ['declared namespace has the label', [allowFrom('        - namespaceSelector: {matchLabels: {team: platform}}')], controller, 'allowed'],
    ['undeclared namespace, unknown label', [allowFrom('        - namespaceSelector: {matchLabels: {team: platform}}')], undeclared, 'unknown'],
    [
      'namespace AND pod selector',
      [
        allowFrom(
          '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}\n          podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}',
        ),
      ],
      controller,
      'allowed',
    ],
    [
      'namespace OR pod selector (two peers) – pod peer is same-namespace only',
      [allowFrom('        - podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}')],
      controller,
      'denied',
    ],
    ['same-namespace pod selector', [allowFrom('        - podSelector: {matchLabels: {app: web}}')], sameNamespace, 'allowed'],
    ['two policies add up', [policy('  podSelector: {}\n  policyTypes: [Ingress]'), allowFrom('        - podSelector: {}')], sameNamespace, 'allowed'],
    [
      'unseen controller, namespace selector',
      [allowFrom('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}')],
      unseen,
      'unknown',
    ],
    ['unseen controller, only same-namespace pods admitted', [allowFrom('        - podSelector: {matchLabels: {app: api}}')], unseen, 'denied'],
    [
      'unseen controller, pod selector that matches nothing known (maybe the controller)',
      [allowFrom('        - podSelector: {matchLabels: {app: proxy}}')],
      unseen,
      'unknown',
    ],
    ['cloud load balancer, selectors only', [allowFrom('        - namespaceSelector: {}')], loadBalancer, 'denied'],
    ['cloud load balancer, ipBlock', [allowFrom('        - ipBlock: {cidr: 10.0.0.0/8}')], loadBalancer, 'unknown'],
    ['anything, empty from', [policy('  podSelector: {}\n  ingress:\n    - {}')], loadBalancer, 'allowed'],
  ];
  it.each(cases)('%s', (_name, policies, source, expected) => {
    const { facts } = parseFiles({ 'np.yaml': yamlDocs(backend, namespaces, ...policies) });
    const api = facts.workloads[0]!;
    expect(ingressVerdict(facts, api, { number: 8080, name: 'http', protocol: 'TCP' }, source).result).toBe(expected);
  });
});
