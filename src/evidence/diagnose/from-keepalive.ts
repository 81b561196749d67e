import type { LogsReport } from '../../diagnosis/logs.js';
import type { LintFacts } from '../lint-facts.js';
import type { ListenAnnouncement } from './listen-announcements.js';
import type { EvidenceCollector } from './model.js';

/**
 * The keep-alive race from both ends: the backend's server closes idle connections after its default keep-alive
 * (Node.js 5 s, Uvicorn 5 s, gunicorn 2 s) while the proxy keeps them for longer (an ALB 60 s, nginx's upstream
 * `keepalive_timeout` 60 s), so now and then the proxy sends a request on a connection the backend has just
 * closed. Evidence only when the failures are intermittent or resets: then it is the likely mechanism.
 */

/** Idle keep-alive of backend servers left at their defaults, in seconds. */
const SERVER_IDLE: Record<string, { seconds: number; setting: string }> = {
  'Node.js': { seconds: 5, setting: 'server.keepAliveTimeout' },
  Uvicorn: { seconds: 5, setting: '--timeout-keep-alive' },
  gunicorn: { seconds: 2, setting: '--keep-alive' },
};

export function addKeepaliveEvidence(
  collector: EvidenceCollector,
  announcements: readonly ListenAnnouncement[],
  logs: LogsReport | undefined,
  facts: LintFacts | undefined,
): void {
  if (!logs) return;
  const intermittent = logs.summary.patterns.spread.verdict === 'intermittent';
  const resets = collector.evidence.some((e) => e.failure === 'reset');
  if (!intermittent && !resets) return;
  const proxies: { name: string; seconds: number }[] = [];
  if (logs.summary.groups.some((g) => g.signature.platform === 'aws'))
    proxies.push({ name: 'the AWS load balancer (idle timeout 60 s by default)', seconds: 60 });
  for (const config of facts?.nginx.configs ?? [])
    for (const upstream of config.upstreams)
      if (upstream.keepalive)
        proxies.push({
          name: `nginx upstream \`${upstream.name.value}\` (keepalive_timeout ${upstream.keepaliveTimeout?.value ?? 60} s)`,
          seconds: upstream.keepaliveTimeout?.value ?? 60,
        });
  const proxy = proxies[0];
  if (!proxy) return;
  for (const a of announcements) {
    const idle = a.runtime ? SERVER_IDLE[a.runtime] : undefined;
    if (!idle || idle.seconds >= proxy.seconds) continue;
    collector.add({
      stage: 'over-time',
      source: { kind: 'log', where: `${a.file}:${a.line}`, file: a.file, line: a.line },
      strength: 0.7,
      weights: { 'keepalive-race': 0.85, 'timeout-misaligned': 0.15 },
      summary: `the backend is ${a.runtime} (${a.file}:${a.line}), which closes idle connections after ${idle.seconds} s by default (${idle.setting}); ${proxy.name} keeps them longer and reuses ones the backend has just closed`,
      group: 'keepalive',
    });
    return;
  }
}
