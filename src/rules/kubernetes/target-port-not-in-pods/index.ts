import { defineRule, type Fix } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import type { Service, ServicePort, Workload } from '../../../inputs/kubernetes/model.js';
import { containerPortFor, describeContainerPorts, servingContainers, targetPortOf } from '../../../inputs/kubernetes/service-ports.js';
import { addSiblingFix, replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { deployment, service } from '../examples.js';

const problem = {
  description: '`targetPort` is left out, so it defaults to `port` (80), but the container listens on 3000.',
  files: {
    'k8s/api.yaml': `${deployment({
      name: 'api',
      namespace: 'shop',
      replicas: 2,
      image: 'ghcr.io/example/api:4.1.0',
      container: `ports:
  - containerPort: 3000
`,
    })}---
${service({
  name: 'api',
  namespace: 'shop',
  ports: `- port: 80
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/target-port-not-in-pods',
  domain: 'kubernetes',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'Service targetPort matches no container port of the selected pods',
  catalog: ['A2', 'X2'],
  docs: {
    why: 'A Service forwards to `targetPort` on the pod — by number, by container port name, or, when it is left out, to the same number as `port`. A name no container declares gives the Service no endpoints for that port; a number no container listens on makes every connection fail with "connection refused" (ingress-nginx 502, Envoy "upstream connect error … delayed connect error: 111"). Every container counts, including native sidecars (`initContainers` with `restartPolicy: Always`).',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/api.yaml',
        replace: '    - port: 80',
        with: `    - port: 80
      targetPort: 3000`,
      },
    ]),
    remediation:
      'Point `targetPort` at the port the container listens on: its `containerPort` number or, better, its name (`targetPort: http`), so the two cannot drift apart.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports', 'https://github.com/derailed/popeye/pull/355'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const service of k.services) {
      if (!service.selector) continue;
      const workloads = k.index.workloadsSelectedBy(service.selector, service.object.namespace);
      if (workloads.length === 0) continue;
      for (const port of service.ports) {
        const target = targetPortOf(port);
        if (target === undefined) continue;
        const results = workloads.map((w) => containerPortFor(w, target, port.protocol));
        if (results.some((r) => r !== undefined)) continue;
        const first = workloads[0]!;
        const what = typeof target === 'number' ? `port ${target}` : `port name \`${target}\``;
        const written = port.targetPort
          ? `targetPort ${typeof target === 'number' ? target : `\`${target}\``}`
          : `targetPort (defaulting to port ${port.port})`;
        const message = `${written} of ${describe(service.object)} matches no container port of ${workloads.map((w) => describe(w.object)).join(', ')}: ${describe(first.object)} declares ${describeContainerPorts(first)}, so ${typeof target === 'number' ? `connections to ${what} are refused` : 'the Service has no endpoints for this port'}`;
        const fix = fixFor(service, port, workloads);
        const related = servingContainers(first)
          .flatMap((c) => c.ports)
          .slice(0, 3)
          .map((p) => ({ at: p.at, message: `container port of ${describe(first.object)}` }));
        ctx.report({ message, at: port.targetPort?.at ?? port.rawPort.at, ...(fix ? { fix } : {}), related });
      }
    }
  },
});

/** With one workload declaring one port of the protocol, point targetPort at it (by name when it has one). */
function fixFor(service: Service, port: ServicePort, workloads: Workload[]): Fix | undefined {
  if (workloads.length !== 1) return undefined;
  const declared = servingContainers(workloads[0]!)
    .flatMap((c) => c.ports)
    .filter((p) => p.protocol === port.protocol && p.containerPort);
  if (declared.length !== 1) return undefined;
  const only = declared[0]!;
  const value = only.name ? only.name.value : String(only.containerPort!.value);
  const description = `forward to the container port ${only.containerPort!.value}${only.name ? ` (\`${only.name.value}\`)` : ''}`;
  if (port.targetPort) return replaceFix(port.targetPort.at, value, description);
  return addSiblingFix(service.object, ['spec', 'ports', port.index, 'port'], `targetPort: ${value}`, description);
}
