import type { Rule } from '../../core/define-rule.js';
import fastcgiProtocolMismatch from './fastcgi-protocol-mismatch/index.js';
import containerAddressCached from './container-address-cached/index.js';
import failoverDisabled from './failover-disabled/index.js';
import grpcOverProxyPass from './grpc-over-proxy-pass/index.js';
import localhostUpstreamInContainer from './localhost-upstream-in-container/index.js';
import nextUpstreamNonIdempotent from './next-upstream-non-idempotent/index.js';
import noPortInUpstream from './no-port-in-upstream/index.js';
import readTimeoutBelowBackend from './read-timeout-below-backend/index.js';
import resolveWithoutResolver from './resolve-without-resolver/index.js';
import resolverCannotResolveBackend from './resolver-cannot-resolve-backend/index.js';
import tlsSchemeMismatch from './tls-scheme-mismatch/index.js';
import upstreamDnsCachedForever from './upstream-dns-cached-forever/index.js';
import upstreamHostUnresolvable from './upstream-host-unresolvable/index.js';
import upstreamKeepaliveOutlivesBackend from './upstream-keepalive-outlives-backend/index.js';
import upstreamKeepaliveTimeoutDefault from './upstream-keepalive-timeout-default/index.js';
import upstreamKeepaliveUnused from './upstream-keepalive-unused/index.js';
import upstreamNameWithPort from './upstream-name-with-port/index.js';
import variablePassWithoutResolver from './variable-pass-without-resolver/index.js';
import websocketIdleTimeout from './websocket-idle-timeout/index.js';
import upstreamNoUsableServer from './upstream-no-usable-server/index.js';
import upstreamPortMismatch from './upstream-port-mismatch/index.js';

/** Every nginx rule; one folder per rule beside this file. */
export const nginxRules: readonly Rule[] = [
  localhostUpstreamInContainer,
  upstreamHostUnresolvable,
  upstreamPortMismatch,
  upstreamNameWithPort,
  noPortInUpstream,
  upstreamDnsCachedForever,
  containerAddressCached,
  variablePassWithoutResolver,
  resolveWithoutResolver,
  resolverCannotResolveBackend,
  upstreamKeepaliveUnused,
  upstreamKeepaliveOutlivesBackend,
  upstreamKeepaliveTimeoutDefault,
  websocketIdleTimeout,
  readTimeoutBelowBackend,
  upstreamNoUsableServer,
  failoverDisabled,
  nextUpstreamNonIdempotent,
  tlsSchemeMismatch,
  grpcOverProxyPass,
  fastcgiProtocolMismatch,
];
