import { defineRule } from '../../../core/define-rule.js';
import { HEALTH_PATH, samePathFamily } from '../../backend-app.js';
import { albTerraform, ordersOnEks } from '../examples.js';
import { checkPortOf, lbHealthChecks } from '../health-checks.js';
import { expectedHealth, listeningPorts } from '../links.js';

const container = `          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz/ready
              port: http
`;

const healthCheck = (path: string) => `
  health_check {
    path                = "${path}"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
`;

export default defineRule({
  id: 'cloud-lb/health-check-path-mismatch',
  domain: 'cloud-lb',
  cause: 'no-healthy-upstream',
  severity: 'error',
  title: 'A load balancer health check asks a path the application does not serve as its health endpoint',
  catalog: ['X13'],
  docs: {
    why: 'A target group marks targets healthy only when its health check gets the expected status. When it asks `/health` while the app answers `/healthz/ready` (what its readiness probe uses), every target fails with `Health checks failed with these codes: [404]`, the target group has no healthy target and the ALB answers `503 Service Temporarily Unavailable` — though the pods are Ready.',
    problem: {
      description: 'The target group checks `/health`; the pods serve `/healthz/ready` (their readiness probe).',
      files: { 'infra/alb.tf': albTerraform(healthCheck('/health')), 'k8s/orders.yaml': ordersOnEks(container) },
    },
    fixed: { files: { 'infra/alb.tf': albTerraform(healthCheck('/healthz/ready')), 'k8s/orders.yaml': ordersOnEks(container) } },
    remediation:
      "Check the path the application itself reports health on (its readiness probe path, Spring's `/actuator/health`), on the port it serves it on.",
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_target_group#health_check',
    ],
  },
  check(ctx) {
    for (const check of lbHealthChecks(ctx.facts)) {
      if (!check.path || !HEALTH_PATH.test(check.path.value.split('?')[0]!)) continue;
      const port = checkPortOf(check);
      const written = check.path.value.split('?')[0]!;
      for (const link of check.links) {
        const listening = listeningPorts(link);
        // A check on a port nothing listens on is reported by cloud-lb/health-check-port-mismatch.
        if (port !== undefined && listening.length > 0 && !listening.includes(port)) continue;
        const expected = expectedHealth(link);
        if (expected.some((e) => samePathFamily(e.path, written))) continue;
        const onPort = expected.filter((e) => e.port === undefined || port === undefined || e.port === port);
        const wanted = onPort[0];
        if (!wanted) continue;
        const fix = check.setPath(wanted.path);
        ctx.report({
          message: `${check.label} health-checks \`${check.path.value}\`, but ${link.label} (${link.how}) serves its health endpoint at \`${wanted.path}\` (${wanted.source}): targets fail the check, and with none healthy the load balancer answers 503.`,
          at: check.path.at,
          ...(fix ? { fix } : {}),
          related: [{ at: wanted.at, message: wanted.source }],
        });
        break;
      }
    }
  },
});
