import { defineRule, type Fix } from '../../../core/define-rule.js';
import { meshMembership, mtlsModeFor } from '../../../inputs/kubernetes/mesh.js';
import type { NamespaceObject } from '../../../inputs/kubernetes/model.js';
import { addSiblingFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { manifests, REVIEWS } from '../example-manifests.js';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: bookstore
  labels:
${labels}`;

const strictMesh = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
`;

const meshed = `apiVersion: v1
kind: Namespace
metadata:
  name: frontend
  labels:
    istio-injection: enabled
`;

export default defineRule({
  id: 'istio/namespace-not-injected',
  domain: 'istio',
  cause: 'tls-mismatch',
  severity: 'warning',
  title: 'Namespace without sidecar injection in a mesh that requires mTLS',
  catalog: ['E7', 'X9'],
  docs: {
    why: 'With STRICT mTLS (mesh-wide or for the namespace), meshed servers only accept mutual TLS from sidecars. Pods of a namespace without `istio-injection: enabled` (or an `istio.io/rev` label) get no sidecar: their calls to meshed services are plain text and are reset ("connection reset by peer", Envoy `upstream connect error or disconnect/reset before headers`), and the namespace\'s own STRICT policy protects nothing. Namespaces that set `istio-injection: disabled` on purpose are not reported.',
    problem: {
      description: 'Mesh-wide STRICT; `bookstore` was created without the injection label.',
      files: { 'mesh/mesh.yaml': manifests(strictMesh, meshed, namespace('    team: books\n'), REVIEWS) },
    },
    fixed: {
      files: { 'mesh/mesh.yaml': manifests(strictMesh, meshed, namespace('    team: books\n    istio-injection: enabled\n'), REVIEWS) },
    },
    remediation:
      'Label the namespace `istio-injection=enabled` (or `istio.io/rev=<revision>`) and restart its workloads; if it must stay out of the mesh, label it `istio-injection=disabled` and give the servers it calls a PERMISSIVE PeerAuthentication.',
    references: ['https://istio.io/latest/docs/reference/config/analysis/ist0102/', 'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    const injected = k.namespaces.filter(
      (n) => n.labels['istio-injection'] === 'enabled' || n.labels['istio.io/rev'] || n.labels['istio.io/dataplane-mode'] === 'ambient',
    );
    if (injected.length === 0 && !k.workloads.some((w) => meshMembership(k, w).state === 'sidecar')) return;
    for (const namespace of k.namespaces) {
      const labels = namespace.labels;
      const name = namespace.object.name;
      if (
        labels['istio-injection'] !== undefined ||
        labels['istio.io/rev'] ||
        labels['istio.io/dataplane-mode'] ||
        name === k.istio.mesh.rootNamespace ||
        name === 'kube-system'
      )
        continue;
      const workloads = k.workloads.filter((w) => w.object.namespace === name && meshMembership(k, w).state === 'none');
      const strict = workloads.map((w) => mtlsModeFor(k, w)).find((m) => m.mode === 'STRICT');
      if (!strict) continue;
      const fix = labelFix(namespace);
      ctx.report({
        message: `namespace \`${name}\` has no \`istio-injection\` label, so its ${workloads.length} workload(s) run without a sidecar while PeerAuthentication \`${strict.policy?.object.name}\` requires mTLS (${strict.scope}): their calls to meshed services are reset`,
        at: namespace.object.at,
        ...(fix ? { fix } : {}),
        ...(strict.at ? { related: [{ at: strict.at, message: 'STRICT mTLS' }] } : {}),
      });
    }
  },
});

function labelFix(namespace: NamespaceObject): Fix | undefined {
  const keys = Object.keys(namespace.object.labels);
  const last = keys.at(-1);
  if (!last) return undefined;
  return addSiblingFix(
    namespace.object.keyPos(['metadata', 'labels', last]),
    namespace.object.pos(['metadata', 'labels', last]),
    'istio-injection: enabled',
    'enable sidecar injection',
  );
}
