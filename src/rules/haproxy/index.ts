import type { Rule } from '../../core/define-rule.js';

/** Every haproxy rule; one folder per rule beside this file. */
export const haproxyRules: readonly Rule[] = [];
