/**
 * Which DNS servers can answer runtime names, for the rules about a proxy's own resolver (nginx `resolver`,
 * HAProxy `resolvers`): Compose names are known only to Docker's embedded DNS, cluster names only to the cluster DNS.
 */

/** Docker's embedded DNS: the only server that knows Compose service names, aliases and container names. */
export const DOCKER_DNS = '127.0.0.11';
/** The cluster DNS Service, by a name nginx resolves once at start-up (through the pod's resolv.conf). */
export const CLUSTER_DNS = 'kube-dns.kube-system.svc.cluster.local';
/** Resolvers that know neither Compose nor cluster names: public DNS, and stub resolvers absent from containers. */
const PUBLIC_DNS = new Set([
  '8.8.8.8',
  '8.8.4.4',
  '1.1.1.1',
  '1.0.0.1',
  '9.9.9.9',
  '149.112.112.112',
  '208.67.222.222',
  '208.67.220.220',
  '2001:4860:4860::8888',
  '2001:4860:4860::8844',
  '2606:4700:4700::1111',
]);
const STUB_DNS = new Set(['127.0.0.53', '127.0.0.1', 'localhost', '::1']);

export function bareAddress(address: string): string {
  const v = address.toLowerCase();
  if (v.startsWith('[')) return v.slice(1, v.indexOf(']'));
  return /^[^:]+:\d+$/.test(v) ? v.slice(0, v.lastIndexOf(':')) : v;
}

export function isDockerDns(address: string): boolean {
  return bareAddress(address) === DOCKER_DNS;
}

/** A resolver that surely does not know runtime names: public DNS, or a stub resolver that does not run in containers. */
export function isForeignDns(address: string): boolean {
  const host = bareAddress(address);
  return PUBLIC_DNS.has(host) || STUB_DNS.has(host);
}
