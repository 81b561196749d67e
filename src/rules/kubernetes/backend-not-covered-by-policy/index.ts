import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { selectorMatches } from '../../../inputs/kubernetes/labels.js';
import type { Workload } from '../../../inputs/kubernetes/model.js';
import { isolatingPolicies } from '../../../inputs/kubernetes/network-policy.js';
import { reachedServices } from '../../../inputs/kubernetes/topology.js';
import { withEdits } from '../../example-edits.js';
import { ingress, service } from '../examples.js';

const problem = {
  description:
    'Namespace `shop` isolates its database with a NetworkPolicy, but the `api` pods the Ingress routes to are selected by none: they accept connections from any pod in the cluster.',
  files: {
    'k8s/api.yaml': `apiVersion: apps/v1
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
        tier: backend
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:2.4.1
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: http
---
${service({
  name: 'api',
  namespace: 'shop',
  ports: `- name: http
  port: 80
  targetPort: http
`,
})}---
${ingress({ name: 'api', namespace: 'shop', host: 'api.shop.example.com', service: 'api', port: 'name: http' })}`,
    'k8s/postgres.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
  namespace: shop
spec:
  serviceName: postgres
  selector:
    matchLabels:
      app: postgres
  template:
    metadata:
      labels:
        app: postgres
    spec:
      containers:
        - name: postgres
          image: postgres:16
          ports:
            - name: pg
              containerPort: 5432
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: postgres-from-api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: postgres
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - port: 5432
`,
  },
};

export default defineRule({
  id: 'kubernetes/backend-not-covered-by-policy',
  domain: 'kubernetes',
  cause: 'other',
  severity: 'info',
  title: 'Proxied backend selected by no NetworkPolicy in a namespace that isolates other pods',
  catalog: ['D4'],
  docs: {
    why: 'Pods no NetworkPolicy selects accept traffic from everywhere. That is not a connectivity failure — the proxy reaches them — but in a namespace that already isolates some of its pods it is usually an oversight: the backend the proxy exposes is the one pod left open to the whole cluster, and the day someone adds a namespace-wide default-deny, the proxy path breaks unless an allow rule for the proxy is written at the same time. Reported as information, only for pods a proxy route leads to, and only where another NetworkPolicy in the same namespace shows that isolation is intended.',
    problem,
    fixed: withEdits(
      problem,
      [
        {
          file: 'k8s/postgres.yaml',
          replace: `      ports:
        - port: 5432
`,
          with: `      ports:
        - port: 5432
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-from-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
      ports:
        - port: 8080
`,
        },
      ],
      'An ingress NetworkPolicy for the api pods admits only the ingress controller namespace on the container port.',
    ),
    remediation:
      'Add a NetworkPolicy selecting the backend pods that admits the proxy (its namespace and pod labels) on the container port — or a namespace-wide default-deny plus that allow rule.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation',
      'https://github.com/derailed/popeye',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    if (k.networkPolicies.length === 0) return;
    const reported = new Set<Workload>();
    for (const service of reachedServices(k)) {
      if (!service.selector) continue;
      for (const workload of backendsOf(k.index.workloadsSelectedBy(service.selector, service.object.namespace))) {
        const namespace = workload.object.namespace;
        // An unspecified namespace could be any namespace: nothing to compare with.
        if (namespace === undefined || reported.has(workload) || k.index.isIncomplete(namespace)) continue;
        if (isolatingPolicies(k, workload, 'Ingress').length > 0 || isolatingPolicies(k, workload, 'Egress').length > 0) continue;
        const isolating = k.networkPolicies.filter(
          (p) =>
            p.object.namespace === namespace &&
            p.policyTypes.includes('Ingress') &&
            k.index.workloadsIn(namespace).some((w) => w.object.namespace === namespace && selectorMatches(p.podSelector, w.template.labels)),
        );
        if (isolating.length === 0) continue;
        reported.add(workload);
        ctx.report({
          message: `${describe(workload.object)}, behind ${describe(service.object)} which a proxy routes to, is selected by no NetworkPolicy while NetworkPolic${isolating.length === 1 ? 'y' : 'ies'} ${isolating.map((p) => `\`${p.object.name}\``).join(', ')} isolate${isolating.length === 1 ? 's' : ''} other pods of namespace \`${namespace}\`: it accepts connections from any pod in the cluster`,
          at: workload.template.labelsAt,
          related: isolating.map((p) => ({ at: p.podSelector.at, message: `NetworkPolicy \`${p.object.name}\` selects other pods` })),
        });
      }
    }
  },
});

/** Live Pods and ReplicaSets of a `kubectl get` dump stand for their Deployment: report the controller once. */
function backendsOf(selected: readonly Workload[]): Workload[] {
  const owned = (w: Workload) => Array.isArray((w.object.value.metadata as { ownerReferences?: unknown } | undefined)?.ownerReferences);
  const controllers = selected.filter((w) => !owned(w));
  return controllers.length > 0 ? controllers : [...selected];
}
