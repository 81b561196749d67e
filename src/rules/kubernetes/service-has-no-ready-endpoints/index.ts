import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { liveEndpoints } from '../../../inputs/kubernetes/queries.js';
import { withEdits } from '../../example-edits.js';

/** `kubectl get svc,endpointslices -n shop -o yaml` while every api pod fails its readiness probe. */
const problem = {
  description:
    'A `kubectl get svc,endpointslices -n shop -o yaml` dump: the Ingress routes to Service `api`, whose EndpointSlice lists both pods with `ready: false`.',
  files: {
    'dump/shop.yaml': `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: api
    namespace: shop
    resourceVersion: "48213"
  spec:
    clusterIP: 10.96.80.14
    ports:
    - name: http
      port: 80
      protocol: TCP
      targetPort: http
    selector:
      app: api
    type: ClusterIP
- apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata:
    generateName: api-
    labels:
      endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io
      kubernetes.io/service-name: api
    name: api-x7k2d
    namespace: shop
  addressType: IPv4
  endpoints:
  - addresses:
    - 10.244.1.23
    conditions:
      ready: false
      serving: false
      terminating: false
    targetRef:
      kind: Pod
      name: api-5c9d8f7b6-h2x9q
      namespace: shop
  - addresses:
    - 10.244.2.31
    conditions:
      ready: false
      serving: false
      terminating: false
    targetRef:
      kind: Pod
      name: api-5c9d8f7b6-qm4tz
      namespace: shop
  ports:
  - name: http
    port: 8080
    protocol: TCP
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: api
    namespace: shop
  spec:
    ingressClassName: nginx
    rules:
    - host: api.shop.example.com
      http:
        paths:
        - backend:
            service:
              name: api
              port:
                name: http
          path: /
          pathType: Prefix
metadata:
  resourceVersion: ""
`,
  },
};

export default defineRule({
  id: 'kubernetes/service-has-no-ready-endpoints',
  domain: 'kubernetes',
  cause: 'no-endpoints',
  severity: 'error',
  title: 'Live Endpoints/EndpointSlices of a Service list no ready address',
  catalog: ['A5'],
  docs: {
    why: 'A Service forwards only to ready endpoints. When the Endpoints or EndpointSlices in a `kubectl get -o yaml` dump list no address at all, or only addresses with `ready: false` (`notReadyAddresses`), every request to the Service fails: ingress-nginx answers 503 ("service has no active endpoint"), Envoy "no healthy upstream", kube-proxy rejects the connection. The cause is upstream of the Service — pods failing readiness, crash-looping, scaled to zero or selected by nobody — so the finding names the pods the addresses belong to. Manifests without live objects say nothing about endpoints and are not reported; one ready address is enough to stay quiet.',
    problem,
    fixed: withEdits(
      problem,
      [
        {
          file: 'dump/shop.yaml',
          replace: `    conditions:
      ready: false
      serving: false
      terminating: false
    targetRef:
      kind: Pod
      name: api-5c9d8f7b6-h2x9q`,
          with: `    conditions:
      ready: true
      serving: true
      terminating: false
    targetRef:
      kind: Pod
      name: api-5c9d8f7b6-h2x9q`,
        },
      ],
      'The same dump once pod `api-5c9d8f7b6-h2x9q` passes its readiness probe: one ready address and the Service has a backend.',
    ),
    remediation:
      'Find out why the pods behind the addresses are not ready (`kubectl describe pod <name>`: readiness probe failures, CrashLoopBackOff, image pull errors) and fix that; if the EndpointSlice has no addresses at all, check that the Service selector matches running pods and that the workload is not scaled to zero.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#conditions',
      'https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/#does-the-service-have-any-endpoints',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const service of k.services) {
      if (service.type === 'ExternalName') continue;
      // Only live objects are evidence: no Endpoints/EndpointSlice in the input says nothing.
      const live = liveEndpoints(k, service);
      if (!live || live.ready) continue;
      const endpoints = live.endpoints;
      const addresses = endpoints.flatMap((e) => e.addresses);
      // Endpoints and EndpointSlice list the same pods: count each address once.
      const notReady = [...new Map(addresses.map((a) => [a.ip, a])).values()];
      const objects = endpoints.map((e) => `${e.object.kind} \`${e.object.name}\``).join(' and ');
      const pods = [...new Set(notReady.flatMap((a) => (a.podName ? [`\`${a.podName}\``] : [])))];
      const scaledToZero = service.selector
        ? k.index.workloadsSelectedBy(service.selector, service.object.namespace).filter((w) => w.replicas === 0 && w.object.kind !== 'Pod')
        : [];
      const detail =
        notReady.length === 0
          ? `${objects} list${endpoints.length === 1 ? 's' : ''} no address${scaledToZero.length > 0 ? ` (${scaledToZero.map((w) => describe(w.object)).join(', ')} has \`replicas: 0\`)` : ''}`
          : `${objects} list${endpoints.length === 1 ? 's' : ''} ${notReady.length} address${notReady.length === 1 ? '' : 'es'}, none ready${pods.length > 0 ? ` (pod${pods.length === 1 ? '' : 's'} ${pods.join(', ')})` : ''}`;
      ctx.report({
        message: `${describe(service.object)} has no ready endpoints: ${detail}, so every request to it fails`,
        at: service.object.at,
        related: [
          ...notReady.map((a) => ({ at: a.at, message: `${a.ip}${a.podName ? ` (pod \`${a.podName}\`)` : ''} is not ready` })),
          ...(notReady.length === 0 ? endpoints.map((e) => ({ at: e.object.at, message: `${e.object.kind} without addresses` })) : []),
          ...scaledToZero.map((w) => ({ at: w.object.pos(['spec', 'replicas']), message: `${describe(w.object)} is scaled to zero` })),
        ],
      });
    }
  },
});
