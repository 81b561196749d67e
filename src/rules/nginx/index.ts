import type { Rule } from '../../core/define-rule.js';

/** Every nginx rule; one folder per rule beside this file. */
export const nginxRules: readonly Rule[] = [];
