import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/**
 * The `updoc diagnose` command as users run it (the built CLI): the quick start, every output format with the
 * same exit code, the JSON contract, and bad input — anything the other commands reject is listed as "could not
 * read X" while the verdict still uses the rest; only usage errors and "nothing readable" exit 2.
 */

const QUICK_START = 'examples/diagnose-compose-localhost';
const ESC = '\u001b';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'updoc-diagnose-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the quick start', () => {
  it('prints the verdict first: wrong-host-localhost, with the fix at nginx.conf line 14 (exit 1)', () => {
    const r = runCli(['diagnose', QUICK_START]);
    expect(r.code).toBe(1);
    const [first, second] = r.stdout.split('\n');
    expect(first).toMatch(/^✗ Problem found {2}\(confidence 9\d%\)$/);
    expect(second).toMatch(/^ {2}wrong-host-localhost \(9\d%\): nginx \(service `proxy`\) sends `\/api\/` to `http:\/\/localhost:3000`/);
    const verdict = r.stdout.slice(0, r.stdout.indexOf('\n\n'));
    expect(verdict.replace(/\s+/g, ' ')).toContain(
      'change `proxy_pass http://localhost:3000;` to `proxy_pass http://api:3000;` (examples/diagnose-compose-localhost/nginx/nginx.conf line 14)',
    );
    expect(r.stdout).toContain('    - proxy_pass http://localhost:3000;\n    + proxy_pass http://api:3000;');
    expect(r.stdout).not.toContain(ESC);
  });
});

describe('formats and the JSON contract', () => {
  it('json: verdict, causes with evidence, ruledOut, fixes, nextChecks, inputs', () => {
    const r = runCli(['diagnose', QUICK_START, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ tool: 'updoc', command: 'diagnose', verdict: { status: 'problem', cause: 'wrong-host-localhost' } });
    expect(json.verdict.confidence).toBeGreaterThan(0.9);
    expect(json.causes[0]).toMatchObject({ id: 'wrong-host-localhost' });
    expect(typeof json.causes[0].score).toBe('number');
    expect(typeof json.causes[0].why).toBe('string');
    const sources = json.causes[0].evidence.map((e: { source: { kind: string } }) => e.source.kind);
    expect(sources).toEqual(expect.arrayContaining(['lint', 'log']));
    for (const e of json.causes[0].evidence) {
      expect(e).toHaveProperty('strength');
      expect(e).toHaveProperty('supports');
      expect(e).toHaveProperty('rulesOut');
      expect(e).toHaveProperty('summary');
      expect(e.source).toHaveProperty('where');
    }
    expect(json.ruledOut.map((x: { id: string }) => x.id)).toContain('dns-failure');
    expect(json.fixes[0]).toMatchObject({
      cause: 'wrong-host-localhost',
      line: 14,
      before: 'proxy_pass http://localhost:3000;',
      after: 'proxy_pass http://api:3000;',
    });
    expect(Array.isArray(json.nextChecks)).toBe(true);
    expect(json.inputs.unread).toEqual([]);
    expect(json.inputs.read.map((x: { kind: string }) => x.kind)).toEqual(expect.arrayContaining(['log', 'config']));
    expect(json.topology.edges.filter((e: { highlight: boolean }) => e.highlight)).toHaveLength(2);
    expect(json.logs).toMatchObject({ files: 1, failures: 8 });
  });

  it.each(['text', 'json', 'markdown', 'html'])('--format %s exits 1 on a problem and 0 on the healthy example', (format) => {
    expect(runCli(['diagnose', QUICK_START, '--format', format]).code).toBe(1);
    expect(runCli(['diagnose', 'examples/diagnose-healthy', '--format', format]).code).toBe(0);
  });

  it('markdown for a ticket: the verdict, the fix as a diff, reasoning table; code spans kept, the rest escaped', () => {
    const r = runCli(['diagnose', QUICK_START, '--format', 'markdown']);
    expect(r.stdout).toMatch(/^## updoc diagnose: Problem found \(confidence 9\d%\)\n\n\*\*wrong-host-localhost/);
    expect(r.stdout).toContain('sends `/api/` to `http://localhost:3000`');
    expect(r.stdout).toContain('```diff\n  - proxy_pass http://localhost:3000;\n  + proxy_pass http://api:3000;\n  ```');
    expect(r.stdout).toContain('| ✗ | Is the proxy configured to reach it? | no |');
  });

  it('--help lists the options', () => {
    const r = runCli(['diagnose', '--help']);
    expect(r.code).toBe(0);
    for (const option of ['--logs', '--target', '--from', '--message', '--platform', '--context', '--live', '--format', '--json'])
      expect(r.stdout).toContain(option);
  });
});

describe('bad input', () => {
  it('nothing given: usage error, exit 2', () => {
    const r = runCli(['diagnose']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to diagnose');
  });

  it.each([
    [['--format', 'pdf'], 'unknown --format'],
    [['--platform', 'mainframe'], 'unknown --platform'],
    [['--from', 'container:web'], 'unknown vantage'],
    [['--from', 'pid:-3'], 'invalid process id'],
    [['--bogus'], 'Unknown option'],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const r = runCli(['diagnose', QUICK_START, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('a missing directory alone: "could not read" in the verdict, exit 2 (nothing readable)', () => {
    const r = runCli(['diagnose', 'no/such/project', '--json']);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.inputs.unread).toEqual([{ kind: 'directory', name: 'no/such/project', reason: 'no such file or directory' }]);
    expect(json.verdict.headline).toContain('could not read no/such/project');
  });

  it('an empty directory: nothing to read in it, exit 2', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const r = runCli(['diagnose', empty]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('no configuration or log file in it');
  });

  it('unreadable inputs next to good ones: listed as could-not-read, the verdict uses the rest', () => {
    const binary = join(dir, 'core.log');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0, 0]));
    const r = runCli(['diagnose', QUICK_START, '--logs', join(dir, 'missing.log'), '--logs', binary, '--target', 'http://bad host/', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toMatchObject({ status: 'problem', cause: 'wrong-host-localhost' });
    const unread = Object.fromEntries(json.inputs.unread.map((u: { name: string; reason: string }) => [u.name.replace(/^\/.*\//, ''), u.reason]));
    expect(unread['missing.log']).toBe('no such file or directory');
    expect(unread['core.log']).toMatch(/binary/);
    expect(Object.keys(unread)).toContain('http://bad host/');
    expect(json.verdict.headline).toMatch(/\(could not read .*core\.log, .*missing\.log, http:\/\/bad host\/\)$/);
    // The text report says it too, before anything else.
    const text = runCli(['diagnose', QUICK_START, '--logs', join(dir, 'missing.log')]);
    expect(text.stdout.split('\n\n')[1]).toMatch(/^ {2}could not read .*missing\.log: no such file or directory$/);
  });

  it('a config lint cannot parse is listed; the other configs and the logs still decide', () => {
    const project = join(dir, 'broken-yaml');
    mkdirSync(join(project, 'nginx'), { recursive: true });
    mkdirSync(join(project, 'logs'));
    writeFileSync(join(project, 'docker-compose.yml'), 'services:\n  proxy:\n    image: nginx\n   ports: [ "80:80"\n');
    writeFileSync(join(project, 'nginx', 'nginx.conf'), 'events {}\nhttp { server { listen 80; location / { proxy_pass http://127.0.0.1:3000; } } }\n');
    writeFileSync(
      join(project, 'logs', 'error.log'),
      '2026/11/20 21:04:19 [error] 29#29: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 172.19.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:3000/", host: "localhost"\n',
    );
    const r = runCli(['diagnose', project, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.inputs.unread).toHaveLength(1);
    expect(json.inputs.unread[0].name).toMatch(/docker-compose\.yml$/);
    expect(json.inputs.unread[0].reason).toMatch(/^parse error at line \d+/);
    expect(json.inputs.read.map((x: { name: string }) => x.name.replace(/^.*\//, ''))).toEqual(expect.arrayContaining(['nginx.conf', 'error.log']));
    expect(json.causes.length).toBeGreaterThan(0);
  });

  it('hostile text in a message is never echoed raw: no terminal escapes, HTML inert', () => {
    const hostile = `connect() failed (111: Connection refused) while connecting to upstream, client: 1.2.3.4, server: x, request: "GET /${ESC}]0;pwned\u0007${ESC}[31m<script>alert(1)</script> HTTP/1.1", upstream: "http://127.0.0.1:3000/", host: "x"`;
    const text = runCli(['diagnose', '--message', hostile]);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain(ESC);
    expect(text.stdout).not.toContain('\u0007');
    const html = runCli(['diagnose', '--message', hostile, '--format', 'html']);
    expect(html.stdout).not.toContain('<script>alert(1)</script>');
    expect(html.stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
