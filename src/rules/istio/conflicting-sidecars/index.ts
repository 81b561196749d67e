import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { labelsMatch } from '../../../inputs/kubernetes/labels.js';
import type { SidecarResource } from '../../../inputs/kubernetes/model.js';
import { once } from '../../../inputs/kubernetes/queries.js';
import { BOOKSTORE_NAMESPACE, manifests, REVIEWS } from '../example-manifests.js';

const sidecar = (name: string, selector: string, hosts: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: bookstore
spec:
${selector}  egress:
    - hosts:
${hosts}`;

export default defineRule({
  id: 'istio/conflicting-sidecars',
  domain: 'istio',
  cause: 'config-error',
  severity: 'error',
  title: 'Several Sidecar resources apply to the same workloads',
  catalog: ['E10'],
  docs: {
    why: 'Istio applies exactly one Sidecar resource to a workload: the one whose workloadSelector matches it, else the single one of its namespace without a selector. With two namespace-wide Sidecars, or two selecting the same pods, which egress scope wins is undefined (IST0110/IST0111): a destination one of them allows may land in the BlackHoleCluster after the next push, giving 502s that come and go with restarts.',
    problem: {
      description: 'Two namespace-wide Sidecars in `bookstore`, each written by a different team.',
      files: {
        'mesh/sidecars.yaml': manifests(
          BOOKSTORE_NAMESPACE,
          REVIEWS,
          sidecar('default', '', '        - "./*"\n        - "istio-system/*"\n'),
          sidecar('reviews-egress', '', '        - "./*"\n        - "ratings/*"\n'),
        ),
      },
    },
    fixed: {
      files: {
        'mesh/sidecars.yaml': manifests(
          BOOKSTORE_NAMESPACE,
          REVIEWS,
          sidecar('default', '', '        - "./*"\n        - "istio-system/*"\n'),
          sidecar(
            'reviews-egress',
            '  workloadSelector:\n    labels:\n      app: reviews\n',
            '        - "./*"\n        - "istio-system/*"\n        - "ratings/*"\n',
          ),
        ),
      },
    },
    remediation:
      'Keep one Sidecar without `workloadSelector` per namespace and give every other one a `workloadSelector` that no other Sidecar of the namespace matches.',
    references: ['https://istio.io/latest/docs/reference/config/analysis/ist0110/', 'https://istio.io/latest/docs/reference/config/analysis/ist0111/'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    const first = once();
    const byNamespace = new Map<string | undefined, SidecarResource[]>();
    for (const s of k.istio.sidecars) byNamespace.set(s.object.namespace, [...(byNamespace.get(s.object.namespace) ?? []), s]);
    for (const sidecars of byNamespace.values()) {
      const wide = sidecars.filter((s) => !s.workloadSelector || Object.keys(s.workloadSelector).length === 0);
      for (const extra of wide.slice(1)) {
        ctx.report({
          message: `${describe(extra.object)} and ${describe(wide[0]!.object)} both apply to the whole namespace: which egress scope the sidecars get is undefined`,
          at: extra.object.at,
          related: [{ at: wide[0]!.object.at, message: 'the other namespace-wide Sidecar' }],
        });
      }
      const selective = sidecars.filter((s) => s.workloadSelector && Object.keys(s.workloadSelector).length > 0);
      for (const workload of k.workloads) {
        const matching = selective.filter(
          (s) => k.index.compatible(s.object.namespace, workload.object.namespace) && labelsMatch(s.workloadSelector!, workload.template.labels),
        );
        for (const extra of matching.slice(1)) {
          if (!first(`${extra.object.at.line}:${extra.object.file}|${matching[0]!.object.file}:${matching[0]!.object.at.line}`)) continue;
          ctx.report({
            message: `${describe(extra.object)} and ${describe(matching[0]!.object)} both select ${describe(workload.object)}: which egress scope its sidecar gets is undefined`,
            at: extra.object.at,
            related: [{ at: matching[0]!.object.at, message: 'the other Sidecar selecting it' }],
          });
        }
      }
    }
  },
});
