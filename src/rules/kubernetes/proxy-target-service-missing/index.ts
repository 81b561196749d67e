import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { LintFacts } from '../../../evidence/lint-facts.js';
import type { PathStep, ResolvedPath, TargetResolution, UpstreamTarget } from '../../../evidence/topology/model.js';
import { brokenStep, KUBERNETES_PROXY_PRODUCTS, once } from '../../../inputs/kubernetes/queries.js';
import { resolveFromOutside } from '../../../inputs/kubernetes/topology.js';
import { withEdits } from '../../example-edits.js';
import { deployment, service } from '../examples.js';

/**
 * Cluster DNS names in proxy configs whose runtime the configs do not tell (so no proxy-domain rule can
 * follow them): checked against the Services of the input. Proxies located in a workload are followed by
 * the topology, and their own domain's rules report broken targets.
 */
export function clusterPathsOfProxies(facts: LintFacts): { path: TargetResolution & Pick<ResolvedPath, 'proxy' | 'target'>; step: PathStep }[] {
  const out: { path: TargetResolution & Pick<ResolvedPath, 'proxy' | 'target'>; step: PathStep }[] = [];
  for (const path of facts.topology.paths) {
    if (KUBERNETES_PROXY_PRODUCTS.has(path.proxy.product) || path.proxy.runtime?.platform === 'kubernetes' || path.proxy.runtime?.platform === 'compose')
      continue;
    const resolution = resolveFromOutside(facts.kubernetes, path.target);
    if (resolution?.status !== 'broken') continue;
    const step = brokenStep({ ...path, ...resolution });
    if (step) out.push({ path: { ...resolution, proxy: path.proxy, target: path.target }, step });
  }
  return out;
}

const problem = {
  description:
    'The nginx edge config (run outside the cluster, resolving through the cluster DNS) names `orders.shop.svc.cluster.local`; the Service in `shop` is called `order`.',
  files: {
    'deploy/nginx/nginx.conf': `events {}
http {
  server {
    listen 80;
    location /orders/ {
      proxy_pass http://orders.shop.svc.cluster.local:8080;
    }
  }
}
`,
    'deploy/k8s/orders.yaml': `${deployment({
      name: 'orders',
      namespace: 'shop',
      image: 'ghcr.io/example/orders:5.2.0',
      container: `ports:
  - name: http
    containerPort: 8080
`,
    })}---
${service({
  name: 'order',
  namespace: 'shop',
  app: 'orders',
  ports: `- name: http
  port: 8080
  targetPort: http
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/proxy-target-service-missing',
  domain: 'kubernetes',
  cause: 'dns-failure',
  severity: 'error',
  title: 'Proxy upstream is a cluster DNS name of a Service that does not exist',
  catalog: ['X14'],
  docs: {
    why: 'Inside a pod, `api`, `api.shop`, `api.shop.svc` and `api.shop.svc.cluster.local` resolve only when Service `api` exists in namespace `shop` (a short name is looked up in the caller\'s own namespace). A proxy configured with a name that does not exist fails to start ("host not found in upstream" for nginx, "could not resolve address" for HAProxy) or returns 502/503 for that route.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'deploy/k8s/orders.yaml',
        replace: `  name: order
  namespace: shop`,
        with: `  name: orders
  namespace: shop`,
      },
    ]),
    remediation:
      "Use the Service's full name `<service>.<namespace>.svc.cluster.local` (short names only work inside the same namespace), and check the Service exists there.",
    references: ['https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#namespaces-of-services'],
  },
  check(ctx) {
    const first = once();
    for (const { path, step } of clusterPathsOfProxies(ctx.facts)) {
      if (path.problem?.cause !== 'dns-failure' || step.kind !== 'dns') continue;
      const at = path.target.at;
      if (!first(`${at.file}:${at.line}:${at.column}`)) continue;
      const similar = /did you mean `([^`]+)`\?/.exec(path.problem.reason)?.[1];
      const fix = similar ? serviceNameFix(path.target, similar) : undefined;
      ctx.report({ message: `${path.proxy.label} → ${path.target.text}: ${path.problem.reason}`, at, path: path.steps, ...(fix ? { fix } : {}) });
    }
  },
});

/** Rewrites the Service label of the host as written, when the target's position spans exactly its text. */
function serviceNameFix(target: UpstreamTarget, service: string): Fix | undefined {
  const at = target.at;
  if (!target.host || at.endLine !== at.line || at.endColumn === undefined || at.endColumn - at.column !== target.text.length) return undefined;
  const index = target.text.indexOf(target.host);
  if (index < 0) return undefined;
  const label = target.host.split('.')[0]!;
  const column = at.column + index;
  return {
    description: `use Service \`${service}\``,
    file: at.file,
    line: at.line,
    column,
    endLine: at.line,
    endColumn: column + label.length,
    replacement: service,
  };
}
