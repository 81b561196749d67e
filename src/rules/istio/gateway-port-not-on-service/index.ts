import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { labelsMatch } from '../../../inputs/kubernetes/labels.js';
import { containerPortFor, describeServicePorts, targetPortOf } from '../../../inputs/kubernetes/service-ports.js';
import { INGRESS_GATEWAY, manifests } from '../example-manifests.js';

const gateway = (port: number) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: istio-ingress
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: ${port}
        name: http
        protocol: HTTP
      hosts:
        - "*.example.com"
`;

export default defineRule({
  id: 'istio/gateway-port-not-on-service',
  domain: 'istio',
  cause: 'config-error',
  severity: 'warning',
  title: "Gateway server port is not exposed by the gateway's Service",
  catalog: ['C6'],
  docs: {
    why: "An Istio Gateway opens listeners on the gateway pods it selects, but clients reach those pods through the gateway's Service (usually a LoadBalancer). A server port the Service does not expose (neither as `port` nor as `targetPort`) is unreachable from outside: connections are refused or time out at the load balancer (IST0162).",
    problem: {
      description: 'The Gateway listens on 8081; the gateway Service exposes 80→8080 and 443→8443.',
      files: { 'gateway/gateway.yaml': manifests(INGRESS_GATEWAY, gateway(8081)) },
    },
    fixed: { files: { 'gateway/gateway.yaml': manifests(INGRESS_GATEWAY, gateway(80)) } },
    remediation: 'Use a port the gateway Service exposes, or add that port to the Service (and to the cloud load balancer/firewall).',
    references: ['https://istio.io/latest/docs/reference/config/analysis/ist0162/'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const gw of k.istio.gateways) {
      if (Object.keys(gw.selector).length === 0) continue;
      const pods = k.workloads.filter((w) => labelsMatch(gw.selector, w.template.labels));
      const services = [...new Set(pods.flatMap((w) => k.index.servicesSelecting(w)))];
      if (services.length === 0) continue;
      const exposed = new Set<number>();
      for (const service of services) {
        for (const port of service.ports) {
          if (port.port !== undefined) exposed.add(port.port);
          const target = targetPortOf(port);
          if (typeof target === 'number') exposed.add(target);
          else if (target !== undefined) {
            for (const w of pods) {
              const match = containerPortFor(w, target, port.protocol);
              if (match && match !== 'undeclared' && match.number !== undefined) exposed.add(match.number);
            }
          }
        }
      }
      for (const server of gw.servers) {
        if (!server.port || exposed.has(server.port.value)) continue;
        ctx.report({
          message: `${describe(gw.object)} listens on port ${server.port.value}, which ${services.map((s) => describe(s.object)).join(', ')} does not expose (${services.map(describeServicePorts).join('; ')}): clients cannot reach it`,
          at: server.port.at,
        });
      }
    }
  },
});
