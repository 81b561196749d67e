import { defineRule } from '../../../core/define-rule.js';
import { managementAddress, managementPort } from '../../../inputs/spring/queries.js';
import { checkPortOf, lbHealthChecks } from '../../cloud-lb/health-checks.js';
import { ordersManifest } from '../examples.js';
import { replaceSetting, runtimeProbes } from '../runtime.js';
import { isLoopbackHost } from '../../../core/loopback.js';

const container = `          ports:
            - name: http
              containerPort: 8080
            - name: management
              containerPort: 8081
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: management
`;

const yaml = (address: string) => `spring:
  application:
    name: orders
management:
  server:
    port: 8081
${address}  endpoint:
    health:
      probes:
        enabled: true
`;

export default defineRule({
  id: 'spring/management-port-loopback',
  domain: 'spring',
  cause: 'bind-loopback',
  severity: 'error',
  title: 'Probes or health checks reach the Spring management port, which listens on loopback only',
  catalog: ['X17', 'X4'],
  docs: {
    why: '`management.server.address=127.0.0.1` keeps the actuator on a separate port that only the container itself can reach — a common hardening step. Kubernetes probes are sent by the kubelet to the pod address, and load balancers and proxies connect from outside: they get `connection refused`, so the readiness probe fails (`Readiness probe failed: ... connect: connection refused`), the pod never becomes Ready and the Service has no endpoints (503).',
    problem: {
      description: 'The readiness probe targets the management port, bound to 127.0.0.1.',
      files: {
        'orders/k8s/deployment.yaml': ordersManifest(container),
        'orders/src/main/resources/application.yml': yaml('    address: 127.0.0.1\n'),
      },
    },
    fixed: { files: { 'orders/k8s/deployment.yaml': ordersManifest(container), 'orders/src/main/resources/application.yml': yaml('') } },
    remediation:
      'Bind the management server to every interface (drop `management.server.address`) and restrict access with a NetworkPolicy, or probe the main port (`management.endpoint.health.probes.add-additional-paths=true` serves `/livez` and `/readyz` there).',
    references: [
      'https://docs.spring.io/spring-boot/reference/actuator/monitoring.html#actuator.monitoring.customizing-management-server-address',
      'https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.kubernetes-probes',
    ],
  },
  check(ctx) {
    const checks = lbHealthChecks(ctx.facts);
    for (const app of ctx.facts.spring.apps) {
      const address = managementAddress(app);
      const port = managementPort(app);
      if (!address?.property || !port || !isLoopbackHost(address.value!)) continue;
      const runtimeId = app.runtime?.runtimeId;
      const probes = runtimeProbes(ctx.facts, app).filter((p) => p.external && p.port === port.value);
      const paths = ctx.facts.topology.paths.filter(
        (p) => runtimeId !== undefined && p.backend?.runtime.id === runtimeId && (p.target.port ?? p.target.defaultPort) === port.value,
      );
      const lb = checks.filter((c) => checkPortOf(c) === port.value && c.links.some((l) => l.springApps.includes(app)));
      const who =
        probes.length > 0
          ? `the ${probes.map((p) => p.kind).join(' and ')} of ${app.runtime!.label}`
          : paths.length > 0
            ? paths[0]!.proxy.label
            : lb.length > 0
              ? `the health check of ${lb[0]!.label}`
              : undefined;
      if (!who) continue;
      const fix = replaceSetting(address.at, '0.0.0.0', 'let probes reach the management port');
      ctx.report({
        message: `${who} connect${probes.length > 1 ? '' : 's'} to management port ${port.value}, but Spring app \`${app.name?.value ?? app.module}\` binds it to \`${address.value}\`: connection refused, so the checks fail and no traffic is sent to it.`,
        at: address.at,
        ...(fix ? { fix } : {}),
        related: [
          ...probes.map((p) => ({ at: p.portAt, message: p.kind })),
          ...paths.slice(0, 1).map((p) => ({ at: p.target.at, message: p.proxy.label })),
          ...lb.slice(0, 1).flatMap((c) => (c.port ? [{ at: c.port.at, message: `health check of ${c.label}` }] : [])),
        ],
      });
    }
  },
});
