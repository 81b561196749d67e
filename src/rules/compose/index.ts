import type { Rule } from '../../core/define-rule.js';

/** Every compose rule; one folder per rule beside this file. */
export const composeRules: readonly Rule[] = [];
