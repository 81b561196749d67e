import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { closestName } from '../../../inputs/kubernetes/queries.js';
import { BOOKSTORE_NAMESPACE, INGRESS_GATEWAY, manifests, REVIEWS } from '../example-manifests.js';

const gateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: bookstore-gateway
  namespace: istio-ingress
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 80
        name: http
        protocol: HTTP
      hosts:
        - "bookstore.example.com"
`;

const vs = (gatewayRef: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: bookstore
  namespace: bookstore
spec:
  hosts:
    - "bookstore.example.com"
  gateways:
    - ${gatewayRef}
  http:
    - route:
        - destination:
            host: reviews
            port:
              number: 9080
`;

export default defineRule({
  id: 'istio/gateway-not-found',
  domain: 'istio',
  cause: 'config-error',
  severity: 'error',
  title: 'VirtualService is bound to a Gateway that does not exist',
  catalog: ['E6'],
  docs: {
    why: 'A VirtualService only programs the gateways it names in `gateways` (`<namespace>/<name>`, or `<name>` in its own namespace). A name that matches no Gateway attaches the routes to nothing: the ingress gateway answers 404 ("route_not_found", flag NR) for those hosts. A Gateway in another namespace must be written with its namespace (IST0101).',
    problem: {
      description: 'The Gateway lives in `istio-ingress`; the VirtualService names it without the namespace, so it looks in `bookstore`.',
      files: { 'mesh/bookstore.yaml': manifests(INGRESS_GATEWAY, gateway, BOOKSTORE_NAMESPACE, REVIEWS, vs('bookstore-gateway')) },
    },
    fixed: {
      files: { 'mesh/bookstore.yaml': manifests(INGRESS_GATEWAY, gateway, BOOKSTORE_NAMESPACE, REVIEWS, vs('istio-ingress/bookstore-gateway')) },
    },
    remediation: 'Name the Gateway as `<namespace>/<name>` (or `mesh` for sidecars); check it with `kubectl get gateways.networking.istio.io -A`.',
    references: [
      'https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService',
      'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const vs of k.istio.virtualServices) {
      for (const ref of vs.gateways) {
        if (ref.value === 'mesh') continue;
        const [ns, name] = ref.value.includes('/') ? (ref.value.split('/', 2) as [string, string]) : [vs.object.namespace, ref.value];
        if (k.istio.gateways.some((g) => g.object.name === name && k.index.compatible(g.object.namespace, ns))) continue;
        if (ns !== undefined && !k.index.hasNamespace(ns)) continue;
        if (k.index.isIncomplete(ns)) continue;
        const elsewhere = k.istio.gateways.filter((g) => g.object.name === name);
        const suggestion =
          elsewhere.length === 0
            ? closestName(
                name,
                k.istio.gateways.map((g) => g.object.name),
              )
            : undefined;
        const hint =
          elsewhere.length > 0
            ? `; Gateway \`${name}\` exists in ${elsewhere.map((g) => `\`${g.object.namespace ?? '(unset)'}\``).join(', ')}: write \`${elsewhere[0]!.object.namespace}/${name}\``
            : suggestion
              ? ` (did you mean \`${suggestion}\`?)`
              : '';
        ctx.report({
          message: `${describe(vs.object)} is bound to Gateway \`${ref.value}\`, which does not exist${ns ? ` in namespace \`${ns}\`` : ''}${hint}: its routes are on no gateway (404 NR)`,
          at: ref.at,
          ...(elsewhere.length === 1 && elsewhere[0]!.object.namespace
            ? {
                fix: {
                  description: `name the Gateway with its namespace`,
                  file: ref.at.file,
                  line: ref.at.line,
                  column: ref.at.column,
                  endLine: ref.at.endLine ?? ref.at.line,
                  endColumn: ref.at.endColumn ?? ref.at.column + ref.value.length,
                  replacement: `${elsewhere[0]!.object.namespace}/${name}`,
                },
              }
            : {}),
        });
      }
    }
  },
});
