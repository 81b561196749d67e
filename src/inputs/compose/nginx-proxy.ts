import type { TopologyBuilder } from '../../evidence/topology/contributor.js';
import type { ProxyNode, UpstreamTarget } from '../../evidence/topology/model.js';
import { parseImageRef } from './image-defaults.js';
import { listenModel } from './listens.js';
import type { ComposeFacts, ComposeService } from './model.js';
import { attachedNetworks, composeIndex, runtimeIdOf, type ServiceRef } from './queries.js';

/**
 * nginx-proxy (`nginxproxy/nginx-proxy`, formerly `jwilder/nginx-proxy`) writes its nginx config from the
 * environment of the other containers: each one with `VIRTUAL_HOST` becomes an upstream on its container
 * address and `VIRTUAL_PORT` (or its only exposed port, else 80). Its whole proxy configuration is in Compose,
 * so Compose contributes it: a ProxyNode per nginx-proxy service and a target per `VIRTUAL_HOST` service.
 */
export const NGINX_PROXY_PREFIX = 'nginx-proxy:';

export function isNginxProxyImage(image: string): boolean {
  const repository = parseImageRef(image).repository;
  return /(?:^|\/)nginx-proxy$/.test(repository) && !repository.endsWith('nginx-proxy-manager');
}

/** A proxy whose upstreams follow containers as they come and go: it needs no `depends_on`. */
export function discoversBackends(proxy: ProxyNode): boolean {
  return proxy.id.startsWith(NGINX_PROXY_PREFIX);
}

export function addNginxProxies(facts: ComposeFacts, graph: TopologyBuilder, runtimeOf: (ref: ServiceRef) => ProxyNode['runtime']): void {
  const index = composeIndex(facts);
  const proxies = index.refs.filter((r) => r.service.image && isNginxProxyImage(r.service.image.value));
  if (proxies.length === 0) return;
  const virtualHosts = index.refs.filter((r) => r.service.environment.some((v) => v.name === 'VIRTUAL_HOST' && v.value));
  for (const proxy of proxies) {
    const id = `${NGINX_PROXY_PREFIX}${runtimeIdOf(facts, proxy.service)}`;
    const runtime = runtimeOf(proxy);
    const node: ProxyNode = { id, product: 'nginx', label: `nginx-proxy (Compose service \`${proxy.service.name}\`)`, at: proxy.service.image!.at };
    if (runtime) node.runtime = runtime;
    graph.addProxy(node);
    const proxyNetworks = new Set(attachedNetworks(proxy.project, proxy.service).map((n) => n.actualName));
    for (const backend of virtualHosts) {
      if (backend.service === proxy.service) continue;
      const related =
        backend.project === proxy.project ||
        attachedNetworks(backend.project, backend.service).some((n) => proxyNetworks.has(n.actualName)) ||
        proxies.length === 1;
      if (related) graph.addTarget(targetOf(facts, id, backend));
    }
  }
}

function targetOf(facts: ComposeFacts, proxyId: string, backend: ServiceRef): UpstreamTarget {
  const env = (name: string) => backend.service.environment.find((v) => v.name === name && v.value);
  const host = env('VIRTUAL_HOST')!;
  const port = env('VIRTUAL_PORT');
  const target: UpstreamTarget = {
    id: `${proxyId}->${runtimeIdOf(facts, backend.service)}`,
    proxyId,
    route: `VIRTUAL_HOST ${host.value}`,
    host: backend.service.name,
    scheme: env('VIRTUAL_PROTO')?.value ?? 'http',
    text: port ? `${backend.service.name}:${port.value} (VIRTUAL_PORT)` : `${backend.service.name} (VIRTUAL_HOST)`,
    at: port?.at ?? host.at,
  };
  const written = port && /^\d{1,5}$/.test(port.value!.trim()) ? Number(port.value!.trim()) : undefined;
  if (written !== undefined) target.port = written;
  else target.defaultPort = onlyExposedPort(backend.service) ?? 80;
  return target;
}

/** nginx-proxy uses the container's only exposed port when VIRTUAL_PORT is not set. */
function onlyExposedPort(service: ComposeService): number | undefined {
  const ports = new Set(
    listenModel(service)
      .specs.filter((s) => s.source === 'ports' || s.source === 'expose' || s.source === 'Dockerfile EXPOSE' || s.source.startsWith('image default'))
      .map((s) => s.port),
  );
  return ports.size === 1 ? [...ports][0] : undefined;
}
