import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { listenHints } from '../../../inputs/kubernetes/listen-hints.js';
import type { Container, KubernetesFacts, Workload } from '../../../inputs/kubernetes/model.js';
import { once } from '../../../inputs/kubernetes/queries.js';
import { containerPortFor, targetPortOf } from '../../../inputs/kubernetes/service-ports.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { deployment, service } from '../examples.js';

const problem = {
  description: '`SERVER_PORT` moves the Spring Boot app to 9000; the Service still targets 8080.',
  files: {
    'k8s/inventory.yaml': `${deployment({
      name: 'inventory',
      namespace: 'shop',
      image: 'ghcr.io/example/inventory:2.2.0',
      container: `env:
  - name: SERVER_PORT
    value: "9000"
ports:
  - name: http
    containerPort: 8080
`,
    })}---
${service({
  name: 'inventory',
  namespace: 'shop',
  ports: `- name: http
  port: 80
  targetPort: http
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/env-port-mismatch',
  domain: 'kubernetes',
  cause: 'port-mismatch',
  severity: 'error',
  title: "The app's configured listen port is not the port the Service targets",
  catalog: ['X5'],
  docs: {
    why: 'Many apps take their listen port from the environment or the command line (`PORT`, Spring Boot `SERVER_PORT`, `--port`). When that value differs from the container port the Service forwards to, the process listens where nothing sends traffic and the targeted port refuses connections: 502 from the ingress controller, "connection refused" for clients, and readiness probes on the declared port fail.',
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/inventory.yaml', replace: 'value: "9000"', with: 'value: "8080"' }]),
    remediation:
      'Make the listen port in env/args, `containerPort` and the Service `targetPort` the same number (or derive the env value from one place in your chart).',
    references: [
      'https://docs.spring.io/spring-boot/reference/web/servlet.html#web.servlet.embedded-container.customizing',
      'https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    const first = once();
    for (const workload of k.workloads) {
      for (const container of workload.template.containers) {
        if (container.role === 'init') continue;
        const declared = container.ports.flatMap((p) => (p.containerPort && p.protocol === 'TCP' ? [p.containerPort.value] : []));
        if (declared.length === 0) continue;
        for (const hint of listenHints(container)) {
          if (hint.port === undefined || hint.implicit || declared.includes(hint.port)) continue;
          const targeted = targetedPorts(k, workload, container).filter((p) => p !== hint.port);
          if (targeted.length === 0) continue;
          if (!first(`${hint.at.file}:${hint.at.line}`)) continue;
          const port = targeted[0]!;
          const fix =
            hint.source.startsWith('env') && hint.written !== undefined
              ? replaceFix(hint.at, JSON.stringify(String(port)), `listen on ${port}, the port the Service targets`)
              : undefined;
          ctx.report({
            message: `${hint.source} makes container \`${container.name}\` of ${describe(workload.object)} listen on ${hint.port}, but Services forward to port ${targeted.join(', ')} and the container declares ${declared.join(', ')}: connections there are refused`,
            at: hint.at,
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});

/** Container port numbers of this container that some Service selecting the workload forwards to. */
function targetedPorts(k: KubernetesFacts, workload: Workload, container: Container): number[] {
  const out = new Set<number>();
  for (const service of k.index.servicesSelecting(workload)) {
    for (const port of service.ports) {
      const target = targetPortOf(port);
      if (target === undefined) continue;
      const match = containerPortFor(workload, target, port.protocol);
      if (match && match !== 'undeclared' && match.container === container && match.number !== undefined) out.add(match.number);
    }
  }
  return [...out];
}
