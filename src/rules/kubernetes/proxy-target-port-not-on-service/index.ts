import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { UpstreamTarget } from '../../../evidence/topology/model.js';
import { once } from '../../../inputs/kubernetes/queries.js';
import { clusterPathsOfProxies } from '../proxy-target-service-missing/index.js';
import { withEdits } from '../../example-edits.js';
import { deployment, service } from '../examples.js';

const problem = {
  description: 'The edge nginx uses the container port 3000; the Service exposes 80.',
  files: {
    'deploy/nginx/nginx.conf': `events {}
http {
  server {
    listen 80;
    location / {
      proxy_pass http://api.shop.svc.cluster.local:3000;
    }
  }
}
`,
    'deploy/k8s/api.yaml': `${deployment({
      name: 'api',
      namespace: 'shop',
      image: 'ghcr.io/example/api:4.1.0',
      container: `ports:
  - name: http
    containerPort: 3000
readinessProbe:
  httpGet:
    path: /ready
    port: http
`,
    })}---
${service({
  name: 'api',
  namespace: 'shop',
  ports: `- name: http
  port: 80
  targetPort: http
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/proxy-target-port-not-on-service',
  domain: 'kubernetes',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'Proxy upstream port is not a port of the Kubernetes Service',
  catalog: ['X14', 'X2'],
  docs: {
    why: 'A connection to a Service name goes to one of the Service\'s `port`s, which kube-proxy translates to the pods\' `targetPort`. Proxies configured with the container port (`proxy_pass http://api:3000` while the Service exposes 80 → 3000) connect to a port the ClusterIP does not serve: "connection refused" or a timeout, 502 for the client. Headless Services are the exception: their names resolve to pod IPs, so the container port is right.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'deploy/nginx/nginx.conf',
        replace: 'proxy_pass http://api.shop.svc.cluster.local:3000;',
        with: 'proxy_pass http://api.shop.svc.cluster.local:80;',
      },
    ]),
    remediation: 'Connect to the Service `port` (here 80), not the container port; or make the Service expose the port your proxy uses.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service'],
  },
  check(ctx) {
    const first = once();
    for (const { path, step } of clusterPathsOfProxies(ctx.facts)) {
      if (path.problem?.cause !== 'port-mismatch' || step.kind !== 'service') continue;
      const at = path.target.at;
      if (!first(`${at.file}:${at.line}:${at.column}`)) continue;
      const servicePort = /use the Service port (\d+)/.exec(path.problem.reason)?.[1];
      const fix = servicePort ? portFix(path.target, Number(servicePort)) : undefined;
      ctx.report({ message: `${path.proxy.label} → ${path.target.text}: ${path.problem.reason}`, at, path: path.steps, ...(fix ? { fix } : {}) });
    }
  },
});

/** Rewrites `host:port` in the target as written, when its position spans exactly that text. */
function portFix(target: UpstreamTarget, port: number): Fix | undefined {
  const at = target.at;
  if (target.port === undefined || at.endLine !== at.line || at.endColumn === undefined || at.endColumn - at.column !== target.text.length) return undefined;
  const index = target.text.lastIndexOf(`:${target.port}`);
  if (index < 0) return undefined;
  const column = at.column + index + 1;
  return {
    description: `use the Service port ${port}`,
    file: at.file,
    line: at.line,
    column,
    endLine: at.line,
    endColumn: column + String(target.port).length,
    replacement: String(port),
  };
}
