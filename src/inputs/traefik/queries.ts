import type { TraefikContainer, TraefikFacts, TraefikInstance, TraefikRouter, TraefikServer, TraefikService } from './model.js';

/** Whether the Docker provider routes to this container: `traefik.enable`, else the provider's `exposedByDefault` (default true). */
export function isEnabled(facts: TraefikFacts, container: TraefikContainer): boolean {
  return container.enable?.value ?? instanceOf(facts, container)?.docker.exposedByDefault ?? true;
}

export function instanceOf(facts: TraefikFacts, container: TraefikContainer): TraefikInstance | undefined {
  return facts.instances.find((i) => i.id === container.instance);
}

const autoServices = new WeakMap<TraefikContainer, TraefikService[]>();

/** The services a container's labels lead to: those it declares, or the one Traefik creates for it when it declares routers only. */
export function containerServices(container: TraefikContainer): TraefikService[] {
  if (container.services.length > 0) return container.services;
  // Traefik makes a service for the container only for routers that name none (`api@internal` dashboards do not need one).
  if (!container.routers.some((r) => r.service === undefined)) return [];
  let auto = autoServices.get(container);
  if (!auto) {
    const protocol = container.routers[0]!.protocol;
    auto = [
      { name: container.service, protocol, provider: 'docker', nameAt: container.labelsAt, at: container.labelsAt, kind: 'auto', children: [], servers: [] },
    ];
    autoServices.set(container, auto);
  }
  return auto;
}

export type RouterTarget =
  | { kind: 'service'; service: TraefikService; container?: TraefikContainer }
  | { kind: 'internal' | 'other-provider' }
  | { kind: 'missing'; name: string }
  | { kind: 'ambiguous'; count: number };

interface ServiceIndex {
  /** `<provider>/<protocol>/<name lower-cased>` → the first service with that name (and its container). */
  byKey: Map<string, { service: TraefikService; container?: TraefikContainer }>;
  /** Same key → the routers that send to it. */
  routers: Map<string, { router: TraefikRouter; container?: TraefikContainer }[]>;
}

const indexes = new WeakMap<TraefikFacts, ServiceIndex>();

function serviceKey(provider: string, protocol: string, name: string): string {
  return `${provider}/${protocol}/${name.toLowerCase()}`;
}

/** Services by name and routers by the service they reach, built once (routers × services would be quadratic). */
function serviceIndex(facts: TraefikFacts): ServiceIndex {
  let index = indexes.get(facts);
  if (index) return index;
  const byKey: ServiceIndex['byKey'] = new Map();
  for (const f of facts.files)
    for (const service of f.services)
      if (!byKey.has(serviceKey('file', service.protocol, service.name))) byKey.set(serviceKey('file', service.protocol, service.name), { service });
  // Containers Traefik does not read (not enabled) define nothing.
  for (const c of facts.containers) {
    if (!isEnabled(facts, c)) continue;
    for (const service of containerServices(c))
      if (!byKey.has(serviceKey('docker', service.protocol, service.name)))
        byKey.set(serviceKey('docker', service.protocol, service.name), { service, container: c });
  }
  index = { byKey, routers: new Map() };
  indexes.set(facts, index);
  const add = (router: TraefikRouter, container?: TraefikContainer) => {
    const target = routerTarget(facts, router, container);
    if (target.kind !== 'service') return;
    const key = serviceKey(target.service.provider, target.service.protocol, target.service.name);
    const list = index!.routers.get(key) ?? [];
    list.push(container ? { router, container } : { router });
    index!.routers.set(key, list);
  };
  for (const f of facts.files) for (const router of f.routers) add(router);
  for (const c of facts.containers) for (const router of c.routers) add(router, c);
  return index;
}

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
  const name = at >= 0 ? written.slice(0, at) : written;
  const provider = at >= 0 ? written.slice(at + 1).toLowerCase() : router.provider;
  if (provider === 'internal') return { kind: 'internal' };
  const byKey = serviceIndex(facts).byKey;
  if (provider === 'file') {
    const found = byKey.get(serviceKey('file', router.protocol, name));
    if (found) return { kind: 'service', service: found.service };
    return facts.files.length === 0 && router.provider !== 'file' ? { kind: 'other-provider' } : { kind: 'missing', name: written };
  }
  if (provider === 'docker' || provider === 'swarm') {
    const found = byKey.get(serviceKey('docker', router.protocol, name));
    return found ? { kind: 'service', service: found.service, ...(found.container ? { container: found.container } : {}) } : { kind: 'missing', name: written };
  }
  // kubernetescrd, consulcatalog, …: defined outside what updoc reads.
  return { kind: 'other-provider' };
}

/** Routers that lead to a service (file routers to file services; label routers of any container to label services). */
export function routersOf(facts: TraefikFacts, service: TraefikService): { router: TraefikRouter; container?: TraefikContainer }[] {
  return serviceIndex(facts).routers.get(serviceKey(service.provider, service.protocol, service.name)) ?? [];
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
  for (const route of facts.ingressRoutes) {
    const protocol = route.kind === 'IngressRouteTCP' ? 'tcp' : 'http';
    for (const s of route.services) {
      const port = s.port?.value;
      const server: TraefikServer = {
        id: s.id,
        text: `${s.name.value}${port !== undefined ? `:${port}` : ''}`,
        scheme: protocol,
        host: s.name.value,
        hostAt: s.name.at,
        at: s.at,
      };
      if (typeof port === 'number') {
        server.port = port;
        server.portAt = s.port!.at;
      }
      const service: TraefikService = {
        name: s.name.value,
        protocol,
        provider: 'kubernetescrd',
        nameAt: s.name.at,
        at: s.at,
        kind: 'loadBalancer',
        children: [],
        servers: [server],
      };
      index.set(s.id, { server, service });
    }
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
