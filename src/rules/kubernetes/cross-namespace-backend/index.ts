import { defineRule } from '../../../core/define-rule.js';
import { parseClusterName } from '../../../inputs/kubernetes/cluster-dns.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { brokenStep, once } from '../../../inputs/kubernetes/queries.js';
import { withEdits } from '../../example-edits.js';
import { ingress, service } from '../examples.js';

const problem = {
  description: 'The bridge ExternalName points at `billing-api.payments`, but the Service there is called `billing`.',
  files: {
    'k8s/web/ingress.yaml': `apiVersion: v1
kind: Service
metadata:
  name: billing
  namespace: web
spec:
  type: ExternalName
  externalName: billing-api.payments.svc.cluster.local
---
${ingress({ name: 'web', namespace: 'web', host: 'www.example.com', path: '/billing', service: 'billing', port: 'number: 80' })}`,
    'k8s/payments/billing.yaml': `${service({
      name: 'billing',
      namespace: 'payments',
      ports: `- name: http
  port: 80
  targetPort: 8080
`,
    })}`,
  },
};

export default defineRule({
  id: 'kubernetes/cross-namespace-backend',
  domain: 'kubernetes',
  cause: 'config-error',
  severity: 'error',
  title: 'Backend in another namespace referenced in a way that cannot work',
  catalog: ['X15'],
  docs: {
    why: "An Ingress can only route to Services of its own namespace: `service.name: api.payments` is not a Service name (the API server rejects the dot) and there is no namespace field. The usual bridge is an ExternalName Service in the Ingress's namespace pointing at `api.payments.svc.cluster.local` — which fails just as silently when that name or its port does not exist: the controller cannot resolve the name (502/503) or connects to a port nothing serves.",
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/web/ingress.yaml',
        replace: 'externalName: billing-api.payments.svc.cluster.local',
        with: 'externalName: billing.payments.svc.cluster.local',
      },
    ]),
    remediation:
      "Route to a Service in the Ingress's namespace; to reach another namespace, add an ExternalName Service whose `externalName` is the full `<service>.<namespace>.svc.cluster.local` of an existing Service and use a port that Service has (or use Gateway API with a ReferenceGrant).",
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#externalname',
      'https://kubernetes.github.io/ingress-nginx/user-guide/miscellaneous/#externalname-services',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const ingress of k.ingresses) {
      for (const backend of ingress.backends) {
        const name = backend.serviceName;
        if (!name?.value.includes('.')) continue;
        const target = parseClusterName(name.value, (ns) => k.index.hasNamespace(ns));
        const exists = target?.namespace !== undefined && k.index.services(target.service, target.namespace).length > 0;
        ctx.report({
          message: `${describe(ingress.object)} names Service \`${name.value}\`: an Ingress backend is a Service of its own namespace and names cannot contain dots (the API server rejects it)${exists ? `; add an ExternalName Service in \`${ingress.object.namespace ?? 'its namespace'}\` pointing at \`${target!.service}.${target!.namespace}.svc.cluster.local\`` : ''}`,
          at: name.at,
        });
      }
    }
    // ExternalName hops that lead nowhere, on any proxy's path.
    const first = once();
    for (const path of ctx.facts.topology.paths) {
      if (path.status !== 'broken') continue;
      const hop = path.steps.find((s) => s.kind === 'service' && s.text.includes('is an ExternalName for'));
      const step = brokenStep(path);
      if (!hop?.at || !step || (step.kind !== 'dns' && step.kind !== 'service')) continue;
      if (!first(`${hop.at.file}:${hop.at.line}:${hop.at.column}`)) continue;
      ctx.report({
        message: `${hop.text}, used by ${path.proxy.label}, leads nowhere: ${path.problem?.reason ?? step.text}`,
        at: hop.at,
        path: path.steps,
      });
    }
  },
});
