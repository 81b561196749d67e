import { defineRule } from '../../../core/define-rule.js';
import type { SourcePosition } from '../../../core/position.js';
import { parseClusterName } from '../../../inputs/kubernetes/cluster-dns.js';
import { meshMembership, mtlsModeFor } from '../../../inputs/kubernetes/mesh.js';
import type { KubernetesFacts } from '../../../inputs/kubernetes/model.js';
import { manifests, REVIEWS } from '../example-manifests.js';
import { injectionLabelFix } from '../strict-calls.js';

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

const SUBSETS = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookstore
spec:
  host: reviews
  subsets:
    - name: v1
      labels: {version: v1}
    - name: v2
      labels: {version: v2}
`;

export default defineRule({
  id: 'istio/namespace-not-injected',
  domain: 'istio',
  cause: 'tls-mismatch',
  severity: 'warning',
  title: 'Namespace without sidecar injection in a mesh that requires mTLS',
  catalog: ['E7', 'X9'],
  docs: {
    why: 'With STRICT mTLS (mesh-wide or for the namespace), meshed servers only accept mutual TLS from sidecars. Pods of a namespace without `istio-injection: enabled` (or an `istio.io/rev` label) get no sidecar: their calls to meshed services are plain text and are reset ("connection reset by peer", Envoy `upstream connect error or disconnect/reset before headers`), and the namespace\'s own STRICT policy protects nothing. Namespaces that set `istio-injection: disabled` on purpose are not reported, nor are namespaces with no sign of belonging to the mesh (no Istio configuration for them): many stay outside on purpose. A workload of such a namespace that calls a service requiring mTLS is `istio/strict-mtls-caller-without-sidecar`, reported at the call.',
    problem: {
      description: 'Mesh-wide STRICT; `bookstore`, which has Istio routing (subsets of `reviews`), was created without the injection label.',
      files: { 'mesh/mesh.yaml': manifests(strictMesh, meshed, namespace('    team: books\n'), REVIEWS, SUBSETS) },
    },
    fixed: {
      files: { 'mesh/mesh.yaml': manifests(strictMesh, meshed, namespace('    team: books\n    istio-injection: enabled\n'), REVIEWS, SUBSETS) },
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
      // Many namespaces stay out of the mesh on purpose (monitoring, cert-manager, CI): report only one meant to be
      // in it (Istio configuration for it). A call from it into a STRICT service is
      // istio/strict-mtls-caller-without-sidecar, reported where the call is written.
      const reason = meantForMesh(k, name);
      if (!reason) continue;
      const fix = injectionLabelFix(namespace);
      ctx.report({
        message: `namespace \`${name}\` has no \`istio-injection\` label, so its ${workloads.length} workload(s) run without a sidecar while PeerAuthentication \`${strict.policy?.object.name}\` requires mTLS (${strict.scope}), though ${reason.text}: their calls to meshed services are reset`,
        at: namespace.object.at,
        ...(fix ? { fix } : {}),
        related: [...(strict.at ? [{ at: strict.at, message: 'STRICT mTLS' }] : []), ...(reason.at ? [{ at: reason.at, message: reason.text }] : [])],
      });
    }
  },
});

interface Evidence {
  text: string;
  at?: SourcePosition;
}

/** Istio configuration written in the namespace, or routing to its Services: it is meant to be part of the mesh. */
function meantForMesh(k: KubernetesFacts, namespace: string): Evidence | undefined {
  const istio = k.istio;
  const own = [...istio.virtualServices, ...istio.destinationRules, ...istio.sidecars, ...istio.authorizationPolicies].find(
    (x) => x.object.namespace === namespace,
  );
  if (own) return { text: `it holds Istio configuration (${own.object.kind} \`${own.object.name}\`)`, at: own.object.at };
  const local = istio.peerAuthentications.find((p) => p.object.namespace === namespace);
  if (local) return { text: `it holds PeerAuthentication \`${local.object.name}\``, at: local.object.at };
  for (const vs of istio.virtualServices) {
    for (const d of vs.destinations) {
      const name = parseClusterName(d.host.value, (ns) => k.index.hasNamespace(ns));
      if (name?.namespace === namespace) return { text: `VirtualService \`${vs.object.name}\` routes to it`, at: d.host.at };
    }
  }
  for (const rule of istio.destinationRules) {
    const name = parseClusterName(rule.host.value, (ns) => k.index.hasNamespace(ns));
    if (name?.namespace === namespace) return { text: `DestinationRule \`${rule.object.name}\` targets it`, at: rule.host.at };
  }
  return undefined;
}
