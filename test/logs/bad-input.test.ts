import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { fixture } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'updoc-logs-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ERROR_LINE =
  '2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:3000/", host: "x"';

function run(args: string[], input?: Buffer) {
  const r = runCli(['logs', '--json', ...args], { input, timeout: 60_000 });
  return { ...r, out: JSON.parse(r.stdout) };
}

function problemsOf(out: { files: { path: string; problems: { severity: string; message: string }[] }[] }, path: string) {
  return out.files.find((f) => f.path === path)?.problems ?? [];
}

describe('updoc logs: bad input gets a per-file message and the rest is still analysed', () => {
  it('invalid UTF-8 in a matched line: counted, shown with replacement characters, noted', () => {
    const file = join(tmp, 'latin1.txt');
    writeFileSync(file, Buffer.concat([Buffer.from(ERROR_LINE.replace('server: x', 'server: caf')), Buffer.from([0xe9, 0xff, 0x0a])]));
    const { code, out } = run([file]);
    expect(code).toBe(1);
    expect(out.totals.failures).toBe(1);
    expect(
      problemsOf(out, file)
        .map((p) => p.message)
        .join(),
    ).toMatch(/not valid UTF-8/);
  });

  it('NUL bytes (a log truncated under a writer): noted, the lines after them still count', () => {
    const file = join(tmp, 'nul.txt');
    writeFileSync(file, Buffer.concat([Buffer.from(`${ERROR_LINE}\n`), Buffer.alloc(5000, 0), Buffer.from(`\n${ERROR_LINE}\n`)]));
    const { code, out } = run([file]);
    expect(code).toBe(1);
    expect(out.totals.failures).toBe(2);
    expect(
      problemsOf(out, file)
        .map((p) => p.message)
        .join(),
    ).toMatch(/NUL bytes/);
  });

  it('a 50 MB single line is matched on its first 64 KiB, counted and reported; the next lines count', () => {
    const file = join(tmp, 'long.txt');
    const long = Buffer.alloc(50 * 1024 * 1024, 0x61);
    Buffer.from(ERROR_LINE).copy(long, 0);
    writeFileSync(file, Buffer.concat([long, Buffer.from(`\n${ERROR_LINE}\n`)]));
    const { code, out } = run([file]);
    expect(code).toBe(1);
    expect(out.files[0].lines).toBe(2);
    expect(out.files[0].longLines).toBe(1);
    expect(out.totals.failures).toBe(2);
    expect(
      problemsOf(out, file)
        .map((p) => p.message)
        .join(),
    ).toMatch(/longer than 64 KiB/);
  });

  it('a truncated .gz: the lines before the cut are analysed, the file is an error, exit 2', () => {
    const file = join(tmp, 'cut.txt.gz');
    const gz = gzipSync(Buffer.from(`${Array.from({ length: 2000 }, () => ERROR_LINE).join('\n')}\n`));
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const { code, out } = run([file, fixture('envoy.txt')]);
    expect(code).toBe(2);
    const problems = problemsOf(out, file);
    expect(problems[0]).toMatchObject({ severity: 'error' });
    expect(problems[0].message).toMatch(/gzip data is truncated or corrupt/);
    expect(out.files.find((f: { path: string }) => f.path === file).lines).toBeGreaterThan(0);
    expect(out.files.find((f: { format: string }) => f.format === 'envoy').matched).toBe(4);
  });

  it('a binary --nginx-conf is refused with a clear message before any scan, exit 2', () => {
    const conf = join(tmp, 'nginx.conf.bin');
    writeFileSync(conf, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]));
    const r = runCli(['logs', '--json', '--nginx-conf', conf, fixture('nginx-error.txt')], { timeout: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read --nginx-conf: .*binary data/);
  });

  it('a missing file: error for that path, the others analysed, exit 2 (also in text output)', () => {
    const missing = join(tmp, 'missing.log');
    const { code, out, stderr } = run([missing, fixture('nginx-error.txt')]);
    expect(code).toBe(2);
    expect(problemsOf(out, missing)[0]).toMatchObject({ severity: 'error', message: 'no such file or directory' });
    expect(out.totals.failures).toBe(8);
    expect(stderr).toContain('no such file or directory');
    const text = runCli(['logs', missing, fixture('nginx-error.txt')]);
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/✗ .*missing\.log\s+no such file or directory/);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file: permission denied, exit 2', () => {
    const file = join(tmp, 'secret.txt');
    writeFileSync(file, `${ERROR_LINE}\n`);
    chmodSync(file, 0o000);
    const { code, out } = run([file, fixture('envoy.txt')]);
    expect(code).toBe(2);
    expect(problemsOf(out, file)[0].message).toBe('permission denied');
  });

  it('a directory with symlink loops: reported and skipped, its files still read', () => {
    const dir = join(tmp, 'loop');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'error.txt'), `${ERROR_LINE}\n`);
    symlinkSync('..', join(dir, 'sub', 'up'));
    symlinkSync('self', join(dir, 'self'));
    const { code, out } = run([dir]);
    expect(code).toBe(1);
    expect(out.totals.failures).toBe(1);
    const messages = out.files.flatMap((f: { problems: { message: string }[] }) => f.problems.map((p) => p.message));
    expect(messages.filter((m: string) => /symlink loop/.test(m)).length).toBe(2);
  });

  it('an unrecognised format is searched anyway and noted; binary data is skipped', () => {
    const prose = join(tmp, 'notes.txt');
    writeFileSync(prose, `Meeting notes\nThe proxy said: ${ERROR_LINE.slice(40)}\nAll good otherwise.\n`);
    const binary = join(tmp, 'blob.bin');
    // The head of an executable: the node binary running this test.
    const head = Buffer.alloc(64 * 1024);
    const fd = openSync(process.execPath, 'r');
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    writeFileSync(binary, head);
    const { code, out } = run([prose, binary]);
    expect(code).toBe(1);
    expect(out.files[0].format).toBe('unknown');
    expect(problemsOf(out, prose)[0].message).toMatch(/format not recognised/);
    expect(out.totals.failures).toBe(1);
    expect(problemsOf(out, binary)[0].message).toMatch(/binary/);
  });

  it('an empty input and a glob that matches nothing', () => {
    const empty = join(tmp, 'empty.txt');
    writeFileSync(empty, '');
    expect(run([empty]).code).toBe(0);
    const r = run([join(tmp, 'nothing-*.log')]);
    expect(r.code).toBe(2);
    expect(r.out.files[0].problems[0].message).toBe('no file matches this pattern');
  });

  it('CRLF line endings do not leak into fields', () => {
    const file = join(tmp, 'crlf.txt');
    writeFileSync(file, readFileSync(fixture('envoy.txt'), 'utf8').replace(/\n/g, '\r\n'));
    const { out } = run([file]);
    expect(out.byUpstream.map((u: { upstream: string }) => u.upstream)).toContain('10.0.2.2:8080');
    expect(out.totals.failures).toBe(4);
  });
});
