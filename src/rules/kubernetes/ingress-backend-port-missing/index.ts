import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { Located } from '../../../core/position.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import type { Service } from '../../../inputs/kubernetes/model.js';
import { describeServicePorts, servicePortFor, targetPortOf } from '../../../inputs/kubernetes/service-ports.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { ingress, service } from '../examples.js';

const problem = {
  description: 'The Ingress uses the container port 3000; the Service exposes it as port 80.',
  files: {
    'k8s/api.yaml': `${service({
      name: 'api',
      namespace: 'shop',
      ports: `- name: http
  port: 80
  targetPort: 3000
`,
    })}---
${ingress({ name: 'api', namespace: 'shop', host: 'api.example.com', service: 'api', port: 'number: 3000' })}`,
  },
};

export default defineRule({
  id: 'kubernetes/ingress-backend-port-missing',
  domain: 'kubernetes',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'Ingress backend port is not a port of the Service',
  catalog: ['C2', 'X2'],
  docs: {
    why: 'An Ingress backend port is a port of the *Service* — its `port` number or its port name — not the container port. A number or name the Service does not have gives the controller no upstream for that path: ingress-nginx answers 503 and logs "Service … does not have any active Endpoint" or "port … not found". Using the container port (the Service\'s targetPort) instead of the Service port is the usual mistake.',
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/api.yaml', replace: 'number: 3000', with: 'number: 80' }]),
    remediation: "Use the Service's `port` (or the Service port's name, `port.name: http`), not the container port.",
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#the-ingress-resource',
      'https://github.com/derailed/popeye/blob/master/docs/codes.md',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const ingress of k.ingresses) {
      for (const backend of ingress.backends) {
        if (!backend.serviceName || !backend.port) continue;
        const service = k.index.services(backend.serviceName.value, ingress.object.namespace)[0];
        if (!service || service.type === 'ExternalName' || servicePortFor(service, backend.port.value) !== undefined) continue;
        const ref = backend.port.value;
        const asTarget = typeof ref === 'number' ? service.ports.find((p) => targetPortOf(p) === ref && p.port !== undefined) : undefined;
        const hint = asTarget ? ` — ${ref} is its targetPort (the container port); the Service port is ${asTarget.port}` : '';
        const fix = fixFor(service, backend.port, asTarget?.port);
        ctx.report({
          message: `${describe(ingress.object)} routes ${backend.route} to port ${typeof ref === 'number' ? ref : `\`${ref}\``} of ${describe(service.object)}, which has ${describeServicePorts(service)}${hint}: the controller finds no upstream (503)`,
          at: backend.port.at,
          ...(fix ? { fix } : {}),
          related: service.ports.slice(0, 3).map((p) => ({ at: p.at, message: `port of ${describe(service.object)}` })),
        });
      }
    }
  },
});

function fixFor(service: Service, port: Located<number | string>, targetMatch: number | undefined): Fix | undefined {
  if (typeof port.value === 'number') {
    const number = targetMatch ?? (service.ports.length === 1 ? service.ports[0]!.port : undefined);
    return number !== undefined ? replaceFix(port.at, String(number), `use the Service port ${number}`) : undefined;
  }
  const named = service.ports.length === 1 ? service.ports[0]!.name?.value : undefined;
  return named ? replaceFix(port.at, named, `use the Service port name \`${named}\``) : undefined;
}
