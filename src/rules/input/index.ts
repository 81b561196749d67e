import type { Rule } from '../../core/define-rule.js';

/** Every input rule; one folder per rule beside this file. */
export const inputRules: readonly Rule[] = [];
