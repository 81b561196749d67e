import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { meshMembership } from '../../../inputs/kubernetes/mesh.js';
import { BOOKSTORE_NAMESPACE, manifests } from '../example-manifests.js';

const deployment = (uid: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: details
  namespace: bookstore
spec:
  selector:
    matchLabels:
      app: details
  template:
    metadata:
      labels:
        app: details
    spec:
      securityContext:
        runAsUser: ${uid}
        runAsNonRoot: true
      containers:
        - name: details
          image: ghcr.io/example/details:1.3.0
          ports:
            - name: http
              containerPort: 9080
`;

export default defineRule({
  id: 'istio/app-uid-1337',
  domain: 'istio',
  cause: 'tls-mismatch',
  severity: 'warning',
  title: "Application container runs as UID 1337, the sidecar's user",
  catalog: ['E9'],
  docs: {
    why: "Istio's iptables rules let traffic from UID 1337 (the Envoy sidecar) leave the pod without redirection. An application running as 1337 therefore bypasses its own sidecar: its outbound calls go out as plain text, without mTLS, retries or routing rules, and STRICT servers reset them (IST0144).",
    problem: { files: { 'mesh/details.yaml': manifests(BOOKSTORE_NAMESPACE, deployment(1337)) } },
    fixed: { files: { 'mesh/details.yaml': manifests(BOOKSTORE_NAMESPACE, deployment(10001)) } },
    remediation: 'Run the application as any other non-root UID (1337 is reserved for istio-proxy).',
    references: ['https://istio.io/latest/docs/reference/config/analysis/ist0144/', 'https://istio.io/latest/docs/ops/deployment/application-requirements/'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const workload of k.workloads) {
      if (meshMembership(k, workload).state !== 'sidecar') continue;
      const pod = workload.template.runAsUser;
      for (const container of workload.template.containers) {
        if (container.name === 'istio-proxy' || container.role === 'init') continue;
        const uid = container.runAsUser ?? pod;
        if (uid?.value !== 1337) continue;
        ctx.report({
          message: `container \`${container.name}\` of ${describe(workload.object)} runs as UID 1337, the sidecar's user: its outbound traffic bypasses the sidecar (no mTLS; STRICT servers reset it)`,
          at: uid.at,
        });
      }
    }
  },
});
