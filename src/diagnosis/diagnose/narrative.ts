import type { Finding } from '../../core/define-rule.js';
import type { ProxyProduct, ResolvedPath } from '../../evidence/topology/model.js';
import { composePathInfo } from '../../inputs/compose/topology.js';
import type { DiagnoseFix } from './report.js';

/**
 * The verdict's first sentence for a defect found on a path, in the words of the issue's example:
 * "nginx (service `proxy`) sends `/api` to `localhost:3000`; inside its container that is nginx itself; the API
 * listens on `api:3000` on network `back`, which `proxy` shares → change `proxy_pass` to `http://api:3000`
 * (nginx.conf line 14)". Built from the path (proxy, runtime, route, target), the finding's reason, what Compose
 * knows about the meant backend, and the concrete fix.
 */
export function pathHeadline(path: ResolvedPath, finding: Finding | undefined, fix: DiagnoseFix | undefined): string {
  const proxy = path.proxy;
  const runtime = proxy.runtime ? runtimeWords(proxy.runtime.label) : '';
  const route = routeWords(path.target.route);
  const parts: string[] = [`${productWords(proxy.product)}${runtime} sends ${route ? `\`${route}\` ` : ''}to \`${path.target.text}\``];
  const meant = meantBackend(path);
  if (meant) {
    // The Compose loopback case in the words of the issue: what localhost is there, where the backend really is.
    parts.push(`inside its container \`${path.target.host}\` is ${proxy.product} itself`, meant.text);
  } else {
    const reason = stripCross(path.problem?.reason ?? finding?.message ?? '');
    if (reason) parts.push(reason.replace(/\.$/, ''));
  }
  let sentence = parts.join('; ');
  if (fix?.before && fix.after && fix.file) sentence += ` → change \`${fix.before}\` to \`${fix.after}\` (${fix.file} line ${fix.line})`;
  else if (fix?.file) sentence += ` → ${lowerFirst(fix.description)} (${fix.file} line ${fix.line})`;
  else if (fix) sentence += ` → ${lowerFirst(fix.description)}`;
  return sentence;
}

const PRODUCT_WORDS: Partial<Record<ProxyProduct, string>> = {
  'kubernetes-ingress': 'the Ingress',
  'gateway-api': 'the Gateway API route',
  istio: 'the Istio route',
  'cloud-lb': 'the load balancer',
};

/** How a proxy is named in a sentence: `nginx`, `haproxy`, `the Ingress`. */
export function productWords(product: ProxyProduct): string {
  return PRODUCT_WORDS[product] ?? product;
}

/** Where the proxy runs, after its name: " (service `proxy`)" for Compose, " on ingress-nginx (class `nginx`)" otherwise. */
export function runtimeWords(label: string): string {
  return label.startsWith('Compose service ') ? ` (${label.replace(/^Compose service /, 'service ')})` : ` on ${label}`;
}

/** "server :80, location /api/" → "location /api/": the part a reader recognises. */
function routeWords(route: string | undefined): string | undefined {
  if (!route) return undefined;
  const location = /location\s+([^,()]+)/.exec(route);
  if (location) return location[1].trim();
  return route;
}

function stripCross(text: string): string {
  return text.replace(/^✗\s*/, '').trim();
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/** For a Compose loopback target: where the backend it meant really listens, and on which shared network. */
function meantBackend(path: ResolvedPath): { text: string } | undefined {
  const info = composePathInfo(path.target);
  if (info?.kind !== 'loopback' || !info.meant) return undefined;
  const backend = info.meant.backend.service;
  const address = `${backend.name}:${info.meant.port}`;
  const proxyNetworks = new Set(info.proxy.service.networks.map((n) => n.name));
  const shared = backend.networks.map((n) => n.name).filter((n) => proxyNetworks.has(n));
  const where = shared.length
    ? ` on network${shared.length > 1 ? 's' : ''} ${shared.map((n) => `\`${n}\``).join(', ')}, which \`${info.proxy.service.name}\` shares`
    : '';
  return { text: `\`${backend.name}\` listens on \`${address}\`${where}` };
}
