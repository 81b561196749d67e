import type { RuleCase } from '../../rule-case.js';
import { albIngress, albTerraform, ordersOnEks, webWorkload } from '../examples.js';

const NODE = '          command: ["node", "dist/main.js"]\n          ports:\n            - name: http\n              containerPort: 8080\n';

const NGINX_WEB = `          image: nginx:1.27-alpine
          ports:
            - containerPort: 3000
          volumeMounts:
            - name: conf
              mountPath: /etc/nginx/conf.d
      volumes:
        - name: conf
          configMap:
            name: web-nginx
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-nginx
  namespace: shop
data:
  default.conf: |
    server {
        listen 3000;
        root /usr/share/nginx/html;
    }
`;

export default [
  {
    name: 'Terraform idle_timeout 120 in front of Node.js pods (bound by a TargetGroupBinding)',
    files: {
      'infra/alb.tf': albTerraform('', '  idle_timeout       = 120\n'),
      'k8s/orders.yaml': ordersOnEks(NODE).replace('orders:3.4.1', 'orders:3.4.1-node'),
    },
    expect: ['infra/alb.tf:6:24'],
    fixes: ['4'],
  },
  {
    name: "near miss: nginx pods keep connections 75 s (nginx's default), longer than the ALB's 60 s",
    files: { 'k8s/ingress.yaml': albIngress('alb.ingress.kubernetes.io/target-type: ip\n'), 'k8s/web.yaml': webWorkload(NGINX_WEB) },
    expect: [],
  },
  {
    name: 'near miss: idle_timeout from a variable without a default (not known statically)',
    files: {
      'infra/alb.tf': albTerraform('', '  idle_timeout       = var.idle_timeout\n').replace(
        'variable "vpc_id" {',
        'variable "idle_timeout" {\n  type = number\n}\n\nvariable "vpc_id" {',
      ),
      'k8s/orders.yaml': ordersOnEks(NODE),
    },
    expect: [],
  },
] satisfies RuleCase[];
