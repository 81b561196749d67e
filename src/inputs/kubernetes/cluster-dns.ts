import { isIP } from 'node:net';

/** A host name read as a cluster DNS name. `namespace` undefined = relative to the caller's namespace. */
export interface ClusterName {
  service: string;
  namespace?: string;
  /** Pod host name in front of a headless Service (`web-0.web.shop.svc.cluster.local`). */
  pod?: string;
  form: 'short' | 'service.namespace' | 'service.namespace.svc' | 'fqdn';
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Reads `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local` (any cluster domain), a trailing dot, and
 * `pod.svc.ns.svc…` for headless Services. `svc.ns` is only a cluster name when `ns` is a namespace the input
 * knows (otherwise `example.com` would read as Service `example` in namespace `com`); a custom cluster
 * domain likewise needs a known namespace. Returns undefined for IP literals and external names.
 */
export function parseClusterName(host: string, isKnownNamespace: (namespace: string) => boolean): ClusterName | undefined {
  let name = host.trim().toLowerCase();
  const absolute = name.endsWith('.');
  if (absolute) name = name.slice(0, -1);
  if (name === '' || isIP(name) !== 0 || name === 'localhost') return undefined;
  const labels = name.split('.');
  if (!labels.every((l) => LABEL.test(l))) return undefined;
  if (labels.length === 1) return absolute ? undefined : { service: labels[0]!, form: 'short' };
  const svc = labels.lastIndexOf('svc');
  if (svc === 2 || svc === 3) {
    const domain = labels.slice(svc + 1).join('.');
    const namespace = labels[svc - 1]!;
    if (domain !== '' && domain !== 'cluster.local' && !isKnownNamespace(namespace)) return undefined;
    if (domain === '' && absolute) return undefined;
    const out: ClusterName = { service: labels[svc - 2]!, namespace, form: domain === '' ? 'service.namespace.svc' : 'fqdn' };
    if (svc === 3) out.pod = labels[0]!;
    return out;
  }
  if (labels.length === 2 && !absolute && isKnownNamespace(labels[1]!)) return { service: labels[0]!, namespace: labels[1]!, form: 'service.namespace' };
  return undefined;
}

/** Looks like a cluster name even when its namespace is not in the input (`.svc.cluster.local`, `.svc`). */
export function looksLikeClusterName(host: string): boolean {
  return /\.svc(?:\.cluster\.local)?\.?$/i.test(host.trim());
}

/** `svc.ns.svc.cluster.local`, the form Istio and Envoy use for Services. */
export function serviceFqdn(name: string, namespace: string | undefined): string {
  return `${name}.${namespace ?? 'default'}.svc.cluster.local`;
}
