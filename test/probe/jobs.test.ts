import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, closeServer, listen, runCliAsync } from './support.js';

/**
 * `--jobs N`: the same targets probed on N threads give the same verdicts as on one, every target exactly
 * once, in every output form (JSON lines stream from the workers; `--format json` keeps file order).
 */

const dir = mkdtempSync(join(tmpdir(), 'updoc-probe-jobs-'));
const servers: Server[] = [];
let file = '';
let expected: Map<string, boolean>;

beforeAll(async () => {
  const lines: string[] = [];
  expected = new Map();
  for (let i = 0; i < 6; i++) {
    const server = createServer((_req, res) => res.end(`server ${i}`));
    servers.push(server);
    const port = await listen(server, '127.0.0.1');
    lines.push(`http://127.0.0.1:${port}/`);
    expected.set(`http://127.0.0.1:${port}/`, true);
  }
  for (let i = 0; i < 6; i++) {
    const port = await closedPort();
    lines.push(`127.0.0.1:${port}`);
    expected.set(`tcp://127.0.0.1:${port}`, false);
  }
  file = join(dir, 'targets.txt');
  writeFileSync(file, `${lines.join('\n')}\nnot a target!\n`);
});

afterAll(async () => {
  await Promise.all(servers.map(closeServer));
  rmSync(dir, { recursive: true, force: true });
});

describe('--jobs', () => {
  it.each([1, 3])('--jobs %i: JSON lines, every target once, the same verdicts', async (jobs) => {
    const r = await runCliAsync(['probe', '--targets', file, '--json', '--jobs', String(jobs), '--timeout', '2s'], { timeout: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    const items = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const invalid = items.filter((i) => 'error' in i);
    expect(invalid).toEqual([{ line: 13, input: 'not a target!', error: expect.any(String) }]);
    const targets = items.filter((i) => 'target' in i);
    expect(targets.map((t) => t.target).sort()).toEqual([...expected.keys()].sort());
    for (const t of targets) {
      expect(t.ok).toBe(expected.get(t.target));
      if (!t.ok) expect(t.causes[0].id).toBe('not-listening');
      expect(t.line).toBeGreaterThan(0);
    }
  });

  it('--format json with --jobs 2: one document, targets in file order, summary counts add up', async () => {
    const r = await runCliAsync(['probe', '--targets', file, '--format', 'json', '--jobs', '2'], { timeout: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.targets.map((t: { line: number }) => t.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(report.summary).toEqual({ targets: 12, ok: 6, failed: 6, invalid: 1 });
  });

  it('refuses a --jobs that is not a positive whole number (exit 2)', async () => {
    for (const bad of ['0', 'two', '1000']) {
      const r = await runCliAsync(['probe', '127.0.0.1:1', '--jobs', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--jobs must be a whole number from 1 to \d+/);
    }
  });
});
