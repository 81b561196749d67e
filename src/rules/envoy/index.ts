import type { Rule } from '../../core/define-rule.js';
import circuitBreakerTiny from './circuit-breaker-tiny/index.js';
import connectTimeoutMisaligned from './connect-timeout-misaligned/index.js';
import endpointPortMismatch from './endpoint-port-mismatch/index.js';
import endpointUnresolvable from './endpoint-unresolvable/index.js';
import grpcWithoutHttp2 from './grpc-without-http2/index.js';
import healthCheckMismatch from './health-check-mismatch/index.js';
import idleTimeoutOutlivesBackend from './idle-timeout-outlives-backend/index.js';
import localhostEndpointInContainer from './localhost-endpoint-in-container/index.js';
import outlierDetectionEjectsAll from './outlier-detection-ejects-all/index.js';
import staticClusterHostname from './static-cluster-hostname/index.js';
import tlsMismatch from './tls-mismatch/index.js';
import undefinedCluster from './undefined-cluster/index.js';

/** Every envoy rule; one folder per rule beside this file. */
export const envoyRules: readonly Rule[] = [
  localhostEndpointInContainer,
  endpointPortMismatch,
  endpointUnresolvable,
  undefinedCluster,
  staticClusterHostname,
  grpcWithoutHttp2,
  tlsMismatch,
  healthCheckMismatch,
  idleTimeoutOutlivesBackend,
  connectTimeoutMisaligned,
  circuitBreakerTiny,
  outlierDetectionEjectsAll,
];
