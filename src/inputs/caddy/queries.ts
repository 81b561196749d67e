import type { CaddyConfig, CaddyFacts, CaddyProxy, CaddyUpstream } from './model.js';

export interface CaddyTargetRef {
  config: CaddyConfig;
  proxy: CaddyProxy;
  upstream: CaddyUpstream;
}

const cache = new WeakMap<CaddyFacts, Map<string, CaddyTargetRef>>();

/** Topology target id → the upstream (and its handler) it stands for. */
export function caddyTargetIndex(facts: CaddyFacts): Map<string, CaddyTargetRef> {
  let index = cache.get(facts);
  if (index) return index;
  index = new Map();
  for (const config of facts.configs)
    for (const proxy of config.proxies) for (const upstream of proxy.upstreams) index.set(upstream.id, { config, proxy, upstream });
  cache.set(facts, index);
  return index;
}

/** "reverse_proxy api:3000 (site shop.example.com)". */
export function describeUpstream(ref: CaddyTargetRef): string {
  return `${ref.proxy.directive} ${ref.upstream.text.value} (${ref.proxy.route}${ref.proxy.matcher ? `, ${ref.proxy.matcher.text}` : ''})`;
}
