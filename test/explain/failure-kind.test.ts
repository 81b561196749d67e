import { describe, expect, it } from 'vitest';
import type { SignatureMatch } from '../../src/evidence/match-signatures.js';
import { failureKindOf } from '../../src/evidence/setup-facts.js';
import { SIGNATURES } from '../../src/knowledge/signatures/index.js';

/** How a matched line's connection failed: the reading diagnose and explain give every failure they see. */
const match = (id: string, text: string, fields: SignatureMatch['fields'] = {}): SignatureMatch => {
  const signature = SIGNATURES.find((s) => s.id === id);
  if (!signature) throw new Error(`no signature ${id}`);
  return { signature, record: 0, incident: 0, line: 1, text, fields };
};

describe('failureKindOf', () => {
  it.each([
    [
      'HAProxy check Layer4 timeout: no SYN-ACK, a connect timeout',
      'haproxy/check-layer4-timeout',
      'Server be_api/api1 is DOWN, reason: Layer4 timeout, check duration: 2001ms. 0 active and 0 backup servers left.',
      'connect-timeout',
    ],
    [
      'near miss: Layer7 timeout — connected, no answer in time',
      'haproxy/check-layer7-timeout',
      'Server be_api/api1 is DOWN, reason: Layer7 timeout, check duration: 2001ms. 0 active and 0 backup servers left.',
      'read-timeout',
    ],
    [
      'nginx timed out while connecting',
      'nginx/connect-timeout',
      '2024/03/12 09:14:01 [error] 22#22: *1 upstream timed out (110: Connection timed out) while connecting to upstream, client: 10.0.0.1',
      'connect-timeout',
    ],
    [
      'near miss: nginx timed out while reading the response header',
      'nginx/read-header-timeout',
      '2024/03/12 09:14:01 [error] 22#22: *1 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.1',
      'read-timeout',
    ],
    [
      'Envoy body with a TLS transport failure reason: a failed handshake, not the "reset" of its envelope',
      'envoy/upstream-connect-error',
      'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error: 268435581',
      'tls',
      { resetReason: 'connection failure', transportFailureReason: 'TLS error: 268435581' },
    ],
    [
      "Istio's details with a TLS transport failure reason",
      'envoy/upstream-reset-before-response-started',
      'upstream_reset_before_response_started{remote_connection_failure|TLS_error:|268435703:SSL_routines:OPENSSL_internal:WRONG_VERSION_NUMBER:TLS_error_end}',
      'tls',
      {
        resetReason: 'remote_connection_failure',
        transportFailureReason: 'TLS_error:|268435703:SSL_routines:OPENSSL_internal:WRONG_VERSION_NUMBER:TLS_error_end',
      },
    ],
    [
      'near miss: the same body with an errno transport failure reason is a refused connect',
      'envoy/upstream-connect-error',
      'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111',
      'refused',
      { resetReason: 'connection failure', transportFailureReason: 'delayed connect error: 111' },
    ],
    [
      'near miss: connection termination with no transport failure reason stays a reset',
      'envoy/upstream-connect-error',
      'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
      'reset',
      { resetReason: 'connection termination' },
    ],
  ] as [string, string, string, string, SignatureMatch['fields']?][])('%s', (_name, id, text, kind, fields) => {
    expect(failureKindOf(match(id, text, fields))).toBe(kind);
  });
});
