import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { SourcePosition } from '../../../core/position.js';
import type { LintFacts } from '../../../evidence/lint-facts.js';
import type { ResolvedPath } from '../../../evidence/topology/model.js';
import { parseClusterName } from '../../../inputs/kubernetes/cluster-dns.js';
import type { NginxConfig, NginxResolver, NginxUpstream } from '../../../inputs/nginx/model.js';
import { nginxTargetIndex, resolvesPerRequest } from '../../../inputs/nginx/queries.js';
import { isIpLiteral } from '../../../inputs/nginx/values.js';
import { findingPath, pathsByTarget, replaceAt } from '../../proxy-paths.js';
import { describeNginxTarget } from '../describe-target.js';
import { CLUSTER_DNS, DOCKER_DNS, isDockerDns, isForeignDns } from '../../runtime-dns.js';

const COMPOSE = `services:
  gateway:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
  invoices:
    image: ghcr.io/example/invoices:3.1
    environment:
      PORT: "8000"
    expose:
      - "8000"
`;

const site = (resolver: string) => `server {
    listen 80;
    # Resolve per request, so nginx starts while invoices is down.
    resolver ${resolver} valid=10s ipv6=off;

    location /invoices/ {
        set $invoices_upstream http://invoices:8000;
        proxy_pass $invoices_upstream;
    }
}
`;

export default defineRule({
  id: 'nginx/resolver-cannot-resolve-backend',
  domain: 'nginx',
  cause: 'dns-failure',
  severity: 'error',
  title: "nginx's resolver cannot answer the backend's name",
  catalog: ['G1', 'X1', 'X14'],
  docs: {
    why: "A host taken from a variable (or an upstream `server … resolve`) is looked up per request by nginx's own DNS client, which asks only the `resolver` servers and applies no search domains. Compose service names exist only in Docker's embedded DNS at 127.0.0.11: a public resolver (8.8.8.8, 1.1.1.1) answers NXDOMAIN. Kubernetes names exist only in the cluster DNS: 127.0.0.11 (copied from a Docker setup) does not exist in a pod, and a short name (`api`, `api.shop`) is not expanded, so only `api.shop.svc.cluster.local` resolves. Either way each request fails with 502 and `could not be resolved (3: Host not found)` or `(110: Operation timed out)`, while `nginx -t` passes.",
    problem: {
      description: 'Compose: the resolver is Google DNS, which does not know the service `invoices`.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/default.conf': site('8.8.8.8') },
    },
    fixed: { files: { 'docker-compose.yml': COMPOSE, 'nginx/default.conf': site('127.0.0.11') } },
    remediation:
      'Point `resolver` at the DNS of the runtime: `127.0.0.11` in Docker/Compose, the cluster DNS Service in Kubernetes (`kube-dns.kube-system.svc.cluster.local` or its ClusterIP); in Kubernetes write names in full (`svc.namespace.svc.cluster.local`). Public resolvers can be listed only in a resolver used for external names.',
    references: [
      'https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver',
      'https://docs.docker.com/engine/network/#dns-services',
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
    ],
  },
  check(ctx) {
    const index = nginxTargetIndex(ctx.facts.nginx);
    const reportedResolvers = new Set<NginxResolver>();
    for (const [id, path] of pathsByTarget(ctx.facts, 'nginx')) {
      const ref = index.get(id);
      const platform = path.proxy.runtime?.platform;
      const host = path.target.host;
      if (!ref || !host || isIpLiteral(host) || !resolvesPerRequest(ref) || (platform !== 'compose' && platform !== 'kubernetes')) continue;
      const resolver = ref.kind === 'pass' ? ref.pass.settings.resolver : upstreamResolver(ref.config, ref.upstream);
      if (!resolver || resolver.addresses.length === 0) continue;
      const what = describeNginxTarget(ref, path);
      const address = ref.kind === 'pass' ? ref.pass : ref.server;
      if (platform === 'compose') {
        if (!reachedByComposeName(path)) continue;
        const wrong = resolver.addresses.filter((a) => !isDockerDns(a.value) && isForeignDns(a.value));
        if (wrong.length === 0 || reportedResolvers.has(resolver)) continue;
        reportedResolvers.add(resolver);
        ctx.report({
          message: `${what}: nginx looks \`${host}\` up through \`resolver ${resolver.addresses.map((a) => a.value).join(' ')}\`, but Compose names exist only in Docker's embedded DNS (127.0.0.11)${resolver.addresses.length > wrong.length ? ' and nginx asks its resolvers in turn' : ''}: requests fail with 502 (could not be resolved).`,
          at: wrong[0]!.at,
          path: findingPath(path),
          ...fixAddresses(resolver, DOCKER_DNS),
        });
        continue;
      }
      // Kubernetes: the resolver must be the cluster DNS, and the name complete.
      const wrong = resolver.addresses.filter((a) => isDockerDns(a.value) || isForeignDns(a.value));
      if (wrong.length > 0 && !servesDnsInPod(ctx.facts, path) && resolvesInCluster(path)) {
        if (reportedResolvers.has(resolver)) continue;
        reportedResolvers.add(resolver);
        ctx.report({
          message: `${what}: nginx looks \`${host}\` up through \`resolver ${resolver.addresses.map((a) => a.value).join(' ')}\`, which ${wrong.some((a) => isDockerDns(a.value)) ? "is Docker's embedded DNS and does not exist in a pod" : 'does not know cluster names'}: requests fail with 502 (could not be resolved); use the cluster DNS Service.`,
          at: wrong[0]!.at,
          path: findingPath(path),
          ...fixAddresses(resolver, CLUSTER_DNS),
        });
        continue;
      }
      const full = fullClusterName(ctx.facts, path, host);
      if (!full) continue;
      ctx.report({
        message: `${what}: nginx's resolver sends \`${host}\` as written — it applies no search domains — and the cluster DNS answers NXDOMAIN: requests fail with 502 (could not be resolved); write \`${full}\`.`,
        at: address.hostAt ?? path.target.at,
        path: findingPath(path),
        ...(address.hostAt ? { fix: replaceAt(address.hostAt, full, `use the full name \`${full}\``) } : {}),
      });
    }
  },
});

/** The resolver in effect for an upstream's `resolve` servers: its own, else the one of the http (or stream) block. */
function upstreamResolver(config: NginxConfig, upstream: NginxUpstream): NginxResolver | undefined {
  if (upstream.resolver) return upstream.resolver;
  const block = config.directives.find((d) => d.name === upstream.context && d.block?.some((c) => c.name === 'upstream' && c.at === upstream.at));
  const level = block?.block ?? (config.kind === 'snippet' ? config.directives : []);
  const directive = level.filter((d) => d.name === 'resolver').at(-1);
  return directive ? config.resolvers.find((r) => sameAt(r.at, directive.at)) : undefined;
}

function sameAt(a: SourcePosition, b: SourcePosition): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** The path reached a Compose service through Docker's DNS (a service name, alias or container name). */
function reachedByComposeName(path: ResolvedPath): boolean {
  return path.backend?.runtime.platform === 'compose' && path.steps.some((s) => s.kind === 'dns' && s.status === 'resolved');
}

/** The name is a Service of the cluster (followed by the Kubernetes resolver, or written as a cluster name). */
function resolvesInCluster(path: ResolvedPath): boolean {
  return path.backend?.runtime.platform === 'kubernetes' || /\.svc(?:\.cluster\.local)?\.?$/i.test(path.target.host ?? '');
}

/** A container of the proxy's own pod declares port 53: a DNS cache sidecar may well answer on loopback. */
function servesDnsInPod(facts: LintFacts, path: ResolvedPath): boolean {
  const workload = facts.kubernetes.index.workloadById(path.proxy.runtime!.id);
  return workload?.template.containers.some((c) => c.ports.some((p) => p.containerPort?.value === 53)) ?? false;
}

/** `svc.namespace.svc.cluster.local` for a cluster name written short, when it names a Service of the input. */
function fullClusterName(facts: LintFacts, path: ResolvedPath, host: string): string | undefined {
  if (path.backend?.runtime.platform !== 'kubernetes') return undefined;
  const k = facts.kubernetes;
  const name = parseClusterName(host, (ns) => k.index.hasNamespace(ns));
  if (!name || name.form === 'fqdn' || name.pod) return undefined;
  const fromNamespace = /^k8s:([^/]+)\//.exec(path.proxy.runtime!.id)?.[1];
  const namespace = name.namespace ?? (fromNamespace && fromNamespace !== '-' ? fromNamespace : undefined);
  if (!namespace || k.index.services(name.service, namespace).every((s) => s.object.namespace !== namespace)) return undefined;
  return `${name.service}.${namespace}.svc.cluster.local`;
}

/** Replaces the resolver's addresses (when written on one line) with the runtime's DNS. */
function fixAddresses(resolver: NginxResolver, address: string): { fix?: Fix } {
  const first = resolver.addresses[0]!.at;
  const last = resolver.addresses.at(-1)!.at;
  if (first.file !== last.file || first.line !== (last.endLine ?? last.line) || last.endColumn === undefined) return {};
  const fix = replaceAt({ ...first, endLine: last.endLine ?? last.line, endColumn: last.endColumn }, address, `resolve through ${address}`);
  return fix ? { fix } : {};
}
