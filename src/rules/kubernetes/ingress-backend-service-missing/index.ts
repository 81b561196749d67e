import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { closestName } from '../../../inputs/kubernetes/queries.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { ingress, service } from '../examples.js';

const problem = {
  description: 'The Service is `storefront`, the Ingress says `store-front`.',
  files: {
    'k8s/storefront.yaml': `${service({
      name: 'storefront',
      namespace: 'shop',
      ports: `- name: http
  port: 80
  targetPort: 8080
`,
    })}---
${ingress({ name: 'storefront', namespace: 'shop', host: 'www.example.com', service: 'store-front', port: 'number: 80' })}`,
  },
};

export default defineRule({
  id: 'kubernetes/ingress-backend-service-missing',
  domain: 'kubernetes',
  cause: 'config-error',
  severity: 'error',
  title: 'Ingress backend names a Service that does not exist in its namespace',
  catalog: ['C1'],
  docs: {
    why: 'An Ingress backend names a Service in the Ingress\'s own namespace. When there is none by that name the controller has nothing to route to: ingress-nginx logs "service … not found" and answers 503, other controllers 404/503. Typos, renamed Services and Services created in another namespace are the usual reasons.',
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/storefront.yaml', replace: 'name: store-front', with: 'name: storefront' }]),
    remediation: "Name an existing Service of the Ingress's namespace (`kubectl get svc -n <namespace>`), or create the Service there.",
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-rules',
      'https://github.com/stackrox/kube-linter/blob/main/docs/generated/checks.md#dangling-ingress',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const ingress of k.ingresses) {
      const ns = ingress.object.namespace;
      for (const backend of ingress.backends) {
        const name = backend.serviceName;
        if (!name || name.value.includes('.') || k.index.services(name.value, ns).length > 0) continue;
        if (k.index.isIncomplete(ns)) continue;
        // A Service of that name in another namespace: the Ingress was put in the wrong one.
        const elsewhere = k.services.filter((s) => s.object.name === name.value && s.object.namespace !== undefined && s.object.namespace !== ns);
        // Otherwise, without any Service of the namespace in the input there is nothing to compare with.
        const candidates = k.services.filter((s) => k.index.compatible(s.object.namespace, ns)).map((s) => s.object.name);
        if (candidates.length === 0 && elsewhere.length === 0) continue;
        const suggestion = elsewhere.length === 0 ? closestName(name.value, candidates) : undefined;
        const fix = suggestion ? replaceFix(name.at, suggestion, `route to Service \`${suggestion}\``) : undefined;
        const hint = suggestion
          ? ` (did you mean \`${suggestion}\`?)`
          : elsewhere.length > 0
            ? ` (it exists in namespace ${elsewhere.map((s) => `\`${s.object.namespace}\``).join(', ')}, and an Ingress only routes to Services of its own namespace)`
            : '';
        ctx.report({
          message: `${describe(ingress.object)} routes ${backend.route} to Service \`${name.value}\`, which does not exist${ns ? ` in namespace \`${ns}\`` : ''}${hint}: the controller answers 503`,
          at: name.at,
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
