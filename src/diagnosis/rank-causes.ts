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
}

// Smoothing keeps an unlisted cause possible, so a single odd signature cannot veto it.
const EPSILON = 0.02;
const FLOOR = 0.004;
const MIN_SCORE = 0.03;

function normalise(weights: Partial<Record<CauseId, number>>): Map<CauseId, number> {
  const total = Object.values(weights).reduce((a, b) => a + (b ?? 0), 0) || 1;
  const out = new Map<CauseId, number>();
  for (const id of CAUSE_IDS) out.set(id, (weights[id] ?? 0) / total);
  return out;
}

/**
 * Combines evidence: within one event its facets combine as a geometric mean (a product of experts that
 * keeps what all agree on: "reset reason: connection failure" × "delayed connect error: 111"), events mix,
 * each weighted by how decisive it is. Setup inferences then shift log-odds, and a softmax turns the
 * result into scores.
 */
export function rankCauses(evidence: readonly CauseEvidence[], facts: SetupFacts): RankedCause[] {
  if (evidence.length === 0) return [];
  const groups = new Map<number, CauseEvidence[]>();
  for (const e of evidence) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);

  const mixture = new Map<CauseId, number>(CAUSE_IDS.map((id) => [id, 0]));
  const support = new Map<CauseId, { label: string; weight: number }[]>();
  let totalAlpha = 0;
  for (const items of groups.values()) {
    const product = new Map<CauseId, number>(CAUSE_IDS.map((id) => [id, 1]));
    for (const item of items) {
      const dist = normalise(item.weights);
      // Geometric mean, not a plain product: facets of one event (flag, details, body) are correlated,
      // so three views of "UC" must not count as three independent witnesses.
      for (const id of CAUSE_IDS) product.set(id, (product.get(id) ?? 1) * ((dist.get(id) ?? 0) + EPSILON) ** (1 / items.length));
    }
    const sum = [...product.values()].reduce((a, b) => a + b, 0);
    let alpha = 0;
    for (const id of CAUSE_IDS) alpha = Math.max(alpha, (product.get(id) ?? 0) / sum);
    alpha *= Math.min(...items.map((i) => i.weight ?? 1));
    totalAlpha += alpha;
    for (const id of CAUSE_IDS) {
      const p = (product.get(id) ?? 0) / sum;
      mixture.set(id, (mixture.get(id) ?? 0) + alpha * p);
      const best = items.filter((i) => (i.weights[id] ?? 0) > 0).sort((a, b) => (b.weights[id] ?? 0) - (a.weights[id] ?? 0))[0];
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
