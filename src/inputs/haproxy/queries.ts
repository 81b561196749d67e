import type { HaproxyConfig, HaproxyFacts, HaproxyProxy, HaproxyServer } from './model.js';

export interface HaproxyTargetRef {
  config: HaproxyConfig;
  backend: HaproxyProxy;
  server: HaproxyServer;
}

const cache = new WeakMap<HaproxyFacts, Map<string, HaproxyTargetRef>>();

/** Topology target id → the server line it stands for. */
export function haproxyTargetIndex(facts: HaproxyFacts): Map<string, HaproxyTargetRef> {
  let index = cache.get(facts);
  if (index) return index;
  index = new Map();
  for (const config of facts.configs) {
    for (const backend of config.backends) for (const server of backend.servers) index.set(server.id, { config, backend, server });
  }
  cache.set(facts, index);
  return index;
}

/** "server api1 api:3000 (frontend www → backend api)". */
export function describeServer(ref: HaproxyTargetRef, route: string | undefined): string {
  const kind = ref.server.kind === 'server-template' ? 'server-template' : 'server';
  return `${kind} ${ref.server.name.value} ${ref.server.address.value}${route ? ` (${route})` : ''}`;
}

/**
 * Whether HAProxy starts without an address for this server: `resolvers` on it and `none` among its
 * `init-addr` methods (the server starts in maintenance and gets its address from DNS when the name appears).
 */
export function startsWithoutAddress(server: HaproxyServer): boolean {
  return server.options.resolvers !== undefined && (server.options.initAddr?.value.includes('none') ?? false);
}
