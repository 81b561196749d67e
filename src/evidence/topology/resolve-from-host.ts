import { isIP } from 'node:net';
import type { BackendNode, PathStep, ProxyNode, TargetResolution, Topology, UpstreamTarget } from './model.js';
import { isLoopbackHost } from '../../core/loopback.js';

/**
 * Following a target from a proxy whose runtime the configs do not tell (no Compose service or Kubernetes
 * workload runs its config). updoc then does not know what `localhost` or a name means to it, so every path is
 * `unknown` — never guessed — with a reason that says what would decide it and, when the configs hold a
 * backend the target probably means, which one.
 */
export function resolveFromHost(target: UpstreamTarget, proxy: ProxyNode, topology: Topology): TargetResolution {
  const where = `the configs given do not say where ${proxy.label} runs`;
  const shown = targetText(target);
  const steps: PathStep[] = [{ kind: 'target', status: 'unknown', text: shown, at: target.at }];
  const unknown = (kind: PathStep['kind'], text: string): TargetResolution => {
    steps.push({ kind, status: 'unknown', text: `? ${text}` });
    return { status: 'unknown', steps };
  };

  if (target.dynamic) return unknown('target', `${target.text} is computed at request time (variables); not followed`);
  if (target.unixSocket !== undefined)
    return unknown('listen', `unix socket ${target.unixSocket} exists only on the machine or container it runs on; ${where}`);
  const host = target.host;
  if (host === undefined || host === '') return unknown('target', `no host in ${target.text}; not followed`);
  const bare = host.replace(/^\[|\]$/g, '');
  const port = target.port ?? target.defaultPort;
  const index = backendIndex(topology);

  if (isLoopbackHost(bare)) {
    const listeners = port === undefined ? [] : (index.byPort.get(port) ?? []);
    const hint =
      listeners.length > 0
        ? ` (${listLabels(listeners)} listen${listeners.length === 1 ? 's' : ''} on ${port}: if ${proxy.label} runs in a container or pod, ${bare} is that container, not ${listeners.length === 1 ? 'it' : 'them'})`
        : '';
    return unknown('listen', `${bare} is the machine or container ${proxy.label} itself runs on; ${where}${hint}`);
  }
  if (bare === '0.0.0.0' || bare === '::')
    return unknown('listen', `${bare} is a bind address, not a destination (Linux connects to the local machine); ${where}`);
  if (isIP(bare)) {
    const hint = isPrivateAddress(bare) ? ' (a container or pod address changes when it is recreated: prefer a service name)' : '';
    return unknown('target', `${bare} is an address outside the configs given; not checked${hint}`);
  }
  const lower = bare.toLowerCase().replace(/\.$/, '');
  if (/\.svc(?:\.|$)/.test(lower) || lower.endsWith('.cluster.local')) {
    return unknown('dns', `${bare} is a Kubernetes cluster DNS name, resolvable only inside the cluster; ${where}`);
  }
  const firstLabel = lower.split('.')[0]!;
  const named = index.byName.get(lower) ?? (lower.includes('.') ? undefined : index.byName.get(firstLabel));
  if (named && named.length > 0) {
    return unknown(
      'dns',
      `\`${bare}\` names ${listLabels(named)}, resolvable only from its network (containers on its networks, pods in its cluster); ${where}`,
    );
  }
  return unknown('dns', `\`${bare}\` is resolved by DNS where ${proxy.label} runs; not checked`);
}

/** `api:3000`, `unix:/run/app.sock`, with the default port when none is written (`api` → `api:80`). */
export function targetText(target: UpstreamTarget): string {
  if (target.unixSocket !== undefined) return `unix:${target.unixSocket}`;
  if (target.host === undefined) return target.text;
  const port = target.port ?? target.defaultPort;
  const host = target.host.includes(':') && !target.host.startsWith('[') ? `[${target.host}]` : target.host;
  return port === undefined ? host : `${host}:${port}`;
}

function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 6) return /^f[cd]/i.test(ip);
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

function listLabels(backends: readonly BackendNode[]): string {
  const labels = [...new Set(backends.map((b) => b.label))];
  return labels.length <= 3 ? labels.join(', ') : `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more`;
}

interface BackendIndex {
  byName: Map<string, BackendNode[]>;
  byPort: Map<number, BackendNode[]>;
}

const indexes = new WeakMap<Topology, { size: number; index: BackendIndex }>();

/** Backends by name (the last segment of their id: `compose:shop/api` → `api`) and by listening port, built once. */
function backendIndex(topology: Topology): BackendIndex {
  const cached = indexes.get(topology);
  if (cached && cached.size === topology.backends.length) return cached.index;
  const index: BackendIndex = { byName: new Map(), byPort: new Map() };
  for (const backend of topology.backends) {
    const name = backend.id.slice(backend.id.lastIndexOf('/') + 1).toLowerCase();
    push(index.byName, name, backend);
    for (const listen of backend.listens) push(index.byPort, listen.port, backend);
  }
  indexes.set(topology, { size: topology.backends.length, index });
  return index;
}

function push<K>(map: Map<K, BackendNode[]>, key: K, backend: BackendNode): void {
  const list = map.get(key);
  if (!list) map.set(key, [backend]);
  else if (!list.includes(backend)) list.push(backend);
}
