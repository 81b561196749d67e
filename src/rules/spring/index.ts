import type { Rule } from '../../core/define-rule.js';
import actuatorOnOtherPort from './actuator-on-other-port/index.js';
import hikariPoolBelowThreads from './hikari-pool-below-threads/index.js';
import keepAliveBelowProxyIdle from './keep-alive-below-proxy-idle/index.js';
import managementPortLoopback from './management-port-loopback/index.js';
import serverAddressLoopback from './server-address-loopback/index.js';
import serverPortMismatch from './server-port-mismatch/index.js';

/** Every spring rule; one folder per rule beside this file. */
export const springRules: readonly Rule[] = [
  serverAddressLoopback,
  serverPortMismatch,
  managementPortLoopback,
  actuatorOnOtherPort,
  keepAliveBelowProxyIdle,
  hikariPoolBelowThreads,
];
