import type { RuleCase } from '../../rule-case.js';
import { albIngress, albTerraform, ordersOnEks, webWorkload } from '../examples.js';

const CONTAINER = '          ports:\n            - name: http\n              containerPort: 8080\n';

export default [
  {
    name: 'Terraform checks port 9000; behind the TargetGroupBinding only 8080 listens',
    files: { 'infra/alb.tf': albTerraform('  health_check {\n    path = "/"\n    port = "9000"\n  }\n'), 'k8s/orders.yaml': ordersOnEks(CONTAINER) },
    expect: ['infra/alb.tf:20:12'],
    fixes: ['"traffic-port"'],
  },
  {
    name: 'near miss: an Ingress health check on the traffic port',
    files: {
      'k8s/ingress.yaml': albIngress('alb.ingress.kubernetes.io/target-type: ip\nalb.ingress.kubernetes.io/healthcheck-port: traffic-port\n'),
      'k8s/web.yaml': webWorkload('          image: ghcr.io/example/web:5.0\n          ports:\n            - containerPort: 3000\n'),
    },
    expect: [],
  },
] satisfies RuleCase[];
