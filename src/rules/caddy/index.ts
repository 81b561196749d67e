import type { Rule } from '../../core/define-rule.js';
import grpcWithoutH2c from './grpc-without-h2c/index.js';
import healthCheckMismatch from './health-check-mismatch/index.js';
import localhostUpstreamInContainer from './localhost-upstream-in-container/index.js';
import upstreamPortMismatch from './upstream-port-mismatch/index.js';
import upstreamTlsMismatch from './upstream-tls-mismatch/index.js';
import upstreamUnresolvable from './upstream-unresolvable/index.js';

/** Every caddy rule; one folder per rule beside this file. */
export const caddyRules: readonly Rule[] = [
  localhostUpstreamInContainer,
  upstreamPortMismatch,
  upstreamUnresolvable,
  grpcWithoutH2c,
  upstreamTlsMismatch,
  healthCheckMismatch,
];
