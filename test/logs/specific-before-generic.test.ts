import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bySharpness, sharpness } from '../../src/evidence/signature-sharpness.js';
import { SIGNATURES } from '../../src/knowledge/signatures/index.js';
import { runCli } from '../helpers/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'updoc-logs-generic-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const byId = (id: string) => {
  const s = SIGNATURES.find((x) => x.id === id);
  if (!s) throw new Error(`no signature ${id}`);
  return s;
};

/** `updoc logs --json` on a file with these lines. */
function logs(name: string, lines: string[]) {
  const path = join(tmp, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const r = runCli(['logs', '--json', path]);
  return { code: r.code, out: JSON.parse(r.stdout) };
}

const TIMEOUT_NO_CONNECT_TIME =
  '10.0.0.7 - - [21/Nov/2026:10:01:00 +0000] "GET /api/report HTTP/1.1" 504 167 "-" "curl/8.5.0" rt=60.002 ua="10.0.2.9:8080" us="504" uht="-" urt="60.001"';
const TIMEOUT_WITH_CONNECT_TIME =
  '172.18.0.1 - - [12/Mar/2024:09:25:51 +0000] "GET /api/orders HTTP/1.1" 504 167 "-" "curl/7.88.1" rt=2.003 ua="172.18.0.5:8080" us="504" ut="2.002" uct="0.000" uht="-"';

describe('catch-all signatures rank after specific ones', () => {
  it('a signature declared generic is less sharp than any specific one, even with a sharper cause split', () => {
    const generic = byId('nginx/access-log-upstream-error');
    const specific = byId('nginx/access-log-upstream-no-header');
    expect(generic.generic).toBe(true);
    expect(Math.max(...Object.values(generic.causes).map(Number))).toBeGreaterThan(Math.max(...Object.values(specific.causes).map(Number)));
    expect(sharpness(generic)).toBeLessThan(sharpness(specific));
    expect(bySharpness([generic, specific]).map((s) => s.id)).toEqual([specific.id, generic.id]);
  });

  it.each([
    ['without $upstream_connect_time', TIMEOUT_NO_CONNECT_TIME],
    ['with $upstream_connect_time', TIMEOUT_WITH_CONNECT_TIME],
  ])('a 504 with $upstream_header_time "-" %s counts as no-header, and its top cause is a timeout', (label, line) => {
    const { code, out } = logs(`${label.replace(/\W+/g, '-')}.log`, [line]);
    expect(code).toBe(1);
    expect(out.bySignature.map((s: { signature: string }) => s.signature)).toEqual(['nginx/access-log-upstream-no-header']);
    expect(['slow-upstream', 'timeout-misaligned']).toContain(out.causes[0].id);
  });

  it('a 502 without connect time stays with the generic entry (refused and reset look the same)', () => {
    const line = TIMEOUT_NO_CONNECT_TIME.replace(/504/g, '502').replace('60.001', '0.001');
    const { out } = logs('502.log', [line]);
    expect(out.bySignature.map((s: { signature: string }) => s.signature)).toEqual(['nginx/access-log-upstream-error']);
  });
});
