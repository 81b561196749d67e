import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envoyFailure } from '../../src/inputs/logs/formats/layouts/envoy.js';
import { runCli } from '../helpers/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'updoc-logs-envoy-nr-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `updoc logs --json` on a file with these lines. */
function logs(name: string, lines: string[]) {
  const path = join(tmp, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const r = runCli(['logs', '--json', path]);
  return { code: r.code, out: JSON.parse(r.stdout) };
}

// Istio sidecar, TCP connection that matched no filter chain (plaintext to a STRICT mTLS port).
const ISTIO_TCP_NR = '[2026-11-21T10:00:00.000Z] "- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - 10.0.0.5:8080 10.0.0.9:51234 - -';
// Envoy default format, TCP proxy with no route for the connection.
const ENVOY_TCP_NR = '[2026-11-21T10:00:01.000Z] "- - -" 0 NR 0 0 0 - "-" "-" "-" "-" "-"';
// Near miss: an HTTP request for an unknown host/path (a client's mistake, not an upstream failure).
const ISTIO_HTTP_NR =
  '[2026-11-21T10:00:02.000Z] "GET /nope HTTP/1.1" 404 NR route_not_found - "-" 0 0 0 - "-" "curl/8.5.0" "id-1" "web.ns" "-" - - 10.0.0.5:80 10.0.0.9:51236 - -';

describe('Envoy/Istio connections that no filter chain or TCP route accepted', () => {
  it.each([
    ['Istio', 'istio', ISTIO_TCP_NR],
    ['Envoy', 'envoy', ENVOY_TCP_NR],
  ])('%s TCP line with NR is counted by updoc logs', (_label, format, line) => {
    const { code, out } = logs(`${format}-tcp.log`, [line, line]);
    expect(code).toBe(1);
    expect(out.files[0].format).toBe(format);
    expect(out.files[0].matched).toBe(2);
    expect(out.totals.failures).toBe(2);
    expect(out.bySignature.length).toBeGreaterThan(0);
    expect(out.bySignature[0].count).toBe(2);
    expect(['config-error', 'tls-mismatch', 'port-mismatch']).toContain(out.causes[0].id);
  });

  it('the Istio filter_chain_not_found line is attributed to the address it was sent to', () => {
    const { out } = logs('istio-addr.log', [ISTIO_TCP_NR]);
    expect(out.byUpstream.find((u: { count: number }) => u.count > 0).upstream).toBe('10.0.0.5:8080');
  });

  it('an HTTP 404 NR (unknown host or path) is not counted', () => {
    const { code, out } = logs('istio-http-nr.log', [ISTIO_HTTP_NR, ISTIO_HTTP_NR]);
    expect(out.files[0].format).toBe('istio');
    expect(out.files[0].matched).toBe(0);
    expect(out.bySignature).toEqual([]);
    expect(code).toBe(0);
  });

  it('envoyFailure: NR is a failure for a connection (code 0 or filter_chain_not_found), not for a 404', () => {
    expect(envoyFailure({ flags: 'NR', status: '0' })?.fallback.catalog).toBe('ENV-NR');
    expect(envoyFailure({ flags: 'NR', status: '503', details: 'filter_chain_not_found' })?.fallback.catalog).toBe('ENV-NR');
    expect(envoyFailure({ flags: 'NR', status: '404', details: 'route_not_found' })).toBeNull();
    expect(envoyFailure({ flags: 'DC', status: '0' })).toBeNull();
    expect(envoyFailure({ flags: 'UF,NR', status: '0' })?.fallback.catalog).toBe('ENV-UF');
  });
});
