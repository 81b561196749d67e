import type { Rule } from '../../core/define-rule.js';
import localhostServerInContainer from './localhost-server-in-container/index.js';
import serverPortMismatch from './server-port-mismatch/index.js';
import serverUnresolvable from './server-unresolvable/index.js';

/** Every haproxy rule; one folder per rule beside this file. */
export const haproxyRules: readonly Rule[] = [localhostServerInContainer, serverPortMismatch, serverUnresolvable];
