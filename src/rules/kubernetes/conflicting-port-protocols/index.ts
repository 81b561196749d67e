import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import type { Service, ServicePort } from '../../../inputs/kubernetes/model.js';
import { containerPortFor, targetPortOf } from '../../../inputs/kubernetes/service-ports.js';
import { once } from '../../../inputs/kubernetes/queries.js';
import { withEdits } from '../../example-edits.js';
import { deployment, service } from '../examples.js';

/** Istio's protocol selection: `appProtocol`, else the port name's prefix before "-". */
const PROTOCOL_PREFIXES = new Set(['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp', 'h2c', 'ws', 'wss']);

export function declaredProtocol(port: ServicePort): string | undefined {
  if (port.appProtocol) return port.appProtocol.toLowerCase().replace(/^kubernetes\.io\//, '');
  const name = port.name?.value.toLowerCase();
  if (!name) return undefined;
  if (PROTOCOL_PREFIXES.has(name)) return name;
  const prefix = name.startsWith('grpc-web') ? 'grpc-web' : name.split('-')[0]!;
  return PROTOCOL_PREFIXES.has(prefix) && name.includes('-') ? prefix : undefined;
}

const problem = {
  description: '`payments` calls the port `grpc`, the `payments-debug` Service calls the same port `http`.',
  files: {
    'k8s/payments.yaml': `${deployment({
      name: 'payments',
      namespace: 'pay',
      image: 'ghcr.io/example/payments:7.3.1',
      container: `ports:
  - name: grpc
    containerPort: 9090
`,
    })}---
${service({
  name: 'payments',
  namespace: 'pay',
  ports: `- name: grpc
  port: 9090
  targetPort: grpc
`,
})}---
${service({
  name: 'payments-debug',
  namespace: 'pay',
  app: 'payments',
  ports: `- name: http
  port: 80
  targetPort: 9090
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/conflicting-port-protocols',
  domain: 'kubernetes',
  cause: 'protocol-mismatch',
  severity: 'warning',
  title: 'Two Services declare different protocols for the same pod port',
  catalog: ['A7'],
  docs: {
    why: 'Meshes and L7 load balancers pick the protocol of a port from the Service (`appProtocol`, or Istio\'s port-name prefix such as `http-` or `grpc-`). When two Services select the same pods and declare different protocols for the same container port, the proxy builds one listener per pod port and one of the Services loses: gRPC gets treated as HTTP/1.1 or TCP, giving "upstream connect error or disconnect/reset before headers" or protocol errors for one of the two names (Istio IST0116).',
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/payments.yaml', replace: '- name: http', with: '- name: grpc-debug' }]),
    remediation: 'Declare the same protocol for a pod port in every Service that selects the pods: the same name prefix (`grpc-…`) or the same `appProtocol`.',
    references: [
      'https://istio.io/latest/docs/reference/config/analysis/ist0116/',
      'https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    const first = once();
    for (const workload of k.workloads) {
      const services = k.index.servicesSelecting(workload);
      if (services.length < 2) continue;
      const byPodPort = new Map<string, { service: Service; port: ServicePort; protocol: string }[]>();
      for (const service of services) {
        for (const port of service.ports) {
          const protocol = declaredProtocol(port);
          const target = targetPortOf(port);
          if (!protocol || target === undefined) continue;
          const match = containerPortFor(workload, target, port.protocol);
          const number = match && match !== 'undeclared' ? match.number : typeof target === 'number' ? target : undefined;
          if (number === undefined) continue;
          const key = `${port.protocol}/${number}`;
          const list = byPodPort.get(key) ?? [];
          list.push({ service, port, protocol });
          byPodPort.set(key, list);
        }
      }
      for (const [key, entries] of byPodPort) {
        const base = entries[0]!;
        for (const other of entries.slice(1)) {
          if (other.protocol === base.protocol || other.service === base.service) continue;
          const at = other.port.name?.at ?? other.port.at;
          if (!first(`${at.file}:${at.line}:${at.column}`)) continue;
          ctx.report({
            message: `${describe(other.service.object)} declares pod port ${key.split('/')[1]} of ${describe(workload.object)} as ${other.protocol}, ${describe(base.service.object)} as ${base.protocol}: one of them gets the wrong protocol`,
            at,
            related: [{ at: base.port.name?.at ?? base.port.at, message: `${base.protocol} in ${describe(base.service.object)}` }],
          });
        }
      }
    }
  },
});
