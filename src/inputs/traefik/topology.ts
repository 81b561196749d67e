import type { TopologyContributor } from '../../evidence/topology/contributor.js';
import type { ProxyNode, RuntimeRef, UpstreamTarget } from '../../evidence/topology/model.js';
import { composeIndex } from '../compose/queries.js';
import { describe, workloadId } from '../kubernetes/index-objects.js';
import type { TraefikServer } from './model.js';
import { containerServices, isEnabled, labelServers, routeText } from './queries.js';

/**
 * A ProxyNode per dynamic configuration file (located by the Compose contributor, like any mounted config) and
 * one per Traefik instance for what its Docker provider reads from labels (it runs in that instance's service).
 * Each server (`url`, `address`, or a labelled container and port) is an UpstreamTarget.
 */
export const traefikTopology: TopologyContributor = {
  name: 'traefik',
  contribute(facts, graph) {
    const t = facts.traefik;
    for (const file of t.files) {
      graph.addProxy({ id: file.id, product: 'traefik', label: `Traefik (${file.file})`, configFile: file.file, at: file.at });
      for (const service of file.services) {
        const route = routeText(t, service);
        for (const server of service.servers) graph.addTarget(toTarget(server, file.id, route));
      }
    }
    for (const route of t.ingressRoutes) {
      const runtime = kubernetesRuntime(facts);
      graph.addProxy({
        id: route.id,
        product: 'traefik',
        label: `Traefik ${route.kind} \`${route.namespace ? `${route.namespace}/` : ''}${route.name}\``,
        configFile: route.file,
        at: route.at,
        runtime,
      });
      for (const s of route.services) {
        const port = s.port?.value;
        const target: UpstreamTarget = {
          id: s.id,
          proxyId: route.id,
          route: s.match ?? route.name,
          scheme: route.kind === 'IngressRouteTCP' ? 'tcp' : 'http',
          host: s.name.value,
          text: `${s.name.value}${port !== undefined ? `:${port}` : ''}`,
          at: s.at,
        };
        if (typeof port === 'number') target.port = port;
        const namespace = s.namespace ?? route.namespace;
        if (namespace !== undefined) target.namespace = namespace;
        graph.addTarget(target);
      }
    }
    const proxies = new Map<string, ProxyNode>();
    for (const container of t.containers) {
      if (!isEnabled(t, container)) continue;
      const instance = t.instances.find((i) => i.id === container.instance);
      const id = `traefik:labels:${instance?.id ?? container.project}`;
      if (!proxies.has(id)) {
        const proxy: ProxyNode = {
          id,
          product: 'traefik',
          label: instance ? `${instance.label}, Docker labels` : 'Traefik (Docker labels)',
          configFile: container.labelsAt.file,
          at: instance?.at ?? container.labelsAt,
        };
        const runtime = instance?.runtimeId ? runtimeRef(facts, instance.runtimeId) : undefined;
        if (runtime) proxy.runtime = runtime;
        proxies.set(id, proxy);
        graph.addProxy(proxy);
      }
      for (const service of containerServices(container)) {
        const route = routeText(t, service);
        for (const server of labelServers(container, service)) graph.addTarget(toTarget(server, id, route));
      }
    }
  },
};

/**
 * Where Traefik's Kubernetes provider runs: the Traefik workload of the input, else the cluster at large (names then
 * resolve as cluster DNS, without NetworkPolicy checks that need the source pods).
 */
function kubernetesRuntime(facts: Parameters<TopologyContributor['contribute']>[0]): RuntimeRef {
  const workload = facts.kubernetes.workloads.find((w) => w.template.containers.some((c) => c.role === 'main' && /(^|\/)traefik(:|@|$)/.test(c.image)));
  if (workload) return { platform: 'kubernetes', id: workloadId(workload), label: describe(workload.object) };
  return { platform: 'kubernetes', id: 'k8s-traefik', label: 'Traefik (Kubernetes provider)' };
}

function runtimeRef(facts: Parameters<TopologyContributor['contribute']>[0], runtimeId: string): RuntimeRef | undefined {
  const ref = composeIndex(facts.compose).byRuntimeId.get(runtimeId);
  return ref ? { platform: 'compose', id: runtimeId, label: `Compose service \`${ref.service.name}\`` } : undefined;
}

function toTarget(server: TraefikServer, proxyId: string, route: string): UpstreamTarget {
  const target: UpstreamTarget = { id: server.id, proxyId, route, scheme: server.scheme, text: server.text, at: server.at };
  if (server.host !== undefined) target.host = server.host;
  if (server.port !== undefined) target.port = server.port;
  if (server.defaultPort !== undefined) target.defaultPort = server.defaultPort;
  if (server.dynamic) target.dynamic = true;
  return target;
}
