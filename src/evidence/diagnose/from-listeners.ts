import type { CauseId, Environment } from '../../core/ids.js';
import type { SpringFacts } from '../../inputs/spring/model.js';
import type { ListenAnnouncement } from './listen-announcements.js';
import type { EvidenceCollector } from './model.js';
import { isLoopbackHost } from '../../core/loopback.js';
import { addressOf } from '../log-summary/upstream-key.js';

/**
 * "Is the backend running, and where?" from what backends announce in their logs and what a Spring app on a plain
 * host is configured with (`server.port`, default 8080), set against the upstream that refuses in the proxy's
 * logs: a server on 127.0.0.1 while the proxy connects to its container address is bind-loopback; the only
 * application in sight listening on another port than the refused one is a port mismatch.
 */

const LISTENERS_GROUP = 'listeners';

interface Listener {
  address?: string;
  port: number;
  /** `logs/orders.log:2 (Tomcat)` */
  where: string;
  file: string;
  line: number;
  what: string;
}

const CONTAINER_ENVIRONMENTS: ReadonlySet<Environment> = new Set(['docker', 'compose', 'kubernetes', 'istio']);

export function addListenerEvidence(
  collector: EvidenceCollector,
  announcements: readonly ListenAnnouncement[],
  spring: SpringFacts | undefined,
  environment: Environment,
): void {
  const listeners: Listener[] = announcements.map((a) => {
    // A pasted message (`--message`) is no file: its lines are named as the message's.
    const where = a.file.startsWith('--message') ? `${a.file} line ${a.line}` : `${a.file}:${a.line}`;
    return {
      ...(a.address ? { address: a.address } : {}),
      port: a.port,
      where,
      file: a.file,
      line: a.line,
      what: `the backend's log says "${a.said}" (${where})`,
    };
  });
  for (const app of spring?.apps ?? []) {
    if (app.runtime) continue; // In a container: the topology follows it.
    const port = app.settings.get('server.port');
    const address = app.settings.get('server.address')?.value;
    const value = port ? Number(port.value) : 8080;
    if (!Number.isInteger(value) || value <= 0) continue;
    listeners.push({
      ...(address ? { address } : {}),
      port: value,
      where: port ? `${port.at.file}:${port.at.line}` : `${app.at.file}:${app.at.line}`,
      file: port?.at.file ?? app.at.file,
      line: port?.at.line ?? app.at.line,
      what: `Spring app ${app.name?.value ?? app.module} is configured to listen on ${address ? `${address}:` : 'port '}${value}${port ? ` (${port.at.file}:${port.at.line})` : ' (the default)'}`,
    });
  }
  if (listeners.length === 0) return;

  const refusals = collector.evidence.filter(
    (e) =>
      (e.source.kind === 'log' || e.source.kind === 'message') &&
      // A pasted message is a symptom; its refusals answer "not reachable there" as the logs' do.
      ((e.stage === 'reachable' && e.answer === 'no') || (e.source.kind === 'message' && e.failure === 'refused')) &&
      e.upstream,
  );
  /** A refusal of `upstream` logged in the same file before line `line`: the backend came up after the proxy tried. */
  const refusedBefore = (upstream: string, l: Listener) =>
    refusals.some((e) => e.upstream === upstream && e.failure === 'refused' && e.source.file === l.file && (e.source.line ?? Infinity) < l.line);
  const refused = [...new Set(refusals.map((e) => e.upstream as string))];
  const add = (l: Listener, weights: Partial<Record<CauseId, number>>, strength: number, summary: string, rulesOut: CauseId[] = [], upstream?: string) =>
    collector.add({
      stage: 'running',
      answer: 'yes',
      source: l.file.startsWith('--message')
        ? { kind: 'message', where: l.where, line: l.line }
        : { kind: /\.(?:properties|ya?ml)$/.test(l.file) ? 'config' : 'log', where: l.where, file: l.file, line: l.line },
      strength,
      weights,
      rulesOut,
      summary,
      group: LISTENERS_GROUP,
      ...(upstream ? { upstream } : {}),
    });

  const explained = new Set<Listener>();
  for (const upstream of refused) {
    const address = addressOf(upstream);
    if (!address) continue;
    const { host, port } = address;
    const same = listeners.filter((l) => l.port === port);
    if (same.length) {
      for (const l of same) {
        explained.add(l);
        if (isLoopbackHost(l.address) && !isLoopbackHost(host))
          add(
            l,
            { 'bind-loopback': 1 },
            0.85,
            `${l.what}: only its own host or container can connect, while the proxy connects to ${upstream}`,
            ['not-listening'],
            upstream,
          );
        else if (isLoopbackHost(host) && CONTAINER_ENVIRONMENTS.has(environment))
          add(
            l,
            { 'wrong-host-localhost': 0.7, 'bind-loopback': 0.3 },
            0.5,
            `${l.what}, yet ${upstream} is refused: the proxy's loopback is not the backend's`,
            ['not-listening'],
            upstream,
          );
        else if (refusedBefore(upstream, l))
          // The same log shows the refusals first, then the backend announcing it listens on that very port.
          add(
            l,
            { 'startup-order': 0.85, 'not-listening': 0.15 },
            0.7,
            `${l.what}, after the proxy was already refused on ${upstream}: the proxy sent traffic before the backend was up`,
            ['port-mismatch', 'bind-loopback'],
            upstream,
          );
        else add(l, { 'startup-order': 0.5, 'upstream-reset': 0.2, other: 0.3 }, 0.3, `${l.what}: it ran on the refused port at some point`, [], upstream);
      }
      continue;
    }
    const ports = [...new Set(listeners.map((l) => l.port))];
    // With one or two applications in sight, the one that runs elsewhere is most likely the one meant.
    if (ports.length <= 2)
      for (const l of listeners) {
        explained.add(l);
        add(
          l,
          { 'port-mismatch': 0.8, 'not-listening': 0.2 },
          ports.length === 1 ? 0.7 : 0.5,
          `${l.what}, not on ${port}, the port the proxy is refused on (${upstream})`,
          // The only application in sight runs: "not running" is then unlikely, unless another one was meant.
          ports.length === 1 ? ['not-listening'] : [],
          upstream,
        );
      }
  }
  for (const l of listeners) if (!explained.has(l)) add(l, {}, 0.3, l.what);
}
