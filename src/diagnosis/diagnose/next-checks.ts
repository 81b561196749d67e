import type { CauseId, Environment } from '../../core/ids.js';
import { checksFor, type Placeholders } from '../next-steps.js';
import type { DiagnoseCheck } from './report.js';

/**
 * The next most informative checks. Each candidate check is a question whose possible answers split the causes
 * still in play (a probe from the proxy's network answers "refused, nothing listens" for not-listening/startup-order,
 * "refused, a listener on 127.0.0.1" for bind-loopback, …). Its value is the expected information gain over the
 * current scores: H(scores) − Σ P(answer) · H(scores | answer). Checks whose input is already there (logs read, a
 * probe from the proxy's vantage done) are not proposed again.
 */

export interface CheckContext {
  environment: Environment;
  values: Placeholders;
  /** What has been looked at already. */
  have: { logs: boolean; configs: boolean; proxyProbe: boolean; message: boolean };
  /** The directory given (for "run diagnose again with …" commands). */
  directory?: string;
  /** The proxy's product when the configs say (`nginx`, `haproxy`, …). */
  product?: string;
  /** Why the proxy's vantage could not be probed, when --live tried. */
  vantageProblem?: string;
}

interface Candidate extends DiagnoseCheck {
  outcomes: CauseId[][];
}

const REFUSED: CauseId[] = ['not-listening', 'wrong-host-localhost', 'port-mismatch', 'bind-loopback', 'startup-order'];
const TIMED_OUT: CauseId[] = ['network-blocked', 'slow-upstream', 'timeout-misaligned'];
const RESET: CauseId[] = ['keepalive-race', 'upstream-reset', 'tls-mismatch', 'protocol-mismatch', 'resource-exhaustion'];
const NO_UPSTREAM: CauseId[] = ['no-healthy-upstream', 'no-endpoints', 'outlier-ejection', 'circuit-open'];

export function nextChecks(scores: readonly { id: CauseId; score: number }[], context: CheckContext, max = 4): DiagnoseCheck[] {
  const inPlay = scores.filter((c) => c.score >= 0.01);
  const total = inPlay.reduce((a, c) => a + c.score, 0) || 1;
  const p = new Map(inPlay.map((c) => [c.id, c.score / total]));
  const candidates = candidateChecks(
    context,
    inPlay.slice(0, 3).map((c) => c.id),
  );
  const scored = candidates
    .map((c) => ({ ...c, gain: Math.round(informationGain(p, c.outcomes) * 100) / 100 }))
    .filter((c) => c.gain >= 0.05)
    .sort((a, b) => (b.gain ?? 0) - (a.gain ?? 0));
  const out: DiagnoseCheck[] = [];
  const seen = new Set<string>();
  for (const c of scored) {
    if (out.length >= max || seen.has(c.command)) continue;
    seen.add(c.command);
    const { outcomes: _outcomes, ...check } = c;
    out.push(check);
  }
  return out;
}

/** Entropy (bits) of the distribution minus the expected entropy once the check's answer is known. */
export function informationGain(p: ReadonlyMap<CauseId, number>, outcomes: readonly CauseId[][]): number {
  const classOf = new Map<CauseId, number>();
  outcomes.forEach((causes, i) => {
    for (const c of causes) if (!classOf.has(c)) classOf.set(c, i);
  });
  const classes = new Map<number, number[]>();
  for (const [cause, prob] of p) {
    const k = classOf.get(cause) ?? -1;
    classes.set(k, [...(classes.get(k) ?? []), prob]);
  }
  const h = (xs: readonly number[]) => {
    const s = xs.reduce((a, b) => a + b, 0);
    return s <= 0 ? 0 : -xs.reduce((a, x) => (x > 0 ? a + (x / s) * Math.log2(x / s) : a), 0);
  };
  const before = h([...p.values()]);
  let after = 0;
  for (const probs of classes.values()) after += probs.reduce((a, b) => a + b, 0) * h(probs);
  return Math.max(0, before - after);
}

function candidateChecks(context: CheckContext, leading: readonly CauseId[]): Candidate[] {
  const v = context.values;
  const env = context.environment;
  const out: Candidate[] = [];
  const dir = context.directory ? ` ${context.directory}` : '';
  const url = v.url ?? (v.host && v.port ? `${v.scheme ?? 'http'}://${v.host}:${v.port}/` : undefined);

  if (!context.have.proxyProbe && url) {
    const probe = proxyProbeCommand(env, v, url);
    out.push({
      command: probe,
      kind: 'command',
      why: `answers the first three questions at once — does ${v.upstream ?? url} run, answer from the proxy's own network, resolve there${context.vantageProblem ? ` (not probed live: ${context.vantageProblem})` : ''}`,
      question: 'reachable',
      outcomes: [
        ['not-listening', 'startup-order'],
        ['bind-loopback'],
        ['wrong-host-localhost', 'port-mismatch'],
        ['dns-failure', 'no-endpoints'],
        ['network-blocked'],
        ['tls-mismatch', 'protocol-mismatch'],
      ],
    });
  }
  if (!context.have.logs) {
    out.push({
      command: logsCommand(env, v, dir, context.product),
      kind: 'command',
      why: "the proxy's error log says how the connection fails — refused, timed out, reset, not resolved or no healthy server — and since when",
      question: 'over-time',
      outcomes: [REFUSED, TIMED_OUT, RESET, ['dns-failure'], NO_UPSTREAM],
    });
  }
  if (!context.have.configs) {
    out.push({
      command: `updoc diagnose <directory with the proxy config and docker-compose.yml or the Kubernetes manifests>${context.have.logs ? ' --logs <the same logs>' : ''}`,
      kind: 'command',
      why: 'the configs say where the proxy sends requests and where the backend listens: wrong host, port, name, network or bind address show there',
      question: 'configured',
      outcomes: [
        ['wrong-host-localhost'],
        ['port-mismatch'],
        ['dns-failure'],
        ['bind-loopback'],
        ['network-blocked'],
        ['tls-mismatch', 'protocol-mismatch'],
        ['no-endpoints'],
        ['keepalive-race', 'timeout-misaligned'],
      ],
    });
  }
  if (v.service || v.port) {
    out.push({
      command: runningCommand(env, v),
      kind: 'command',
      why: 'is the backend running at all (the first question of the decision tree)?',
      question: 'running',
      outcomes: [['not-listening', 'startup-order', 'no-endpoints', 'no-healthy-upstream']],
    });
  }
  for (const check of checksFor(leading, env, v, 2))
    out.push({
      command: check.command,
      kind: check.kind,
      why: check.expect,
      ...(check.cause ? { cause: check.cause } : {}),
      outcomes: check.cause ? [[check.cause]] : [],
    });
  return out;
}

function proxyProbeCommand(env: Environment, v: Placeholders, url: string): string {
  if (env === 'compose' && v.proxy) return `updoc probe ${url} --from pid:$(docker inspect -f '{{.State.Pid}}' $(docker compose ps -q ${v.proxy}))`;
  if (env === 'docker' && v.proxy) return `updoc probe ${url} --from pid:$(docker inspect -f '{{.State.Pid}}' ${v.proxy})`;
  if ((env === 'kubernetes' || env === 'istio') && v.proxy)
    return `kubectl exec -n ${v.namespace ?? 'default'} deploy/${v.proxy} -- sh -c 'wget -qO- -T 3 ${url} || curl -sv --max-time 3 ${url}'`;
  if (env === 'kubernetes' || env === 'istio') {
    // From a throw-away pod in the backend's namespace: the cluster's DNS and network, as an in-cluster proxy sees them.
    const ns = v.namespace ?? 'default';
    const clusterUrl = v.service && v.port ? `http://${v.service}.${ns}.svc.cluster.local:${v.port}/` : url;
    return `kubectl run -n ${ns} updoc-check --rm -i --image=busybox:1.36 --restart=Never -- wget -qO- -T 3 ${clusterUrl}`;
  }
  if (env === 'vm') return `updoc probe ${url}   # on the proxy's host`;
  return `updoc probe ${url} --from pid:<PID of the proxy>`;
}

function logsCommand(env: Environment, v: Placeholders, dir: string, product: string | undefined): string {
  if (env === 'compose' && v.proxy) return `docker compose logs --no-color --since 1h ${v.proxy} > proxy.log && updoc diagnose${dir} --logs proxy.log`;
  if (env === 'istio')
    return `kubectl logs -n ${v.namespace ?? '<namespace>'} deploy/<client workload> -c istio-proxy --since=1h > envoy.log && updoc diagnose${dir} --logs envoy.log`;
  if (env === 'kubernetes')
    return `kubectl logs -n ingress-nginx deploy/ingress-nginx-controller --since=1h > ingress.log && updoc diagnose${dir} --logs ingress.log`;
  if (product === 'haproxy') return `journalctl -u haproxy --since -1h > haproxy.log && updoc diagnose${dir} --logs haproxy.log`;
  return `updoc diagnose${dir} --logs /var/log/nginx/error.log   # or wherever the proxy writes its error log`;
}

function runningCommand(env: Environment, v: Placeholders): string {
  if (env === 'compose') return v.service ? `docker compose ps ${v.service}` : 'docker compose ps';
  if (env === 'docker') return v.service ? `docker ps --filter name=${v.service}` : 'docker ps';
  if (env === 'kubernetes' || env === 'istio') return `kubectl get pods,endpoints -n ${v.namespace ?? 'default'}${v.service ? ` | grep ${v.service}` : ''}`;
  return v.port ? `sudo ss -ltnp 'sport = :${v.port}'` : 'sudo ss -ltnp';
}
