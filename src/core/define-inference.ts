import type { SetupFacts } from '../evidence/setup-facts.js';
import type { CauseId } from './ids.js';

/**
 * A piece of setup reasoning: when the facts show something (a loopback target in a container, a
 * failure that only happens after idle periods…), shift the odds of some causes and say why.
 * Inferences only read facts; they never look at raw text.
 */
export interface Inference {
  id: string;
  description: string;
  /** Returns the reason in plain words when the inference applies, or null. */
  applies(facts: SetupFacts): string | null;
  /** Log-odds shifts: +1 roughly triples a cause's odds, -1 divides them by three. */
  shift: Partial<Record<CauseId, number>>;
}

export function defineInference(inference: Inference): Inference {
  return inference;
}
