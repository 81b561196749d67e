import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { once, proxiedBackends } from '../../../inputs/kubernetes/queries.js';
import { containerServing, probePortNumber } from '../../../inputs/kubernetes/service-ports.js';
import { withEdits } from '../../example-edits.js';
import { deployment, ingress, service } from '../examples.js';

const problem = {
  description: 'Traffic arrives on 8080; the probe checks the actuator on the management port 8081.',
  files: {
    'k8s/orders.yaml': `${deployment({
      name: 'orders',
      namespace: 'shop',
      image: 'ghcr.io/example/orders:5.2.0',
      container: `env:
  - name: MANAGEMENT_SERVER_PORT
    value: "8081"
ports:
  - name: http
    containerPort: 8080
  - name: management
    containerPort: 8081
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: management
`,
    })}---
${service({
  name: 'orders',
  namespace: 'shop',
  ports: `- name: http
  port: 80
  targetPort: http
`,
})}---
${ingress({ name: 'orders', namespace: 'shop', path: '/orders', service: 'orders', port: 'number: 80' })}`,
  },
};

export default defineRule({
  id: 'kubernetes/readiness-probe-on-other-port',
  domain: 'kubernetes',
  cause: 'not-listening',
  severity: 'warning',
  title: 'Readiness probe checks a different port than the one traffic arrives on',
  catalog: ['X17'],
  docs: {
    why: 'Readiness decides whether a pod receives traffic. When the probe checks a management or admin port (Spring `management.server.port`, a sidecar admin port) while requests arrive on another port, the pod turns Ready even when the traffic port is not listening yet, is overloaded or has failed: the proxy then gets "connection refused" or timeouts from a pod Kubernetes calls healthy. Only ports some proxy route reaches are checked.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/orders.yaml',
        replace: `              path: /actuator/health/readiness
              port: management`,
        with: `              path: /readyz
              port: http`,
      },
      {
        file: 'k8s/orders.yaml',
        replace: `              containerPort: 8080
            - name: management
              containerPort: 8081`,
        with: '              containerPort: 8080',
      },
      {
        file: 'k8s/orders.yaml',
        replace: `            - name: MANAGEMENT_SERVER_PORT
              value: "8081"`,
        with: `            - name: MANAGEMENT_ENDPOINT_HEALTH_PROBES_ADD_ADDITIONAL_PATHS
              value: "true"`,
      },
    ]),
    remediation:
      'Probe readiness on the port that serves the traffic (Spring Boot: `management.endpoint.health.probes.add-additional-paths=true` exposes `/readyz` on the main port), or make the management endpoint check the main listener.',
    references: [
      'https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.kubernetes-probes',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
    ],
  },
  check(ctx) {
    const first = once();
    for (const { workload, listen, path } of proxiedBackends(ctx.facts)) {
      const container = containerServing(workload, listen.port, listen.name);
      const probe = container?.readinessProbe;
      if (!container || !probe?.port || probe.handler === 'exec' || !listen.port) continue;
      const probed = probePortNumber(container, probe.port.value);
      if (probed === undefined || probed === listen.port) continue;
      if (!first(`${probe.port.at.file}:${probe.port.at.line}:${listen.port}`)) continue;
      ctx.report({
        message: `readiness probe of container \`${container.name}\` in ${describe(workload.object)} checks port ${probed}${typeof probe.port.value === 'string' ? ` (\`${probe.port.value}\`)` : ''}, but ${path.proxy.label} sends traffic to port ${listen.port}: pods turn Ready without the traffic port being checked`,
        at: probe.port.at,
        path: path.steps,
        ...(listen.at ? { related: [{ at: listen.at, message: 'the port traffic arrives on' }] } : {}),
      });
    }
  },
});
