import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { BOOKSTORE_NAMESPACE, manifests, REVIEWS } from '../example-manifests.js';
import { missingClusterHost } from '../destination-host-unknown/index.js';

const rule = (host: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookstore
spec:
  host: ${host}
  trafficPolicy:
    connectionPool:
      http:
        http1MaxPendingRequests: 100
`;

export default defineRule({
  id: 'istio/destination-rule-host-unknown',
  domain: 'istio',
  cause: 'config-error',
  severity: 'warning',
  title: 'DestinationRule host is no Service or ServiceEntry',
  catalog: ['E5'],
  docs: {
    why: 'A DestinationRule applies to the traffic for its `host`. When the host matches no Service or ServiceEntry the rule silently applies to nothing: its subsets do not exist for the VirtualServices that use them (503 NR), and its TLS mode, pool limits and outlier detection are not in effect (IST0174).',
    problem: {
      description: 'The host is `review`, the Service is `reviews`.',
      files: { 'mesh/reviews.yaml': manifests(BOOKSTORE_NAMESPACE, REVIEWS, rule('review')) },
    },
    fixed: { files: { 'mesh/reviews.yaml': manifests(BOOKSTORE_NAMESPACE, REVIEWS, rule('reviews')) } },
    remediation: "Set `host` to an existing Service (short names are relative to the DestinationRule's namespace) or a ServiceEntry host.",
    references: ['https://istio.io/latest/docs/reference/config/analysis/ist0174/'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const dr of k.istio.destinationRules) {
      const missing = missingClusterHost(k, dr.host.value, dr.object);
      if (!missing) continue;
      const fix =
        missing.suggestion && !dr.host.value.includes('.')
          ? replaceFix(dr.host.at, missing.suggestion, `apply to Service \`${missing.suggestion}\``)
          : undefined;
      ctx.report({
        message: `${describe(dr.object)} is for \`${dr.host.value}\`, but there is no Service \`${missing.service}\`${missing.namespace ? ` in namespace \`${missing.namespace}\`` : ''} and no ServiceEntry for it${missing.suggestion ? ` (did you mean \`${missing.suggestion}\`?)` : ''}: it applies to nothing`,
        at: dr.host.at,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
