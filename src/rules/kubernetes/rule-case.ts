/**
 * Extra table cases for a Kubernetes or Istio rule (beside its index.ts as `cases.ts`) when the Problem/Fixed pair
 * of its docs is not enough: variants that must fire (`findings` > 0) and near misses that must not (`findings: 0`).
 * Checked by count (and, where it matters, `file:line`), unlike the shared `RuleCase` (src/rules/rule-case.ts) of
 * the proxy and Compose rules, which pins exact positions and fixes.
 */
export interface CountedRuleCase {
  name: string;
  files: Record<string, string>;
  /** How many findings of the rule the project yields. */
  findings: number;
  /** `file:line` of each finding, in order, when the position matters. */
  at?: string[];
  /** A fragment every finding's message contains. */
  message?: string;
}
