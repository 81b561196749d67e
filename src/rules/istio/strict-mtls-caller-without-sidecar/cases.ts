import type { CountedRuleCase } from '../../kubernetes/rule-case.js';

/** `orders` in namespace `shop` (labels as given), port 80 → container port 8080 `http`; `pod` adds pod template annotations. */
const server = (namespaceLabels: string, pod = '') => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${namespaceLabels}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}${pod}}
    spec:
      containers: [{name: orders, image: "ghcr.io/example/orders:2", ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9000}]}]
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: http}, {name: admin, port: 9000, targetPort: admin}]
`;

const INJECTED = 'istio-injection: enabled';

const peer = (namespace: string, spec: string) => `---
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: strict, namespace: ${namespace}}
spec: ${spec}
`;

/** A Job `sync` in namespace `ns` (labels as given; null: no Namespace object of its own) with one env value. */
const caller = (value: string, ns = 'batch', labels: string | null = 'team: ops', pod = '') => `${
  labels === null
    ? ''
    : `---
apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    ${labels}
`
}---
apiVersion: batch/v1
kind: Job
metadata: {name: sync, namespace: ${ns}}
spec:
  template:
    metadata: {labels: {app: sync}${pod}}
    spec:
      restartPolicy: Never
      containers:
        - name: sync
          image: ghcr.io/example/sync:1
          env:
            - name: TARGET
              value: ${value}
`;

const OPT_OUT = ', annotations: {sidecar.istio.io/inject: "false"}';

export default [
  {
    name: 'namespace STRICT on the server side, caller in a namespace without injection, FQDN URL without a port',
    files: { 'a.yaml': `${server(INJECTED)}${peer('shop', '{mtls: {mode: STRICT}}')}${caller('"http://orders.shop.svc.cluster.local/api"')}` },
    findings: 1,
    at: ['a.yaml:49'],
    message: 'STRICT for the namespace (PeerAuthentication `strict`, namespace `shop`)',
  },
  {
    name: 'mesh-wide STRICT in the root namespace, `svc.ns:port` without a scheme',
    files: { 'a.yaml': `${server(INJECTED)}${peer('istio-system', '{mtls: {mode: STRICT}}')}${caller('"orders.shop:80"')}` },
    findings: 1,
    message: 'mesh-wide',
  },
  {
    name: 'workload STRICT (selector) on the server',
    files: {
      'a.yaml': `${server(INJECTED)}${peer('shop', '{selector: {matchLabels: {app: orders}}, mtls: {mode: STRICT}}')}${caller('http://orders.shop:80')}`,
    },
    findings: 1,
  },
  {
    name: 'near miss: the called port is PERMISSIVE (port-level exception)',
    files: {
      'a.yaml': `${server(INJECTED)}${peer('shop', '{selector: {matchLabels: {app: orders}}, mtls: {mode: STRICT}, portLevelMtls: {8080: {mode: PERMISSIVE}}}')}${caller('http://orders.shop:80')}`,
    },
    findings: 0,
  },
  {
    name: 'near miss: the caller is in the mesh too',
    files: { 'a.yaml': `${server(INJECTED)}${peer('shop', '{mtls: {mode: STRICT}}')}${caller('http://orders.shop:80', 'batch', INJECTED)}` },
    findings: 0,
  },
  {
    name: 'a caller opted out of injection in an injected namespace (same namespace, short URL)',
    files: { 'a.yaml': `${server(INJECTED)}${peer('shop', '{mtls: {mode: STRICT}}')}${caller('http://orders:80', 'shop', null, OPT_OUT)}` },
    findings: 1,
  },
  {
    name: 'a short `name:port` in its own namespace',
    files: { 'a.yaml': `${server(INJECTED)}${peer('shop', '{mtls: {mode: STRICT}}')}${caller('"orders:9000"', 'shop', null, OPT_OUT)}` },
    findings: 1,
  },
  {
    name: 'near miss: a short `name:port` that is no port of the Service',
    files: { 'a.yaml': `${server(INJECTED)}${peer('shop', '{mtls: {mode: STRICT}}')}${caller('"orders:5432"', 'shop', null, OPT_OUT)}` },
    findings: 0,
  },
  {
    name: 'near miss: the server has no sidecar (nothing enforces STRICT there)',
    files: { 'a.yaml': `${server('team: shop')}${peer('istio-system', '{mtls: {mode: STRICT}}')}${caller('http://orders.shop:80')}` },
    findings: 0,
  },
  {
    name: 'near miss: the called port bypasses the sidecar (excludeInboundPorts)',
    files: {
      'a.yaml': `${server(INJECTED, ', annotations: {traffic.sidecar.istio.io/excludeInboundPorts: "8080"}')}${peer('shop', '{mtls: {mode: STRICT}}')}${caller('http://orders.shop:80')}`,
    },
    findings: 0,
  },
  {
    name: 'near miss: no PeerAuthentication (PERMISSIVE by default)',
    files: { 'a.yaml': `${server(INJECTED)}${caller('http://orders.shop:80')}` },
    findings: 0,
  },
  {
    name: "near miss: the caller's namespace is not in the input (injection unknown)",
    files: { 'a.yaml': `${server(INJECTED)}${peer('shop', '{mtls: {mode: STRICT}}')}${caller('http://orders.shop:80', 'elsewhere', null)}` },
    findings: 0,
  },
  {
    name: 'a namespace kept out of the mesh on purpose (istio-injection: disabled) still cannot call STRICT',
    files: {
      'a.yaml': `${server(INJECTED)}${peer('istio-system', '{mtls: {mode: STRICT}}')}${caller('http://orders.shop:80', 'batch', 'istio-injection: disabled')}`,
    },
    findings: 1,
  },
  {
    name: 'near miss: an external URL and an e-mail address',
    files: { 'a.yaml': `${server(INJECTED)}${peer('shop', '{mtls: {mode: STRICT}}')}${caller('"https://orders.example.com/hook ops@orders.shop"')}` },
    findings: 0,
  },
] satisfies CountedRuleCase[];
