import type { RuleCase } from '../../rule-case.js';
import { nginxSite, ordersManifest, springCompose } from '../examples.js';

const PROPS = 'server.port=8080\nmanagement.server.port=9001\nmanagement.server.address=127.0.0.1\n';

export default [
  {
    name: 'a liveness probe with a numeric port',
    files: {
      'orders/k8s/deployment.yaml': ordersManifest(
        '          ports:\n            - name: http\n              containerPort: 8080\n          livenessProbe:\n            httpGet:\n              path: /actuator/health/liveness\n              port: 9001\n',
      ),
      'orders/src/main/resources/application.properties': PROPS,
    },
    expect: ['orders/src/main/resources/application.properties:3:27'],
    fixes: ['0.0.0.0'],
  },
  {
    name: 'near miss: a Compose healthcheck runs inside the container, where loopback works',
    files: {
      'docker-compose.yml': springCompose('    healthcheck:\n      test: ["CMD", "curl", "-fsS", "http://127.0.0.1:9001/actuator/health"]\n'),
      'nginx/default.conf': nginxSite(),
      'orders/src/main/resources/application.properties': PROPS,
    },
    expect: [],
  },
  {
    name: 'a load balancer health check on the management port (the app linked by its target group port)',
    files: {
      'infra/alb.tf':
        'resource "aws_lb_target_group" "orders" {\n  name        = "orders"\n  port        = 8080\n  protocol    = "HTTP"\n  target_type = "ip"\n  health_check {\n    path = "/actuator/health"\n    port = "9001"\n  }\n}\n',
      'orders/src/main/resources/application.properties': PROPS,
    },
    expect: ['orders/src/main/resources/application.properties:3:27'],
    fixes: ['0.0.0.0'],
  },
] satisfies RuleCase[];
