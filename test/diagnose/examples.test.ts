import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CauseId } from '../../src/core/ids.js';
import { diagnoseProject } from '../../src/diagnosis/diagnose.js';
import { exitCode } from '../../src/cli/commands/diagnose.js';

/**
 * examples/diagnose-*: realistic projects (configs + logs) with a known cause, named in each README. `diagnose` on
 * the directory must rank that cause first and call it a problem; the healthy one must report no problem (exit 0),
 * the vague message must say there is not enough evidence and name the next check.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');

const EXPECTED: Record<string, CauseId> = {
  'diagnose-compose-localhost': 'wrong-host-localhost',
  'diagnose-k8s-no-endpoints': 'no-endpoints',
  'diagnose-k8s-ingress-port-mismatch': 'port-mismatch',
  'diagnose-haproxy-port-mismatch': 'port-mismatch',
  'diagnose-bind-loopback': 'bind-loopback',
  'diagnose-spring-port-mismatch': 'port-mismatch',
  'diagnose-dns-failure': 'dns-failure',
  'diagnose-tls-mismatch': 'tls-mismatch',
  'diagnose-timeouts': 'timeout-misaligned',
  'diagnose-istio-strict-mtls': 'tls-mismatch',
  'diagnose-istio-bind-loopback': 'bind-loopback',
  'diagnose-alb-keepalive-race': 'keepalive-race',
};

const diagnose = (name: string, extra: Partial<Parameters<typeof diagnoseProject>[0]> = {}) =>
  diagnoseProject({ paths: [`examples/${name}`], cwd: ROOT, ...extra });

describe('every examples/diagnose-* directory is covered here, with a README naming its cause', () => {
  const directories = readdirSync(EXAMPLES).filter((d) => d.startsWith('diagnose-'));
  it('has at least 12 examples with a known cause, a healthy one and a vague one', () => {
    expect(Object.keys(EXPECTED).length).toBeGreaterThanOrEqual(12);
    expect(directories.sort()).toEqual([...Object.keys(EXPECTED), 'diagnose-healthy', 'diagnose-vague-message'].sort());
    expect(new Set(Object.values(EXPECTED)).size).toBeGreaterThanOrEqual(8);
  });
  it.each(Object.entries(EXPECTED))('examples/%s/README.md names %s', (name, cause) => {
    expect(readFileSync(join(EXAMPLES, name, 'README.md'), 'utf8')).toContain(`Known cause: **\`${cause}\`**`);
  });
});

describe('diagnose ranks the known cause first', () => {
  it.each(Object.entries(EXPECTED))('examples/%s → %s', async (name, cause) => {
    const report = await diagnose(name);
    expect(report.causes.map((c) => c.id).slice(0, 3), report.verdict.headline).toContain(cause);
    expect(report.causes[0]?.id, report.verdict.headline).toBe(cause);
    expect(report.verdict.status).toBe('problem');
    expect(report.verdict.cause).toBe(cause);
    expect(report.inputs.unread).toEqual([]);
    // Both kinds of evidence were read: configs and logs.
    expect(report.inputs.read.some((r) => r.kind === 'config')).toBe(true);
    expect(report.inputs.read.some((r) => r.kind === 'log')).toBe(true);
    expect(exitCode(report)).toBe(1);
    // The leading cause's evidence chain points at real observations.
    const ids = new Set(report.evidence.map((e) => e.id));
    expect(report.causes[0]?.evidence.length).toBeGreaterThan(0);
    for (const id of report.causes[0]?.evidence ?? []) expect(ids.has(id)).toBe(true);
  });
});

describe('the quick start: Compose + nginx proxying to localhost', () => {
  it('settles wrong-host-localhost with the fix at nginx.conf line 14', async () => {
    const report = await diagnose('diagnose-compose-localhost');
    expect(report.verdict.confidence).toBeGreaterThan(0.9);
    expect(report.verdict.headline).toContain('sends `/api/` to `http://localhost:3000`');
    expect(report.verdict.headline).toContain('`api` listens on `api:3000` on network `back`, which `proxy` shares');
    expect(report.verdict.headline).toContain('change `proxy_pass http://localhost:3000;` to `proxy_pass http://api:3000;`');
    expect(report.verdict.headline).toContain('nginx/nginx.conf line 14');
    const fix = report.fixes[0];
    expect(fix).toMatchObject({ cause: 'wrong-host-localhost', source: 'lint', line: 14, replacement: 'api' });
    expect(fix?.file).toMatch(/examples\/diagnose-compose-localhost\/nginx\/nginx\.conf$/);
    // The brokenpath is the one drawn highlighted.
    expect(report.brokenTargets).toHaveLength(1);
    expect(report.topology?.paths.find((p) => p.target.id === report.brokenTargets[0])?.target.text).toBe('http://localhost:3000');
    // The tree: the proxy is not configured to reach it; its name resolved (an address was tried).
    const answer = (stage: string) => report.reasoning.find((s) => s.stage === stage)?.answer;
    expect(answer('configured')).toBe('no');
    expect(answer('reachable')).toBe('no');
    expect(answer('resolves')).toBe('yes');
    expect(report.ruledOut.map((r) => r.id)).toContain('dns-failure');
  });
});

describe('the healthy project', () => {
  it('reports no problem, exit 0', async () => {
    const report = await diagnose('diagnose-healthy');
    expect(report.verdict.status).toBe('no-problem');
    expect(report.causes).toEqual([]);
    expect(report.fixes).toEqual([]);
    expect(report.verdict.headline).toMatch(/^No problem found: 1 of 1 proxy → backend path followed to a listening port; 400 requests/);
    expect(exitCode(report)).toBe(0);
  });
});

describe('only a vague message', () => {
  it('says there is not enough evidence and names the most informative next check', async () => {
    const message = readFileSync(join(EXAMPLES, 'diagnose-vague-message', 'message.txt'), 'utf8');
    const report = await diagnoseProject({ paths: [], messages: [message], cwd: ROOT });
    expect(report.verdict.status).toBe('insufficient-evidence');
    expect(report.verdict.confidence).toBeLessThan(0.3);
    expect(report.verdict.headline).toMatch(/^Not enough evidence to name one cause/);
    expect(report.verdict.headline).toContain(`Next: ${report.nextChecks[0]?.command}`);
    const commands = report.nextChecks.map((c) => c.command);
    // Configs and the proxy's error log are what is missing; they come first.
    expect(commands.slice(0, 2).some((c) => c.startsWith('updoc diagnose <directory'))).toBe(true);
    expect(commands.slice(0, 2).some((c) => c.includes('--logs'))).toBe(true);
    expect(report.nextChecks[0]?.gain).toBeGreaterThan(1);
    expect(report.fixes).toEqual([]);
    expect(exitCode(report)).toBe(1);
  });
});
