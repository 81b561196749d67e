import { ingress } from '../kubernetes/examples.js';

/** Shared pieces of the cloud-lb rules' example projects: Terraform for an ALB and a Kubernetes workload behind it. */

export const albTerraform = (targetGroup: string, lb = '') => `resource "aws_lb" "shop" {
  name               = "shop"
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.alb.id]
${lb}}

variable "public_subnet_ids" {
  type = list(string)
}

resource "aws_lb_target_group" "orders" {
  name        = "orders"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id
${targetGroup}}

variable "vpc_id" {
  type = string
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.shop.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.orders.arn
  }
}

variable "certificate_arn" {
  type = string
}
`;

/** Deployment + Service `orders` and the TargetGroupBinding that registers its pods in target group `orders`. */
export const ordersOnEks = (containerSpec: string, serviceType = 'ClusterIP', bindingType = 'ip') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
        - name: orders
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:3.4.1
${containerSpec}---
apiVersion: v1
kind: Service
metadata:
  name: orders
  namespace: shop
spec:
  type: ${serviceType}
  selector:
    app: orders
  ports:
    - name: http
      port: 80
      targetPort: 8080
---
apiVersion: elbv2.k8s.aws/v1beta1
kind: TargetGroupBinding
metadata:
  name: orders
  namespace: shop
spec:
  serviceRef:
    name: orders
    port: 80
  targetGroupARN: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders/6d0ecf831eec9f09
  targetType: ${bindingType}
`;

/** An Ingress for the AWS Load Balancer Controller (class `alb`) in front of Service `web`; `annotations` from column 0. */
export const albIngress = (annotations: string) =>
  ingress({
    name: 'web',
    namespace: 'shop',
    className: 'alb',
    annotations: `alb.ingress.kubernetes.io/scheme: internet-facing\n${annotations}`,
    host: 'shop.example.com',
    service: 'web',
    port: 'number: 80',
  });

export const webWorkload = (containerSpec: string, serviceType = 'ClusterIP') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
${containerSpec}---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: ${serviceType}
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 3000
`;
