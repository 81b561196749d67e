import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { describeServicePorts, servicePortFor, targetPortOf } from '../../../inputs/kubernetes/service-ports.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { service } from '../examples.js';

const problem = {
  description: 'The route uses the container port 8080; the Service port is 80.',
  files: {
    'gateway/route.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: docs
  namespace: docs
spec:
  parentRefs:
    - name: public
      namespace: gateway
  rules:
    - backendRefs:
        - name: docs
          port: 8080
---
${service({
  name: 'docs',
  namespace: 'docs',
  ports: `- name: http
  port: 80
  targetPort: 8080
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/route-backend-port-missing',
  domain: 'kubernetes',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'Route backendRef port is missing or not a port of the Service',
  catalog: ['C5', 'X2'],
  docs: {
    why: "A backendRef to a Service must give `port`, and it must be one of the Service's `port` numbers (not the container port). Without it the ref is invalid; with a port the Service lacks, the gateway has no endpoints for it and answers 500/503 for the requests routed there.",
    problem,
    fixed: withEdits(problem, [{ file: 'gateway/route.yaml', replace: 'port: 8080', with: 'port: 80' }]),
    remediation: "Set `port` to one of the Service's ports (`kubectl get svc <name> -o jsonpath='{.spec.ports[*].port}'`).",
    references: ['https://gateway-api.sigs.k8s.io/reference/spec/#backendref'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const route of k.gatewayApi.routes) {
      for (const backend of route.backends) {
        if (backend.kind !== 'Service' || (backend.group !== '' && backend.group !== 'core')) continue;
        const service = k.index.services(backend.name.value, backend.namespace?.value ?? route.object.namespace)[0];
        if (!service || service.type === 'ExternalName') continue;
        if (!backend.port) {
          const only = service.ports.length === 1 ? service.ports[0]!.port : undefined;
          ctx.report({
            message: `${describe(route.object)} sends ${backend.route} to ${describe(service.object)} without a port: a Service backendRef needs one (it has ${describeServicePorts(service)})`,
            at: backend.at,
            ...(only !== undefined ? { related: [{ at: service.ports[0]!.at, message: `add \`port: ${only}\`` }] } : {}),
          });
          continue;
        }
        if (servicePortFor(service, backend.port.value)) continue;
        const asTarget = service.ports.find((p) => targetPortOf(p) === backend.port!.value && p.port !== undefined);
        const number = asTarget?.port ?? (service.ports.length === 1 ? service.ports[0]!.port : undefined);
        const fix = number !== undefined ? replaceFix(backend.port.at, String(number), `use the Service port ${number}`) : undefined;
        ctx.report({
          message: `${describe(route.object)} sends ${backend.route} to port ${backend.port.value} of ${describe(service.object)}, which has ${describeServicePorts(service)}${asTarget ? ` (${backend.port.value} is the targetPort; the Service port is ${asTarget.port})` : ''}: the gateway finds no endpoints`,
          at: backend.port.at,
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
