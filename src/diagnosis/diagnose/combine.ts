import { CAUSE_IDS, type CauseId } from '../../core/ids.js';
import type { Evidence, EvidenceSet } from '../../evidence/diagnose/model.js';

/**
 * Combines evidence into scores over the taxonomy. Each group of evidence is one witness: a failure seen in the
 * logs, a pasted message, one probed target, one cause's lint findings, one followed path. Witnesses multiply (they
 * are independent views: logs, configs, live probes); observations inside one witness do not (a hundred refused
 * lines are one failure). Two kinds of witness:
 *
 * - a pipeline's ranking (logs, explain, probe) is already a posterior p_g over the causes; it is trusted with
 *   its strength s_g and otherwise says nothing: L_g(c) = s_g · p_g(c) + (1 − s_g) / |causes|. One such witness
 *   alone therefore keeps its own calibration (diagnose on a pasted message ranks and scores as `explain` does);
 * - an observation (a lint finding, a listener, a timeout cross-check) is a likelihood ratio for the causes it
 *   supports: L_g(c) = floor(s_g) + (1 − floor(s_g)) · w_g(c) / max w_g, floor(s) = max(0.03, (1 − s)^1.5), so an
 *   error-level finding multiplies its cause by about 30 against the others, an info-level one by less than 2.
 *
 * Evidence that rules a cause out multiplies it by (1 − 0.95 · s · relevance). A softmax over the log-likelihoods
 * gives the scores. Config evidence counts by its relevance to the failure: a finding on the path that fails in
 * the logs counts fully, one on another path or about a cause that cannot produce the failure seen much less.
 */

export interface Scored {
  id: CauseId;
  score: number;
  /** Evidence that raised it, strongest first. */
  support: { evidence: Evidence; weight: number }[];
  /** Evidence that lowered it. */
  against: { evidence: Evidence; weight: number }[];
}

export interface CombineInput {
  set: EvidenceSet;
  /** How much each piece of evidence applies to the failure at hand, 0..1 (1 unless said otherwise). */
  relevance: (e: Evidence) => number;
}

/** A mild prior: `other` is the answer of last resort. */
const PRIOR: Partial<Record<CauseId, number>> = { other: 0.4, 'config-error': 0.8 };
const RULE_OUT = 0.95;
/** The highest score any cause gets. */
const MAX_SCORE = 0.98;

/** No single source is more reliable than this: configs may not be what runs, a log may be from yesterday. */
const MIN_FLOOR = 0.03;

export function floorOf(strength: number): number {
  return Math.max(MIN_FLOOR, (1 - Math.min(1, Math.max(0, strength))) ** 1.5);
}

interface Witness {
  weights: Map<CauseId, number>;
  strength: number;
  items: Evidence[];
  /** A pipeline's posterior (mixed with uniform) rather than an observation's likelihood ratio. */
  posterior: boolean;
}

export function combineEvidence(input: CombineInput): Scored[] {
  const { set, relevance } = input;
  const witnesses = new Map<string, Witness>();
  const verdicts = new Map(set.groups.map((g) => [g.group, g]));
  const byGroup = new Map<string, Evidence[]>();
  for (const e of set.evidence) byGroup.set(e.group, [...(byGroup.get(e.group) ?? []), e]);

  for (const [group, items] of byGroup) {
    const verdict = verdicts.get(group);
    if (verdict) {
      const weights = new Map<CauseId, number>();
      for (const [id, score] of Object.entries(verdict.scores) as [CauseId, number][]) if (score > 0) weights.set(id, score);
      if (weights.size) witnesses.set(group, { weights, strength: verdict.strength, items, posterior: true });
      continue;
    }
    // No pipeline verdict: the group's items are facets of one observation; the strongest view of each cause counts.
    const weights = new Map<CauseId, number>();
    let miss = 1;
    for (const e of items) {
      const max = Math.max(0, ...Object.values(e.weights).map((w) => w ?? 0));
      if (max <= 0) continue;
      const s = e.strength * relevance(e);
      miss *= 1 - s;
      for (const [id, w] of Object.entries(e.weights) as [CauseId, number][]) if (w > 0) weights.set(id, Math.max(weights.get(id) ?? 0, (w / max) * s));
    }
    if (weights.size) witnesses.set(group, { weights, strength: 1 - miss, items, posterior: false });
  }
  for (const [group, verdict] of verdicts)
    if (!witnesses.has(group)) {
      const weights = new Map<CauseId, number>();
      for (const [id, score] of Object.entries(verdict.scores) as [CauseId, number][]) if (score > 0) weights.set(id, score);
      if (weights.size) witnesses.set(group, { weights, strength: verdict.strength, items: [], posterior: true });
    }

  const logits = new Map<CauseId, number>(CAUSE_IDS.map((id) => [id, Math.log(PRIOR[id] ?? 1)]));
  const support = new Map<CauseId, { evidence: Evidence; weight: number }[]>(CAUSE_IDS.map((id) => [id, []]));
  const against = new Map<CauseId, { evidence: Evidence; weight: number }[]>(CAUSE_IDS.map((id) => [id, []]));

  for (const w of witnesses.values()) {
    const max = Math.max(...w.weights.values());
    const total = [...w.weights.values()].reduce((a, b) => a + b, 0);
    const floor = floorOf(w.strength);
    for (const id of CAUSE_IDS) {
      const weight = w.weights.get(id) ?? 0;
      // A ranking lists only causes worth showing: the probability it did not list is spread evenly too.
      const likelihood = w.posterior
        ? w.strength * (weight + Math.max(0, 1 - total) / CAUSE_IDS.length) + (1 - w.strength) / CAUSE_IDS.length
        : floor + (1 - floor) * (weight / max);
      logits.set(id, (logits.get(id) ?? 0) + Math.log(likelihood));
    }
    // The items of the witness that speak for each cause, for the evidence chain.
    for (const e of w.items)
      for (const id of e.supports.slice(0, 5)) {
        const ew = e.weights[id] ?? 0;
        const emax = Math.max(0, ...Object.values(e.weights).map((x) => x ?? 0));
        if (emax > 0 && ew / emax >= 0.3) support.get(id)?.push({ evidence: e, weight: (ew / emax) * e.strength * relevance(e) });
      }
  }

  // Ruling out: per group, the strongest statement against each cause.
  const strongestAgainst = new Map<string, { evidence: Evidence; weight: number }>();
  for (const e of set.evidence) {
    const s = e.strength * relevance(e);
    if (s <= 0) continue;
    for (const id of e.rulesOut) {
      const key = `${e.group}\u0000${id}`;
      const current = strongestAgainst.get(key);
      if (!current || current.weight < s) strongestAgainst.set(key, { evidence: e, weight: s });
    }
  }
  for (const [key, item] of strongestAgainst) {
    const id = key.split('\u0000')[1] as CauseId;
    logits.set(id, (logits.get(id) ?? 0) + Math.log(1 - RULE_OUT * item.weight));
    against.get(id)?.push(item);
  }

  const max = Math.max(...logits.values());
  let z = 0;
  for (const v of logits.values()) z += Math.exp(v - max);
  const raw = new Map(CAUSE_IDS.map((id) => [id, Math.exp((logits.get(id) ?? 0) - max) / z]));
  // Never certain: configs may not be what runs, logs may be old. Above the cap, the excess goes to the others.
  const top = Math.max(...raw.values());
  if (top > MAX_SCORE) {
    const rest = 1 - top;
    for (const [id, v] of raw) raw.set(id, v === top ? MAX_SCORE : rest > 0 ? (v / rest) * (1 - MAX_SCORE) : (1 - MAX_SCORE) / (CAUSE_IDS.length - 1));
  }
  return CAUSE_IDS.map((id) => ({
    id,
    score: raw.get(id) ?? 0,
    support: (support.get(id) ?? []).sort((a, b) => b.weight - a.weight),
    against: (against.get(id) ?? []).sort((a, b) => b.weight - a.weight),
  })).sort((a, b) => b.score - a.score);
}
