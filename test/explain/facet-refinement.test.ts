import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CauseId } from '../../src/core/ids.js';
import { explainText } from '../../src/diagnosis/explain.js';
import { type CauseEvidence, rankCauses } from '../../src/diagnosis/rank-causes.js';
import { broaderFacets, probeBudget } from '../../src/evidence/facet-refinement.js';
import { gatherSetupFacts } from '../../src/evidence/setup-facts.js';
import { SIGNATURES } from '../../src/knowledge/signatures/index.js';
import { analyse } from '../logs/helpers.js';

/**
 * Facets of one event: a signature that reads the part of a message another leaves open (Envoy's transport failure
 * reason inside its body) says what the broader one meant, so it decides which causes are possible and the broader
 * ones only reweight among those. Table cases with near misses; each asserts a ranking a keyword matcher or the former
 * equal-weight geometric mean gets wrong.
 */

const ENVOY_BODY = 'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason:';
const REFUSED = `${ENVOY_BODY} delayed connect error: 111`;

const rank = (text: string, context?: string): CauseId[] => explainText(text, { context }).causes.map((c) => c.id);
const position = (ids: readonly CauseId[], id: CauseId) => (ids.includes(id) ? ids.indexOf(id) : Number.POSITIVE_INFINITY);

describe('explain: the most specific facet of one message decides', () => {
  it("a refused connect inside Envoy's body: bind-loopback and port-mismatch in the top 5, tls-mismatch below them", () => {
    const ids = rank(REFUSED);
    expect(ids[0]).toBe('not-listening');
    expect(ids.slice(0, 5)).toContain('bind-loopback');
    expect(ids.slice(0, 5)).toContain('port-mismatch');
    expect(position(ids, 'tls-mismatch')).toBeGreaterThan(position(ids, 'bind-loopback'));
    expect(position(ids, 'tls-mismatch')).toBeGreaterThan(position(ids, 'port-mismatch'));
  });

  it('the same refusal in the newer wording (remote connection failure, "Connection refused") ranks the same way', () => {
    const ids = rank(
      'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused',
    );
    expect(ids[0]).toBe('not-listening');
    expect(ids.slice(0, 4)).toEqual(expect.arrayContaining(['bind-loopback', 'port-mismatch']));
    expect(position(ids, 'tls-mismatch')).toBeGreaterThan(position(ids, 'port-mismatch'));
  });

  it.each([
    // No signature reads a bare OpenSSL code, so the reset reason's own list decides: TLS stays a leading candidate.
    ['a TLS error code as transport failure reason keeps tls-mismatch second', `${ENVOY_BODY} TLS error: 268435581`, 'tls-mismatch', 2],
    [
      'a TLS verify failure as transport failure reason ranks tls-mismatch first',
      `${ENVOY_BODY} TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED`,
      'tls-mismatch',
      1,
    ],
    [
      'a connection timeout ranks network-blocked first',
      'upstream connect error or disconnect/reset before headers. reset reason: connection timeout',
      'network-blocked',
      1,
    ],
    ['errno 110 (timed out) ranks network-blocked first', `${ENVOY_BODY} delayed connect error: 110`, 'network-blocked', 1],
    // The two envelopes both favour not-listening; the transport failure reason that says "no route" must win.
    [
      'No route to host ranks network-blocked first though both envelopes favour not-listening',
      'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: No route to host',
      'network-blocked',
      1,
    ],
  ] as const)('near miss: %s', (_name, text, cause, within) => {
    const ids = rank(text);
    expect(position(ids, cause), ids.join(', ')).toBeLessThan(within);
  });

  it('near miss: the TLS-code message and the refusal differ only in the transport failure reason, and so does TLS', () => {
    expect(rank(`${ENVOY_BODY} TLS error: 268435581`)).toContain('tls-mismatch');
    expect(rank(REFUSED).slice(0, 5)).not.toContain('tls-mismatch');
  });

  it('an Istio inbound access-log line with a refused connect reads as the app bound to loopback, not as a TLS problem', () => {
    const line =
      '[2024-05-01T10:00:00.123Z] "GET /api/orders HTTP/1.1" 503 UF,URX upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused} - "delayed connect error: Connection refused" 0 145 2 - "-" "curl/8.5.0" "5b8c3a4e" "api.default.svc.cluster.local:8080" "10.244.1.7:8080" inbound|8080|| 127.0.0.6:43211 10.244.1.7:8080 10.244.2.15:51234 outbound_.8080_._.api.default.svc.cluster.local default';
    const ids = rank(line);
    expect(ids[0]).toBe('bind-loopback');
    expect(position(ids, 'tls-mismatch')).toBeGreaterThan(2);
  });

  it('a wrapper (Traefik "caused by: <error>") adds where, not why: the wrapped error decides, as with the error alone', () => {
    const wrapped = rank(`time="2024-02-11T18:22:31Z" level=debug msg="'502 Bad Gateway' caused by: dial tcp 127.0.0.1:8080: connect: connection refused"`);
    const alone = rank('dial tcp 127.0.0.1:8080: connect: connection refused');
    expect(wrapped.slice(0, 2)).toEqual(alone.slice(0, 2));
  });

  it('updoc logs combines the facets of a counted message the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'updoc-facets-'));
    const file = join(dir, 'envoy.log');
    writeFileSync(file, [1, 2, 3].map((s) => `2024-05-01T10:00:0${s}Z ${REFUSED}\n`).join(''));
    const ids = await analyse([file])
      .then((summary) => summary.causes.map((c) => c.id))
      .finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(ids[0]).toBe('not-listening');
    expect(ids.slice(0, 5)).toEqual(expect.arrayContaining(['bind-loopback', 'port-mismatch']));
    expect(ids.slice(0, 5)).not.toContain('tls-mismatch');
  });
});

const facet = (id: string, text: string) => {
  const signature = SIGNATURES.find((s) => s.id === id);
  if (!signature) throw new Error(`no signature ${id}`);
  return { signature, text };
};

describe('broaderFacets: which nested facet refines which', () => {
  it('an inner reading of a part the outer leaves open refines it (Envoy body ⊃ reset reason ⊃ transport failure reason)', () => {
    const flags = broaderFacets([
      facet('envoy/upstream-connect-error', REFUSED),
      facet('envoy/reset-connection-failure', 'reset reason: connection failure, transport failure reason: delayed connect error: 111'),
      facet('envoy/delayed-connect-error-refused', 'delayed connect error: 111'),
    ]);
    expect(flags).toEqual([true, true, false]);
  });

  it('an outer specialisation that needs the inner words plus its own frame refines the inner one', () => {
    // Istio's outbound access-log line with UC and {connection_termination}: the line needs the detail's very words.
    const line =
      '" 503 UC upstream_reset_before_response_started{connection_termination} - "-" 0 95 1 - "-" "curl/7.88.1" "abc" "orders:8080" "10.244.3.4:8080" outbound|8080||orders.shop.svc.cluster.local';
    const detail = 'upstream_reset_before_response_started{connection_termination';
    expect(line.includes(detail)).toBe(true);
    expect(broaderFacets([facet('istio/outbound-connection-termination', line), facet('envoy/reset-connection-termination', detail)])).toEqual([false, true]);
  });

  it('near miss: an outer line that takes any detail (UF on an inbound cluster) is refined by the errno it leaves open', () => {
    const line =
      '"GET /api/orders HTTP/1.1" 503 UF upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused} - "delayed connect error: Connection refused" 0 145 2 - "-" "curl/8.5.0" "5b8c3a4e" "api.default.svc.cluster.local:8080" "10.244.1.7:8080" inbound|8080|| 127.0.0.6:43211';
    const refused = 'delayed_connect_error:_Connection_refused';
    expect(broaderFacets([facet('istio/inbound-app-refused', line), facet('envoy/delayed-connect-error-refused', refused)])).toEqual([true, false]);
  });

  it('a check status inside HAProxy\'s "Server … is DOWN" line refines it, though it also reads the line\'s start', () => {
    const line = 'Server be_api/api1 is DOWN, reason: Layer4 timeout, check duration: 2001ms. 0 active and 0 backup servers left';
    const flags = broaderFacets([
      facet('haproxy/server-marked-down', line),
      facet('haproxy/check-layer4-timeout', 'Server be_api/api1 is DOWN, reason: Layer4 timeout'),
    ]);
    expect(flags).toEqual([true, false]);
  });

  it('near miss: facets that do not nest, or match the same text, are peers', () => {
    expect(
      broaderFacets([
        facet('envoy/delayed-connect-error-refused', 'delayed connect error: 111'),
        facet('envoy/reset-connection-timeout', 'reset reason: connection timeout'),
      ]),
    ).toEqual([false, false]);
    const same = 'Connection refused: localhost/127.0.0.1:8080';
    expect(broaderFacets([facet('spring/netty-connection-refused', same), facet('spring/netty-connection-refused', same)])).toEqual([false, false]);
  });

  it('a shared budget bounds the probing of a paste whose every line says something new: once spent, new pairs stay peers', () => {
    // Words no earlier probe has seen (probes are remembered per inner text), each line another.
    const reasonOf = (k: number) =>
      `TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:verify cert failed: budget ${'abcdefghij'[k]}xq unseen`;
    const budget = probeBudget(60);
    const flags = Array.from({ length: 10 }, (_, k) =>
      broaderFacets([facet('envoy/upstream-connect-error', `${ENVOY_BODY} ${reasonOf(k)}`), facet('envoy/tls-certificate-verify-failed', reasonOf(k))], budget),
    );
    expect(flags[0]).toEqual([true, false]);
    expect(flags.at(-1)).toEqual([false, false]);
    expect(budget.patternRuns).toBeGreaterThanOrEqual(0);
    expect(budget.patternRuns).toBeLessThan(60);
  });
});

describe('rankCauses: broader facets reweight, they neither revive nor bury', () => {
  const facts = () => gatherSetupFacts([], [], {});
  const deciding: CauseEvidence = { weights: { 'not-listening': 0.4, 'bind-loopback': 0.3, 'port-mismatch': 0.3 }, label: 'specific', group: 0 };
  const envelope: CauseEvidence = { weights: { 'not-listening': 0.5, 'tls-mismatch': 0.5 }, label: 'envelope', group: 0 };

  it('a cause only the broader facet lists stays out, one only the deciding facet lists stays in', () => {
    const ids = rankCauses([deciding, { ...envelope, broader: true }], facts()).map((c) => c.id);
    expect(ids.slice(0, 3)).toEqual(['not-listening', 'bind-loopback', 'port-mismatch']);
    expect(ids).not.toContain('tls-mismatch');
  });

  it('near miss: the same facets as peers (no refinement known) keep the equal-weight mean, which lifts tls-mismatch over the listed ones', () => {
    const ranked = rankCauses([deciding, envelope], facts());
    const score = (id: CauseId) => ranked.find((c) => c.id === id)?.score ?? 0;
    expect(score('tls-mismatch')).toBeGreaterThan(score('bind-loopback'));
  });

  it('a lone deciding facet ranks as before: broader facets only move weight among its causes', () => {
    const alone = rankCauses([deciding], facts());
    const withEnvelope = rankCauses([deciding, { ...envelope, broader: true }], facts());
    const mass = (r: typeof alone) => r.filter((c) => c.id in deciding.weights).reduce((a, c) => a + c.score, 0);
    expect(Math.abs(mass(withEnvelope) - mass(alone))).toBeLessThan(0.01);
    // The envelope lists not-listening, not the other two: it moves weight towards it.
    expect(withEnvelope[0].score).toBeGreaterThan(alone[0].score);
  });
});
