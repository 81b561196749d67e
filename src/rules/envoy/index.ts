import type { Rule } from '../../core/define-rule.js';

/** Every envoy rule; one folder per rule beside this file. */
export const envoyRules: readonly Rule[] = [];
