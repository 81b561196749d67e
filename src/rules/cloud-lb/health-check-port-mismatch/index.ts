import { defineRule } from '../../../core/define-rule.js';
import { actuatorHealth, managementPort } from '../../../inputs/spring/queries.js';
import { samePathFamily } from '../../backend-app.js';
import { albTerraform } from '../examples.js';
import { checkPortOf, lbHealthChecks } from '../health-checks.js';
import { listeningPorts } from '../links.js';

const SPRING = `spring.application.name=orders
server.port=8080
management.server.port=8081
management.endpoints.web.exposure.include=health,info
`;

const healthCheck = (port: string) => `
  health_check {
    path     = "/actuator/health"
    matcher  = "200"
${port}  }
`;

export default defineRule({
  id: 'cloud-lb/health-check-port-mismatch',
  domain: 'cloud-lb',
  cause: 'no-healthy-upstream',
  severity: 'error',
  title: 'A load balancer health check goes to a port where nothing listens, or where the health endpoint is not served',
  catalog: ['X13', 'X17'],
  docs: {
    why: "A health check on a port the target does not listen on fails with a timeout or refusal; one on the traffic port while the health endpoint lives on another port (Spring Boot's actuator on `management.server.port`) gets 404. Either way no target turns healthy (`Target.FailedHealthChecks`, `Target.Timeout`) and the load balancer answers `503 Service Temporarily Unavailable`.",
    problem: {
      description: 'The actuator listens on the management port 8081; the check asks the traffic port 8080.',
      files: { 'infra/alb.tf': albTerraform(healthCheck('')), 'orders/src/main/resources/application.properties': SPRING },
    },
    fixed: { files: { 'infra/alb.tf': albTerraform(healthCheck('    port     = "8081"\n')), 'orders/src/main/resources/application.properties': SPRING } },
    remediation:
      'Send the check to the port that serves the health endpoint (`port = "8081"` for Spring\'s management port, else `traffic-port`), and make sure the target\'s security group admits it there.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
      'https://docs.spring.io/spring-boot/reference/actuator/monitoring.html#actuator.monitoring.customizing-management-server-port',
    ],
  },
  check(ctx) {
    for (const check of lbHealthChecks(ctx.facts)) {
      const port = checkPortOf(check);
      for (const link of check.links) {
        const listening = listeningPorts(link);
        if (typeof check.port?.value === 'number' && listening.length > 0 && !listening.includes(check.port.value)) {
          const fix = check.setPort('traffic-port');
          ctx.report({
            message: `${check.label} health-checks port ${check.port.value}, where nothing listens behind ${link.label} (${link.how}; it listens on ${listening.join(', ')}): every target fails the check and the load balancer answers 503.`,
            at: check.port.at,
            ...(fix ? { fix } : {}),
          });
          break;
        }
        if (!check.path || port === undefined) continue;
        const app = link.springApps.find((a) => {
          const health = actuatorHealth(a);
          return health.onManagementPort && health.port !== port && samePathFamily(health.path, check.path!.value.split('?')[0]!);
        });
        if (!app) continue;
        const management = managementPort(app)!;
        const fix = check.setPort(management.value);
        ctx.report({
          message: `${check.label} asks \`${check.path.value}\` on port ${port}${check.port ? '' : ' (the traffic port)'}, but Spring app \`${app.name?.value ?? app.module}\` serves the actuator only on management.server.port ${management.value}: the check gets 404 and no target turns healthy (503).`,
          at: check.port?.at ?? check.path.at,
          ...(fix ? { fix } : {}),
          ...(management.setting ? { related: [{ at: management.setting.at, message: 'management.server.port' }] } : {}),
        });
        break;
      }
    }
  },
});
