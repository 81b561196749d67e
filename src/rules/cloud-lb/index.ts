import type { Rule } from '../../core/define-rule.js';
import healthCheckPathMismatch from './health-check-path-mismatch/index.js';
import healthCheckPortMismatch from './health-check-port-mismatch/index.js';
import idleTimeoutExceedsKeepalive from './idle-timeout-exceeds-keepalive/index.js';
import targetTypeMismatch from './target-type-mismatch/index.js';

/** Every cloud-lb rule; one folder per rule beside this file. */
export const cloudLbRules: readonly Rule[] = [healthCheckPathMismatch, healthCheckPortMismatch, targetTypeMismatch, idleTimeoutExceedsKeepalive];
