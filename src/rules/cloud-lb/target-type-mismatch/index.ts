import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { replaceValue } from '../../text-edits.js';
import { albIngress, webWorkload } from '../examples.js';
import { albIngressBackends, targetGroupLinks } from '../links.js';

const WEB = `          image: ghcr.io/example/web:5.0
          ports:
            - containerPort: 3000
`;

export default defineRule({
  id: 'cloud-lb/target-type-mismatch',
  domain: 'cloud-lb',
  cause: 'config-error',
  severity: 'error',
  title: 'Instance targets for a Kubernetes Service that has no node port',
  catalog: ['X13'],
  docs: {
    why: "With target type `instance` the load balancer sends traffic to the nodes' NodePort, so the Service must be `NodePort` or `LoadBalancer`. The AWS Load Balancer Controller uses `instance` unless `alb.ingress.kubernetes.io/target-type: ip` says otherwise: for a `ClusterIP` Service it fails to build the load balancer (the Ingress gets no address; events show the Service type is not supported) and a TargetGroupBinding registers nothing, so the target group has no targets and the ALB answers 503.",
    problem: {
      description: 'An ALB Ingress without `target-type` (so `instance`) in front of a ClusterIP Service.',
      files: { 'k8s/ingress.yaml': albIngress(''), 'k8s/web.yaml': webWorkload(WEB) },
    },
    fixed: { files: { 'k8s/ingress.yaml': albIngress('alb.ingress.kubernetes.io/target-type: ip\n'), 'k8s/web.yaml': webWorkload(WEB) } },
    remediation:
      'Use IP targets (`alb.ingress.kubernetes.io/target-type: ip`, `target_type = "ip"`, TargetGroupBinding `targetType: ip`), which reach pods directly, or make the Service `type: NodePort`.',
    references: [
      'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#target-type',
      'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/targetgroupbinding/',
    ],
  },
  check(ctx) {
    for (const backend of albIngressBackends(ctx.facts)) {
      const type = backend.annotation('target-type');
      if ((type?.value.trim() ?? 'instance') !== 'instance' || backend.service.type === 'NodePort' || backend.service.type === 'LoadBalancer') continue;
      const fix = type ? replaceValue(ctx.facts, type.at, 'ip', 'register the pods as IP targets') : undefined;
      ctx.report({
        message: `the ALB of Ingress \`${backend.ingress.object.name}\` (${backend.route}) uses instance targets${type ? '' : ' (the default: no `alb.ingress.kubernetes.io/target-type`)'}, but ${describe(backend.service.object)} is ${backend.service.type}, which has no node port: the controller cannot register targets and the ALB answers 503. Use \`alb.ingress.kubernetes.io/target-type: ip\`.`,
        at: type?.at ?? backend.ingress.object.at,
        ...(fix ? { fix } : {}),
        related: [{ at: backend.service.object.at, message: describe(backend.service.object) }],
      });
    }
    for (const tg of ctx.facts.terraform.targetGroups) {
      for (const link of targetGroupLinks(ctx.facts, tg)) {
        const service = link.service;
        if (!service || !link.how.startsWith('TargetGroupBinding')) continue;
        const type = link.bindingTargetType?.value ?? tg.targetType;
        if (type !== 'instance' || service.type === 'NodePort' || service.type === 'LoadBalancer') continue;
        const at = link.bindingTargetType?.at ?? tg.targetTypeAt ?? tg.resource.at;
        const fix = link.bindingTargetType ? replaceValue(ctx.facts, at, 'ip', 'register the pods as IP targets') : undefined;
        ctx.report({
          message: `${link.how}, with instance targets${link.bindingTargetType ? '' : ` (from ${tg.resource.address})`}, but the Service is ${service.type}, which has no node port: no target is registered and the load balancer answers 503.`,
          at,
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
