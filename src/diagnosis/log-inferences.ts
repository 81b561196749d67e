import type { CauseId } from '../core/ids.js';
import type { LogPatterns } from '../evidence/log-summary/patterns.js';

/**
 * What the shape of failures across a whole log says, beyond any single message. Each applicable
 * pattern becomes one more piece of evidence for `rankCauses` (with its plain-words observation as
 * the label), weighted like `strength` failure groups. Setup facts that existing inferences already
 * read (intermittent, every request, after deploys) are passed as tags instead; see `logs.ts`.
 */
export interface LogPatternInference {
  id: string;
  description: string;
  /** The observation in plain words when the pattern is present, else null. */
  applies(patterns: LogPatterns): string | null;
  weights: Partial<Record<CauseId, number>>;
  strength: number;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const pct = (x: number) => `${x >= 0.1 ? Math.round(x * 100) : Math.round(x * 1000) / 10}%`;

export const LOG_INFERENCES: readonly LogPatternInference[] = [
  {
    id: 'one-bad-upstream',
    description:
      'One upstream fails most of its requests while its peers are healthy: that instance is down, misconfigured or overloaded, not the shared proxy configuration.',
    applies: (p) =>
      p.outlier
        ? `${p.outlier.upstream} failed ${pct(p.outlier.ratio)} of its ${p.outlier.requests} requests while ${p.outlier.others} other upstreams failed ${pct(p.outlier.othersRatio)}`
        : null,
    weights: { 'not-listening': 0.35, 'outlier-ejection': 0.2, 'resource-exhaustion': 0.15, 'port-mismatch': 0.1, 'bind-loopback': 0.1, 'startup-order': 0.1 },
    strength: 4,
  },
  {
    id: 'failures-concentrated-on-one-upstream',
    description: 'Without request counts: one upstream holds most failures among several that failed; weaker than a measured outlier.',
    applies: (p) =>
      p.concentration
        ? `${p.concentration.upstream} accounts for ${pct(p.concentration.share)} of the failures among ${p.concentration.upstreams} failing upstreams`
        : null,
    weights: { 'not-listening': 0.35, 'outlier-ejection': 0.2, 'resource-exhaustion': 0.2, 'port-mismatch': 0.1, 'startup-order': 0.15 },
    strength: 2,
  },
  {
    id: 'timeouts-at-a-limit',
    description:
      'Failures that all take the same number of seconds hit a configured timeout: the backend is slower than the proxy allows, or two hops disagree on the limit.',
    applies: (p) =>
      p.timing.commonTimeout
        ? `${pct(p.timing.commonTimeout.share)} of the slow failures took ${p.timing.commonTimeout.seconds} s, the length of a configured timeout`
        : null,
    weights: { 'slow-upstream': 0.45, 'timeout-misaligned': 0.4, 'resource-exhaustion': 0.15 },
    strength: 3,
  },
  {
    id: 'backend-announces-loopback',
    description:
      "A backend whose own log says it listens on 127.0.0.1 (or ::1) accepts connections from its own host or container only; the proxy, refused at the backend's other address on that port, is outside.",
    applies: (p) =>
      p.loopbackListener
        ? `the backend's log says "${p.loopbackListener.said}" (${p.loopbackListener.where}), while the proxy is refused at ${p.loopbackListener.upstream}`
        : null,
    weights: { 'bind-loopback': 0.9, 'wrong-host-localhost': 0.1 },
    strength: 6,
  },
  {
    id: 'localhost-split-across-families',
    description:
      'One port refused on one loopback family (::1) and served on the other (127.0.0.1): the name the proxy uses (`localhost`) resolves to both and the backend listens on one only.',
    applies: (p) =>
      p.localhostSplit
        ? `${p.localhostSplit.refused} refused ${p.localhostSplit.refusals}× while ${p.localhostSplit.served} served ${p.localhostSplit.servedRequests} requests: "localhost" resolves to both addresses and the backend listens on one`
        : null,
    weights: { 'wrong-host-localhost': 0.85, 'bind-loopback': 0.15 },
    strength: 5,
  },
  {
    id: 'closes-on-reused-connections',
    description:
      "An upstream pool keeps idle connections (`keepalive`) and its requests now and then fail at once, closed before any response header: a request sent on a connection the backend was closing because it had been idle longer than the backend's own keep-alive.",
    applies: (p) =>
      p.keepaliveCloses
        ? `${p.keepaliveCloses.upstream} closed ${p.keepaliveCloses.failures} request(s) before any header${p.keepaliveCloses.ratio !== null ? ` (${pct(p.keepaliveCloses.ratio)} of its requests)` : ''}, and pool \`${p.keepaliveCloses.pool}\` keeps idle connections for ${p.keepaliveCloses.idleSeconds} s (--nginx-conf)`
        : null,
    weights: { 'keepalive-race': 0.8, 'timeout-misaligned': 0.2 },
    strength: 4,
  },
  {
    id: 'failures-stopped-after-start',
    description:
      'Every failure came right after the proxy (or a deploy) started, then the same upstreams served the traffic: the proxy took requests before its backend was ready.',
    applies: (p) =>
      p.failuresStopped
        ? `all ${p.failuresStopped.failures} failures came within ${seconds(p.failuresStopped.withinMs)} after "${p.failuresStopped.event.label}" (${p.failuresStopped.event.where}), then the same upstreams served ${p.failuresStopped.served} requests`
        : null,
    weights: { 'startup-order': 0.85, 'no-endpoints': 0.1, 'dns-failure': 0.05 },
    strength: 5,
  },
  {
    id: 'no-server-left-after-answers',
    description:
      'The proxy had no server left to choose, and the servers it had taken out had connected and answered (error statuses, closes while reading): they run but fail their requests or health checks.',
    applies: (p) =>
      p.poolExhausted
        ? `${pct(p.poolExhausted.share)} of the failures had no server of ${p.poolExhausted.pool} to choose, after ${p.poolExhausted.servers.join(', ')} had connected and failed`
        : null,
    weights: { 'no-healthy-upstream': 0.75, 'outlier-ejection': 0.25 },
    strength: 4,
  },
];
