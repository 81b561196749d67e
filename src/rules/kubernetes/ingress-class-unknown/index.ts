import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { closestName } from '../../../inputs/kubernetes/queries.js';
import { deleteLineFix, replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { ingress } from '../examples.js';

const problem = {
  description: "The controller's class is `nginx`; the Ingress asks for `ingress-nginx`.",
  files: {
    'k8s/ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
${ingress({ name: 'docs', namespace: 'docs', className: 'ingress-nginx', host: 'docs.example.com', service: 'docs', port: 'number: 80' })}`,
  },
};

export default defineRule({
  id: 'kubernetes/ingress-class-unknown',
  domain: 'kubernetes',
  cause: 'config-error',
  severity: 'error',
  title: 'Ingress names an IngressClass that does not exist',
  catalog: ['C3'],
  docs: {
    why: "Each ingress controller only serves the Ingresses of its class. An `ingressClassName` no IngressClass has is served by no controller: requests get the controller's default 404 (or the cloud load balancer is never created). Setting both `spec.ingressClassName` and the legacy `kubernetes.io/ingress.class` annotation is rejected by the API server. The check runs when the input declares IngressClasses (a controller chart rendered next to the app).",
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/ingress.yaml', replace: 'ingressClassName: ingress-nginx', with: 'ingressClassName: nginx' }]),
    remediation:
      'Set `spec.ingressClassName` to the name of an existing IngressClass (`kubectl get ingressclass`) and drop the `kubernetes.io/ingress.class` annotation.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class',
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    const classes = k.ingressClasses.map((c) => c.object.name);
    for (const ingress of k.ingresses) {
      if (ingress.ingressClassName && ingress.classAnnotation) {
        ctx.report({
          message: `${describe(ingress.object)} sets both \`spec.ingressClassName\` and the \`kubernetes.io/ingress.class\` annotation: the API server rejects it`,
          at: ingress.classAnnotation.at,
          fix: deleteLineFix(ingress.classAnnotation.at, 'drop the deprecated annotation'),
        });
      }
      const written = ingress.ingressClassName ?? ingress.classAnnotation;
      if (!written || classes.length === 0 || classes.includes(written.value)) continue;
      const suggestion = closestName(written.value, classes) ?? (classes.length === 1 ? classes[0] : undefined);
      const fix = suggestion ? replaceFix(written.at, suggestion, `use IngressClass \`${suggestion}\``) : undefined;
      ctx.report({
        message: `${describe(ingress.object)} asks for IngressClass \`${written.value}\`, but the classes are ${classes.map((c) => `\`${c}\``).join(', ')}: no controller serves it`,
        at: written.at,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
