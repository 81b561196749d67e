import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const BIN = join(ROOT, 'bin', 'updoc.js');
const tmp = mkdtempSync(join(tmpdir(), 'updoc-follow-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const refused = (n: number, peer = '10.0.0.5:3000') =>
  `2024/03/12 09:14:${String(n % 60).padStart(2, '0')} [error] 31#31: *${n} connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://${peer}/", host: "x"\n`;
const timedOut = (n: number) =>
  `2024/03/12 09:15:${String(n % 60).padStart(2, '0')} [error] 31#31: *${n} upstream timed out (110: Connection timed out) while reading response header from upstream, client: 172.18.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://10.0.0.6:3000/", host: "x"\n`;
const access = (status: number, peer: string) =>
  `10.1.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET / HTTP/1.1" ${status} 10 "-" "curl" ua="${peer}" us="${status}" uct="0.001" uht="0.002" urt="0.002" rt="0.002"\n`;

interface Snapshot {
  totals: { failures: number; lines: number; requests: number };
  files: { path: string; format: string; lines: number; matched: number; problems: { severity: string; message: string }[] }[];
  byUpstream: { upstream: string; count: number; requests: number; byCause: Record<string, number> }[];
  bySignature: { signature: string; count: number }[];
  causes: { id: string; score: number; why: string }[];
  groups: { samples: { file: string; line: number; text: string }[] }[];
  follow: { final: boolean; at: string; startedAt: string };
}

const DEADLINE_MS = 10_000;
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** `updoc logs --follow --json` as a child process: its JSON lines as they come, and a bounded wait for a condition. */
function follow(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'logs', '--follow', '--json', '--interval', '0.1', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const snapshots: Snapshot[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    let nl = stdout.indexOf('\n');
    while (nl >= 0) {
      snapshots.push(JSON.parse(stdout.slice(0, nl)));
      stdout = stdout.slice(nl + 1);
      nl = stdout.indexOf('\n');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const latest = () => snapshots[snapshots.length - 1];
  return {
    snapshots,
    latest,
    stderr: () => stderr,
    /** Resolves with the first snapshot (from now on) that satisfies `test`; fails after the deadline. */
    async until(test: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
      const deadline = Date.now() + DEADLINE_MS;
      while (Date.now() < deadline) {
        const s = latest();
        if (s && test(s)) return s;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no snapshot with ${what} within ${DEADLINE_MS} ms; last: ${JSON.stringify(latest()?.totals)} ${stderr}`);
    },
    /** Sends a signal and waits (bounded) for the final snapshot and the exit code. */
    async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<{ code: number | null; final: Snapshot }> {
      child.kill(signal);
      const code = await Promise.race([exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('did not exit')), DEADLINE_MS))]);
      running.delete(child);
      return { code, final: latest() };
    },
  };
}

let n = 0;
const fresh = (content = '') => {
  const path = join(tmp, `f${++n}.log`);
  writeFileSync(path, content);
  return path;
};
const failuresOf = (s: Snapshot, path: string) => s.files.find((f) => f.path === path);

describe('updoc logs --follow (child process, real files)', () => {
  it('counts only lines appended after it started, one JSON object per line, and ends on SIGINT with the final summary (exit 1)', async () => {
    const path = fresh(refused(1) + refused(2) + refused(3));
    const run = follow([path]);
    const first = await run.until(() => true, 'a first snapshot');
    expect(first.totals.failures).toBe(0);
    expect(first.follow.final).toBe(false);
    appendFileSync(path, refused(4) + refused(5));
    const s = await run.until((x) => x.totals.failures === 2, '2 failures');
    expect(s.files[0]).toMatchObject({ path, format: 'nginx-error', lines: 2, matched: 2 });
    // Line numbers count the lines that were there before following started.
    expect(s.groups[0].samples.map((x) => x.line)).toEqual([4, 5]);
    // The --json contract of a one-shot run holds for every line.
    expect(s.byUpstream[0]).toMatchObject({ upstream: '10.0.0.5:3000', count: 2, byCause: expect.any(Object) });
    expect(s.bySignature[0]).toMatchObject({ signature: 'nginx/connect-refused', count: 2 });
    expect(s.causes[0]).toEqual(expect.objectContaining({ id: expect.any(String), score: expect.any(Number), why: expect.any(String) }));
    const { code, final } = await run.stop('SIGINT');
    expect(code).toBe(1);
    expect(final.follow.final).toBe(true);
    expect(final.totals.failures).toBe(2);
  });

  it('a partial line is not read until its newline arrives', async () => {
    const path = fresh();
    const other = fresh();
    const run = follow([path, other]);
    await run.until(() => true, 'a first snapshot');
    const line = refused(7);
    appendFileSync(path, line.slice(0, 60));
    appendFileSync(other, refused(8));
    // Once the other file's line is counted, the partial one has been polled too.
    const s = await run.until((x) => failuresOf(x, other)?.matched === 1, 'the other file counted');
    expect(failuresOf(s, path)?.lines).toBe(0);
    appendFileSync(path, line.slice(60));
    await run.until((x) => failuresOf(x, path)?.matched === 1, 'the completed line');
    const { code, final } = await run.stop();
    expect(code).toBe(1);
    expect(final.totals.failures).toBe(2);
  });

  it('rotation by rename + create: lines still written to the renamed file and the new file both count', async () => {
    const path = fresh();
    const run = follow([path]);
    await run.until(() => true, 'a first snapshot');
    appendFileSync(path, refused(1));
    await run.until((x) => x.totals.failures === 1, '1 failure');
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, refused(2));
    writeFileSync(path, refused(3) + timedOut(4));
    const s = await run.until((x) => x.totals.failures === 4, '4 failures');
    expect(s.files[0].problems.map((p) => p.message)).toContain('while followed: rotated once');
    expect(Object.fromEntries(s.byUpstream.map((u) => [u.upstream, u.count]))).toEqual({ '10.0.0.5:3000': 3, '10.0.0.6:3000': 1 });
    appendFileSync(path, refused(5));
    await run.until((x) => x.totals.failures === 5, '5 failures');
    const { code, final } = await run.stop('SIGTERM');
    expect(code).toBe(1);
    expect(final.files[0].lines).toBe(5);
  });

  it('truncation (copytruncate) and a rewrite past the old position: reading restarts at the start of the file', async () => {
    const path = fresh();
    const run = follow([path]);
    await run.until(() => true, 'a first snapshot');
    appendFileSync(path, refused(1) + refused(2));
    await run.until((x) => x.totals.failures === 2, '2 failures');
    truncateSync(path, 0);
    appendFileSync(path, refused(3));
    const s = await run.until((x) => x.totals.failures === 3, '3 failures');
    expect(s.files[0].problems.map((p) => p.message)).toContain('while followed: truncated once');
    // Truncated and rewritten with more than before, between two polls (same inode).
    writeFileSync(path, refused(4) + refused(5) + refused(6) + refused(7));
    await run.until((x) => x.totals.failures === 7, '7 failures');
    const { code } = await run.stop();
    expect(code).toBe(1);
  });

  it('a file deleted and created again, and one that appears only later, are read from their start', async () => {
    const path = fresh();
    const later = join(tmp, `later-${n}.log`);
    const run = follow([path, later]);
    const first = await run.until(() => true, 'a first snapshot');
    expect(failuresOf(first, later)?.problems[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/waiting for it to appear/) });
    appendFileSync(path, refused(1));
    await run.until((x) => x.totals.failures === 1, '1 failure');
    unlinkSync(path);
    await run.until((x) => failuresOf(x, path)?.problems.some((p) => /reappear/.test(p.message)) ?? false, 'the file gone');
    writeFileSync(path, refused(2) + refused(3));
    writeFileSync(later, refused(4));
    const s = await run.until((x) => x.totals.failures === 4, '4 failures');
    expect(failuresOf(s, path)?.problems.map((p) => p.message)).toContain('while followed: deleted and created again once');
    expect(failuresOf(s, later)?.problems).toEqual([]);
    const { code } = await run.stop();
    expect(code).toBe(1);
  });

  it('request logs count traffic live (error ratio); SIGTERM without failures exits 0', async () => {
    const path = fresh(access(200, '10.0.0.1:80'));
    const run = follow([path]);
    await run.until(() => true, 'a first snapshot');
    appendFileSync(path, access(200, '10.0.0.1:80') + access(200, '10.0.0.2:80'));
    const s = await run.until((x) => x.totals.requests === 2, '2 requests');
    expect(s.files[0].format).toBe('nginx-access');
    expect(s.totals.failures).toBe(0);
    const { code, final } = await run.stop('SIGTERM');
    expect(code).toBe(0);
    expect(final.totals.requests).toBe(2);
  });

  it('a file that never appears makes the exit code 2, the others are still followed', async () => {
    const path = fresh();
    const missing = join(tmp, 'never.log');
    const run = follow([path, missing]);
    await run.until(() => true, 'a first snapshot');
    appendFileSync(path, refused(1));
    await run.until((x) => x.totals.failures === 1, '1 failure');
    const { code, final } = await run.stop();
    expect(code).toBe(2);
    expect(failuresOf(final, missing)?.problems[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/did not appear/) });
    expect(run.stderr()).toContain('never.log');
  });

  it('--from-start analyses the existing content first', async () => {
    const path = fresh(refused(1) + refused(2));
    const run = follow([path, '--from-start']);
    const s = await run.until((x) => x.totals.failures === 2, '2 failures');
    expect(s.groups[0].samples.map((x) => x.line)).toEqual([1, 2]);
    await run.stop();
  });

  it('text when piped: a summary block at start and per interval, the full report at the end', async () => {
    const path = fresh();
    const child = spawn(process.execPath, [BIN, 'logs', '--follow', '--interval', '0.2', path], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    running.add(child);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    const waitFor = async (re: RegExp) => {
      const deadline = Date.now() + DEADLINE_MS;
      while (!re.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(out).toMatch(re);
    };
    await waitFor(/updoc logs --follow: 0 upstream failures in 0 lines read/);
    appendFileSync(path, refused(1));
    await waitFor(/updoc logs --follow: 1 upstream failure in 1 line read/);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    running.delete(child);
    expect(code).toBe(1);
    expect(out).not.toContain('\u001b[');
    const final = out.slice(out.lastIndexOf('updoc logs: '));
    for (const section of ['Inputs', 'Timeline', 'Upstreams', 'Signatures', 'Likely root causes']) expect(final).toContain(section);
  });

  it.skipIf(!hasScript())('on a terminal (script -qc): redraws in place, at most about twice a second', async () => {
    const path = fresh();
    const command = `stty cols 120 rows 40; exec ${process.execPath} ${BIN} logs --follow ${path}`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', TERM: 'xterm' } });
    running.add(child);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    const deadline = Date.now() + DEADLINE_MS;
    while (!out.includes('following') && !out.includes('lines read') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    // A new failing line every 50 ms for 2 s: 40 changes, but at most ~5 redraws.
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      appendFileSync(path, refused(i));
      await new Promise((r) => setTimeout(r, 50));
    }
    const until = Date.now() + DEADLINE_MS;
    while (!/40 upstream failures in 40 lines read/.test(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    const elapsed = (Date.now() - started) / 1000;
    expect(out).toMatch(/40 upstream failures in 40 lines read/);
    const redraws = out.match(/\u001b\[\d+F\u001b\[J/g)?.length ?? 0;
    expect(redraws).toBeGreaterThanOrEqual(2);
    expect(redraws).toBeLessThanOrEqual(Math.ceil(elapsed * 2) + 2);
    child.kill('SIGKILL');
    running.delete(child);
  });
});

describe('updoc logs --follow: what it refuses (exit 2, clear message)', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['stdin', () => ['-'], /not stdin/],
    ['a .gz name', () => [fresh().replace(/\.log$/, '.log.gz')], /not \.gz files/],
    ['gzip content under a plain name', () => [writeGz()], /gzip-compressed/],
    ['a directory', () => [tmp], /is a directory/],
    ['a quoted glob', () => [join(tmp, 'nothing-*.log')], /let the shell expand/],
    ['no file at all', () => [], /needs the log files/],
    ['HTML output', () => ['--format', 'html', fresh()], /text or JSON/],
    ['a bad --interval', () => ['--interval', '0', fresh()], /--interval takes seconds/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = runCli(['logs', '--follow', ...args()], { timeout: 10_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  }
  it('--interval and --from-start without --follow', () => {
    expect(runCli(['logs', '--interval', '5', fresh()]).code).toBe(2);
    expect(runCli(['logs', '--from-start', fresh()]).stderr).toMatch(/go with --follow/);
  });
});

function writeGz(): string {
  const path = join(tmp, `compressed-${++n}.log`);
  writeFileSync(path, gzipSync(refused(1)));
  return path;
}

function hasScript(): boolean {
  const found = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!found) console.warn('skipping the terminal test: `script` (util-linux) is not installed');
  return found;
}
