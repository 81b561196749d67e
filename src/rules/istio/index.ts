import type { Rule } from '../../core/define-rule.js';
import appUid1337 from './app-uid-1337/index.js';
import authorizationDeniesAll from './authorization-denies-all/index.js';
import conflictingSidecars from './conflicting-sidecars/index.js';
import connectionPoolTooSmall from './connection-pool-too-small/index.js';
import destinationHostUnknown from './destination-host-unknown/index.js';
import destinationPortMissing from './destination-port-missing/index.js';
import destinationRuleHostUnknown from './destination-rule-host-unknown/index.js';
import destinationRuleTlsConflict from './destination-rule-tls-conflict/index.js';
import gatewayNotFound from './gateway-not-found/index.js';
import gatewayPortNotOnService from './gateway-port-not-on-service/index.js';
import namespaceNotInjected from './namespace-not-injected/index.js';
import outlierDetectionEjectsAll from './outlier-detection-ejects-all/index.js';
import sidecarEgressExcludesDestination from './sidecar-egress-excludes-destination/index.js';
import strictMtlsCallerWithoutSidecar from './strict-mtls-caller-without-sidecar/index.js';
import strictMtlsPlaintextClient from './strict-mtls-plaintext-client/index.js';
import subsetNotDefined from './subset-not-defined/index.js';
import subsetSelectsNoPods from './subset-selects-no-pods/index.js';

/** Every istio rule; one folder per rule beside this file. */
export const istioRules: readonly Rule[] = [
  destinationHostUnknown,
  destinationPortMissing,
  subsetNotDefined,
  subsetSelectsNoPods,
  destinationRuleHostUnknown,
  gatewayNotFound,
  gatewayPortNotOnService,
  namespaceNotInjected,
  appUid1337,
  strictMtlsPlaintextClient,
  strictMtlsCallerWithoutSidecar,
  destinationRuleTlsConflict,
  outlierDetectionEjectsAll,
  connectionPoolTooSmall,
  sidecarEgressExcludesDestination,
  conflictingSidecars,
  authorizationDeniesAll,
];
