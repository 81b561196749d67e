import type { SourcePosition } from '../core/position.js';
import type { LintFacts } from '../evidence/lint-facts.js';
import type { BackendNode } from '../evidence/topology/model.js';

/** What runs behind a backend node, as far as the runtime configs say: image and command words. */
export interface BackendProcess {
  image?: string;
  words: string[];
  at?: SourcePosition;
}

export function backendProcesses(facts: LintFacts, backend: BackendNode | undefined): BackendProcess[] {
  if (!backend) return [];
  const compose = /^compose:([^/]+)\/(.+)$/.exec(backend.id);
  if (compose) {
    const [, projectPart, name] = compose;
    const projectName = projectPart.split('@')[0];
    const service = facts.compose.projects.filter((p) => p.name === projectName).flatMap((p) => p.services.filter((s) => s.name === name))[0];
    if (!service) return [];
    // A built image runs its Dockerfile's ENTRYPOINT/CMD on top of its base image unless Compose overrides them.
    const words =
      service.entrypoint || service.command
        ? [...(service.entrypoint?.words ?? []), ...(service.command?.words ?? [])]
        : (service.build?.dockerfileCommand ?? []);
    const image = service.image?.value ?? service.build?.baseImage?.value;
    return [{ ...(image ? { image } : {}), words, at: service.command?.at ?? service.image?.at ?? service.build?.baseImage?.at ?? service.at }];
  }
  const k8s = /^k8s:([^/]+)\/([^/]+)\/(.+)$/.exec(backend.id);
  if (k8s) {
    const [, namespace, kind, name] = k8s;
    const workload = facts.kubernetes.workloads.find((w) => w.object.kind === kind && w.object.name === name && (w.object.namespace ?? '-') === namespace);
    return (workload?.template.containers ?? [])
      .filter((c) => c.role !== 'init')
      .map((c) => ({ image: c.image, words: [...c.command.map((w) => w.value), ...c.args.map((w) => w.value)], at: c.at }));
  }
  return [];
}

export interface KnownSetting {
  seconds: number;
  /** "Node.js default keepAliveTimeout", "gunicorn --keep-alive 2". */
  source: string;
  at?: SourcePosition;
}

/** Value of `--flag N`, `--flag=N`. */
function flag(words: readonly string[], names: readonly string[]): number | undefined {
  for (let i = 0; i < words.length; i++) {
    for (const name of names) {
      if (words[i] === name && words[i + 1] !== undefined && /^\d+(\.\d+)?$/.test(words[i + 1])) return Number(words[i + 1]);
      if (words[i].startsWith(`${name}=`) && /^\d+(\.\d+)?$/.test(words[i].slice(name.length + 1))) return Number(words[i].slice(name.length + 1));
    }
  }
  return undefined;
}

const runs = (p: BackendProcess, program: RegExp) => p.words.some((w) => program.test(w)) || (p.image !== undefined && program.test(p.image));

/**
 * How long the backend keeps an idle keep-alive connection open, when its runtime config tells: the
 * server's flag, or the well-known default of the server it runs (Node.js 5 s, gunicorn 2 s, uvicorn 5 s, Apache 5 s).
 */
export function backendKeepAlive(processes: readonly BackendProcess[]): KnownSetting | undefined {
  for (const p of processes) {
    const at = p.at ? { at: p.at } : {};
    if (runs(p, /(^|\/)gunicorn$/)) {
      const v = flag(p.words, ['--keep-alive']);
      return { seconds: v ?? 2, source: v !== undefined ? `gunicorn --keep-alive ${v}` : 'gunicorn default --keep-alive 2', ...at };
    }
    if (runs(p, /(^|\/)uvicorn$/)) {
      const v = flag(p.words, ['--timeout-keep-alive']);
      return { seconds: v ?? 5, source: v !== undefined ? `uvicorn --timeout-keep-alive ${v}` : 'uvicorn default --timeout-keep-alive 5', ...at };
    }
    if (p.words.some((w) => /^(node|nodejs|npm|yarn|pnpm|nest|next)$/.test(w)) || /(^|\/)node(:|$)/.test(p.image ?? '')) {
      return { seconds: 5, source: 'Node.js default server.keepAliveTimeout (5 s)', ...at };
    }
    if (/(^|\/)httpd(:|$)/.test(p.image ?? '')) return { seconds: 5, source: 'Apache httpd default KeepAliveTimeout 5', ...at };
  }
  return undefined;
}

/** How long the backend lets one request run before it gives up (gunicorn kills the worker: default 30 s). */
export function backendRequestTimeout(processes: readonly BackendProcess[]): KnownSetting | undefined {
  for (const p of processes) {
    if (!runs(p, /(^|\/)gunicorn$/)) continue;
    const v = flag(p.words, ['--timeout', '-t']);
    if (v !== undefined && v > 0) return { seconds: v, source: `gunicorn --timeout ${v}`, ...(p.at ? { at: p.at } : {}) };
  }
  return undefined;
}

export interface BackendHealthEndpoint {
  path?: string;
  port?: number;
  /** What the check speaks to the port, when it says (a URL's scheme, a probe's `scheme`). */
  scheme?: 'http' | 'https';
  /** "Compose healthcheck", "readinessProbe of container `api`". */
  source: string;
  at: SourcePosition;
}

/** The health endpoints the runtime config probes: Compose healthcheck URLs, Kubernetes HTTP probes. */
export function backendHealthEndpoints(facts: LintFacts, backend: BackendNode | undefined): BackendHealthEndpoint[] {
  if (!backend) return [];
  const out: BackendHealthEndpoint[] = [];
  const compose = /^compose:([^/]+)\/(.+)$/.exec(backend.id);
  if (compose) {
    const projectName = compose[1].split('@')[0];
    const service = facts.compose.projects.filter((p) => p.name === projectName).flatMap((p) => p.services.filter((s) => s.name === compose[2]))[0];
    const check = service?.healthcheck;
    if (check?.test && !check.disabled) {
      const url = check.test.args.join(' ').match(/(https?):\/\/[^\s/'"]+(\/[^\s'"?]*)?/);
      if (url || check.probe) {
        out.push({
          ...(url ? { path: url[2] ?? '/', scheme: url[1] === 'https' ? 'https' : 'http' } : {}),
          ...(check.probe ? { port: check.probe.port } : {}),
          source: `Compose healthcheck of \`${service.name}\``,
          at: check.test.at,
        });
      }
    }
    return out;
  }
  const k8s = /^k8s:([^/]+)\/([^/]+)\/(.+)$/.exec(backend.id);
  if (k8s) {
    const workload = facts.kubernetes.workloads.find((w) => w.object.kind === k8s[2] && w.object.name === k8s[3] && (w.object.namespace ?? '-') === k8s[1]);
    for (const c of workload?.template.containers ?? []) {
      for (const probe of [c.readinessProbe, c.livenessProbe]) {
        if (probe?.handler !== 'http') continue;
        const port = typeof probe.port?.value === 'number' ? probe.port.value : c.ports.find((p) => p.name?.value === probe.port?.value)?.containerPort?.value;
        out.push({
          ...(probe.path ? { path: probe.path } : {}),
          ...(port !== undefined ? { port } : {}),
          ...(probe.scheme ? { scheme: probe.scheme === 'HTTPS' ? 'https' : 'http' } : {}),
          source: `${probe.type}Probe of container \`${c.name}\``,
          at: probe.at,
        });
      }
    }
  }
  return out;
}
