import { resolve as resolvePath, sep } from 'node:path';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { TopologyContributor } from '../../evidence/topology/contributor.js';
import type { BackendNode, ListenSpec, PathStep, ProxyNode, RuntimeRef, TargetResolution, UpstreamTarget } from '../../evidence/topology/model.js';
import { proxyProductOfImage } from './image-defaults.js';
import { isLoopbackHost } from './listen-hints.js';
import { isLoopbackBind, listenModel } from './listens.js';
import type { ComposeFacts, ComposeService } from './model.js';
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

const backendCache = new WeakMap<ComposeFacts, Map<ComposeService, BackendNode>>();

/** Compose as a runtime: services are backends, a proxy runs in the service that mounts its config, names resolve on shared networks. */
export const composeTopology: TopologyContributor = {
  name: 'compose',
  resolves: 'compose',
  contribute(facts, graph) {
    const index = composeIndex(facts.compose);
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
    return resolveTarget(facts.compose, target, ref);
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
  for (const project of new Set(index.refs.map((r) => r.project))) {
    if (!configPath.startsWith(project.directory + sep) || project.variantOf) continue;
    const candidates = project.services.filter(runsProduct);
    if (candidates.length === 1) return { project, service: candidates[0]! };
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

interface Ctx {
  facts: ComposeFacts;
  target: UpstreamTarget;
  proxy: ServiceRef;
  steps: PathStep[];
  port: number | undefined;
}

/** Follows a proxy's target from the Compose service it runs in. */
export function resolveTarget(facts: ComposeFacts, target: UpstreamTarget, proxy: ServiceRef): TargetResolution {
  const port = target.port ?? target.defaultPort;
  const ctx: Ctx = { facts, target, proxy, steps: [{ kind: 'target', status: 'resolved', text: target.text, at: target.at }], port };
  if (target.unixSocket) return unknown(ctx, 'target', `unix socket ${target.unixSocket}: reachable only through a volume both containers mount`);
  if (target.dynamic || !target.host) return unknown(ctx, 'target', 'resolved at request time (variables)');
  const host = target.host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  const ns = networkNamespace(proxy);
  switch (ns.kind) {
    case 'host':
      if (isLoopbackHost(host) || isHostAlias(host)) return resolveOnHost(ctx, 'the host network (network_mode: host)');
      if (composeIndex(facts).names.has(host)) {
        return broken(
          ctx,
          'dns',
          'dns-failure',
          `${label(proxy)} runs with \`network_mode: host\`: Compose service names such as \`${host}\` do not resolve there${publishedHint(ctx, host)}`,
        );
      }
      return unknown(ctx, 'dns', `\`${host}\` is looked up by the host's resolver (network_mode: host)`);
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
  ctx.steps.push({
    kind: 'network',
    status: 'resolved',
    text: `\`${host}\` is the container of ${label(ctx.proxy)} itself${
      members.length > 1
        ? ` (shared with ${members
            .filter((m) => m.service !== ctx.proxy.service)
            .map(label)
            .join(', ')})`
        : ''
    }`,
    at: ctx.target.at,
  });
  if (ctx.port !== undefined) {
    for (const m of members) {
      if (m.service === ctx.proxy.service && members.length > 1) continue;
      const spec = listenModel(m.service).specs.find((s) => s.port === ctx.port && (s.protocol ?? 'tcp') === 'tcp');
      if (spec) return landed(ctx, m, spec);
    }
  }
  const meant = probablyMeant(ctx, owner);
  const portText = ctx.port === undefined ? '' : ` on ${ctx.port}`;
  return broken(
    ctx,
    'network',
    'wrong-host-localhost',
    `\`${host}\` inside Compose service ${label(ctx.proxy)} is that container itself, and nothing there listens${portText}${meant ? `; ${meant}` : '; use the backend service name instead'}`,
  );
}

/** "`api` listens on 3000: use `api:3000`" — the service a loopback target most likely meant. */
function probablyMeant(ctx: Ctx, owner: ServiceRef): string | undefined {
  if (ctx.port === undefined) return undefined;
  const proxyNets = new Set(attachedNetworks(owner.project, owner.service).map((n) => n.actualName));
  const reachable = owner.project.services
    .map((service) => ({ project: owner.project, service }))
    .filter((r) => r.service !== owner.service && attachedNetworks(r.project, r.service).some((n) => proxyNets.has(n.actualName)));
  const listening = reachable.filter((r) => listenModel(r.service).specs.some((s) => s.port === ctx.port));
  if (listening.length > 0)
    return `${listening.map(label).join(' or ')} listen${listening.length === 1 ? 's' : ''} on ${ctx.port}: use \`${listening[0]!.service.name}:${ctx.port}\``;
  for (const r of reachable) {
    const p = r.service.ports.find((p) => p.published && inRange(ctx.port!, p.published));
    if (p) {
      const container = containerPortFor(ctx.port, p.published!, p.target);
      return `${label(r)} publishes ${ctx.port} on the host for its container port ${container}: use \`${r.service.name}:${container}\``;
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
    const shared = sharedNetworkName(owner, e);
    const how =
      e.kind === 'service' ? 'Compose service' : e.kind === 'alias' ? 'network alias of' : e.kind === 'container_name' ? 'container_name of' : 'container of';
    ctx.steps.push({ kind: 'dns', status: 'resolved', text: `\`${host}\` → ${how} ${label(e)} on network \`${shared}\``, at: ctx.target.at });
    return checkPort(ctx, e);
  }
  const local = entries.filter((e) => e.project === owner.project || e.project.directory === owner.project.directory);
  const found = local[0];
  if (found) {
    const foundNs = found.service.networkMode?.value;
    if (foundNs?.kind === 'host') {
      return broken(
        ctx,
        'dns',
        'dns-failure',
        `${label(found)} runs with \`network_mode: host\`, so it has no name on Compose networks: \`${host}\` does not resolve from ${label(ctx.proxy)}${publishedHintFor(ctx, found)}`,
      );
    }
    if (foundNs?.kind === 'service') {
      return broken(
        ctx,
        'dns',
        'dns-failure',
        `${label(found)} uses \`network_mode: ${foundNs.text}\`, so it has no name of its own: reach it as \`${foundNs.target}\``,
      );
    }
    if (found.kind === 'hostname') {
      return broken(
        ctx,
        'dns',
        'dns-failure',
        `\`${host}\` is the \`hostname\` of ${label(found)}, which Docker's DNS does not register for other containers: use the service name \`${found.service.name}\` or add \`${host}\` as a network alias`,
      );
    }
    const foundAll = attachedNetworks(found.project, found.service).map((n) => n.actualName);
    if (found.kind === 'alias' && foundAll.some((n) => proxyNets.has(n))) {
      return broken(
        ctx,
        'dns',
        'dns-failure',
        `\`${host}\` is an alias of ${label(found)} only on network ${found.networks.map((n) => `\`${keyOf(found, n)}\``).join(', ')}, which ${label(ctx.proxy)} is not on`,
      );
    }
    return broken(
      ctx,
      'network',
      'network-blocked',
      `${label(ctx.proxy)} and ${label(found)} share no network: ${label(ctx.proxy)} is on ${networkList(owner)}, ${label(found)} is on ${networkList(found)}`,
    );
  }
  if (host.includes('.')) return unknown(ctx, 'dns', `\`${host}\` is not a Compose name; it is looked up by DNS outside the project`);
  const externalNets = attachedNetworks(owner.project, owner.service).filter((n) => n.external);
  if (externalNets.length > 0) {
    return unknown(ctx, 'dns', `\`${host}\` is not a service of this project; it may be a container on the external network \`${externalNets[0]!.key}\``);
  }
  const candidates = [...index.names.values()].flat().filter((e) => e.kind !== 'hostname' && e.networks.some((n) => proxyNets.has(n)));
  const suggestion = closestName(
    host,
    candidates.map((c) => (c.kind === 'service' ? c.service.name : host)),
  );
  return broken(
    ctx,
    'dns',
    'dns-failure',
    `no Compose service, alias or container_name \`${host}\` on ${networkList(owner)} of ${label(ctx.proxy)}${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
  );
}

function keyOf(ref: ServiceRef, actual: string): string {
  return ref.project.networks.find((n) => n.actualName === actual)?.key ?? actual;
}

function sharedNetworkName(owner: ServiceRef, e: NameEntry): string {
  const ownerNets = attachedNetworks(owner.project, owner.service);
  const shared = ownerNets.find((n) => e.networks.includes(n.actualName));
  return shared ? (e.project === owner.project ? shared.key : shared.actualName) : '?';
}

function publishedHint(ctx: Ctx, host: string): string {
  const e =
    composeIndex(ctx.facts)
      .names.get(host)
      ?.find((x) => x.project === ctx.proxy.project) ?? composeIndex(ctx.facts).names.get(host)?.[0];
  return e ? publishedHintFor(ctx, e) : '';
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
  for (const m of members) {
    const spec = listenModel(m.service).specs.find((s) => s.port === ctx.port && (s.protocol ?? 'tcp') === 'tcp');
    if (spec && !spec.source.startsWith('image default')) return landed(ctx, m, spec);
  }
  for (const m of members) {
    const p = m.service.ports.find((p) => p.published && inRange(ctx.port!, p.published) && !inRange(ctx.port!, p.target));
    if (p) {
      const container = containerPortFor(ctx.port, p.published!, p.target);
      return broken(
        ctx,
        'port',
        'port-mismatch',
        `${ctx.port} is the host port ${label(m)} publishes for container port ${container}; inside the network use \`${m.service.name}:${container}\``,
        m,
        p.at,
      );
    }
  }
  for (const m of members) {
    const spec = listenModel(m.service).specs.find((s) => s.port === ctx.port && (s.protocol ?? 'tcp') === 'tcp');
    if (spec) return landed(ctx, m, spec);
  }
  for (const m of members) {
    const model = listenModel(m.service);
    if (model.bind && isLoopbackBind(model.bind.address) && !model.declared) {
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
  const declared = members.filter((m) => listenModel(m.service).declared);
  if (declared.length > 0) {
    const m = declared[0]!;
    const ports = listenModel(m.service)
      .specs.filter((s) => !s.source.startsWith('image default'))
      .map((s) => `${s.port} (${s.source})`);
    return broken(ctx, 'port', 'port-mismatch', `${label(m)} listens on ${ports.join(', ')}, not on ${ctx.port}`, m, m.service.at);
  }
  const withDefaults = members.find((m) => listenModel(m.service).specs.length > 0);
  if (withDefaults) {
    const ports = listenModel(withDefaults.service).specs.map((s) => s.port);
    return unknown(ctx, 'port', `${label(withDefaults)}'s image listens on ${ports.join(', ')} by default; nothing in Compose says ${ctx.port}`, withDefaults);
  }
  return unknown(ctx, 'port', `${label(ref)} declares no port (no \`ports\`, \`expose\` or port setting): cannot tell whether it listens on ${ctx.port}`, ref);
}

function landed(ctx: Ctx, ref: ServiceRef, spec: ListenSpec, viaHost = false): TargetResolution {
  const backend = backendOf(ctx.facts, ref.service);
  if (isLoopbackBind(spec.address) && !viaHost) {
    const bind = listenModel(ref.service).bind;
    ctx.steps.push({ kind: 'listen', status: 'broken', text: `✗ ${label(ref)} listens on ${spec.address}:${spec.port} only`, at: bind?.at ?? spec.at });
    return {
      status: 'broken',
      steps: ctx.steps,
      backend,
      listen: spec,
      problem: {
        cause: 'bind-loopback',
        reason: `${label(ref)} binds ${spec.address} (${bind?.source ?? spec.source}), so only its own container can connect to port ${spec.port}`,
      },
    };
  }
  if (isLoopbackBind(spec.address) && viaHost) {
    const bind = listenModel(ref.service).bind;
    ctx.steps.push({
      kind: 'listen',
      status: 'broken',
      text: `✗ ${label(ref)} listens on ${spec.address}:${spec.port} inside its container`,
      at: bind?.at ?? spec.at,
    });
    return {
      status: 'broken',
      steps: ctx.steps,
      backend,
      listen: spec,
      problem: {
        cause: 'bind-loopback',
        reason: `${label(ref)} binds ${spec.address} (${bind?.source ?? spec.source}): the published port forwards to an address it does not accept`,
      },
    };
  }
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
  ctx.steps.push({ kind, status: 'unknown', text: reason, at: ctx.target.at });
  const out: TargetResolution = { status: 'unknown', steps: ctx.steps };
  if (ref) out.backend = backendOf(ctx.facts, ref.service);
  return out;
}
