import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { destinationRulesFor, serviceEntryFor, servicesForIstioHost } from '../../../inputs/kubernetes/mesh.js';
import { closestName } from '../../../inputs/kubernetes/queries.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { BOOKSTORE_NAMESPACE, manifests, REVIEWS } from '../example-manifests.js';

const rule = (subsets: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookstore
spec:
  host: reviews
  subsets:
${subsets}`;

const virtualService = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookstore
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
            subset: v2
          weight: 10
        - destination:
            host: reviews
            subset: v1
          weight: 90
`;

export default defineRule({
  id: 'istio/subset-not-defined',
  domain: 'istio',
  cause: 'config-error',
  severity: 'error',
  title: 'VirtualService routes to a subset no DestinationRule defines',
  catalog: ['E3'],
  docs: {
    why: 'A `subset` in a VirtualService destination refers to a subset of a DestinationRule for the same host. When none defines it, the route points to a cluster that does not exist and every request it takes gets 503 with flag NR/NC ("no healthy upstream") — typically the canary share of a traffic split. istioctl reports it as IST0101.',
    problem: {
      description: 'The canary route names subset `v2`; the DestinationRule only defines `v1`.',
      files: { 'mesh/reviews.yaml': manifests(BOOKSTORE_NAMESPACE, REVIEWS, rule('    - name: v1\n      labels:\n        version: v1\n'), virtualService) },
    },
    fixed: {
      files: {
        'mesh/reviews.yaml': manifests(
          BOOKSTORE_NAMESPACE,
          REVIEWS,
          rule('    - name: v1\n      labels:\n        version: v1\n    - name: v2\n      labels:\n        version: v2\n'),
          virtualService,
        ),
      },
    },
    remediation: 'Define the subset (name and pod labels) in the DestinationRule for that host, or route to a subset that exists.',
    references: [
      'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    if (k.istio.destinationRules.length === 0) return;
    for (const vs of k.istio.virtualServices) {
      for (const d of vs.destinations) {
        if (!d.subset) continue;
        const services = servicesForIstioHost(k, d.host.value, vs.object.namespace);
        const rules =
          services.length > 0
            ? services.flatMap((s) => destinationRulesFor(k, s))
            : serviceEntryFor(k, d.host.value)
              ? k.istio.destinationRules.filter((r) => r.host.value === d.host.value)
              : undefined;
        if (!rules) continue;
        const names = rules.flatMap((r) => r.subsets.map((s) => s.name.value));
        if (names.includes(d.subset.value)) continue;
        const suggestion = closestName(d.subset.value, names);
        const fix = suggestion ? replaceFix(d.subset.at, suggestion, `route to subset \`${suggestion}\``) : undefined;
        ctx.report({
          message:
            rules.length === 0
              ? `${describe(vs.object)} routes ${d.route} to subset \`${d.subset.value}\` of \`${d.host.value}\`, but no DestinationRule exists for that host: requests get 503 (NR)`
              : `${describe(vs.object)} routes ${d.route} to subset \`${d.subset.value}\` of \`${d.host.value}\`, which ${rules.map((r) => describe(r.object)).join(', ')} does not define (it has ${names.map((n) => `\`${n}\``).join(', ') || 'no subsets'}): requests get 503 (NR)`,
          at: d.subset.at,
          ...(fix ? { fix } : {}),
          related: rules.map((r) => ({ at: r.object.at, message: `DestinationRule for \`${r.host.value}\`` })),
        });
      }
    }
  },
});
