import type { Rule } from '../../core/define-rule.js';
import backendBindsLoopback from './backend-binds-loopback/index.js';
import backendWithoutHealthcheck from './backend-without-healthcheck/index.js';
import dependencyCycle from './dependency-cycle/index.js';
import duplicatePublishedPort from './duplicate-published-port/index.js';
import healthcheckPortDiffers from './healthcheck-port-differs/index.js';
import healthyConditionWithoutHealthcheck from './healthy-condition-without-healthcheck/index.js';
import hostGatewayNotMapped from './host-gateway-not-mapped/index.js';
import hostNetworkMode from './host-network-mode/index.js';
import jvmHeapAboveMemoryLimit from './jvm-heap-above-memory-limit/index.js';
import jvmHeapWithoutHeadroom from './jvm-heap-without-headroom/index.js';
import noSharedNetwork from './no-shared-network/index.js';
import proxiedPortNotDeclared from './proxied-port-not-declared/index.js';
import proxyStartsBeforeBackend from './proxy-starts-before-backend/index.js';
import undefinedDependency from './undefined-dependency/index.js';
import undefinedNetwork from './undefined-network/index.js';
import unregisteredTargetName from './unregistered-target-name/index.js';
import virtualPortMismatch from './virtual-port-mismatch/index.js';

/** Every compose rule; one folder per rule beside this file. */
export const composeRules: readonly Rule[] = [
  undefinedNetwork,
  undefinedDependency,
  dependencyCycle,
  duplicatePublishedPort,
  noSharedNetwork,
  unregisteredTargetName,
  hostNetworkMode,
  hostGatewayNotMapped,
  backendBindsLoopback,
  proxyStartsBeforeBackend,
  backendWithoutHealthcheck,
  healthyConditionWithoutHealthcheck,
  healthcheckPortDiffers,
  proxiedPortNotDeclared,
  virtualPortMismatch,
  jvmHeapAboveMemoryLimit,
  jvmHeapWithoutHeadroom,
];
