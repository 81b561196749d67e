import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { once, proxiedBackends } from '../../../inputs/kubernetes/queries.js';
import { containerServing } from '../../../inputs/kubernetes/service-ports.js';
import { withEdits } from '../../example-edits.js';
import { deployment, ingress, service } from '../examples.js';

const problem = {
  description: 'The Ingress routes to `catalog`, whose container has no readiness probe.',
  files: {
    'k8s/catalog.yaml': `${deployment({
      name: 'catalog',
      namespace: 'shop',
      replicas: 3,
      image: 'ghcr.io/example/catalog:3.4.2',
      container: `ports:
  - name: http
    containerPort: 8080
`,
    })}---
${service({
  name: 'catalog',
  namespace: 'shop',
  ports: `- name: http
  port: 80
  targetPort: http
`,
})}---
${ingress({ name: 'catalog', namespace: 'shop', host: 'catalog.example.com', service: 'catalog', port: 'name: http' })}`,
  },
};

export default defineRule({
  id: 'kubernetes/missing-readiness-probe',
  domain: 'kubernetes',
  cause: 'startup-order',
  severity: 'warning',
  title: 'Backend container of a proxied Service has no readiness probe',
  catalog: ['B1'],
  docs: {
    why: 'Without a readiness probe a pod is Ready as soon as its containers start, so the Service (and the Ingress controller or mesh in front of it) sends requests before the application listens and while it shuts down. Every rollout, restart and scale-up then shows a burst of 502/503 ("connection refused", "upstream connect error") that stops on its own — the classic "intermittent 502 during deploys". Only containers that some proxy route reaches are reported.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/catalog.yaml',
        replace: '              containerPort: 8080',
        with: `              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: http`,
      },
    ]),
    remediation:
      'Add a `readinessProbe` on the port that serves the traffic (an HTTP readiness endpoint, or at least `tcpSocket` on that port), so pods receive requests only once they answer.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-readiness-probes'],
  },
  check(ctx) {
    const first = once();
    for (const { workload, listen, path } of proxiedBackends(ctx.facts)) {
      if (workload.object.kind === 'Job' || workload.object.kind === 'CronJob') continue;
      const container = containerServing(workload, listen.port, listen.name);
      if (!container || container.readinessProbe || container.startupProbe) continue;
      if (!first(`${container.at.file}:${container.at.line}`)) continue;
      ctx.report({
        message: `container \`${container.name}\` of ${describe(workload.object)} has no readiness probe: ${path.proxy.label} sends requests to its pods before they listen and while they stop (502/503 during every rollout)`,
        at: container.at,
        path: path.steps,
      });
    }
  },
});
