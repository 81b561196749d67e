import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../../envoy/examples.js';

const ALB = `resource "aws_lb" "api" {
  name               = "api"
  load_balancer_type = "application"
  subnets            = ["subnet-1", "subnet-2"]
}

resource "aws_lb_target_group" "orders" {
  name     = "orders"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-1"
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.api.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.orders.arn
  }
}
`;

const idle = (seconds: number) => `      typed_extension_protocol_options:
        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
          common_http_protocol_options:
            idle_timeout: ${seconds}s
          explicit_http_config:
            http_protocol_options: {}
`;

export default [
  {
    name: 'an ALB (60 s by default) in front of the app listening on the target group port; YAML keep-alive 30s',
    files: { 'infra/alb.tf': ALB, 'orders/src/main/resources/application.yml': 'server:\n  port: 8080\n  tomcat:\n    keep-alive-timeout: 30s\n' },
    expect: ['orders/src/main/resources/application.yml:4:25'],
    fixes: ['75s'],
  },
  {
    name: 'near miss: Envoy closes idle connections after 20 s, Tomcat after 30 s',
    files: {
      'docker-compose.yml': envoyCompose('  orders:\n    build: ./orders\n    expose:\n      - "8080"\n'),
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'orders', 8080, idle(20))),
      'orders/src/main/resources/application.properties': 'server.tomcat.keep-alive-timeout=30s\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
