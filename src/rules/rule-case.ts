/**
 * An extra table case for a rule, beside it in `cases.ts`: a small project and the positions
 * (`file:line:column`) where the rule must report — none for a near miss.
 */
export interface RuleCase {
  name: string;
  files: Record<string, string>;
  expect: string[];
  /** Replacement texts the fixes must carry, in finding order (when the rule fixes mechanically). */
  fixes?: (string | undefined)[];
  /**
   * Input problems the case has on purpose (an include that is not in the project, a half-written block), as
   * patterns their messages must match, in order; any other input problem fails the case.
   */
  inputProblems?: RegExp[];
}
