import { afterAll, describe, expect, it } from 'vitest';
import { type CaseResult, caseFigures, diagnoseCase, expectSourcedCases, readCases, shown } from '../helpers/diagnose-cases.js';

/**
 * A held-out evaluation of `diagnose` on cases written the way people post them in public issue threads (nginx-proxy,
 * ingress-nginx, Istio/Envoy, Traefik, Caddy, HAProxy, Compose, Spring; Stack Overflow, Server Fault): the configs the
 * poster showed, a log excerpt (files in the case directory) or the pasted error (`message.txt`, given as
 * `--message`), and a README naming the thread type and the cause the thread settled on (`Known cause: **`id`**`).
 * Configs are as users write them, not in the shape our rules expect.
 *
 * Every case must have its cause within the top three; the cases in TOP1 must have it first. The accuracy is
 * printed. Cases whose README says `Expected verdict: `insufficient-evidence`` are calibration cases: the evidence
 * posted does not settle the cause, so the verdict must say so rather than claim it.
 */

/** Cases whose known cause must rank first (the rest: within the top three). */
const TOP1 = new Set<string>([
  'alb-healthcheck-port',
  'caddy-compose-localhost',
  'caddy-https-to-plain',
  'compose-django-localhost',
  'compose-flask-loopback',
  'compose-service-name-typo',
  'compose-spring-startup-race',
  'envoy-h2-to-http1',
  'envoy-node-keepalive',
  'haproxy-compose-startup',
  'haproxy-httpchk-404',
  'haproxy-l4-timeout-firewall',
  'istio-connection-pool-overflow',
  'istio-inbound-loopback',
  'istio-outlier-ejection',
  'k8s-readiness-fails',
  'k8s-selector-mismatch',
  'k8s-service-name-typo',
  'k8s-targetport-mismatch',
  'nginx-504-long-export',
  'nginx-grpc-pass-h1',
  'nginx-host-not-found-startup',
  'nginx-http-to-tls-port',
  'nginx-https-to-plain',
  'nginx-no-route-firewalld',
  'nginx-node-crash-reset',
  'nginx-phpfpm-eagain',
  'nginx-phpfpm-socket-missing',
  'nginx-proxy-virtual-port',
  'nginx-selinux-denied',
  'nginx-upstream-keepalive-gunicorn',
  'spring-gateway-no-instance',
  'spring-gateway-wrong-port',
  'traefik-port-label',
  'traefik-vite-loopback',
  'traefik-wrong-network',
]);

const DIR = 'test/fixtures/diagnose-real';
const CASES = readCases(DIR);
const results = new Map<string, CaseResult>();

describe('the real-world cases', () => {
  it('has at least 25 distinct cases across the taxonomy, each with a source and a known cause', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CASES.map((c) => c.cause)).size).toBeGreaterThanOrEqual(16);
    expectSourcedCases(DIR, CASES, TOP1);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await diagnoseCase(DIR, c);
    results.set(c.name, result);
    const { rank, report } = result;
    const said = shown(report);
    expect(report.inputs.unread, said).toEqual([]);
    expect(rank, said).toBeGreaterThan(0);
    expect(rank, said).toBeLessThanOrEqual(3);
    if (TOP1.has(c.name)) expect(rank, said).toBe(1);
    // Calibrated: never a settled verdict for the wrong cause, and "not enough evidence" where what was posted does not settle it.
    if (report.verdict.status === 'problem') expect(report.verdict.cause, said).toBe(c.cause);
    if (c.insufficient) {
      expect(report.verdict.status, said).toBe('insufficient-evidence');
      expect(report.verdict.confidence, said).toBeLessThan(0.6);
    }
  });

  afterAll(() => {
    if (results.size === CASES.length) console.log(caseFigures('diagnose on real-world cases (test/fixtures/diagnose-real):', CASES, results));
  });
});
