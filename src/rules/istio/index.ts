import type { Rule } from '../../core/define-rule.js';

/** Every istio rule; one folder per rule beside this file. */
export const istioRules: readonly Rule[] = [];
