import type { ProxyNode, Topology, UpstreamTarget } from '../../evidence/topology/model.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import type { ProbeReport, TargetReport } from '../../probes/run-probe.js';
import { type ProbeTarget, parseTarget } from '../../probes/target.js';

/**
 * `--live` and `--target`: probing what the configs point at, from where the proxy stands. The vantage is
 * `--from` when given; a proxy the configs place on this host is probed from here; a proxy in a Compose container
 * is probed from that container's network namespace when `docker` can tell its process id. A proxy whose network
 * namespace cannot be found is not probed from here: its names and `localhost` mean something else here, and a
 * probe from the wrong place would be false evidence. That becomes a next check instead.
 */

const MAX_LIVE_TARGETS = 16;
const PROBE_TIMEOUT_MS = 2000;
const PROBE_DEADLINE_MS = 20_000;

export interface LivePlan {
  targets: ProbeTarget[];
  /** Targets not probed, with why. */
  skipped: { target: string; reason: string }[];
}

export interface VantageChoice {
  /** `current`, `netns:NAME`, `pid:PID`. */
  text: string;
  proxyVantage: boolean;
  /** Why it was chosen, for the inputs list. */
  reason: string;
}

/** What to probe: the `--target` URLs, then (with `--live`) every followed target with a host and port. */
export function planProbes(
  explicit: readonly string[],
  topology: Topology | undefined,
  live: boolean,
): LivePlan & { invalid: { target: string; reason: string }[] } {
  const plan: LivePlan & { invalid: { target: string; reason: string }[] } = { targets: [], skipped: [], invalid: [] };
  const seen = new Set<string>();
  const add = (target: ProbeTarget) => {
    if (seen.has(target.display)) return;
    seen.add(target.display);
    if (plan.targets.length >= MAX_LIVE_TARGETS) plan.skipped.push({ target: target.display, reason: `more than ${MAX_LIVE_TARGETS} targets` });
    else plan.targets.push(target);
  };
  for (const raw of explicit) {
    const parsed = parseTarget(raw, { scheme: 'http' });
    if (parsed.ok) add(parsed.target);
    else plan.invalid.push({ target: displayLine(raw, 200), reason: parsed.error });
  }
  if (live && topology) {
    for (const t of topology.targets) {
      const url = probeUrl(t);
      if (!url) {
        plan.skipped.push({ target: t.text, reason: t.dynamic ? 'resolved at request time (variables)' : t.unixSocket ? 'a unix socket' : 'no host and port' });
        continue;
      }
      const parsed = parseTarget(url);
      if (parsed.ok) add(parsed.target);
    }
  }
  return plan;
}

/** The probe URL for a config target: its scheme when the probe speaks it, else a TCP connect. */
function probeUrl(t: UpstreamTarget): string | undefined {
  if (t.dynamic || t.unixSocket || !t.host) return undefined;
  const port = t.port ?? t.defaultPort;
  if (!port) return undefined;
  const host = t.host.includes(':') && !t.host.startsWith('[') ? `[${t.host}]` : t.host;
  const scheme = (t.scheme ?? '').toLowerCase();
  const speaks = ['http', 'https', 'grpc', 'grpcs', 'h2c', 'h2'].includes(scheme) ? scheme : 'tcp';
  return `${speaks}://${host}:${port}${speaks === 'tcp' ? '' : '/'}`;
}

/**
 * Where to probe from. `--from` wins. Otherwise the proxies' runtimes decide: on the host (or unknown, a bare
 * nginx.conf) → here; in Compose → that container's namespace through `docker`; anything else → nowhere.
 */
export async function chooseVantage(
  from: string | undefined,
  topology: Topology | undefined,
  findPid: (proxy: ProxyNode) => Promise<number | string> = composeProxyPid,
): Promise<VantageChoice | { error: string }> {
  if (from) return { text: from, proxyVantage: true, reason: '--from' };
  const proxies = topology?.proxies ?? [];
  const placed = proxies.filter((p) => p.runtime && p.runtime.platform !== 'host');
  // With no proxy in the configs, here is just here: an answer says the target runs, not that the proxy reaches it.
  if (placed.length === 0)
    return proxies.length
      ? { text: 'current', proxyVantage: true, reason: 'the proxy runs on this host' }
      : { text: 'current', proxyVantage: false, reason: 'no proxy in the configs: probed from this host' };
  const compose = placed.find((p) => p.runtime?.platform === 'compose');
  if (compose) {
    const pid = await findPid(compose);
    if (typeof pid === 'number') return { text: `pid:${pid}`, proxyVantage: true, reason: `the container of ${compose.runtime?.label}` };
    return {
      error: `${compose.runtime?.label ?? 'the proxy'} runs in its own container: ${pid}; give --from pid:PID (docker inspect -f '{{.State.Pid}}' <container>)`,
    };
  }
  const other = placed[0];
  return {
    error: `${other.runtime?.label ?? 'the proxy'} runs in ${other.runtime?.platform}: probe from inside it (--from pid:PID on its node) or with kubectl exec`,
  };
}

/** The main process id of the proxy's Compose container (asked of `docker`, read-only), or why it could not be found. */
async function composeProxyPid(proxy: ProxyNode): Promise<number | string> {
  const { findExecutable, spawnBounded } = await import('../../probes/local/spawn-bounded.js');
  const docker = findExecutable('docker');
  if (!docker) return 'docker is not installed here';
  const id = proxy.runtime?.id ?? '';
  const m = /^compose:([^/]+)\/(.+)$/.exec(id);
  if (!m) return 'its Compose project is unknown';
  const [, project, service] = m;
  const ps = await spawnBounded(
    docker,
    ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`, '--filter', `label=com.docker.compose.service=${service}`],
    {
      timeoutMs: 5000,
      maxStdoutBytes: 64 * 1024,
    },
  );
  const container = ps.stdout
    .split('\n')
    .find((l) => /^[0-9a-f]{6,64}$/.test(l.trim()))
    ?.trim();
  if (!container) return `no running container for Compose service ${service} of project ${project}`;
  const inspect = await spawnBounded(docker, ['inspect', '-f', '{{.State.Pid}}', container], { timeoutMs: 5000, maxStdoutBytes: 4096 });
  const pid = Number(inspect.stdout.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : `docker inspect gave no process id for ${container}`;
}

/** Probes the targets from the vantage; an error (not root, namespace gone) is returned as text, never thrown. */
export async function probeFrom(vantageText: string, targets: readonly ProbeTarget[]): Promise<{ reports: TargetReport[] } | { error: string }> {
  if (targets.length === 0) return { reports: [] };
  if (vantageText === 'current') {
    const [{ runProbe, DEFAULTS }, { diagnoseTarget, compareVia }] = await Promise.all([import('../../probes/run-probe.js'), import('../probe.js')]);
    const run = await runProbe(
      targets.map((target) => ({ target })),
      {
        timeoutMs: PROBE_TIMEOUT_MS,
        deadlineMs: PROBE_DEADLINE_MS,
        concurrency: 8,
        method: 'GET',
        headers: {},
        insecure: false,
        http1Only: false,
        dns: { resolver: 'both' },
        localInspection: true,
        bodyLimit: DEFAULTS.bodyLimit,
        maxAddresses: 4,
        diagnose: diagnoseTarget,
        compareVia,
      },
    );
    return { reports: run.targets };
  }
  const { parseVantage, runFromVantage, VantageError } = await import('../../probes/vantage.js');
  try {
    const vantage = parseVantage(vantageText);
    const args = ['--timeout', `${PROBE_TIMEOUT_MS}ms`, '--deadline', `${PROBE_DEADLINE_MS}ms`, ...targets.map((t) => t.display)];
    const child = (await runFromVantage(vantage, args, { timeoutMs: PROBE_DEADLINE_MS + 10_000 })) as Partial<ProbeReport> | null;
    if (!child || !Array.isArray(child.targets)) return { error: `the probe from ${vantageText} returned an unexpected report` };
    return { reports: child.targets };
  } catch (error) {
    if (error instanceof VantageError) return { error: error.message };
    throw error;
  }
}
