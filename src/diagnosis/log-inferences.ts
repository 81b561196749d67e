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
];
