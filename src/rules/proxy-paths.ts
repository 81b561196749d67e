import { composePathInfo } from '../inputs/compose/topology.js';
import type { Fix } from '../core/define-rule.js';
import type { SourcePosition } from '../core/position.js';
import type { LintFacts } from '../evidence/lint-facts.js';
import type { BackendNode, PathStep, ProxyProduct, ResolvedPath, RuntimeRef } from '../evidence/topology/model.js';
import { replaceValue } from './text-edits.js';

/**
 * Topology lookups shared by every proxy's path rules (nginx, HAProxy, Envoy, Traefik, Caddy): the followed path
 * of each target, whether the proxy config owns its fix, the address a broken target meant, and fixes built from
 * positions. Each rule keeps its own wording; what the resolver's verdict means is decided here, once.
 */

const pathCache = new WeakMap<LintFacts, Map<ProxyProduct, Map<string, ResolvedPath>>>();

/** Every followed path of this product's proxies, by target id (grouped once per lint run, shared by the rules). */
export function pathsByTarget(facts: LintFacts, product: ProxyProduct): ReadonlyMap<string, ResolvedPath> {
  let byProduct = pathCache.get(facts);
  if (!byProduct) {
    byProduct = new Map();
    for (const path of facts.topology.paths) {
      const paths = byProduct.get(path.proxy.product) ?? new Map<string, ResolvedPath>();
      paths.set(path.target.id, path);
      byProduct.set(path.proxy.product, paths);
    }
    pathCache.set(facts, byProduct);
  }
  return byProduct.get(product) ?? new Map();
}

/** The name a proxy in `from` writes to reach a backend: the Compose service, the Kubernetes Service (`svc.ns` across namespaces). */
export function backendDnsName(backend: BackendNode, from: RuntimeRef | undefined): string | undefined {
  const compose = /^compose:[^/]+\/(.+)$/.exec(backend.id);
  if (compose) return compose[1];
  const service = /^k8s:([^/]+)\/Service\/(.+)$/.exec(backend.id);
  if (service) {
    const [, namespace, name] = service;
    const fromNamespace = from ? /^k8s:([^/]+)\//.exec(from.id)?.[1] : undefined;
    return namespace === '-' || namespace === fromNamespace ? name : `${name}.${namespace}`;
  }
  return undefined;
}

/**
 * `host:port` the target should use according to the runtime's resolver: Compose's structured finding (the
 * service a loopback target meant, the container port behind a published one), else the one address its
 * reason names (`… use \`api:3000\``).
 */
export function suggestedAddress(path: ResolvedPath): { host: string; port: number } | undefined {
  const info = composePathInfo(path.target);
  if (info?.kind === 'loopback' && info.meant) return { host: info.meant.backend.service.name, port: info.meant.port };
  if (info?.kind === 'published-port') return { host: info.backend.service.name, port: info.containerPort };
  const matches = [...(path.problem?.reason ?? '').matchAll(/use `([A-Za-z0-9_.-]+):(\d+)`/g)];
  if (matches.length !== 1) return undefined;
  return { host: matches[0][1], port: Number(matches[0][2]) };
}

/**
 * What a loopback target meant, seen from the proxy's runtime: the one other backend listening on the target's
 * port (named as the proxy would write it), else the resolver's suggestion when it keeps the port.
 */
export function meantHost(facts: LintFacts, path: ResolvedPath): { port?: number; backend?: BackendNode; host?: string } {
  const port = path.target.port ?? path.target.defaultPort;
  const backend = port === undefined ? undefined : backendListeningOn(facts, path, port);
  const suggested = suggestedAddress(path);
  const host = (backend && backendDnsName(backend, path.proxy.runtime)) ?? (suggested?.port === port ? suggested?.host : undefined);
  return { port, backend, host };
}

/** TCP ports the backend listens on (Compose: container ports; Kubernetes Service: its ports), without duplicates. */
export function listenPorts(backend: BackendNode | undefined): number[] {
  if (!backend) return [];
  return [...new Set(backend.listens.filter((l) => (l.protocol ?? 'tcp') === 'tcp' && l.port > 0).map((l) => l.port))];
}

/**
 * The one backend (other than the proxy's own runtime) listening on `port` in the proxy's runtime platform:
 * what a loopback target most likely meant.
 */
export function backendListeningOn(facts: LintFacts, path: ResolvedPath, port: number): BackendNode | undefined {
  const from = path.proxy.runtime;
  if (!from) return undefined;
  const project = /^compose:([^/]+)\//.exec(from.id)?.[1];
  const candidates = facts.topology.backends.filter((b) => {
    if (b.runtime.platform !== from.platform || b.runtime.id === from.id) return false;
    if (project !== undefined && /^compose:([^/]+)\//.exec(b.id)?.[1] !== project) return false;
    if (b.runtime.platform === 'kubernetes' && !/\/Service\//.test(b.id)) return false;
    return b.listens.some((l) => l.port === port && (l.protocol ?? 'tcp') === 'tcp');
  });
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function replaceAt(at: SourcePosition, replacement: string, description: string): Fix | undefined {
  if (at.endLine === undefined || at.endColumn === undefined) return undefined;
  return { description, file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, replacement };
}

/** Inserts whole lines before the line of `at`, indented like it (the indentation is read from the file). */
export function insertLinesBefore(facts: LintFacts, at: SourcePosition, lines: readonly string[], description: string): Fix {
  const indent = indentationOf(facts, at);
  const text = lines.map((l, i) => (i === 0 ? l : `${indent}${l}`)).join('\n');
  return { description, file: at.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column, replacement: `${text}\n${indent}` };
}

export function indentationOf(facts: LintFacts, at: SourcePosition): string {
  const text = facts.files.find((f) => f.path === at.file)?.text;
  const line = text?.split('\n')[at.line - 1];
  const leading = line ? (/^[ \t]*/.exec(line)?.[0] ?? '') : '';
  // Only when the directive starts right after the indentation; otherwise spaces up to its column.
  return leading.length === at.column - 1 ? leading : ' '.repeat(Math.max(0, at.column - 1));
}

/** "Compose service `proxy`" or "the proxy's container" for messages. */
export function runtimeLabel(runtime: RuntimeRef | undefined): string {
  return runtime?.label ?? 'the machine it runs on';
}

/** Levenshtein distance, bounded: enough to spot a typo in a name. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 4;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The name the resolver thinks was meant (a Compose service one typo away). */
export function suggestedName(path: ResolvedPath): string | undefined {
  const info = composePathInfo(path.target);
  if (info?.kind === 'unknown-name' && info.suggestion) return info.suggestion;
  // A service on another's network (`network_mode: service:vpn`) is reached by the owner's name.
  if (info?.kind === 'shares-namespace') return info.owner;
  return /did you mean `([^`]+)`\?/.exec(path.problem?.reason ?? '')?.[1];
}

/**
 * Replaces a misspelt host with the name the resolver suggests. A suggested Service name replaces only the first
 * label of a cluster DNS name (`order.shop.svc.cluster.local` → `orders.shop.svc.cluster.local`), so the
 * namespace written stays.
 */
export function renameHost(hostAt: SourcePosition, host: string, suggestion: string): Fix | undefined {
  const dot = host.indexOf('.');
  if (dot > 0 && !suggestion.includes('.') && hostAt.endLine === hostAt.line) {
    return replaceAt({ ...hostAt, endColumn: hostAt.column + dot }, suggestion, `use \`${suggestion}${host.slice(dot)}\``);
  }
  return replaceAt(hostAt, suggestion, `use \`${suggestion}\``);
}

/**
 * Replaces a misspelt host written as a YAML/JSON/Caddyfile value with the name the resolver suggests (quotes
 * kept); a suggested Service name keeps the rest of a cluster DNS name, as `renameHost` does.
 */
export function renameHostValue(facts: LintFacts, hostAt: SourcePosition, path: ResolvedPath): Fix | undefined {
  const host = path.target.host;
  const suggestion = suggestedName(path);
  if (!host || !suggestion) return undefined;
  const dot = host.indexOf('.');
  const name = dot > 0 && !suggestion.includes('.') ? `${suggestion}${host.slice(dot)}` : suggestion;
  return replaceValue(facts, hostAt, name, `use \`${name}\``);
}

/**
 * False when the value to change is written in a Compose file (the backend binds loopback, the proxy runs with
 * `network_mode: host`, a name is only an alias on another network) or in Kubernetes objects (a NetworkPolicy
 * blocking DNS or the port, the mesh, a selector or targetPort, a probe): the resolver marks those
 * (`problem.fixIn`) and the Compose, Kubernetes and Istio rules report them, once, where the fix goes.
 */
export function proxyOwnsFix(path: ResolvedPath): boolean {
  return path.problem?.fixIn === undefined;
}

/** Paths of this product's proxies broken for `cause` whose fix is in the proxy's own config. */
export function brokenPaths(facts: LintFacts, product: ProxyProduct, cause: string): (ResolvedPath & { problem: NonNullable<ResolvedPath['problem']> })[] {
  const out: (ResolvedPath & { problem: NonNullable<ResolvedPath['problem']> })[] = [];
  for (const path of pathsByTarget(facts, product).values()) {
    if (path.status === 'broken' && path.problem?.cause === cause && proxyOwnsFix(path))
      out.push(path as ResolvedPath & { problem: NonNullable<ResolvedPath['problem']> });
  }
  return out;
}

/** The port the resolver says the target should use: its suggestion, or the backend's only listening port. */
export function rightPort(path: ResolvedPath): number | undefined {
  const suggested = suggestedAddress(path);
  if (suggested) return suggested.port;
  const service = /use the Service port (\d+)/.exec(path.problem?.reason ?? '');
  if (service) return Number(service[1]);
  const ports = listenPorts(path.backend);
  return ports.length === 1 ? ports[0] : undefined;
}

/** The proxy step first, then the resolver's steps: "nginx → api:3000 → ✗ …". */
export function findingPath(path: ResolvedPath): PathStep[] {
  return [{ kind: 'proxy', status: 'resolved', text: path.proxy.label, ...(path.proxy.at ? { at: path.proxy.at } : {}) }, ...path.steps];
}
