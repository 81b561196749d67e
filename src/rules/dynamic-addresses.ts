import type { LintFacts } from '../evidence/lint-facts.js';
import type { ResolvedPath } from '../evidence/topology/model.js';
import { composePathInfo } from '../inputs/compose/topology.js';
import { isIpLiteral } from '../inputs/nginx/values.js';
import { isLoopbackHost } from '../core/loopback.js';

/** Managed load balancers and platforms whose DNS answers rotate (gixy-ng flags these as HIGH). */
const ROTATING_HOSTS = [
  /\.elb\.amazonaws\.com$/,
  /\.elb\.[a-z0-9-]+\.amazonaws\.com$/,
  /\.cloudfront\.net$/,
  /\.cloudapp\.azure\.com$/,
  /\.azurewebsites\.net$/,
  /\.trafficmanager\.net$/,
  /\.azurefd\.net$/,
  /\.run\.app$/,
  /\.herokuapp\.com$/,
  /\.fly\.dev$/,
];

export interface ChangingAddress {
  /** `compose`: changes only when the container is recreated; the others change on their own. */
  kind: 'compose' | 'rotating' | 'headless' | 'pod';
  reason: string;
}

/**
 * Why the address behind a host name changes while a proxy that resolved it once keeps the old one:
 * a Compose container (new IP when recreated), a headless Kubernetes Service (pod IPs), a managed load
 * balancer. Undefined when the name is stable (an IP, a ClusterIP Service) or unknown.
 */
export function changingAddress(facts: LintFacts, path: ResolvedPath | undefined, host: string): ChangingAddress | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (isIpLiteral(h) || isLoopbackHost(h)) return undefined;
  if (ROTATING_HOSTS.some((re) => re.test(h)))
    return { kind: 'rotating', reason: `\`${host}\` is a managed load balancer or platform endpoint whose addresses change over time` };
  if (path?.status !== 'resolved') return undefined;
  const from = path.proxy.runtime;
  if (path.backend?.runtime.platform === 'compose' && from?.platform === 'compose') {
    // `depends_on: {<backend>: {restart: true}}`: Compose restarts the proxy whenever it updates the backend.
    const info = composePathInfo(path.target);
    if (info?.kind === 'resolved' && info.proxy.service.dependsOn.some((d) => d.restart && d.service === info.backend.service.name)) return undefined;
    return {
      kind: 'compose',
      reason: `${path.backend.label} gets a new address whenever its container is recreated (\`docker compose up\` after a change, a crash with a new container)`,
    };
  }
  if (from?.platform === 'kubernetes') {
    const [name, namespace] = h.split('.');
    const fromNamespace = /^k8s:([^/]+)\//.exec(from.id)?.[1];
    const ns = namespace && namespace !== 'svc' ? namespace : fromNamespace;
    const service = facts.kubernetes.services.find(
      (s) => s.object.name === name && (ns === undefined || ns === '-' || s.object.namespace === ns || s.object.namespace === undefined),
    );
    if (service?.headless)
      return {
        kind: 'headless',
        reason: `\`${service.object.name}\` is a headless Service: its name resolves to pod addresses, which change with every rollout`,
      };
    if (h.endsWith('.pod.cluster.local') || /^[a-z0-9-]+-\d+\.[a-z0-9-]+\./.test(h))
      return { kind: 'pod', reason: `\`${host}\` names a pod, whose address changes when it is rescheduled` };
  }
  return undefined;
}

/** The resolver address a config needs in this runtime: Docker's embedded DNS, or the cluster DNS Service. */
export function runtimeResolver(path: ResolvedPath | undefined): string | undefined {
  const platform = path?.proxy.runtime?.platform;
  if (platform === 'compose') return '127.0.0.11';
  if (platform === 'kubernetes') return 'kube-dns.kube-system.svc.cluster.local';
  return undefined;
}
