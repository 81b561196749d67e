import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { fixture } from './helpers.js';

/**
 * Every kind of bad input, in every output format: a message on that input, the other input still
 * analysed, and the exit code (2 when an input could not be read, else 1 with upstream errors, else 0).
 * As root, the unreadable file is read by an unprivileged user (setpriv), since root reads anything.
 */
const ERROR_LINE =
  '2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:3000/", host: "x"';
const GOOD = fixture('envoy.txt');
const GOOD_UPSTREAM = '10.0.2.1:8080';
const FORMATS = ['text', 'json', 'markdown', 'html'] as const;
const asRoot = process.getuid?.() === 0;
const setpriv = asRoot && spawnSync('setpriv', ['--version']).status === 0;

let tmp: string;
const inputs: Record<string, string> = {};

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'updoc-bad-matrix-'));
  // Readable by the unprivileged user the unreadable-file case runs as.
  chmodSync(tmp, 0o755);
  const file = (name: string, content: string | Buffer) => {
    const path = join(tmp, name);
    writeFileSync(path, content);
    chmodSync(path, 0o644);
    return path;
  };
  inputs.invalidUtf8 = file('latin1.txt', Buffer.concat([Buffer.from(ERROR_LINE.replace('server: x', 'server: caf')), Buffer.from([0xe9, 0xff, 0x0a])]));
  inputs.nul = file('nul.txt', Buffer.concat([Buffer.from(`${ERROR_LINE}\n`), Buffer.alloc(5000, 0), Buffer.from(`\n${ERROR_LINE}\n`)]));
  const long = Buffer.alloc(50 * 1024 * 1024, 0x61);
  Buffer.from(ERROR_LINE).copy(long, 0);
  inputs.longLine = file('long.txt', Buffer.concat([long, Buffer.from(`\n${ERROR_LINE}\n`)]));
  const gz = gzipSync(Buffer.from(`${Array.from({ length: 2000 }, () => ERROR_LINE).join('\n')}\n`));
  inputs.truncatedGz = file('cut.txt.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
  inputs.unreadable = file('secret.txt', `${ERROR_LINE}\n`);
  chmodSync(inputs.unreadable, 0o600);
  if (!asRoot) chmodSync(inputs.unreadable, 0o000);
  const loop = join(tmp, 'loop');
  mkdirSync(join(loop, 'sub'), { recursive: true });
  chmodSync(loop, 0o755);
  chmodSync(join(loop, 'sub'), 0o755);
  writeFileSync(join(loop, 'sub', 'error.txt'), `${ERROR_LINE}\n`);
  symlinkSync('..', join(loop, 'sub', 'up'));
  inputs.symlinkLoop = loop;
  inputs.unrecognised = file('notes.txt', 'Meeting notes\nEverything was fine today.\nNo action items.\n');
  const head = Buffer.alloc(64 * 1024);
  const fd = openSync(process.execPath, 'r');
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  inputs.binary = file('blob.bin', head);
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Runs `updoc logs` on the bad input and the good fixture; as root the unreadable case runs unprivileged. */
function run(kind: string, format: (typeof FORMATS)[number]) {
  const args = ['logs', '--format', format, inputs[kind], GOOD];
  if (kind === 'unreadable' && asRoot) {
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(ROOT, 'bin', 'updoc.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  return runCli(args, { timeout: 60_000 });
}

const CASES: { kind: string; message: RegExp; code: number; path: () => string }[] = [
  { kind: 'invalidUtf8', message: /not valid UTF-8/, code: 1, path: () => inputs.invalidUtf8 },
  { kind: 'nul', message: /NUL bytes/, code: 1, path: () => inputs.nul },
  { kind: 'longLine', message: /longer than 64 KiB/, code: 1, path: () => inputs.longLine },
  { kind: 'truncatedGz', message: /gzip data is truncated or corrupt/, code: 2, path: () => inputs.truncatedGz },
  { kind: 'unreadable', message: /permission denied/, code: 2, path: () => inputs.unreadable },
  { kind: 'symlinkLoop', message: /symlink loop/, code: 1, path: () => join(inputs.symlinkLoop, 'sub', 'up') },
  { kind: 'unrecognised', message: /format not recognised/, code: 1, path: () => inputs.unrecognised },
  { kind: 'binary', message: /binary data/, code: 1, path: () => inputs.binary },
];

describe('updoc logs: bad input × output format', () => {
  for (const c of CASES) {
    for (const format of FORMATS) {
      it.skipIf(c.kind === 'unreadable' && asRoot && !setpriv)(`${c.kind} as ${format}`, () => {
        const r = run(c.kind, format);
        expect(r.code).toBe(c.code);
        const out = r.stdout;
        // The message sits with its input in every format, and the good input is analysed anyway.
        if (format === 'json') {
          const data = JSON.parse(out) as { files: { path: string; problems: { message: string }[] }[]; byUpstream: { upstream: string; count: number }[] };
          const problems = data.files.filter((f) => f.path === c.path()).flatMap((f) => f.problems.map((p) => p.message));
          expect(problems.join('\n')).toMatch(c.message);
          expect(data.byUpstream.find((u) => u.upstream === GOOD_UPSTREAM)?.count).toBe(2);
        } else {
          expect(out).toMatch(c.message);
          expect(out).toContain(GOOD_UPSTREAM);
          const shown = format === 'html' ? c.path().replace(/&/g, '&amp;') : format === 'markdown' ? c.path().replace(/_/g, '\\_') : c.path();
          expect(out).toContain(shown.slice(-40));
        }
        // Inputs that could not be read are also named on stderr when stdout is a report.
        if (c.code === 2 && format !== 'text') expect(r.stderr).toMatch(c.message);
        if (format === 'html') expect(out).toMatch(/^<!doctype html>/);
      });
    }
  }

  it('exit 0 when the only notes are warnings and nothing failed, in every format', () => {
    for (const format of FORMATS) {
      const r = runCli(['logs', '--format', format, inputs.unrecognised, inputs.binary]);
      expect(r.code, format).toBe(0);
      expect(r.stdout, format).toMatch(/format not recognised/);
      expect(r.stdout, format).toMatch(/binary data/);
    }
  });
});

if (asRoot && !setpriv) console.warn('skipping the unreadable-file cases: running as root and setpriv (util-linux) is missing');
