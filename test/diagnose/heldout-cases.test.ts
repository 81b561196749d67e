import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CAUSE_IDS, type CauseId } from '../../src/core/ids.js';
import { diagnoseProject } from '../../src/diagnosis/diagnose.js';
import type { DiagnoseReport } from '../../src/diagnosis/diagnose/report.js';

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
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CASES_DIR = join(ROOT, 'test/fixtures/diagnose-heldout');

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

interface HeldOutCase {
  name: string;
  cause: CauseId;
  /** A calibration case: the posted evidence does not settle it. */
  insufficient: boolean;
  message?: string;
}

function readCase(name: string): HeldOutCase {
  const readme = readFileSync(join(CASES_DIR, name, 'README.md'), 'utf8');
  const cause = /Known cause: \*\*`([a-z-]+)`\*\*/.exec(readme)?.[1];
  if (!cause || !(CAUSE_IDS as readonly string[]).includes(cause)) throw new Error(`${name}/README.md names no known cause id`);
  const messageFile = join(CASES_DIR, name, 'message.txt');
  return {
    name,
    cause: cause as CauseId,
    insufficient: /Expected verdict: `insufficient-evidence`/.test(readme),
    ...(existsSync(messageFile) ? { message: readFileSync(messageFile, 'utf8') } : {}),
  };
}

const CASES = readdirSync(CASES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => readCase(d.name))
  .sort((a, b) => a.name.localeCompare(b.name));

const results = new Map<string, { rank: number; report: DiagnoseReport }>();

const diagnose = (c: HeldOutCase) =>
  diagnoseProject({ paths: [`test/fixtures/diagnose-heldout/${c.name}`], cwd: ROOT, ...(c.message ? { messages: [c.message] } : {}) });

describe('the held-out cases', () => {
  it('has 24 distinct cases across the taxonomy, each with a source and a known cause', () => {
    expect(CASES.length).toBe(24);
    expect(new Set(CASES.map((c) => c.cause)).size).toBeGreaterThanOrEqual(16);
    expect(CASES.filter((c) => c.insufficient).length).toBe(3);
    for (const c of CASES) expect(readFileSync(join(CASES_DIR, c.name, 'README.md'), 'utf8')).toMatch(/^Source: /m);
    for (const name of TOP3)
      expect(
        CASES.some((c) => c.name === name),
        name,
      ).toBe(true);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const report = await diagnose(c);
    const rank = report.causes.findIndex((x) => x.id === c.cause) + 1;
    results.set(c.name, { rank, report });
    const shown = `${report.verdict.status}: ${report.verdict.headline}\n${report.causes.map((x) => `${x.id} ${x.score}`).join(', ')}`;
    if (TOP3.has(c.name)) {
      expect(rank, shown).toBeGreaterThan(0);
      expect(rank, shown).toBeLessThanOrEqual(3);
    }
    // Calibrated: never a settled verdict for the wrong cause, nor one where what was posted does not settle it.
    if (report.verdict.status === 'problem') {
      expect(report.verdict.cause, shown).toBe(c.cause);
      expect(c.insufficient, shown).toBe(false);
    }
  });

  // A fix made after the first measurement (the figures are in docs/diagnose.md): Envoy's implicit 15 s route timeout
  // is read as the proxy's limit when the slow failures take exactly that long; the route with its own 30 s is not.
  it("reads Envoy's default route timeout as the limit the slow failures hit", async () => {
    const c = CASES.find((x) => x.name === 'envoy-route-timeout-15s');
    if (!c) throw new Error('case envoy-route-timeout-15s missing');
    const summaries = (await diagnose(c)).evidence.map((e) => e.summary);
    expect(summaries.some((s) => s.includes('route timeout 15s (the default)'))).toBe(true);
    expect(summaries.some((s) => s.includes('route timeout 30s'))).toBe(false);
  });

  afterAll(() => {
    if (results.size < CASES.length) return;
    const rows = CASES.map((c) => {
      const r = results.get(c.name);
      const top = r?.report.causes.slice(0, 3).map((x) => `${x.id} ${Math.round(x.score * 100)}%`) ?? [];
      const unread = r?.report.inputs.unread.length ? ` (unread: ${r.report.inputs.unread.length})` : '';
      return `${r?.rank === 1 ? '✓' : r && r.rank > 0 && r.rank <= 3 ? '3' : '✗'} ${c.name.padEnd(34)} ${c.cause.padEnd(20)} ${(r?.report.verdict.status ?? '').padEnd(22)} ${top.join(', ')}${unread}`;
    });
    const scored = CASES.filter((c) => !c.insufficient);
    const top1 = scored.filter((c) => results.get(c.name)?.rank === 1).length;
    const top3 = CASES.filter((c) => {
      const rank = results.get(c.name)?.rank ?? 0;
      return rank > 0 && rank <= 3;
    }).length;
    const settled = scored.filter((c) => results.get(c.name)?.report.verdict.status === 'problem').length;
    const settledWrong = CASES.filter((c) => {
      const v = results.get(c.name)?.report.verdict;
      return v?.status === 'problem' && (c.insufficient || v.cause !== c.cause);
    }).length;
    const calibrated = CASES.filter((c) => c.insufficient && results.get(c.name)?.report.verdict.status === 'insufficient-evidence').length;
    console.log(
      [
        'diagnose on held-out cases (test/fixtures/diagnose-heldout):',
        ...rows,
        `top-1: ${top1}/${scored.length} (cases with a settled cause) · top-3: ${top3}/${CASES.length} · settled as a problem (≥60%): ${settled}/${scored.length} · settled wrong: ${settledWrong} · calibration cases answered "not enough evidence": ${calibrated}/${CASES.length - scored.length}`,
      ].join('\n'),
    );
  });
});
