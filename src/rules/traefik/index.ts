import type { Rule } from '../../core/define-rule.js';

/** Every traefik rule; one folder per rule beside this file. */
export const traefikRules: readonly Rule[] = [];
