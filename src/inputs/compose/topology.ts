import { resolve as resolvePath, sep } from 'node:path';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { TopologyContributor } from '../../evidence/topology/contributor.js';
import type { BackendNode, ListenSpec, PathStep, ProxyNode, RuntimeRef, TargetResolution, UpstreamTarget } from '../../evidence/topology/model.js';
import { targetText } from '../../evidence/topology/resolve-from-host.js';
import { proxyProductOfImage } from './image-defaults.js';
import { addNginxProxies } from './nginx-proxy.js';

import { listenModel } from './listens.js';
import type { ComposeFacts, ComposePort, ComposeService, ListenHint } from './model.js';
import { containerPortFor, inRange } from './ports.js';
import {
  attachedNetworks,
  closestName,
  composeIndex,
  type NameEntry,
  namespaceMembers,
  networkByKey,
  networkNamespace,
  runtimeIdOf,
  type ServiceRef,
} from './queries.js';
import { isLoopbackHost } from '../../core/loopback.js';

const backendCache = new WeakMap<ComposeFacts, Map<ComposeService, BackendNode>>();

/** Compose as a runtime: services are backends, a proxy runs in the service that mounts its config, names resolve on shared networks. */
export const composeTopology: TopologyContributor = {
  name: 'compose',
  resolves: 'compose',
  contribute(facts, graph) {
    const index = composeIndex(facts.compose);
    addNginxProxies(facts.compose, graph, (ref) => runtimeOf(facts.compose, ref));
    for (const ref of index.refs) {
      graph.addBackend(backendOf(facts.compose, ref.service));
      for (const d of ref.service.dependsOn) {
        const target = ref.project.services.find((s) => s.name === d.service);
        graph.addEdge({
          from: runtimeIdOf(facts.compose, ref.service),
          to: target ? runtimeIdOf(facts.compose, target) : `compose:?/${d.service}`,
          kind: 'depends-on',
          status: target ? 'resolved' : 'broken',
          reason: target ? d.condition : `no service \`${d.service}\``,
          at: d.at,
        });
      }
    }
  },
  locate(proxy, facts) {
    const ref = locateProxy(proxy, facts);
    return ref && runtimeOf(facts.compose, ref);
  },
  resolve(target, from, facts) {
    const ref = composeIndex(facts.compose).byRuntimeId.get(from.id);
    if (!ref) return undefined;
    const resolution = resolveTarget(facts.compose, target, ref);
    const info = pathInfo.get(target);
    if (resolution.problem && info && COMPOSE_FIXES.has(info.kind)) resolution.problem.fixIn = 'compose';
    return resolution;
  },
};

export function backendOf(facts: ComposeFacts, service: ComposeService): BackendNode {
  const map = backendCache.get(facts) ?? new Map<ComposeService, BackendNode>();
  backendCache.set(facts, map);
  let node = map.get(service);
  if (!node) {
    const id = runtimeIdOf(facts, service);
    node = {
      id,
      runtime: { platform: 'compose', id, label: `Compose service \`${service.name}\`` },
      label: `Compose service \`${service.name}\``,
      listens: listenModel(service).specs,
      at: service.at,
    };
    map.set(service, node);
  }
  return node;
}

function runtimeOf(facts: ComposeFacts, ref: ServiceRef): RuntimeRef {
  return backendOf(facts, ref.service).runtime;
}

const CONFIG_DIRECTORIES: Record<string, RegExp> = {
  nginx: /nginx|openresty/,
  haproxy: /haproxy/,
  envoy: /envoy/,
  traefik: /traefik/,
  caddy: /caddy/,
};

/**
 * The Compose service that runs a proxy's configuration: one that bind-mounts the file (best), or a directory
 * holding it at the product's config path, or builds an image from a context holding it, or — last — the only
 * service of the project running that product's image.
 */
export function locateProxy(proxy: ProxyNode, facts: LintFacts): ServiceRef | undefined {
  if (!proxy.configFile) return undefined;
  const configPath = facts.files.find((f) => f.path === proxy.configFile)?.absolutePath ?? resolvePath(proxy.configFile);
  const productHint = CONFIG_DIRECTORIES[proxy.product];
  const index = composeIndex(facts.compose);
  let best: { ref: ServiceRef; score: number } | undefined;
  const consider = (ref: ServiceRef, score: number) => {
    if (!best || score > best.score) best = { ref, score };
  };
  const runsProduct = (s: ComposeService) => (s.image && proxyProductOfImage(s.image.value) === proxy.product) || (productHint?.test(s.name) ?? false);
  for (const ref of index.refs) {
    const s = ref.service;
    for (const m of s.volumes) {
      if (!m.hostPath) continue;
      if (m.hostPath === configPath) consider(ref, 100);
      else if (configPath.startsWith(m.hostPath.endsWith(sep) ? m.hostPath : m.hostPath + sep)) {
        const depth = m.hostPath.split(sep).length;
        if (productHint?.test(m.target) || runsProduct(s)) consider(ref, 60 + Math.min(depth, 30));
      }
    }
    const context = s.build?.directory;
    if (context && configPath.startsWith(context + sep) && (runsProduct(s) || context !== ref.project.directory)) consider(ref, runsProduct(s) ? 50 : 30);
  }
  if (best) return (best as { ref: ServiceRef }).ref;
  // Last resort: a config beside the Compose file and the project's only service of that product. An nginx,
  // HAProxy or Caddy config found in a YAML file is embedded in a Kubernetes ConfigMap: not this project's.
  if (/\.(?:ya?ml|json)$/i.test(configPath) && ['nginx', 'haproxy', 'caddy'].includes(proxy.product)) return undefined;
  // A service that already mounts another config of the product runs that one: this file is something else (an
  // example in docs/, a config for a machine without Docker).
  const others = facts.topology.proxies
    .filter((p) => p.product === proxy.product && p.configFile && p.configFile !== proxy.configFile)
    .map((p) => facts.files.find((f) => f.path === p.configFile)?.absolutePath ?? resolvePath(p.configFile!));
  const mountsOther = (s: ComposeService) =>
    s.volumes.some((m) => m.hostPath && others.some((o) => o === m.hostPath || o.startsWith(m.hostPath!.endsWith(sep) ? m.hostPath! : m.hostPath + sep)));
  for (const project of new Set(index.refs.map((r) => r.project))) {
    if (!configPath.startsWith(project.directory + sep) || project.variantOf) continue;
    const candidates = project.services.filter(runsProduct);
    if (candidates.length === 1 && !mountsOther(candidates[0]!)) return { project, service: candidates[0]! };
  }
  return undefined;
}

function label(ref: ServiceRef): string {
  return `\`${ref.service.name}\``;
}

function networkList(ref: ServiceRef): string {
  const ns = networkNamespace(ref);
  if (ns.kind !== 'service') return ref.service.networkMode ? `network_mode \`${ref.service.networkMode.value.text}\`` : 'no network';
  const names = ns.owner.service.networks.map((n) => `\`${n.name}\``);
  return names.length === 0 ? 'no network' : `network${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
}

/** What Compose found on a path, in a form rules can act on (the text of `problem.reason` is for people). */
export type ComposePathInfo = { proxy: ServiceRef } & (
  | { kind: 'resolved'; backend: ServiceRef; listen: ListenSpec }
  | { kind: 'no-shared-network'; backend: ServiceRef }
  | { kind: 'hostname-only'; backend: ServiceRef; name: string }
  | { kind: 'alias-other-network'; backend: ServiceRef; name: string }
  | { kind: 'backend-host-network'; backend: ServiceRef }
  | { kind: 'proxy-host-network'; backend?: ServiceRef }
  | { kind: 'shares-namespace'; backend: ServiceRef; owner: string }
  | { kind: 'unknown-name'; name: string; suggestion?: string }
  | { kind: 'loopback'; meant?: { backend: ServiceRef; port: number } }
  | { kind: 'published-port'; backend: ServiceRef; port: ComposePort; containerPort: number }
  | { kind: 'port-not-listened'; backend: ServiceRef }
  | { kind: 'port-undeclared'; backend: ServiceRef; imageDefault: boolean }
  | { kind: 'bind-loopback'; backend: ServiceRef; listen?: ListenSpec; hint?: ListenHint }
  | { kind: 'other' }
);

/** Findings whose value to change is written in a Compose file: their path's problem gets `fixIn: 'compose'`. */
const COMPOSE_FIXES = new Set<ComposePathInfo['kind']>([
  'no-shared-network',
  'hostname-only',
  'alias-other-network',
  'backend-host-network',
  'proxy-host-network',
  'bind-loopback',
  'port-undeclared',
]);

const pathInfo = new WeakMap<UpstreamTarget, ComposePathInfo>();

/** What Compose resolution found for a target (undefined when its proxy does not run in Compose). */
export function composePathInfo(target: UpstreamTarget): ComposePathInfo | undefined {
  return pathInfo.get(target);
}

type InfoInput = ComposePathInfo extends infer T ? (T extends { proxy: ServiceRef } ? Omit<T, 'proxy'> : never) : never;

interface Ctx {
  facts: ComposeFacts;
  target: UpstreamTarget;
  proxy: ServiceRef;
  steps: PathStep[];
  port: number | undefined;
}

function record(ctx: Ctx, info: InfoInput): void {
  pathInfo.set(ctx.target, { ...info, proxy: ctx.proxy } as ComposePathInfo);
}

/** Follows a proxy's target from the Compose service it runs in. */
function resolveTarget(facts: ComposeFacts, target: UpstreamTarget, proxy: ServiceRef): TargetResolution {
  const port = target.port ?? target.defaultPort;
  const ctx: Ctx = { facts, target, proxy, steps: [{ kind: 'target', status: 'resolved', text: targetText(target), at: target.at }], port };
  record(ctx, { kind: 'other' });
  if (target.unixSocket) return unknown(ctx, 'target', `unix socket ${target.unixSocket}: reachable only through a volume both containers mount`);
  if (target.dynamic || !target.host) return unknown(ctx, 'target', 'resolved at request time (variables); not followed');
  const host = target.host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  const ns = networkNamespace(proxy);
  switch (ns.kind) {
    case 'host': {
      if (isLoopbackHost(host) || isHostAlias(host)) return resolveOnHost(ctx, 'the host network (network_mode: host)');
      const named = composeIndex(facts)
        .names.get(host)
        ?.find((e) => e.project === proxy.project);
      if (named) {
        record(ctx, { kind: 'proxy-host-network', backend: named });
        return broken(
          ctx,
          'dns',
          'dns-failure',
          `${label(proxy)} runs with \`network_mode: host\`: Compose names such as \`${host}\` do not resolve there${publishedHintFor(ctx, named)}`,
          named,
        );
      }
      return unknown(ctx, 'dns', `\`${host}\` is looked up by the host's resolver (network_mode: host)`);
    }
    case 'none':
      return broken(ctx, 'network', 'network-blocked', `${label(proxy)} runs with \`network_mode: none\`: it has no network at all`);
    case 'missing':
      return unknown(ctx, 'network', `${label(proxy)} shares the network of service \`${ns.service}\`, which is not defined`);
    case 'bridge':
    case 'external':
      return unknown(
        ctx,
        'network',
        `${label(proxy)} runs with \`network_mode: ${proxy.service.networkMode?.value.text}\`; its network is outside this project`,
      );
  }
  const owner = ns.owner;
  if (isLoopbackHost(host) || host === '0.0.0.0') return resolveLoopback(ctx, owner, host);
  const extra = proxy.service.extraHosts.find((h) => h.host.toLowerCase() === host);
  if (extra?.address === 'host-gateway' || (!extra && isHostAlias(host))) return resolveOnHost(ctx, `\`${host}\` (the Docker host)`);
  const ip = extra?.address ?? (isIpLiteral(host) ? host : undefined);
  if (ip) return resolveIp(ctx, owner, ip);
  return resolveName(ctx, owner, host);
}

function isHostAlias(host: string): boolean {
  return host === 'host.docker.internal' || host === 'gateway.docker.internal' || host === 'host-gateway';
}

function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || (host.includes(':') && /^[0-9a-f:.]+$/.test(host));
}

function resolveLoopback(ctx: Ctx, owner: ServiceRef, host: string): TargetResolution {
  const members = namespaceMembers(owner);
  const sharers = members.filter((m) => m.service !== ctx.proxy.service);
  ctx.steps.push({
    kind: 'network',
    status: 'resolved',
    text: `\`${host}\` is the container of ${label(ctx.proxy)} itself${sharers.length > 0 ? ` (shared with ${sharers.map(label).join(', ')})` : ''}`,
    at: ctx.target.at,
  });
  if (ctx.port !== undefined) {
    // A sidecar sharing the proxy's network namespace answers on localhost; so does the proxy itself.
    for (const m of [...sharers, ...members.filter((x) => x.service === ctx.proxy.service)]) {
      const spec = listenModel(m.service).specs.find((s) => s.port === ctx.port && (s.protocol ?? 'tcp') === 'tcp');
      if (spec && (m.service !== ctx.proxy.service || !spec.source.startsWith('image default'))) return landed(ctx, m, spec);
    }
  }
  const meant = probablyMeant(ctx, owner);
  record(ctx, meant ? { kind: 'loopback', meant: { backend: meant.ref, port: meant.port } } : { kind: 'loopback' });
  const portText = ctx.port === undefined ? '' : ` on ${ctx.port}`;
  return broken(
    ctx,
    'network',
    'wrong-host-localhost',
    `\`${host}\` inside Compose service ${label(ctx.proxy)} is that container itself, and nothing there listens${portText}${meant ? `; ${meant.text}` : '; use the backend service name instead'}`,
  );
}

/** "`api` listens on 3000: use `api:3000`" — the service a loopback target most likely meant. */
function probablyMeant(ctx: Ctx, owner: ServiceRef): { ref: ServiceRef; port: number; text: string } | undefined {
  if (ctx.port === undefined) return undefined;
  const port = ctx.port;
  const proxyNets = new Set(attachedNetworks(owner.project, owner.service).map((n) => n.actualName));
  const others = owner.project.services.filter((s) => s !== owner.service).map((service) => ({ project: owner.project, service }));
  const shares = (r: ServiceRef) => attachedNetworks(r.project, r.service).some((n) => proxyNets.has(n.actualName));
  const ordered = [...others.filter(shares), ...others.filter((r) => !shares(r))];
  const listening = ordered.filter((r) => listenModel(r.service).specs.some((s) => s.port === port));
  if (listening.length > 0) {
    const r = listening[0]!;
    return {
      ref: r,
      port,
      text: `${listening.map(label).join(' or ')} listen${listening.length === 1 ? 's' : ''} on ${port}: use \`${r.service.name}:${port}\``,
    };
  }
  for (const r of ordered) {
    const p = r.service.ports.find((p) => p.published && inRange(port, p.published));
    if (p) {
      const container = containerPortFor(port, p.published!, p.target);
      return {
        ref: r,
        port: container,
        text: `${label(r)} publishes ${port} on the host for its container port ${container}: use \`${r.service.name}:${container}\``,
      };
    }
  }
  return undefined;
}

function resolveOnHost(ctx: Ctx, where: string): TargetResolution {
  ctx.steps.push({ kind: 'network', status: 'resolved', text: where, at: ctx.target.at });
  if (ctx.port === undefined) return unknown(ctx, 'port', 'no port given');
  for (const ref of composeIndex(ctx.facts).refs) {
    if (ref.project !== ctx.proxy.project && ref.project.directory !== ctx.proxy.project.directory) continue;
    const p = ref.service.ports.find((p) => p.published && inRange(ctx.port!, p.published) && !isLoopbackHost(p.hostIp ?? '0.0.0.0'));
    if (p) {
      const container = containerPortFor(ctx.port, p.published!, p.target);
      ctx.steps.push({ kind: 'port', status: 'resolved', text: `host port ${ctx.port} is published by ${label(ref)} (container port ${container})`, at: p.at });
      const spec = listenModel(ref.service).specs.find((s) => s.port === container) ?? { port: container, protocol: p.protocol, source: 'ports', at: p.at };
      return landed(ctx, ref, spec, true);
    }
    if (ref.service.networkMode?.value.kind === 'host') {
      const spec = listenModel(ref.service).specs.find((s) => s.port === ctx.port);
      if (spec) return landed(ctx, ref, spec);
    }
  }
  return unknown(ctx, 'port', `no Compose service publishes port ${ctx.port} on the host; a process on the host may`);
}

function resolveIp(ctx: Ctx, owner: ServiceRef, ip: string): TargetResolution {
  const proxyNets = new Set(attachedNetworks(owner.project, owner.service).map((n) => n.actualName));
  for (const ref of composeIndex(ctx.facts).refs) {
    for (const n of ref.service.networks) {
      const actual = networkByKey(ref.project, n.name)?.actualName;
      if (n.ipv4Address?.value !== ip && n.ipv6Address?.value !== ip) continue;
      if (actual && proxyNets.has(actual)) {
        ctx.steps.push({
          kind: 'dns',
          status: 'resolved',
          text: `${ip} is the fixed address of ${label(ref)} on network \`${n.name}\``,
          at: (n.ipv4Address ?? n.ipv6Address)!.at,
        });
        return checkPort(ctx, ref);
      }
    }
  }
  return unknown(ctx, 'dns', `${ip} is not a fixed address of any Compose service on a network ${label(ctx.proxy)} is on`);
}

function resolveName(ctx: Ctx, owner: ServiceRef, host: string): TargetResolution {
  const index = composeIndex(ctx.facts);
  const proxyNets = new Set(attachedNetworks(owner.project, owner.service).map((n) => n.actualName));
  const link = ctx.proxy.service.links.find((l) => l.alias.toLowerCase() === host);
  const entries: NameEntry[] = [...(index.names.get(host) ?? [])];
  if (link) {
    const linked = ctx.proxy.project.services.find((s) => s.name === link.service);
    if (linked)
      entries.unshift({
        project: ctx.proxy.project,
        service: linked,
        kind: 'alias',
        networks: attachedNetworks(ctx.proxy.project, linked).map((n) => n.actualName),
      });
  }
  const reachable = entries.filter((e) => e.kind !== 'hostname' && e.networks.some((n) => proxyNets.has(n)));
  if (reachable.length > 0) {
    const e = reachable.find((r) => r.project === owner.project) ?? reachable[0]!;
    const how =
      e.kind === 'service' ? 'Compose service' : e.kind === 'alias' ? 'network alias of' : e.kind === 'container_name' ? 'container_name of' : 'container of';
    ctx.steps.push({
      kind: 'dns',
      status: 'resolved',
      text: `\`${host}\` → ${how} ${label(e)} on network \`${sharedNetworkName(owner, e)}\``,
      at: ctx.target.at,
    });
    return checkPort(ctx, e);
  }
  const local = entries.filter((e) => e.project === owner.project || e.project.directory === owner.project.directory);
  const found = local.find((e) => e.kind !== 'hostname') ?? local[0];
  if (found) {
    const foundMode = found.service.networkMode?.value;
    if (foundMode?.kind === 'host') {
      record(ctx, { kind: 'backend-host-network', backend: found });
      return broken(
        ctx,
        'dns',
        'dns-failure',
        `${label(found)} runs with \`network_mode: host\`, so it has no name on Compose networks: \`${host}\` does not resolve from ${label(ctx.proxy)}`,
        found,
        found.service.networkMode!.at,
      );
    }
    if (foundMode?.kind === 'service') {
      record(ctx, { kind: 'shares-namespace', backend: found, owner: foundMode.target! });
      return broken(
        ctx,
        'dns',
        'dns-failure',
        `${label(found)} uses \`network_mode: ${foundMode.text}\`, so it has no name of its own: reach it as \`${foundMode.target}\``,
        found,
      );
    }
    if (found.kind === 'hostname') {
      record(ctx, { kind: 'hostname-only', backend: found, name: host });
      return broken(
        ctx,
        'dns',
        'dns-failure',
        `\`${host}\` is the \`hostname\` of ${label(found)}, which Docker's DNS does not register for other containers: use the service name \`${found.service.name}\` or add \`${host}\` as a network alias`,
        found,
        found.service.hostname!.at,
      );
    }
    const foundAll = attachedNetworks(found.project, found.service).map((n) => n.actualName);
    if (found.kind === 'alias' && foundAll.some((n) => proxyNets.has(n))) {
      record(ctx, { kind: 'alias-other-network', backend: found, name: host });
      return broken(
        ctx,
        'dns',
        'dns-failure',
        `\`${host}\` is an alias of ${label(found)} only on network ${found.networks.map((n) => `\`${keyOf(found, n)}\``).join(', ')}, which ${label(ctx.proxy)} is not on`,
        found,
      );
    }
    if (found.service.networksIncomplete || owner.service.networksIncomplete) {
      return unknown(
        ctx,
        'network',
        `${label(ctx.proxy)} or ${label(found)} joins a network named by an unset variable: cannot tell whether they share one`,
        found,
      );
    }
    // Both join a network the file does not declare: Compose refuses the project (compose/undefined-network); once
    // declared, they share it.
    const undeclared =
      found.project === owner.project
        ? owner.service.networks.find((n) => !networkByKey(owner.project, n.name) && found.service.networks.some((m) => m.name === n.name))
        : undefined;
    if (undeclared) return unknown(ctx, 'network', `network \`${undeclared.name}\`, which both join, is not declared`, found);
    record(ctx, { kind: 'no-shared-network', backend: found });
    return broken(
      ctx,
      'network',
      'network-blocked',
      `${label(ctx.proxy)} and ${label(found)} share no network: ${label(ctx.proxy)} is on ${networkList(owner)}, ${label(found)} is on ${networkList(found)}`,
      found,
    );
  }
  if (host.includes('.')) return unknown(ctx, 'dns', `\`${host}\` is not a Compose name; it is looked up by DNS outside the project`);
  const externalNets = attachedNetworks(owner.project, owner.service).filter((n) => n.external);
  if (externalNets.length > 0) {
    return unknown(ctx, 'dns', `\`${host}\` is not a service of this project; it may be a container on the external network \`${externalNets[0]!.key}\``);
  }
  const candidates = owner.project.services.filter((s) => s !== owner.service).map((s) => s.name);
  const suggestion = closestName(host, candidates);
  record(ctx, suggestion ? { kind: 'unknown-name', name: host, suggestion } : { kind: 'unknown-name', name: host });
  // Another project defines the name: separate `docker compose up`s meet only on a shared (external) network.
  const elsewhere = entries.find((e) => e.kind !== 'hostname');
  const other = elsewhere
    ? `; \`${host}\` is in the project of ${elsewhere.project.files[0]}, which shares no network with ${label(ctx.proxy)} (separate projects meet only on a network both declare \`external\`)`
    : '';
  return broken(
    ctx,
    'dns',
    'dns-failure',
    `no Compose service, alias or container_name \`${host}\` on ${networkList(owner)} of ${label(ctx.proxy)}${suggestion ? `; did you mean \`${suggestion}\`?` : ''}${other}`,
  );
}

function keyOf(ref: ServiceRef, actual: string): string {
  return ref.project.networks.find((n) => n.actualName === actual)?.key ?? actual;
}

function sharedNetworkName(owner: ServiceRef, e: NameEntry): string {
  const shared = attachedNetworks(owner.project, owner.service).find((n) => e.networks.includes(n.actualName));
  return shared ? (e.project === owner.project ? shared.key : shared.actualName) : '?';
}

function publishedHintFor(ctx: Ctx, ref: ServiceRef): string {
  if (ctx.port === undefined) return '';
  const p = ref.service.ports.find((p) => p.published && inRange(ctx.port!, p.target));
  return p?.published ? `; ${label(ref)} publishes container port ${ctx.port} on host port ${p.published.start}: use \`127.0.0.1:${p.published.start}\`` : '';
}

/** The request reached the backend's network namespace: does anything there listen on the port? */
function checkPort(ctx: Ctx, ref: ServiceRef): TargetResolution {
  const ns = networkNamespace(ref);
  const members = ns.kind === 'service' ? namespaceMembers(ns.owner) : [ref];
  if (ctx.port === undefined) return unknown(ctx, 'port', 'no port given', ref);
  const port = ctx.port;
  const listening = (m: ServiceRef, includeDefaults: boolean) =>
    listenModel(m.service).specs.find((s) => s.port === port && (s.protocol ?? 'tcp') === 'tcp' && (includeDefaults || !s.source.startsWith('image default')));
  for (const m of members) {
    const spec = listening(m, false);
    if (spec) return landed(ctx, m, spec);
  }
  for (const m of members) {
    const p = m.service.ports.find((p) => p.published && inRange(port, p.published) && !inRange(port, p.target));
    if (p) {
      const container = containerPortFor(port, p.published!, p.target);
      record(ctx, { kind: 'published-port', backend: m, port: p, containerPort: container });
      return broken(
        ctx,
        'port',
        'port-mismatch',
        `${port} is the host port ${label(m)} publishes for container port ${container}; inside the network use \`${m.service.name}:${container}\``,
        m,
        p.at,
      );
    }
  }
  for (const m of members) {
    const spec = listening(m, true);
    if (spec) return landed(ctx, m, spec);
  }
  for (const m of members) {
    const model = listenModel(m.service);
    if (model.bind && isLoopbackHost(model.bind.address) && !model.declared) {
      record(ctx, { kind: 'bind-loopback', backend: m, hint: model.bind });
      return broken(
        ctx,
        'listen',
        'bind-loopback',
        `${label(m)} binds ${model.bind.address} (${model.bind.source}): only its own container can connect`,
        m,
        model.bind.at,
      );
    }
  }
  const declared = members.find((m) => listenModel(m.service).declared);
  // Containers sharing the network namespace (`network_mode: service:…`, a VPN container and the apps behind it):
  // one that declares no port may well be the one listening.
  const silent = declared ? members.find((m) => m !== declared && listenModel(m.service).specs.length === 0) : undefined;
  if (silent) {
    // Not `port-undeclared`: a container on another's network cannot declare ports (`expose` conflicts with network_mode).
    record(ctx, { kind: 'other' });
    return unknown(
      ctx,
      'port',
      `${label(silent)} shares the network of ${label(declared!)} and declares no port: it may be the one listening on ${port}`,
      silent,
    );
  }
  if (declared) {
    const ports = listenModel(declared.service)
      .specs.filter((s) => !s.source.startsWith('image default'))
      .map((s) => `${s.port} (${s.source})`);
    record(ctx, { kind: 'port-not-listened', backend: declared });
    return broken(ctx, 'port', 'port-mismatch', `${label(declared)} listens on ${ports.join(', ')}, not on ${port}`, declared, declared.service.at);
  }
  const withDefaults = members.find((m) => listenModel(m.service).specs.length > 0);
  if (withDefaults) {
    record(ctx, { kind: 'port-undeclared', backend: withDefaults, imageDefault: true });
    const ports = listenModel(withDefaults.service).specs.map((s) => s.port);
    return unknown(ctx, 'port', `${label(withDefaults)}'s image listens on ${ports.join(', ')} by default; nothing in Compose says ${port}`, withDefaults);
  }
  record(ctx, { kind: 'port-undeclared', backend: ref, imageDefault: false });
  return unknown(ctx, 'port', `${label(ref)} declares no port (no \`ports\`, \`expose\` or port setting): cannot tell whether it listens on ${port}`, ref);
}

function landed(ctx: Ctx, ref: ServiceRef, spec: ListenSpec, viaHost = false): TargetResolution {
  const backend = backendOf(ctx.facts, ref.service);
  if (isLoopbackHost(spec.address)) {
    const bind = listenModel(ref.service).bind;
    const hint = bind && isLoopbackHost(bind.address) ? bind : undefined;
    record(ctx, hint ? { kind: 'bind-loopback', backend: ref, listen: spec, hint } : { kind: 'bind-loopback', backend: ref, listen: spec });
    const where = viaHost ? 'the published port forwards to an address it does not accept' : `only its own container can connect to port ${spec.port}`;
    ctx.steps.push({ kind: 'listen', status: 'broken', text: `✗ ${label(ref)} listens on ${spec.address}:${spec.port} only`, at: hint?.at ?? spec.at });
    return {
      status: 'broken',
      steps: ctx.steps,
      backend,
      listen: spec,
      problem: { cause: 'bind-loopback', reason: `${label(ref)} binds ${spec.address} (${hint?.source ?? spec.source}): ${where}` },
    };
  }
  record(ctx, { kind: 'resolved', backend: ref, listen: spec });
  ctx.steps.push({ kind: 'listen', status: 'resolved', text: `${label(ref)} listens on ${spec.port} (${spec.source})`, at: spec.at });
  return { status: 'resolved', steps: ctx.steps, backend, listen: spec };
}

function broken(
  ctx: Ctx,
  kind: PathStep['kind'],
  cause: NonNullable<TargetResolution['problem']>['cause'],
  reason: string,
  ref?: ServiceRef,
  at = ctx.target.at,
): TargetResolution {
  ctx.steps.push({ kind, status: 'broken', text: `✗ ${reason}`, at });
  const out: TargetResolution = { status: 'broken', steps: ctx.steps, problem: { cause, reason } };
  if (ref) out.backend = backendOf(ctx.facts, ref.service);
  return out;
}

function unknown(ctx: Ctx, kind: PathStep['kind'], reason: string, ref?: ServiceRef): TargetResolution {
  ctx.steps.push({ kind, status: 'unknown', text: `? ${reason}`, at: ctx.target.at });
  const out: TargetResolution = { status: 'unknown', steps: ctx.steps };
  if (ref) out.backend = backendOf(ctx.facts, ref.service);
  return out;
}
