import { defineRule } from '../../../core/define-rule.js';
import { describe, objectId } from '../../../inputs/kubernetes/index-objects.js';
import { formatLabels, selectsPodsOf } from '../../../inputs/kubernetes/labels.js';
import { servicesForIstioHost } from '../../../inputs/kubernetes/mesh.js';
import type { LabelSelector } from '../../../inputs/kubernetes/model.js';
import { BOOKSTORE_NAMESPACE, manifests, REVIEWS } from '../example-manifests.js';

/** Node topology labels Istio adds to endpoints: a subset may select on them (istio/istio#57590). */
const TOPOLOGY = /^(?:topology\.kubernetes\.io\/|topology\.istio\.io\/|kubernetes\.io\/hostname$|failure-domain\.beta\.kubernetes\.io\/)/;

const rule = (v2Labels: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookstore
spec:
  host: reviews.bookstore.svc.cluster.local
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
${v2Labels}`;

const CANARY = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookstore
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
          weight: 80
        - destination:
            host: reviews
            subset: v2
          weight: 20
`;

export default defineRule({
  id: 'istio/subset-selects-no-pods',
  domain: 'istio',
  cause: 'no-endpoints',
  severity: 'error',
  title: 'DestinationRule subset selects no pods of the Service',
  catalog: ['E4'],
  docs: {
    why: 'A subset is the Service\'s pods that also carry the subset labels. When no pod template has them (a typo, `version: 2` instead of `v2`, a label only on the Deployment metadata), the subset is empty and every request routed to it gets 503 UH "no healthy upstream" (IST0173).',
    problem: {
      description: 'Subset `v2` selects `version: "2"`; the pods are labelled `version: v2`.',
      files: { 'mesh/reviews.yaml': manifests(BOOKSTORE_NAMESPACE, REVIEWS, rule('        version: "2"\n'), CANARY) },
    },
    fixed: {
      files: { 'mesh/reviews.yaml': manifests(BOOKSTORE_NAMESPACE, REVIEWS, rule('        version: v2\n'), CANARY) },
    },
    remediation: 'Make the subset labels match the pod template labels of the version it stands for (`kubectl get pods -l app=<app>,version=<v> -n <ns>`).',
    references: ['https://istio.io/latest/docs/reference/config/analysis/ist0173/'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    // Only subsets some route uses: an unused empty subset (Bookinfo's `v2-mysql`) breaks nothing.
    const used = new Set<string>();
    for (const vs of k.istio.virtualServices) {
      for (const d of vs.destinations) {
        if (d.subset) for (const s of servicesForIstioHost(k, d.host.value, vs.object.namespace)) used.add(`${objectId(s.object)}|${d.subset.value}`);
      }
    }
    for (const dr of k.istio.destinationRules) {
      if (dr.host.value.includes('*')) continue;
      const services = servicesForIstioHost(k, dr.host.value, dr.object.namespace).filter((s) => s.selector);
      if (services.length === 0) continue;
      for (const subset of dr.subsets) {
        if (!services.some((service) => used.has(`${objectId(service.object)}|${subset.name.value}`))) continue;
        const labels = Object.fromEntries(Object.entries(subset.labels).filter(([key]) => !TOPOLOGY.test(key)));
        if (Object.keys(labels).length === 0) continue;
        const matched = services.some((service) => {
          if (k.index.isIncomplete(service.object.namespace)) return true;
          const selector: LabelSelector = { ...service.selector!, matchLabels: { ...service.selector!.matchLabels, ...labels } };
          return k.index.workloadsSelectedBy(selector, service.object.namespace).length > 0;
        });
        if (matched) continue;
        const service = services[0]!;
        const pods = k.index.workloadsSelectedBy(service.selector!, service.object.namespace).filter((w) => selectsPodsOf(service.selector!, w));
        ctx.report({
          message: `subset \`${subset.name.value}\` of ${describe(dr.object)} selects ${formatLabels(labels)} among the pods of ${describe(service.object)}, and none has them${pods.length > 0 ? ` (they carry ${pods.map((w) => formatLabels(w.template.labels)).join('; ')})` : ''}: requests to it get 503 UH`,
          at: subset.at,
        });
      }
    }
  },
});
