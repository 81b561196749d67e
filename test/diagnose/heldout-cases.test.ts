import { afterAll, describe, expect, it } from 'vitest';
import { type CaseResult, caseFigures, diagnoseCase, expectSourcedCases, readCases, shown } from '../helpers/diagnose-cases.js';

/**
 * A held-out evaluation of `diagnose`: 24 cases written after the 39 of `diagnose-real` had been used to improve it,
 * without looking at how diagnose reasons, on other platforms and combinations (Traefik's file provider, Caddy with
 * several Compose networks, HAProxy on a VM, an Envoy bootstrap, Istio sidecars, Ingress + Services, kubectl events,
 * GCP/AWS load-balancer logs, Node/Go/Python/Spring app logs). Each has the configs a user would post, a log excerpt
 * (files in the case directory) or the pasted error (`message.txt`, given as `--message`), and a README naming the
 * situation, the catalog entry of the error text and the cause the thread settled on (`Known cause: **`id`**`).
 *
 * The assertions record the state at the first (held-out) measurement without special-casing: the cases in TOP3 had
 * their cause within the top three then and must keep it; no case may ever get a settled (≥ 60 %) verdict for a wrong
 * cause. Cases whose README says `Expected verdict: `insufficient-evidence`` are calibration cases: a settled verdict
 * there is an overclaim. The figures (top-1, top-3, settled, calibration) are printed.
 */

/** Cases whose known cause ranked within the top three at the first, held-out measurement. */
const TOP3 = new Set<string>([
  'alb-node-keepalive',
  'ambiguous-ingress-503-page',
  'ambiguous-java-read-timeout',
  'ambiguous-node-socket-hangup',
  'caddy-compose-two-networks',
  'caddy-uvicorn-worker-crash',
  'envoy-route-timeout-15s',
  'gcp-lb-healthcheck-path',
  'haproxy-spring-tls-port',
  'haproxy-vm-app-crashed',
  'ingress-class-mismatch',
  'ingress-networkpolicy-deny',
  'ingress-wrong-service-port',
  'istio-app-before-sidecar',
  'istio-grpc-port-named-http',
  'istio-strict-mtls-no-sidecar',
  'k8s-go-localhost-bind',
  'k8s-pods-pending-no-endpoints',
  'nginx-spring-tomcat-keepalive',
  'python-requests-namespace-dns',
  'spring-resilience4j-open',
  'traefik-file-provider-localhost',
]);

const DIR = 'test/fixtures/diagnose-heldout';
const CASES = readCases(DIR);
const results = new Map<string, CaseResult>();

describe('the held-out cases', () => {
  it('has 24 distinct cases across the taxonomy, each with a source and a known cause', () => {
    expect(CASES.length).toBe(24);
    expect(new Set(CASES.map((c) => c.cause)).size).toBeGreaterThanOrEqual(16);
    expect(CASES.filter((c) => c.insufficient).length).toBe(3);
    expectSourcedCases(DIR, CASES, TOP3);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await diagnoseCase(DIR, c);
    results.set(c.name, result);
    const { rank, report } = result;
    const said = shown(report);
    if (TOP3.has(c.name)) {
      expect(rank, said).toBeGreaterThan(0);
      expect(rank, said).toBeLessThanOrEqual(3);
    }
    // Calibrated: never a settled verdict for the wrong cause, nor one where what was posted does not settle it.
    if (report.verdict.status === 'problem') {
      expect(report.verdict.cause, said).toBe(c.cause);
      expect(c.insufficient, said).toBe(false);
    }
  });

  // A fix made after the first measurement (the figures are in docs/diagnose.md): Envoy's implicit 15 s route timeout
  // is read as the proxy's limit when the slow failures take exactly that long; the route with its own 30 s is not.
  it("reads Envoy's default route timeout as the limit the slow failures hit", async () => {
    const c = CASES.find((x) => x.name === 'envoy-route-timeout-15s');
    if (!c) throw new Error('case envoy-route-timeout-15s missing');
    const summaries = (await diagnoseCase(DIR, c)).report.evidence.map((e) => e.summary);
    expect(summaries.some((s) => s.includes('route timeout 15s (the default)'))).toBe(true);
    expect(summaries.some((s) => s.includes('route timeout 30s'))).toBe(false);
  });

  afterAll(() => {
    if (results.size === CASES.length) console.log(caseFigures('diagnose on held-out cases (test/fixtures/diagnose-heldout):', CASES, results));
  });
});
