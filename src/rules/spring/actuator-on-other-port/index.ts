import { defineRule } from '../../../core/define-rule.js';
import { actuatorHealth, managementPort, serverPort, setting } from '../../../inputs/spring/queries.js';
import { replaceValue } from '../../text-edits.js';
import { ordersManifest } from '../examples.js';
import { runtimeProbes } from '../runtime.js';

const manifest = (port: number) =>
  ordersManifest(`          ports:
            - name: http
              containerPort: 8080
            - name: management
              containerPort: 9090
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: ${port}
            initialDelaySeconds: 30
`);

const PROPERTIES = `spring.application.name=orders
server.port=8080
management.server.port=9090
management.endpoint.health.probes.enabled=true
`;

export default defineRule({
  id: 'spring/actuator-on-other-port',
  domain: 'spring',
  cause: 'no-healthy-upstream',
  severity: 'error',
  title: 'A probe asks the Spring actuator on the main port while it lives on `management.server.port`',
  catalog: ['X17', 'X5'],
  docs: {
    why: 'With `management.server.port` set, every actuator endpoint moves to that port: `/actuator/health` on the main port answers 404. A readiness probe there never passes (the pod is never Ready, the Service has no endpoints, clients get 503); a liveness probe there gets the container restarted in a loop; a Compose healthcheck there keeps the service `unhealthy`, so `depends_on: service_healthy` never starts what waits for it.',
    problem: {
      description: 'The liveness probe asks 8080, the actuator is on 9090.',
      files: { 'orders/k8s/deployment.yaml': manifest(8080), 'orders/src/main/resources/application.properties': PROPERTIES },
    },
    fixed: { files: { 'orders/k8s/deployment.yaml': manifest(9090), 'orders/src/main/resources/application.properties': PROPERTIES } },
    remediation:
      'Point the probe at `management.server.port`, or serve the probes on the main port too (`management.endpoint.health.probes.add-additional-paths=true`, paths `/livez` and `/readyz`).',
    references: [
      'https://docs.spring.io/spring-boot/reference/actuator/monitoring.html#actuator.monitoring.customizing-management-server-port',
      'https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.kubernetes-probes',
    ],
  },
  check(ctx) {
    for (const app of ctx.facts.spring.apps) {
      const management = managementPort(app);
      const server = serverPort(app);
      if (!app.runtime || !management || !server || management.value <= 0) continue;
      const health = actuatorHealth(app);
      const base = (setting(app, 'management.endpoints.web.base-path')?.value ?? '/actuator').replace(/\/$/, '');
      for (const probe of runtimeProbes(ctx.facts, app)) {
        if (probe.port !== server.value || !probe.path || !(probe.path === base || probe.path.startsWith(`${base}/`))) continue;
        const fix = probe.numeric
          ? replaceValue(ctx.facts, probe.portAt, String(management.value), `probe the management port ${management.value}`)
          : undefined;
        ctx.report({
          message: `the ${probe.kind} of ${app.runtime.label} asks \`${probe.path}\` on port ${probe.port}, but Spring app \`${app.name?.value ?? app.module}\` serves the actuator on \`management.server.port\` ${management.value} (\`${health.path}\` there): the probe gets 404 and never passes.`,
          at: probe.portAt,
          ...(fix ? { fix } : {}),
          related: management.setting ? [{ at: management.setting.at, message: 'management.server.port' }] : [],
        });
      }
    }
  },
});
