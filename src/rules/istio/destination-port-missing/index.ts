import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { servicesForIstioHost } from '../../../inputs/kubernetes/mesh.js';
import { describeServicePorts, servicePortFor, targetPortOf } from '../../../inputs/kubernetes/service-ports.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { BOOKSTORE_NAMESPACE, manifests, RATINGS } from '../example-manifests.js';

const vs = (destination: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
  namespace: bookstore
spec:
  hosts:
    - ratings
  http:
    - route:
        - destination:
            host: ratings
${destination}`;

export default defineRule({
  id: 'istio/destination-port-missing',
  domain: 'istio',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'VirtualService destination port is missing or not a port of the Service',
  catalog: ['E2'],
  docs: {
    why: "A destination `port.number` selects one of the Service's ports (its `port`, not the container port). A number the Service does not expose routes to a cluster that does not exist (503, flag NC; IST0101); leaving the port out when the Service has several ports is ambiguous and rejected by the analyzer (IST0112), and the route may go to the wrong port.",
    problem: {
      description: '`ratings` exposes 9080 and 9090; the route gives no port.',
      files: { 'mesh/ratings.yaml': manifests(BOOKSTORE_NAMESPACE, RATINGS, vs('')) },
    },
    fixed: {
      files: { 'mesh/ratings.yaml': manifests(BOOKSTORE_NAMESPACE, RATINGS, vs('            port:\n              number: 9080\n')) },
    },
    remediation: "Give `port.number` with one of the Service's ports (`kubectl get svc <name> -o jsonpath='{.spec.ports[*].port}'`).",
    references: ['https://istio.io/latest/docs/reference/config/analysis/ist0112/', 'https://istio.io/latest/docs/reference/config/analysis/ist0101/'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const virtualService of k.istio.virtualServices) {
      for (const d of virtualService.destinations) {
        const services = servicesForIstioHost(k, d.host.value, virtualService.object.namespace);
        if (services.length !== 1 || d.host.value.includes('*')) continue;
        const service = services[0]!;
        if (service.type === 'ExternalName') continue;
        if (!d.port) {
          if (service.ports.length > 1) {
            ctx.report({
              message: `${describe(virtualService.object)} routes ${d.route} to ${describe(service.object)} without a port, and the Service has ${describeServicePorts(service)}: name one with \`port.number\``,
              at: d.host.at,
            });
          }
          continue;
        }
        if (servicePortFor(service, d.port.value)) continue;
        const asTarget = service.ports.find((p) => targetPortOf(p) === d.port!.value && p.port !== undefined);
        const fix = asTarget ? replaceFix(d.port.at, String(asTarget.port), `use the Service port ${asTarget.port}`) : undefined;
        ctx.report({
          message: `${describe(virtualService.object)} routes ${d.route} to port ${d.port.value} of ${describe(service.object)}, which has ${describeServicePorts(service)}${asTarget ? ` (${d.port.value} is the targetPort)` : ''}: requests get 503 (NC)`,
          at: d.port.at,
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
