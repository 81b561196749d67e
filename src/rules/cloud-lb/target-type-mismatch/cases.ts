import type { RuleCase } from '../../rule-case.js';
import { albIngress, albTerraform, ordersOnEks, webWorkload } from '../examples.js';

const CONTAINER = '          ports:\n            - name: http\n              containerPort: 8080\n';

export default [
  {
    name: 'a TargetGroupBinding asking for instance targets for a ClusterIP Service',
    files: { 'infra/alb.tf': albTerraform(''), 'k8s/orders.yaml': ordersOnEks(CONTAINER, 'ClusterIP', 'instance') },
    expect: ['k8s/orders.yaml:47:15'],
    fixes: ['ip'],
  },
  {
    name: 'near miss: instance targets (the default) for a NodePort Service',
    files: {
      'k8s/ingress.yaml': albIngress(''),
      'k8s/web.yaml': webWorkload('          image: ghcr.io/example/web:5.0\n          ports:\n            - containerPort: 3000\n', 'NodePort'),
    },
    expect: [],
  },
  {
    name: 'near miss: an nginx Ingress is not served by the AWS controller',
    files: {
      'k8s/ingress.yaml': albIngress('').replace('ingressClassName: alb', 'ingressClassName: nginx'),
      'k8s/web.yaml': webWorkload('          image: ghcr.io/example/web:5.0\n          ports:\n            - containerPort: 3000\n'),
    },
    expect: [],
  },
] satisfies RuleCase[];
