import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { deployment } from '../examples.js';

const problem = {
  description: 'The probe says `port: healthz`, the container names its port `http`.',
  files: {
    'k8s/search.yaml': `${deployment({
      name: 'search',
      namespace: 'shop',
      image: 'ghcr.io/example/search:0.9.3',
      container: `ports:
  - name: http
    containerPort: 8080
readinessProbe:
  httpGet:
    path: /healthz
    port: healthz
`,
    })}`,
  },
};

export default defineRule({
  id: 'kubernetes/probe-port-not-declared',
  domain: 'kubernetes',
  cause: 'no-endpoints',
  severity: 'error',
  title: 'Probe names a port its container does not declare',
  catalog: ['B2'],
  docs: {
    why: 'A probe port given by name is looked up among the ports of the same container. When no port has that name the kubelet cannot run the probe: a readiness probe then never succeeds (the pods never become Ready and the Service has no endpoints: 503 "no healthy upstream"), a liveness probe restarts the container over and over.',
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/search.yaml', replace: 'port: healthz', with: 'port: http' }]),
    remediation: "Use the name of one of the container's own `ports` (or a number) for the probe port.",
    references: [
      'https://github.com/stackrox/kube-linter/blob/main/docs/generated/checks.md#readiness-port',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port',
    ],
  },
  check(ctx) {
    for (const workload of ctx.facts.kubernetes.workloads) {
      for (const container of workload.template.containers) {
        for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
          const port = probe?.port;
          if (!probe || !port || typeof port.value !== 'string' || /^\d+$/.test(port.value)) continue;
          if (container.ports.some((p) => p.name?.value === port.value)) continue;
          const effect =
            probe.type === 'readiness'
              ? 'the pods never become Ready, so Services have no endpoints'
              : probe.type === 'liveness'
                ? 'the container is restarted again and again'
                : 'the container never finishes starting';
          const named = container.ports.filter((p) => p.name || p.containerPort);
          const only = named.length === 1 ? named[0]! : undefined;
          const fix = only
            ? replaceFix(
                port.at,
                only.name?.value ?? String(only.containerPort!.value),
                `probe the container's port ${only.name ? `\`${only.name.value}\`` : only.containerPort!.value}`,
              )
            : undefined;
          const declared = container.ports.map((p) => (p.name ? `\`${p.name.value}\`` : String(p.containerPort?.value ?? '?'))).join(', ') || 'no ports';
          ctx.report({
            message: `${probe.type} probe of container \`${container.name}\` in ${describe(workload.object)} names port \`${port.value}\`, which the container does not declare (it has ${declared}): ${effect}`,
            at: port.at,
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});
