import type { Rule } from '../../core/define-rule.js';
import ambiguousDockerNetwork from './ambiguous-docker-network/index.js';
import dockerNetworkMismatch from './docker-network-mismatch/index.js';
import localhostServerInContainer from './localhost-server-in-container/index.js';
import routedContainerNotEnabled from './routed-container-not-enabled/index.js';
import routerServiceUndefined from './router-service-undefined/index.js';
import serverUnresolvable from './server-unresolvable/index.js';
import servicePortMismatch from './service-port-mismatch/index.js';

/** Every traefik rule; one folder per rule beside this file. */
export const traefikRules: readonly Rule[] = [
  servicePortMismatch,
  localhostServerInContainer,
  serverUnresolvable,
  ambiguousDockerNetwork,
  dockerNetworkMismatch,
  routerServiceUndefined,
  routedContainerNotEnabled,
];
