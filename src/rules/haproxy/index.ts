import type { Rule } from '../../core/define-rule.js';
import containerAddressCached from './container-address-cached/index.js';
import healthCheckMismatch from './health-check-mismatch/index.js';
import localhostServerInContainer from './localhost-server-in-container/index.js';
import missingTimeouts from './missing-timeouts/index.js';
import noUsableServer from './no-usable-server/index.js';
import serverDnsCachedForever from './server-dns-cached-forever/index.js';
import resolversCannotResolveServer from './resolvers-cannot-resolve-server/index.js';
import serverPortMismatch from './server-port-mismatch/index.js';
import serverTimeoutBelowBackend from './server-timeout-below-backend/index.js';
import serverUnresolvable from './server-unresolvable/index.js';
import tlsMismatch from './tls-mismatch/index.js';
import unknownBackend from './unknown-backend/index.js';

/** Every haproxy rule; one folder per rule beside this file. */
export const haproxyRules: readonly Rule[] = [
  localhostServerInContainer,
  serverPortMismatch,
  serverUnresolvable,
  serverDnsCachedForever,
  resolversCannotResolveServer,
  containerAddressCached,
  healthCheckMismatch,
  missingTimeouts,
  tlsMismatch,
  noUsableServer,
  unknownBackend,
  serverTimeoutBelowBackend,
];
