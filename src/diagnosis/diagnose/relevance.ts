import type { Evidence, EvidenceSet } from '../../evidence/diagnose/model.js';
import { matchKeys, matchPath } from '../../evidence/diagnose/upstream-match.js';
import type { FailureKind } from '../../evidence/setup-facts.js';
import type { ResolvedPath } from '../../evidence/topology/model.js';
import { canProduce } from './compatibility.js';

/**
 * How much a piece of configuration evidence applies to the failure being diagnosed. Observations of the
 * failure itself (logs, messages, probes) always apply. A lint finding or a followed path applies fully when it
 * is about the upstream that fails (same host and port, `localhost` = `127.0.0.1`; an IP in the log matches a
 * name in the config by port when no other path has that port), less when it is about another path, and fully when no
 * failure was observed at all (then the configuration is all there is to judge).
 */

const SYMPTOM_KINDS = new Set<Evidence['source']['kind']>(['log', 'message', 'probe']);
const CONFIG_KINDS = new Set<Evidence['source']['kind']>(['lint', 'config', 'topology']);

export interface RelevanceContext {
  /**
   * How the observed connections failed (refused, reset, TLS …), for compatibility: a finding whose cause cannot
   * produce the failure seen (a start-up race while every handshake fails on TLS) is a real defect but not this
   * failure's cause.
   */
  observed?: ReadonlySet<FailureKind>;
  /** Followed proxy → backend paths in the configs. */
  paths: readonly ResolvedPath[];
  /** A failure was observed (logs, a recognised message, a failed probe). */
  symptomatic: boolean;
}

/**
 * The upstreams the observed failure names (logs, messages, failed probes), in the order seen. A name no configured
 * path has (Envoy's `:authority` standing in for the cluster, a load balancer's own address) does not say which
 * path fails: it is left out, and a failure that names only such upstreams is read as one that names none.
 */
export function failingUpstreams(evidence: readonly Evidence[], paths: readonly ResolvedPath[]): string[] {
  const named = new Set(evidence.filter((e) => SYMPTOM_KINDS.has(e.source.kind) && observesFailure(e) && e.upstream).map((e) => e.upstream as string));
  return [...named].filter((u) => paths.length === 0 || paths.some((p) => matchPath(u, p) > 0));
}

/**
 * An observation of the failure, not of health. `answer` answers its stage's question only: a read timeout, a reset
 * or a failed TLS handshake did connect (reachable: yes) and failed there, and a failing target whose backend answers
 * with its own error says "reachable: yes" too. Health is a "yes" with no failure seen and no cause supported (a
 * target that answers, a name that resolves).
 */
function observesFailure(e: Evidence): boolean {
  return e.answer !== 'yes' || e.failure !== undefined || e.supports.length > 0;
}

export function relevanceOf(set: EvidenceSet, context: RelevanceContext): (e: Evidence) => number {
  const failing = failingUpstreams(set.evidence, context.paths);
  const cache = new Map<Evidence, number>();
  return (e) => {
    let value = cache.get(e);
    if (value === undefined) {
      value = compute(e, failing, context) * compatibility(e, context);
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
    if (context.paths.length <= 1) return 1;
    return rulesOutOnly ? 0.3 : 0.8;
  }
  const path = e.target ? context.paths.find((p) => p.target.id === e.target) : undefined;
  let best = 0;
  for (const u of failing) {
    let score = path ? matchPath(u, path) : matchKeys(u, e.upstream as string);
    // An address in the log that only the port ties to this path: certain enough when no other path has that port.
    if (score > 0 && score <= 0.4 && path && context.paths.filter((p) => matchPath(u, p) > 0).length === 1) score = 1;
    best = Math.max(best, score);
  }
  if (best >= 1) return 1;
  if (best >= 0.6) return 0.9;
  if (best >= 0.4) return 0.6;
  // A path that is not the failing one: its defects are real but likely not this failure; its health says nothing.
  return rulesOutOnly ? 0 : 0.35;
}

/** 1 when the evidence's cause can produce the failure observed (see compatibility.ts), else 0.15. */
function compatibility(e: Evidence, context: RelevanceContext): number {
  if (!context.observed || !CONFIG_KINDS.has(e.source.kind) || !e.supports[0]) return 1;
  return canProduce(e.supports[0], context.observed) ? 1 : 0.15;
}
