import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { selectsPodsOf } from '../../../inputs/kubernetes/labels.js';
import { servicesForIstioHost } from '../../../inputs/kubernetes/mesh.js';
import type { DestinationRule, KubernetesFacts, OutlierDetection, Workload } from '../../../inputs/kubernetes/model.js';
import { integer, record, text } from '../../../inputs/kubernetes/values.js';
import { BOOKSTORE_NAMESPACE, manifests, RATINGS } from '../example-manifests.js';

const rule = (settings: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
  namespace: bookstore
spec:
  host: ratings
  trafficPolicy:
    outlierDetection:
${settings}`;

export default defineRule({
  id: 'istio/outlier-detection-ejects-all',
  domain: 'istio',
  cause: 'outlier-ejection',
  severity: 'warning',
  title: 'Outlier detection can eject every endpoint of the Service',
  catalog: ['X10'],
  docs: {
    why: 'Outlier detection removes an endpoint from the pool after consecutive errors, for `baseEjectionTime` (longer each time). Envoy always allows at least one ejection whatever `maxEjectionPercent` says, so with a small pool, a low error threshold or `maxEjectionPercent: 100`, one burst of errors (a slow dependency, a deploy) ejects every endpoint and the Service answers 503 UH "no healthy upstream" until the ejections expire — even after the backend recovered.',
    problem: {
      description: 'One replica, ejected after a single 5xx, for up to 100% of the pool.',
      files: {
        'mesh/ratings.yaml': manifests(
          BOOKSTORE_NAMESPACE,
          RATINGS,
          rule('      consecutive5xxErrors: 1\n      interval: 10s\n      baseEjectionTime: 5m\n      maxEjectionPercent: 100\n'),
        ),
      },
    },
    fixed: {
      files: {
        'mesh/ratings.yaml': manifests(
          BOOKSTORE_NAMESPACE,
          RATINGS,
          rule('      consecutive5xxErrors: 5\n      interval: 10s\n      baseEjectionTime: 30s\n      maxEjectionPercent: 50\n      minHealthPercent: 50\n'),
        ),
      },
    },
    remediation:
      'Keep `maxEjectionPercent` well below 100, require several consecutive errors (`consecutive5xxErrors: 5` or more), and set `minHealthPercent` so detection switches off when too few endpoints remain; run more than one or two replicas for Services with outlier detection.',
    references: [
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection',
      'https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/outlier_detection.proto',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const dr of k.istio.destinationRules) {
      const policies = [
        ...(dr.trafficPolicy ? [{ policy: dr.trafficPolicy, subset: undefined as Record<string, string> | undefined }] : []),
        ...dr.subsets.flatMap((s) => (s.trafficPolicy ? [{ policy: s.trafficPolicy, subset: s.labels }] : [])),
      ];
      for (const { policy, subset } of policies) {
        for (const od of [policy.outlierDetection, ...policy.portLevel.map((p) => p.outlierDetection)]) {
          if (!od || (od.minHealthPercent?.value ?? 0) > 0) continue;
          const message = ejectsAll(od, poolSize(k, dr, subset));
          if (message)
            ctx.report({
              message: `${describe(dr.object)}: ${message}`,
              at: od.maxEjectionPercent?.at ?? od.consecutive5xxErrors?.at ?? od.consecutiveGatewayErrors?.at ?? od.at,
            });
        }
      }
    }
  },
});

function ejectsAll(od: OutlierDetection, pool: number | undefined): string | undefined {
  const percent = od.maxEjectionPercent?.value ?? 10;
  const errors = Math.min(
    od.consecutive5xxErrors?.value ?? Number.POSITIVE_INFINITY,
    od.consecutiveGatewayErrors?.value ?? Number.POSITIVE_INFINITY,
    od.consecutiveErrors?.value ?? Number.POSITIVE_INFINITY,
  );
  const threshold = Number.isFinite(errors) ? errors : 5;
  if (threshold === 0) return undefined;
  if (percent >= 100) {
    return `outlier detection may eject 100% of the endpoints (maxEjectionPercent ${percent}) after ${threshold} consecutive error(s): one bad minute leaves the Service with no endpoints (503 UH)`;
  }
  if (pool === undefined || threshold > 2) return undefined;
  // Envoy ejects while the ejected share is below maxEjectionPercent (and always the first host).
  const ejectable = Math.max(1, Math.ceil((pool * percent) / 100));
  if (ejectable < pool) return undefined;
  return `with ${pool} pod(s) and ${threshold} consecutive error(s) per ejection, outlier detection can eject every endpoint (Envoy always ejects at least one): 503 UH "no healthy upstream"`;
}

/** Pods behind the rule's host (subset labels applied): replicas from the workloads, the minimum of an HPA. */
function poolSize(k: KubernetesFacts, dr: DestinationRule, subset: Record<string, string> | undefined): number | undefined {
  const services = servicesForIstioHost(k, dr.host.value, dr.object.namespace).filter((s) => s.selector);
  if (services.length !== 1) return undefined;
  const service = services[0]!;
  const selector = { ...service.selector!, matchLabels: { ...service.selector!.matchLabels, ...subset } };
  const workloads = k.index.workloadsSelectedBy(selector, service.object.namespace).filter((w) => selectsPodsOf(selector, w));
  if (workloads.length === 0) return undefined;
  let total = 0;
  for (const w of workloads) {
    const replicas = replicasOf(k, w);
    if (replicas === undefined) return undefined;
    total += replicas;
  }
  return total;
}

function replicasOf(k: KubernetesFacts, workload: Workload): number | undefined {
  if (workload.object.kind === 'DaemonSet') return undefined;
  const hpa = k.objects.find(
    (o) =>
      o.kind === 'HorizontalPodAutoscaler' &&
      text(record(record(o.value.spec).scaleTargetRef).name) === workload.object.name &&
      k.index.compatible(o.namespace, workload.object.namespace),
  );
  if (hpa) return integer(record(hpa.value.spec).minReplicas) ?? 1;
  return workload.replicas ?? 1;
}
