import type { Fix } from '../../core/define-rule.js';
import type { Located } from '../../core/position.js';
import { parseClusterName } from '../../inputs/kubernetes/cluster-dns.js';
import { inboundBypassed, type MeshMembership, type MtlsMode, meshMembership, mtlsModeFor } from '../../inputs/kubernetes/mesh.js';
import type { Container, KubernetesFacts, NamespaceObject, Service, ServicePort, Workload } from '../../inputs/kubernetes/model.js';
import { containerPortFor, servicePortFor, targetPortOf } from '../../inputs/kubernetes/service-ports.js';
import { addSiblingFix } from '../../inputs/kubernetes/yaml-edits.js';
import { controllersFirst, templateOwnerKey } from '../kubernetes/template-owner.js';

/**
 * Calls a workload's own configuration makes into the mesh: a Service address in an env value, the command or the
 * args (`http://ledger.payments.svc.cluster.local`, `orders.shop:80`, `http://api:8080` for a Service of the
 * caller's namespace), followed to the pods behind it and their effective PeerAuthentication mode on that port
 * (port-level, workload, namespace, or mesh-wide in the root namespace). A caller without a sidecar speaks plain
 * text; the sidecar of a STRICT server accepts only Istio mTLS and resets it.
 */

export interface StrictCall {
  caller: Workload;
  membership: MeshMembership;
  container: Container;
  /** The value that holds the address, and what it is (`env LEDGER_URL`, `args`). */
  value: Located<string>;
  source: string;
  /** The address as written (`ledger.payments.svc.cluster.local`, `orders:8080`). */
  address: string;
  service: Service;
  servicePort: ServicePort;
  backend: Workload;
  /** The backend's container port the Service port forwards to. */
  port?: number;
  mode: MtlsMode;
}

const DEFAULT_PORT: Record<string, number> = { http: 80, ws: 80, https: 443, wss: 443 };
/** `scheme://[user@]host[:port]` — any host, short names included. */
const URL_ADDRESS = /\b([a-z][a-z0-9+.-]*):\/\/(?:[^@\s/]+@)?([a-z0-9][a-z0-9.-]*)(?::(\d{1,5}))?/gi;
/** A dotted host without a scheme (`orders.shop`, `orders.shop.svc.cluster.local`), with an optional port. */
const DOTTED_ADDRESS = /(?:^|[^A-Za-z0-9.:/@-])([a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)+)(?::(\d{1,5}))?(?![\w.-])/g;
/** A short `name:port` without a scheme; only a Service of the caller's namespace by that name and port counts. */
const SHORT_ADDRESS = /(?:^|[^A-Za-z0-9.:/@-])([a-z][a-z0-9-]*):(\d{1,5})(?![\w.-])/g;

interface Address {
  host: string;
  port?: number;
  scheme?: string;
  /** Written without a dot or scheme: a Service name only with its port. */
  short: boolean;
  text: string;
}

/** The addresses in one value, each host and port once. */
export function addressesIn(text: string): Address[] {
  const out = new Map<string, Address>();
  const add = (a: Address) => {
    const key = `${a.host.toLowerCase()}:${a.port ?? ''}`;
    if (!out.has(key)) out.set(key, a);
  };
  for (const m of text.matchAll(URL_ADDRESS))
    add({ scheme: m[1]!.toLowerCase(), host: m[2]!.replace(/\.$/, ''), ...(m[3] ? { port: Number(m[3]) } : {}), short: false, text: m[0] });
  const withoutUrls = text.replace(URL_ADDRESS, ' ');
  for (const m of withoutUrls.matchAll(DOTTED_ADDRESS)) add({ host: m[1]!, ...(m[2] ? { port: Number(m[2]) } : {}), short: false, text: m[0].trim() });
  for (const m of withoutUrls.matchAll(SHORT_ADDRESS)) add({ host: m[1]!, port: Number(m[2]), short: true, text: m[0].trim() });
  return [...out.values()];
}

function portOfCall(service: Service, address: Address): ServicePort | undefined {
  if (address.port !== undefined) return servicePortFor(service, address.port);
  const byScheme = address.scheme ? DEFAULT_PORT[address.scheme] : undefined;
  const schemePort = byScheme !== undefined ? servicePortFor(service, byScheme) : undefined;
  return schemePort ?? (service.ports.length === 1 ? service.ports[0] : undefined);
}

/** Values of a container that may hold addresses, with what each is. */
function valuesOf(container: Container): { value: Located<string>; source: string }[] {
  return [
    ...container.env.flatMap((e) => (e.value ? [{ value: e.value, source: `env ${e.name}` }] : [])),
    ...container.command.map((value) => ({ value, source: 'command' })),
    ...container.args.map((value) => ({ value, source: 'args' })),
  ];
}

/** Calls from workloads outside the mesh (no sidecar, not ambient) to Services whose pods require mTLS on that port. */
export function plainTextCallsToStrict(k: KubernetesFacts): StrictCall[] {
  if (k.istio.peerAuthentications.length === 0) return [];
  const out: StrictCall[] = [];
  const seen = new Set<string>();
  for (const caller of controllersFirst(k.workloads)) {
    const membership = meshMembership(k, caller);
    if (membership.state !== 'none') continue;
    // The replicas of a dump run the same template: one call each.
    const owner = templateOwnerKey(k, caller);
    if (seen.has(owner)) continue;
    seen.add(owner);
    const namespace = caller.object.namespace;
    for (const container of caller.template.containers) {
      for (const { value, source } of valuesOf(container)) {
        for (const address of addressesIn(value.value)) {
          const name = parseClusterName(address.host, (ns) => k.index.hasNamespace(ns));
          if (!name || name.pod || (address.short && name.form !== 'short')) continue;
          const service = k.index.services(name.service, name.namespace ?? namespace)[0];
          if (!service?.selector || (name.namespace !== undefined && service.object.namespace !== name.namespace)) continue;
          const servicePort = portOfCall(service, address);
          const target = servicePort ? targetPortOf(servicePort) : undefined;
          if (!servicePort || target === undefined) continue;
          for (const backend of k.index.workloadsSelectedBy(service.selector, service.object.namespace)) {
            if (backend === caller || meshMembership(k, backend).state !== 'sidecar') continue;
            const match = containerPortFor(backend, target, servicePort.protocol);
            const port = match && match !== 'undeclared' ? match.number : typeof target === 'number' ? target : undefined;
            if (port !== undefined && inboundBypassed(backend, port)) continue;
            const mode = mtlsModeFor(k, backend, port);
            if (mode.mode !== 'STRICT') continue;
            out.push({
              caller,
              membership,
              container,
              value,
              source,
              address: address.text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''),
              service,
              servicePort,
              backend,
              ...(port !== undefined ? { port } : {}),
              mode,
            });
            break;
          }
        }
      }
    }
  }
  return out;
}

/** "STRICT for the namespace (PeerAuthentication `default`, namespace `payments`)". */
export function describeMode(mode: MtlsMode): string {
  const scope = { port: 'on that port', workload: 'for these pods', namespace: 'for the namespace', mesh: 'mesh-wide', default: '' }[mode.scope];
  const policy = mode.policy
    ? ` (PeerAuthentication \`${mode.policy.object.name}\`${mode.policy.object.namespace ? `, namespace \`${mode.policy.object.namespace}\`` : ''})`
    : '';
  return `STRICT ${scope}${policy}`;
}

/**
 * Adds `istio-injection: enabled` after the namespace's last label: on a line of its own below it, or as one more
 * entry of a flow map (`labels: {team: ops}`, where a new line would break the YAML). Undefined when it has no label.
 */
export function injectionLabelFix(namespace: NamespaceObject): Fix | undefined {
  const { object } = namespace;
  const last = Object.keys(object.labels).at(-1);
  if (!last) return undefined;
  return addSiblingFix(object, ['metadata', 'labels', last], 'istio-injection: enabled', 'enable sidecar injection');
}
