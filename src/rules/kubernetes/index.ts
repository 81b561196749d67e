import type { Rule } from '../../core/define-rule.js';
import backendNotCoveredByPolicy from './backend-not-covered-by-policy/index.js';
import backendPodsNotReady from './backend-pods-not-ready/index.js';
import conflictingPortProtocols from './conflicting-port-protocols/index.js';
import containerBindsLoopback from './container-binds-loopback/index.js';
import crossNamespaceBackend from './cross-namespace-backend/index.js';
import egressPolicyBlocksDns from './egress-policy-blocks-dns/index.js';
import envPortMismatch from './env-port-mismatch/index.js';
import ingressBackendPortMissing from './ingress-backend-port-missing/index.js';
import ingressBackendProtocolMismatch from './ingress-backend-protocol-mismatch/index.js';
import ingressBackendServiceMissing from './ingress-backend-service-missing/index.js';
import ingressClassUnknown from './ingress-class-unknown/index.js';
import invalidPort from './invalid-port/index.js';
import jvmHeapAboveMemoryLimit from './jvm-heap-above-memory-limit/index.js';
import jvmHeapWithoutHeadroom from './jvm-heap-without-headroom/index.js';
import missingReadinessProbe from './missing-readiness-probe/index.js';
import networkPolicyBlocksProxy from './network-policy-blocks-proxy/index.js';
import networkPolicyPeerMatchesNothing from './network-policy-peer-matches-nothing/index.js';
import networkPolicyPortNotExposed from './network-policy-port-not-exposed/index.js';
import networkPolicySelectsNoPods from './network-policy-selects-no-pods/index.js';
import probePortNotDeclared from './probe-port-not-declared/index.js';
import proxyTargetPortNotOnService from './proxy-target-port-not-on-service/index.js';
import proxyTargetServiceMissing from './proxy-target-service-missing/index.js';
import readinessProbeOnOtherPort from './readiness-probe-on-other-port/index.js';
import routeBackendNotPermitted from './route-backend-not-permitted/index.js';
import routeBackendPortMissing from './route-backend-port-missing/index.js';
import routeBackendServiceMissing from './route-backend-service-missing/index.js';
import selectorlessServiceWithoutEndpoints from './selectorless-service-without-endpoints/index.js';
import serviceHasNoReadyEndpoints from './service-has-no-ready-endpoints/index.js';
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
  serviceHasNoReadyEndpoints,
  backendPodsNotReady,
  workloadSelectorMismatch,
  conflictingPortProtocols,
  missingReadinessProbe,
  probePortNotDeclared,
  readinessProbeOnOtherPort,
  envPortMismatch,
  containerBindsLoopback,
  ingressBackendServiceMissing,
  ingressBackendPortMissing,
  ingressBackendProtocolMismatch,
  ingressClassUnknown,
  crossNamespaceBackend,
  routeBackendServiceMissing,
  routeBackendPortMissing,
  routeBackendNotPermitted,
  networkPolicySelectsNoPods,
  networkPolicyPeerMatchesNothing,
  networkPolicyPortNotExposed,
  networkPolicyBlocksProxy,
  egressPolicyBlocksDns,
  backendNotCoveredByPolicy,
  proxyTargetServiceMissing,
  proxyTargetPortNotOnService,
  jvmHeapAboveMemoryLimit,
  jvmHeapWithoutHeadroom,
];
