import type { Rule } from '../../core/define-rule.js';

/** Every kubernetes rule; one folder per rule beside this file. */
export const kubernetesRules: readonly Rule[] = [];
