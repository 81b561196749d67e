import type { RuleCase } from '../../rule-case.js';
import { albIngress, webWorkload } from '../examples.js';

const web = (probePath: string) =>
  webWorkload(`          image: ghcr.io/example/web:5.0
          ports:
            - containerPort: 3000
          readinessProbe:
            httpGet:
              path: ${probePath}
              port: 3000
`);

const SPRING_TF = `resource "aws_lb" "api" {
  name    = "api"
  subnets = ["subnet-1", "subnet-2"]
}

resource "aws_lb_target_group" "orders" {
  name        = "orders"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = "vpc-1"
  health_check {
    path = "/actuator/health/liveness"
  }
}
`;

export default [
  {
    name: 'an ALB Ingress annotation asks /health; the readiness probe uses /ready',
    files: {
      'k8s/ingress.yaml': albIngress('alb.ingress.kubernetes.io/target-type: ip\nalb.ingress.kubernetes.io/healthcheck-path: /health\n'),
      'k8s/web.yaml': web('/ready'),
    },
    expect: ['k8s/ingress.yaml:9:49'],
    fixes: ['/ready'],
  },
  {
    name: 'near miss: the liveness group of the Spring actuator (same family as /actuator/health)',
    files: {
      'infra/lb.tf': SPRING_TF,
      'orders/src/main/resources/application.properties': 'server.port=8080\nmanagement.endpoints.web.exposure.include=health\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
