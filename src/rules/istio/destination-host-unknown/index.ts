import { defineRule } from '../../../core/define-rule.js';
import { parseClusterName } from '../../../inputs/kubernetes/cluster-dns.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { serviceEntryFor, servicesForIstioHost } from '../../../inputs/kubernetes/mesh.js';
import type { KubernetesFacts, KubeObject } from '../../../inputs/kubernetes/model.js';
import { closestName } from '../../../inputs/kubernetes/queries.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { BOOKSTORE_NAMESPACE, manifests, REVIEWS } from '../example-manifests.js';
import { withEdits } from '../../example-edits.js';

/**
 * Is `host` (written in `object`) a cluster name whose Service should be in the input, and is it missing?
 * External names and namespaces the input does not describe are not judged.
 */
export function missingClusterHost(
  k: KubernetesFacts,
  host: string,
  object: KubeObject,
): { namespace: string | undefined; service: string; suggestion?: string } | undefined {
  if (host.includes('*') || serviceEntryFor(k, host) || servicesForIstioHost(k, host, object.namespace).length > 0) return undefined;
  const name = parseClusterName(host, (ns) => k.index.hasNamespace(ns));
  if (!name || name.pod) return undefined;
  const namespace = name.namespace ?? object.namespace;
  if (namespace !== undefined && !k.index.hasNamespace(namespace)) return undefined;
  const candidates = k.services.filter((s) => k.index.compatible(s.object.namespace, namespace)).map((s) => s.object.name);
  if (candidates.length === 0 || k.index.isIncomplete(namespace)) return undefined;
  const suggestion = closestName(name.service, candidates);
  return suggestion ? { namespace, service: name.service, suggestion } : { namespace, service: name.service };
}

const problem = {
  description: 'The route names `review`; the Service is `reviews`.',
  files: {
    'mesh/bookstore.yaml': manifests(
      BOOKSTORE_NAMESPACE,
      REVIEWS,
      `apiVersion: networking.istio.io/v1
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
            host: review
            port:
              number: 9080
`,
    ),
  },
};

export default defineRule({
  id: 'istio/destination-host-unknown',
  domain: 'istio',
  cause: 'config-error',
  severity: 'error',
  title: 'VirtualService routes to a host that is no Service or ServiceEntry',
  catalog: ['E1'],
  docs: {
    why: 'A VirtualService destination `host` must be a service in the mesh registry: a Kubernetes Service (short names are relative to the VirtualService\'s namespace) or a ServiceEntry host. For an unknown host the sidecar or gateway has no cluster to send to: requests get 503 with response flag NC/NR ("no healthy upstream" / "no route"). istioctl reports it as IST0101.',
    problem,
    fixed: withEdits(problem, [{ file: 'mesh/bookstore.yaml', replace: 'host: review', with: 'host: reviews' }]),
    remediation:
      'Route to an existing Service (`<service>`, `<service>.<namespace>` or its FQDN `<service>.<namespace>.svc.cluster.local`) or declare the external host with a ServiceEntry.',
    references: [
      'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      'https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const vs of k.istio.virtualServices) {
      for (const d of vs.destinations) {
        const missing = missingClusterHost(k, d.host.value, vs.object);
        if (!missing) continue;
        const fix =
          missing.suggestion && !d.host.value.includes('.')
            ? replaceFix(d.host.at, missing.suggestion, `route to Service \`${missing.suggestion}\``)
            : undefined;
        ctx.report({
          message: `${describe(vs.object)} routes ${d.route} to \`${d.host.value}\`, but there is no Service \`${missing.service}\`${missing.namespace ? ` in namespace \`${missing.namespace}\`` : ''} and no ServiceEntry for it${missing.suggestion ? ` (did you mean \`${missing.suggestion}\`?)` : ''}: requests get 503 (NC)`,
          at: d.host.at,
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
