import type { Evidence, EvidenceSet } from '../../evidence/diagnose/model.js';
import { matchKeys } from '../../evidence/diagnose/upstream-match.js';

/**
 * How much a piece of configuration evidence applies to the failure being diagnosed. Observations of the
 * failure itself (logs, messages, probes) always apply. A lint finding or a followed path applies fully when it
 * is about the upstream that fails (same host and port, `localhost` = `127.0.0.1`; an IP in the log matches a
 * name in the config by port when nothing else does), less when it is about another path, and fully when no
 * failure was observed at all (then the configuration is all there is to judge).
 */

const SYMPTOM_KINDS = new Set<Evidence['source']['kind']>(['log', 'message', 'probe']);
const CONFIG_KINDS = new Set<Evidence['source']['kind']>(['lint', 'topology']);

export interface RelevanceContext {
  /** Followed proxy → backend paths in the configs. */
  paths: number;
  /** A failure was observed (logs, a recognised message, a failed probe). */
  symptomatic: boolean;
}

export function relevanceOf(set: EvidenceSet, context: RelevanceContext): (e: Evidence) => number {
  const failing = [
    ...new Set(set.evidence.filter((e) => SYMPTOM_KINDS.has(e.source.kind) && e.answer !== 'yes' && e.upstream).map((e) => e.upstream as string)),
  ];
  const cache = new Map<Evidence, number>();
  return (e) => {
    let value = cache.get(e);
    if (value === undefined) {
      value = compute(e, failing, context);
      cache.set(e, value);
    }
    return value;
  };
}

function compute(e: Evidence, failing: readonly string[], context: RelevanceContext): number {
  if (!CONFIG_KINDS.has(e.source.kind)) return 1;
  if (!context.symptomatic) return 1;
  const rulesOutOnly = Object.keys(e.weights).length === 0;
  if (!e.upstream) return rulesOutOnly ? 0.5 : 0.75;
  if (failing.length === 0) {
    // The failure names no upstream: with one path, it is that one; with several, any of them.
    if (context.paths <= 1) return 1;
    return rulesOutOnly ? 0.3 : 0.8;
  }
  const best = Math.max(...failing.map((u) => matchKeys(u, e.upstream as string)));
  if (best >= 1) return 1;
  if (best >= 0.6) return 0.9;
  if (best >= 0.4) return 0.8;
  // A path that is not the failing one: its defects are real but likely not this failure; its health says nothing.
  return rulesOutOnly ? 0 : 0.35;
}
