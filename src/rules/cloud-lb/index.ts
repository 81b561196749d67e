import type { Rule } from '../../core/define-rule.js';

/** Every cloud-lb rule; one folder per rule beside this file. */
export const cloudLbRules: readonly Rule[] = [];
