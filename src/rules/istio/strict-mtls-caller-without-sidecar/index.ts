import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { once } from '../../../inputs/kubernetes/queries.js';
import { withEdits } from '../../example-edits.js';
import { deployment, service } from '../../kubernetes/examples.js';
import { describeMode, injectionLabelFix, plainTextCallsToStrict } from '../strict-calls.js';

const problem = {
  description:
    'Mesh-wide STRICT mTLS; the `billing` namespace is injected, the `jobs` namespace is not, and its invoice exporter calls the billing API by its cluster name.',
  files: {
    'k8s/mesh.yaml': `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
`,
    'k8s/billing.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: billing
  labels:
    istio-injection: enabled
---
${deployment({
  name: 'billing-api',
  namespace: 'billing',
  image: 'ghcr.io/example/billing-api:4.2.0',
  container: `ports:
  - name: http
    containerPort: 8080
`,
})}---
${service({
  name: 'billing-api',
  namespace: 'billing',
  ports: `- name: http
  port: 80
  targetPort: http
`,
})}`,
    'k8s/jobs.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: jobs
  labels:
    team: finance
---
${deployment({
  name: 'invoice-exporter',
  namespace: 'jobs',
  image: 'ghcr.io/example/invoice-exporter:1.3.0',
  container: `env:
  - name: BILLING_API
    value: http://billing-api.billing.svc.cluster.local/v1
`,
})}`,
  },
};

export default defineRule({
  id: 'istio/strict-mtls-caller-without-sidecar',
  domain: 'istio',
  cause: 'tls-mismatch',
  severity: 'error',
  title: 'A workload without sidecar calls a Service whose pods accept only mTLS',
  catalog: ['X9'],
  docs: {
    why: 'A STRICT PeerAuthentication — mesh-wide in the root namespace (`istio-system`), for a namespace, for some pods or for one port — makes the servers\' sidecars accept only Istio mutual TLS. A workload whose pods get no sidecar (its namespace has no `istio-injection` / `istio.io/rev` label, or the pod opts out with `sidecar.istio.io/inject: "false"`) sends plain text, and the server\'s sidecar resets it: "connection reset by peer" (`ECONNRESET`, curl 56) in the caller, often right after STRICT was rolled out, while callers inside the mesh keep working. updoc reads the Service addresses in each workload\'s env, command and args (URLs, `svc.ns[.svc.cluster.local]`, `name:port` in its own namespace), follows them to the pods and the port behind the Service, and takes the PeerAuthentication that applies there, whatever namespace each object is in. Proxies are `istio/strict-mtls-plaintext-client`.',
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/jobs.yaml', replace: '    team: finance\n', with: '    team: finance\n    istio-injection: enabled\n' }]),
    remediation:
      'Put the caller in the mesh (label its namespace `istio-injection=enabled` or `istio.io/rev=<revision>`, or drop its `sidecar.istio.io/inject: "false"`, and restart it), or let the port it calls accept plain text during a migration with a workload PeerAuthentication and `portLevelMtls: {<port>: {mode: PERMISSIVE}}`.',
    references: [
      'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
      'https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/',
      'https://istio.io/latest/docs/ops/common-problems/security-issues/',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    const first = once();
    for (const call of plainTextCallsToStrict(k)) {
      const at = call.value.at;
      if (!first(`${at.file}:${at.line}:${at.column}|${call.service.object.namespace}/${call.service.object.name}`)) continue;
      const namespace = call.caller.object.namespace;
      const namespaceObject = namespace !== undefined ? k.index.namespaceObject(namespace) : undefined;
      // Labelling the namespace helps only when the namespace is why there is no sidecar (not a pod opt-out, not `disabled`).
      const fix =
        namespaceObject && call.membership.at === namespaceObject.object.at && namespaceObject.labels['istio-injection'] === undefined
          ? injectionLabelFix(namespaceObject)
          : undefined;
      ctx.report({
        message: `${describe(call.caller.object)} runs without an Istio sidecar (${call.membership.reason}) and calls \`${call.address}\` (${call.source}): Service \`${call.service.object.name}\` port ${call.servicePort.port} leads to ${describe(call.backend.object)}${call.port !== undefined ? ` port ${call.port}` : ''}, whose sidecar accepts only mTLS there (${describeMode(call.mode)}): the plain-text connection is reset`,
        at,
        ...(fix ? { fix } : {}),
        related: [
          ...(call.mode.at ? [{ at: call.mode.at, message: 'STRICT mTLS' }] : []),
          ...(call.membership.at ? [{ at: call.membership.at, message: 'why the caller has no sidecar' }] : []),
        ],
      });
    }
  },
});
