import type { TraefikContainer, TraefikFacts, TraefikInstance, TraefikRouter, TraefikServer, TraefikService } from './model.js';

/** Whether the Docker provider routes to this container: `traefik.enable`, else the provider's `exposedByDefault` (default true). */
export function isEnabled(facts: TraefikFacts, container: TraefikContainer): boolean {
  return container.enable?.value ?? instanceOf(facts, container)?.docker.exposedByDefault ?? true;
}

export function instanceOf(facts: TraefikFacts, container: TraefikContainer): TraefikInstance | undefined {
  return facts.instances.find((i) => i.id === container.instance);
}

/** The services a container's labels lead to: those it declares, or the one Traefik creates for it when it declares routers only. */
export function containerServices(container: TraefikContainer): TraefikService[] {
  if (container.services.length > 0) return container.services;
  if (container.routers.length === 0) return [];
  const protocol = container.routers[0]!.protocol;
  return [
    { name: container.service, protocol, provider: 'docker', nameAt: container.labelsAt, at: container.labelsAt, kind: 'auto', children: [], servers: [] },
  ];
}

export type RouterTarget =
  | { kind: 'service'; service: TraefikService; container?: TraefikContainer }
  | { kind: 'internal' | 'other-provider' }
  | { kind: 'missing'; name: string }
  | { kind: 'ambiguous'; count: number };

/**
 * The service a router sends to, as Traefik resolves it: the `service` option (`name`, `name@file`,
 * `name@docker`, `name@internal`), or for a label router without one, the only service of its container.
 */
export function routerTarget(facts: TraefikFacts, router: TraefikRouter, container?: TraefikContainer): RouterTarget {
  const written = router.service?.value;
  if (written === undefined) {
    if (!container) return { kind: 'missing', name: '' };
    const services = containerServices(container).filter((s) => s.protocol === router.protocol);
    if (services.length === 1) return { kind: 'service', service: services[0]!, container };
    return services.length === 0 ? { kind: 'missing', name: '' } : { kind: 'ambiguous', count: services.length };
  }
  const at = written.lastIndexOf('@');
  const name = (at >= 0 ? written.slice(0, at) : written).toLowerCase();
  const provider = at >= 0 ? written.slice(at + 1).toLowerCase() : router.provider;
  if (provider === 'internal') return { kind: 'internal' };
  if (provider === 'file') {
    for (const f of facts.files) {
      const service = f.services.find((s) => s.name.toLowerCase() === name && s.protocol === router.protocol);
      if (service) return { kind: 'service', service };
    }
    return facts.files.length === 0 && router.provider !== 'file' ? { kind: 'other-provider' } : { kind: 'missing', name: written };
  }
  if (provider === 'docker' || provider === 'swarm') {
    // Containers Traefik does not read (not enabled) define nothing.
    for (const c of facts.containers) {
      if (!isEnabled(facts, c)) continue;
      const service = containerServices(c).find((s) => s.name.toLowerCase() === name && s.protocol === router.protocol);
      if (service) return { kind: 'service', service, container: c };
    }
    return { kind: 'missing', name: written };
  }
  // kubernetescrd, consulcatalog, …: defined outside what updoc reads.
  return { kind: 'other-provider' };
}

/** Routers that lead to a service (file routers to file services; label routers of any container to label services). */
export function routersOf(facts: TraefikFacts, service: TraefikService): { router: TraefikRouter; container?: TraefikContainer }[] {
  const out: { router: TraefikRouter; container?: TraefikContainer }[] = [];
  for (const f of facts.files) for (const router of f.routers) if (same(routerTarget(facts, router), service)) out.push({ router });
  for (const c of facts.containers) for (const router of c.routers) if (same(routerTarget(facts, router, c), service)) out.push({ router, container: c });
  return out;
}

function same(target: RouterTarget, service: TraefikService): boolean {
  return (
    target.kind === 'service' &&
    target.service.name === service.name &&
    target.service.provider === service.provider &&
    target.service.protocol === service.protocol
  );
}

/** "router `api` (Host(`api.example.com`)) → service `api`". */
export function routeText(facts: TraefikFacts, service: TraefikService): string {
  const routers = routersOf(facts, service);
  if (routers.length === 0) return `service \`${service.name}\` (no router uses it)`;
  const r = routers[0]!.router;
  return `router \`${r.name}\`${r.rule ? ` (${r.rule.value})` : ''} → service \`${service.name}\`${routers.length > 1 ? ` (and ${routers.length - 1} more router${routers.length > 2 ? 's' : ''})` : ''}`;
}

export interface TraefikTargetRef {
  server: TraefikServer;
  service: TraefikService;
  container?: TraefikContainer;
}

const cache = new WeakMap<TraefikFacts, Map<string, TraefikTargetRef>>();

/** Topology target id → the server (and service, container) it stands for. Label targets are built here too. */
export function traefikTargetIndex(facts: TraefikFacts): Map<string, TraefikTargetRef> {
  let index = cache.get(facts);
  if (index) return index;
  index = new Map();
  for (const f of facts.files) for (const service of f.services) for (const server of service.servers) index.set(server.id, { server, service });
  for (const container of facts.containers) {
    if (!isEnabled(facts, container)) continue;
    for (const service of containerServices(container))
      for (const server of labelServers(container, service)) index.set(server.id, { server, service, container });
  }
  cache.set(facts, index);
  return index;
}

const serverCache = new WeakMap<TraefikService, TraefikServer[]>();

/** Where a label service sends requests: its `server.url`, or the container on the port label / the detected port. */
export function labelServers(container: TraefikContainer, service: TraefikService): TraefikServer[] {
  if (service.servers.length > 0) return service.servers;
  const cached = serverCache.get(service);
  if (cached) return cached;
  const port = service.port?.value ?? container.exposedPorts[0];
  const scheme = service.protocol === 'http' ? (service.scheme?.value.toLowerCase() ?? 'http') : service.protocol;
  const server: TraefikServer = {
    id: `${container.runtimeId}#${service.protocol}/${service.name.toLowerCase()}`,
    text: service.port ? `${container.service}:${service.port.value}` : port !== undefined ? `${container.service}:${port}` : container.service,
    scheme,
    host: container.service,
    at: service.port?.at ?? container.labelsAt,
  };
  if (port !== undefined) server.port = port;
  if (service.port) server.portAt = service.port.at;
  else if (port !== undefined)
    server.detectedFrom =
      container.exposedPorts.length > 1 ? `the lowest of the exposed ports ${container.exposedPorts.join(', ')}` : `the exposed port ${port}`;
  serverCache.set(service, [server]);
  return [server];
}
