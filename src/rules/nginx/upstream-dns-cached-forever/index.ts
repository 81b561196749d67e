import { defineRule, type Fix, type RuleContext } from '../../../core/define-rule.js';
import type { LintFacts } from '../../../evidence/lint-facts.js';
import type { ResolvedPath } from '../../../evidence/topology/model.js';
import type { NginxPass } from '../../../inputs/nginx/model.js';
import { nginxTargetIndex } from '../../../inputs/nginx/queries.js';
import { type ChangingAddress, changingAddress, runtimeResolver } from '../../dynamic-addresses.js';
import { findingPath, indentationOf, pathsByTarget, replaceAt } from '../../proxy-paths.js';
import { describeNginxTarget } from '../describe-target.js';

const proxyYaml = (nginxConf: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: search-proxy
  namespace: shop
data:
  nginx.conf: |
${nginxConf
  .split('\n')
  .map((l) => (l === '' ? '' : `    ${l}`))
  .join('\n')}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: search-proxy
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: search-proxy}
  template:
    metadata:
      labels: {app: search-proxy}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
          readinessProbe:
            tcpSocket: {port: 80}
          volumeMounts:
            - {name: conf, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}
      volumes:
        - name: conf
          configMap: {name: search-proxy}
`;

const SEARCH = `apiVersion: v1
kind: Service
metadata:
  name: search
  namespace: shop
spec:
  clusterIP: None
  selector: {app: search}
  ports:
    - {name: http, port: 9200}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: search
  namespace: shop
spec:
  serviceName: search
  replicas: 3
  selector:
    matchLabels: {app: search}
  template:
    metadata:
      labels: {app: search}
    spec:
      containers:
        - name: opensearch
          image: opensearchproject/opensearch:2.15.0
          ports:
            - {name: http, containerPort: 9200}
          readinessProbe:
            httpGet: {path: /_cluster/health, port: http}
`;

const conf = (location: string) => `events {}
http {
  server {
    listen 80;
    location / {
${location}
    }
  }
}
`;

export default defineRule({
  id: 'nginx/upstream-dns-cached-forever',
  domain: 'nginx',
  cause: 'dns-failure',
  severity: 'warning',
  title: 'nginx resolves a backend name once and keeps the address while the backend moves',
  catalog: ['G3'],
  docs: {
    why: 'A host name written literally in `proxy_pass` or in an `upstream` server line is resolved once, when nginx starts, and the address is kept until the next restart or reload, whatever its TTL. A headless Kubernetes Service (or a pod name) answers with pod IPs that change on every rollout, and a cloud load balancer (AWS ELB, Azure, Cloud Run …) rotates its addresses. nginx keeps sending to the old address: `connect() failed (113: No route to host)` or timeouts, 502/504 until nginx is restarted. Compose containers are covered by nginx/container-address-cached.',
    problem: {
      description: 'nginx in front of a headless Service: the pod addresses it resolved at start-up go away with the next rollout.',
      files: { 'k8s/search-proxy.yaml': proxyYaml(conf('      proxy_pass http://search:9200;')), 'k8s/search.yaml': SEARCH },
    },
    fixed: {
      description: 'Resolved per request through the cluster DNS (nginx applies no search domains, hence the full name).',
      files: {
        'k8s/search-proxy.yaml': proxyYaml(
          conf(
            '      resolver kube-dns.kube-system.svc.cluster.local valid=10s ipv6=off;\n      set $search_upstream http://search.shop.svc.cluster.local:9200;\n      proxy_pass $search_upstream;',
          ),
        ),
        'k8s/search.yaml': SEARCH,
      },
    },
    remediation:
      'Let nginx resolve at request time: a `resolver` (127.0.0.11 in Docker, the cluster DNS Service in Kubernetes, with a short `valid=`) and the address in a variable (`set $backend http://app:8000; proxy_pass $backend;` — note that a variable `proxy_pass` passes the request URI unchanged), or `server app:8000 resolve;` in an `upstream` with a `zone` (nginx 1.27.3+ or NGINX Plus). In Kubernetes prefer a ClusterIP Service, whose address is stable.',
    references: [
      'https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver',
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#resolve',
      'https://github.com/yandex/gixy/issues/121',
      'https://github.com/NginxProxyManager/nginx-proxy-manager/issues/5602',
    ],
  },
  check(ctx) {
    reportCachedAddresses(ctx, (kind) => kind !== 'compose');
  },
});

/** Reports targets resolved once whose address changes, for the kinds of change `wanted` accepts. */
export function reportCachedAddresses(ctx: RuleContext, wanted: (kind: ChangingAddress['kind']) => boolean): void {
  const index = nginxTargetIndex(ctx.facts.nginx);
  for (const [id, path] of pathsByTarget(ctx.facts, 'nginx')) {
    const ref = index.get(id);
    const host = path.target.host;
    if (!ref || !host || path.target.dynamic) continue;
    // Variables make nginx resolve per request (with a resolver; G4 covers a missing one); `resolve` does the same for upstreams.
    if (ref.kind === 'pass' && ref.pass.variables.length > 0) continue;
    if (ref.kind === 'upstream-server' && ref.server.resolve) continue;
    const change = changingAddress(ctx.facts, path, host);
    if (!change || !wanted(change.kind)) continue;
    const address = ref.kind === 'pass' ? ref.pass : ref.server;
    const fix = ref.kind === 'pass' ? variableFix(ctx.facts, ref.pass, path) : undefined;
    ctx.report({
      message: `${describeNginxTarget(ref, path)}: nginx resolves \`${host}\` once at start-up and keeps that address, but ${change.reason}; requests then go to a stale address until nginx restarts.`,
      at: address.hostAt ?? path.target.at,
      path: findingPath(path),
      ...(fix ? { fix } : {}),
    });
  }
}

/**
 * `proxy_pass http://app:8000;` → resolver + variable. Only for a URL without a path: with a variable,
 * nginx passes the original request URI instead of replacing the location prefix, so a path would change meaning.
 */
function variableFix(facts: LintFacts, pass: NginxPass, path: ResolvedPath): Fix | undefined {
  const resolver = runtimeResolver(path);
  if (!resolver || pass.path !== undefined || pass.directive !== 'proxy_pass' || pass.context !== 'http' || !pass.host) return undefined;
  let host = pass.host;
  if (path.proxy.runtime?.platform === 'kubernetes') {
    // nginx's resolver does not apply resolv.conf search domains: a Service needs its full name.
    const namespace = /^k8s:([^/]+)\//.exec(path.proxy.runtime.id)?.[1];
    if (host.includes('.') || !namespace || namespace === '-') return undefined;
    host = `${host}.${namespace}.svc.cluster.local`;
  }
  const variable = `$${pass.host.replace(/[^A-Za-z0-9]/g, '_')}_upstream`;
  const port = pass.port !== undefined ? `:${pass.port}` : '';
  const lines = [
    ...(pass.settings.resolver ? [] : [`resolver ${resolver} valid=10s ipv6=off;`]),
    `set ${variable} ${pass.scheme ?? 'http'}://${host}${port};`,
    `proxy_pass ${variable};`,
  ];
  const indent = indentationOf(facts, pass.at);
  return replaceAt(pass.at, lines.join(`\n${indent}`), 'resolve the name per request through a resolver and a variable');
}
