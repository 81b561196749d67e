import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import logs from '../../src/cli/commands/logs.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

/**
 * The progress bar goes to stderr only when stderr is a terminal: checked with a real pseudo-terminal
 * (`script`), with a pipe, and in-process with an injected isTTY. It never reaches stdout.
 */
const BAR = /\r\u001b\[2K\[[#.]{30}\] \d+%/;
const LINE =
  '2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:3000/", host: "x"\n';
let tmp: string;
let big: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'updoc-progress-'));
  big = join(tmp, 'big-error.log');
  // About 12 MB: several 4 MiB reads, so the bar is drawn during the scan.
  writeFileSync(big, LINE.repeat(Math.ceil((12 * 1024 * 1024) / LINE.length)));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function io(stderrIsTTY: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[], isTTY: boolean) =>
    Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          into.push(String(chunk));
          done();
        },
      }),
      { isTTY },
    );
  const cli: CliIo = { stdout: sink(out, false), stderr: sink(err, stderrIsTTY), stdin: Object.assign(Readable.from([]), { isTTY: false }), env: {} };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

describe('updoc logs: progress on stderr only when it is a terminal', () => {
  it.skipIf(!hasScript())('a pseudo-terminal (script -qc) gets the bar, cleared at the end; stdout (a file) stays clean JSON', () => {
    const json = join(tmp, 'out.json');
    const command = `exec ${process.execPath} ${join(ROOT, 'bin', 'updoc.js')} logs --json '${big}' > '${json}'`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TERM: 'xterm' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(BAR);
    expect(r.stdout).toContain('big-error.log');
    expect(r.stdout.endsWith('\r\u001b[2K')).toBe(true);
    const out = readFileSync(json, 'utf8');
    expect(out).not.toContain('\u001b');
    expect(JSON.parse(out).totals.failures).toBeGreaterThan(50_000);
  });

  it('a pipe gets nothing on stderr', () => {
    const r = runCli(['logs', '--json', big], { timeout: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });

  it('in-process: drawn and cleared with an injected terminal, absent without', async () => {
    const tty = io(true);
    expect(await logs.run({ values: { json: true }, positionals: [big] }, tty.cli)).toBe(1);
    expect(tty.err()).toMatch(BAR);
    expect(tty.err().endsWith('\r\u001b[2K')).toBe(true);
    expect(tty.out()).not.toContain('\u001b');
    const piped = io(false);
    expect(await logs.run({ values: { json: true }, positionals: [big] }, piped.cli)).toBe(1);
    expect(piped.err()).toBe('');
    expect(JSON.parse(piped.out()).totals.failures).toBe(JSON.parse(tty.out()).totals.failures);
  });
});

describe('updoc logs text output: long paths keep their file name', () => {
  it('cuts a long path at the start, not the end', () => {
    const dir = join(tmp, 'a-rather-long-directory-name', 'and-another-one-below-it');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'the-file-that-failed.log');
    writeFileSync(file, LINE);
    const r = runCli(['logs', file]);
    expect(r.stdout).toMatch(/✓ …\S*the-file-that-failed\.log/);
    expect(r.stdout).toMatch(/…\S*the-file-that-failed\.log:1/);
  });
});

function hasScript(): boolean {
  const found = spawnSync('script', ['--version']).status === 0;
  if (!found) console.warn('skipping the pseudo-terminal test: `script` (util-linux) is not installed');
  return found;
}
