import type { Rule } from '../../core/define-rule.js';

/** Every caddy rule; one folder per rule beside this file. */
export const caddyRules: readonly Rule[] = [];
