import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CAUSE_IDS, type CauseId } from '../../src/core/ids.js';
import { diagnoseProject } from '../../src/diagnosis/diagnose.js';
import type { DiagnoseReport } from '../../src/diagnosis/diagnose/report.js';

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
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CASES_DIR = join(ROOT, 'test/fixtures/diagnose-real');

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

interface RealCase {
  name: string;
  cause: CauseId;
  /** A calibration case: the posted evidence does not settle it. */
  insufficient: boolean;
  message?: string;
}

function readCase(name: string): RealCase {
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

const diagnose = (c: RealCase) =>
  diagnoseProject({ paths: [`test/fixtures/diagnose-real/${c.name}`], cwd: ROOT, ...(c.message ? { messages: [c.message] } : {}) });

describe('the real-world cases', () => {
  it('has at least 25 distinct cases across the taxonomy, each with a source and a known cause', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CASES.map((c) => c.cause)).size).toBeGreaterThanOrEqual(16);
    for (const c of CASES) expect(readFileSync(join(CASES_DIR, c.name, 'README.md'), 'utf8')).toMatch(/^Source: /m);
    for (const name of TOP1)
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
    expect(report.inputs.unread, shown).toEqual([]);
    expect(rank, shown).toBeGreaterThan(0);
    expect(rank, shown).toBeLessThanOrEqual(3);
    if (TOP1.has(c.name)) expect(rank, shown).toBe(1);
    // Calibrated: never a settled verdict for the wrong cause, and "not enough evidence" where what was posted does not settle it.
    if (report.verdict.status === 'problem') expect(report.verdict.cause, shown).toBe(c.cause);
    if (c.insufficient) {
      expect(report.verdict.status, shown).toBe('insufficient-evidence');
      expect(report.verdict.confidence, shown).toBeLessThan(0.6);
    }
  });

  afterAll(() => {
    if (results.size < CASES.length) return;
    const rows = CASES.map((c) => {
      const r = results.get(c.name);
      const top = r?.report.causes.slice(0, 3).map((x) => `${x.id} ${Math.round(x.score * 100)}%`) ?? [];
      return `${r?.rank === 1 ? '✓' : r && r.rank > 0 && r.rank <= 3 ? '3' : '✗'} ${c.name.padEnd(34)} ${c.cause.padEnd(20)} ${(r?.report.verdict.status ?? '').padEnd(22)} ${top.join(', ')}`;
    });
    const scored = CASES.filter((c) => !c.insufficient);
    const top1 = scored.filter((c) => results.get(c.name)?.rank === 1).length;
    const top3 = CASES.filter((c) => {
      const rank = results.get(c.name)?.rank ?? 0;
      return rank > 0 && rank <= 3;
    }).length;
    const settled = scored.filter((c) => results.get(c.name)?.report.verdict.status === 'problem').length;
    const calibrated = CASES.filter((c) => c.insufficient && results.get(c.name)?.report.verdict.status === 'insufficient-evidence').length;
    console.log(
      [
        'diagnose on real-world cases (test/fixtures/diagnose-real):',
        ...rows,
        `top-1: ${top1}/${scored.length} (cases with a settled cause) · top-3: ${top3}/${CASES.length} · settled as a problem (≥60%): ${settled}/${scored.length} · calibration cases answered "not enough evidence": ${calibrated}/${CASES.length - scored.length}`,
      ].join('\n'),
    );
  });
});
