import type { Rule } from '../../core/define-rule.js';

/** Every spring rule; one folder per rule beside this file. */
export const springRules: readonly Rule[] = [];
