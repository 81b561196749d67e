import type { CauseId } from '../core/ids.js';
import { CAUSE_IDS } from '../core/ids.js';
import type { SetupFacts } from '../evidence/setup-facts.js';
import { INFERENCES } from './inferences.js';

export interface RankedCause {
  id: CauseId;
  /** Probability-like score in [0, 1]; scores of all candidate causes sum to at most 1. */
  score: number;
  /** One sentence: the strongest evidence and setup reasons behind this cause. */
  why: string;
  /** Every reason that moved this cause, strongest first. */
  reasons: string[];
}

/** A distribution over causes together with the text describing where it came from. */
export interface CauseEvidence {
  weights: Partial<Record<CauseId, number>>;
  /** e.g. "nginx: connect() failed (111: Connection refused) on 127.0.0.1:3000" */
  label: string;
  /** Which record (logical message) it came from; evidence in one record is one event. */
  group: number;
  /** Relative weight of this evidence's event among the others (default 1). */
  weight?: number;
  /**
   * Another facet of the same event refines this one (it reads the part of the message this one leaves open, see
   * `broaderFacets`): this facet only reweights among the causes the refining facets list.
   */
  broader?: boolean;
}

// Smoothing keeps an unlisted cause possible, so a single odd signature cannot veto it.
const EPSILON = 0.02;
const FLOOR = 0.004;
const MIN_SCORE = 0.03;
/** The broader facets' share, all together, in the weighted geometric mean among the listed causes (see `combineFacets`). */
const BROADER_SHARE = 1 / 3;

function normalise(weights: Partial<Record<CauseId, number>>): Map<CauseId, number> {
  const total = Object.values(weights).reduce((a, b) => a + (b ?? 0), 0) || 1;
  const out = new Map<CauseId, number>();
  for (const id of CAUSE_IDS) out.set(id, (weights[id] ?? 0) / total);
  return out;
}

/**
 * Combines evidence: within one event its facets combine (see {@link combineFacets}), events mix, each weighted by
 * how decisive it is. Setup inferences then shift log-odds, and a softmax turns the result into scores.
 */
export function rankCauses(evidence: readonly CauseEvidence[], facts: SetupFacts): RankedCause[] {
  if (evidence.length === 0) return [];
  const groups = new Map<number, CauseEvidence[]>();
  for (const e of evidence) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);

  const mixture = new Map<CauseId, number>(CAUSE_IDS.map((id) => [id, 0]));
  const support = new Map<CauseId, { label: string; weight: number }[]>();
  let totalAlpha = 0;
  for (const items of groups.values()) {
    const combined = combineFacets(items);
    const sum = [...combined.values()].reduce((a, b) => a + b, 0);
    let alpha = 0;
    for (const id of CAUSE_IDS) alpha = Math.max(alpha, (combined.get(id) ?? 0) / sum);
    alpha *= Math.min(...items.map((i) => i.weight ?? 1));
    totalAlpha += alpha;
    for (const id of CAUSE_IDS) {
      const p = (combined.get(id) ?? 0) / sum;
      mixture.set(id, (mixture.get(id) ?? 0) + alpha * p);
      // The reason quoted is the most specific facet that lists the cause (the errno, not the envelope around it).
      const best = items
        .filter((i) => (i.weights[id] ?? 0) > 0)
        .sort((a, b) => Number(a.broader ?? false) - Number(b.broader ?? false) || (b.weights[id] ?? 0) - (a.weights[id] ?? 0))[0];
      if (best && p > 0.05) support.set(id, [...(support.get(id) ?? []), { label: best.label, weight: alpha * p }]);
    }
  }

  const logits = new Map<CauseId, number>();
  for (const id of CAUSE_IDS) logits.set(id, Math.log((mixture.get(id) ?? 0) / totalAlpha + FLOOR));

  const shifts = new Map<CauseId, { reason: string; delta: number }[]>();
  for (const inference of INFERENCES) {
    const reason = inference.applies(facts);
    if (!reason) continue;
    for (const [id, delta] of Object.entries(inference.shift) as [CauseId, number][]) {
      logits.set(id, (logits.get(id) ?? 0) + delta);
      shifts.set(id, [...(shifts.get(id) ?? []), { reason, delta }]);
    }
  }

  const max = Math.max(...logits.values());
  let z = 0;
  for (const v of logits.values()) z += Math.exp(v - max);
  const ranked: RankedCause[] = [];
  for (const id of CAUSE_IDS) {
    const score = Math.exp((logits.get(id) ?? 0) - max) / z;
    if (score < MIN_SCORE) continue;
    const fromEvidence = (support.get(id) ?? []).sort((a, b) => b.weight - a.weight).map((s) => s.label);
    const fromSetup = (shifts.get(id) ?? [])
      .filter((s) => s.delta > 0)
      .sort((a, b) => b.delta - a.delta)
      .map((s) => s.reason);
    const against = (shifts.get(id) ?? []).filter((s) => s.delta < 0).map((s) => `less likely because ${s.reason}`);
    const reasons = unique([...fromSetup, ...fromEvidence, ...against]);
    const why = reasons.length ? joinWhy(fromEvidence[0], fromSetup[0]) : 'consistent with the message, with no more specific evidence';
    ranked.push({ id, score: round(score), why, reasons });
  }
  return ranked.sort((a, b) => b.score - a.score);
}

/**
 * The facets of one event, combined (unnormalised). A signature's causes are a short top-k list, not a verdict on
 * every other cause: what a broad reading (the whole Envoy body, a flag) does not list is merely not said, while what
 * the reading of the most specific part does not list is ruled out by the one that knows most ("delayed connect
 * error: 111" is a refused connect, which no TLS mismatch produces, whatever the envelope's list says). So:
 * - the deciding facets — those no other facet refines (`CauseEvidence.broader`), or all of them when none is
 *   marked — combine as a geometric mean: a product of experts that keeps what they agree on, tempered because facets
 *   of one event are correlated (three views of "UC" are not three witnesses), smoothed so nothing is impossible;
 * - the broader facets only reweight among the causes the deciding facets list, and the mass of those causes stays
 *   what the deciding facets gave them: a broader facet can neither revive a cause they leave out nor bury one they
 *   name. A cause a broader facet does not list counts as half its least listed weight (the expected value of
 *   "somewhere below the last entry"), not as zero.
 */
function combineFacets(items: readonly CauseEvidence[]): Map<CauseId, number> {
  const marked = items.filter((i) => !i.broader);
  const deciding = marked.length ? marked : items;
  const broader = marked.length ? items.filter((i) => i.broader) : [];
  const product = new Map<CauseId, number>(CAUSE_IDS.map((id) => [id, 1]));
  for (const item of deciding) {
    const dist = normalise(item.weights);
    for (const id of CAUSE_IDS) product.set(id, (product.get(id) ?? 1) * ((dist.get(id) ?? 0) + EPSILON) ** (1 / deciding.length));
  }
  if (broader.length === 0) return product;

  const listed = CAUSE_IDS.filter((id) => deciding.some((i) => (i.weights[id] ?? 0) > 0));
  const before = listed.reduce((a, id) => a + (product.get(id) ?? 0), 0);
  // Among the listed causes, a weighted geometric mean: the broader facets hold the refining facets' text and mostly
  // repeat them, so together they get a third of the say; identical readings leave the shape as it was.
  const reweighted = new Map<CauseId, number>(listed.map((id) => [id, (product.get(id) ?? 0) ** (1 - BROADER_SHARE)]));
  const exponent = BROADER_SHARE / broader.length;
  for (const item of broader) {
    const dist = normalise(item.weights);
    // Not listed: somewhere below its least listed weight, half of it on average.
    const unlisted = Math.min(...[...dist.values()].filter((w) => w > 0)) / 2;
    if (!Number.isFinite(unlisted)) continue;
    for (const id of listed) reweighted.set(id, (reweighted.get(id) ?? 0) * (dist.get(id) || unlisted) ** exponent);
  }
  const after = listed.reduce((a, id) => a + (reweighted.get(id) ?? 0), 0);
  for (const id of listed) product.set(id, ((reweighted.get(id) ?? 0) * before) / after);
  return product;
}

/** One event's facets combined into a distribution over causes (see {@link combineFacets}). */
export function eventReading(items: readonly CauseEvidence[]): Map<CauseId, number> {
  const combined = combineFacets(items);
  const sum = [...combined.values()].reduce((a, b) => a + b, 0) || 1;
  return new Map([...combined].map(([id, v]) => [id, v / sum]));
}

function joinWhy(evidence: string | undefined, setup: string | undefined): string {
  if (evidence && setup) return `${evidence}; because ${setup}`;
  if (setup) return `because ${setup}`;
  return evidence ?? '';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
