import type { Rule } from '../../core/define-rule.js';
import conflictingPortProtocols from './conflicting-port-protocols/index.js';
import containerBindsLoopback from './container-binds-loopback/index.js';
import envPortMismatch from './env-port-mismatch/index.js';
import invalidPort from './invalid-port/index.js';
import missingReadinessProbe from './missing-readiness-probe/index.js';
import probePortNotDeclared from './probe-port-not-declared/index.js';
import readinessProbeOnOtherPort from './readiness-probe-on-other-port/index.js';
import selectorlessServiceWithoutEndpoints from './selectorless-service-without-endpoints/index.js';
import serviceSelectorControlPlaneLabel from './service-selector-control-plane-label/index.js';
import serviceSelectorMatchesNothing from './service-selector-matches-nothing/index.js';
import targetPortNotInPods from './target-port-not-in-pods/index.js';
import workloadSelectorMismatch from './workload-selector-mismatch/index.js';

/** Every kubernetes rule; one folder per rule beside this file. */
export const kubernetesRules: readonly Rule[] = [
  serviceSelectorMatchesNothing,
  serviceSelectorControlPlaneLabel,
  targetPortNotInPods,
  invalidPort,
  selectorlessServiceWithoutEndpoints,
  workloadSelectorMismatch,
  conflictingPortProtocols,
  missingReadinessProbe,
  probePortNotDeclared,
  readinessProbeOnOtherPort,
  envPortMismatch,
  containerBindsLoopback,
];
