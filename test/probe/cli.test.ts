import { lookup } from 'node:dns/promises';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/core/ids.js';
import { expectCausesContract } from '../helpers/expect-causes.js';
import { closedPort, closeServer, listen, runCliAsync } from './support.js';

/** `updoc probe` as users run it: the JSON contract, JSON lines, exit codes, bad input, hostile input. */

const dir = mkdtempSync(join(tmpdir(), 'updoc-probe-cli-'));
const servers: HttpServer[] = [];
const paths: string[] = [];
let port = 0;
let closed = 0;
let silent = 0;

beforeAll(async () => {
  const server = createHttpServer((req, res) => {
    paths.push(req.url ?? '');
    res.end('ok');
  });
  servers.push(server);
  port = await listen(server, '127.0.0.1');
  closed = await closedPort();
  const hang = createNetServer(() => {}) as unknown as HttpServer;
  servers.push(hang);
  silent = await listen(hang, '127.0.0.1');
});

afterAll(async () => {
  await Promise.all(servers.map(closeServer));
  rmSync(dir, { recursive: true, force: true });
});

interface JsonStep {
  step: string;
  ok: boolean;
  ms: number;
  detail: string;
}
interface JsonTarget {
  target: string;
  ok: boolean;
  causes: { id: string; score: number; why: string }[];
  steps: JsonStep[];
  line?: number;
  deadline?: boolean;
}

function expectTargetContract(t: JsonTarget): void {
  expect(typeof t.target).toBe('string');
  expect(typeof t.ok).toBe('boolean');
  expect(Array.isArray(t.causes)).toBe(true);
  expect(t.steps.length).toBeGreaterThan(0);
  for (const s of t.steps) {
    expect(typeof s.step).toBe('string');
    expect(typeof s.ok).toBe('boolean');
    expect(typeof s.ms).toBe('number');
    expect(typeof s.detail).toBe('string');
  }
  if (t.ok) expect(t.causes).toEqual([]);
  else if (!t.deadline) expectCausesContract(t.causes);
}

describe('output contract and exit codes', () => {
  it('--json: targets[{target, ok, causes[{id, score, why}], steps[{step, ok, ms, detail}]}], exit 1 when one fails', async () => {
    const r = await runCliAsync(['probe', `http://127.0.0.1:${port}/`, `127.0.0.1:${closed}`, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.targets).toHaveLength(2);
    for (const t of report.targets) expectTargetContract(t);
    expect(report.targets.map((t: JsonTarget) => [t.target, t.ok])).toEqual([
      [`http://127.0.0.1:${port}/`, true],
      [`tcp://127.0.0.1:${closed}`, false],
    ]);
    expect(CAUSE_IDS).toContain(report.targets[1].causes[0].id);
    expect(report.summary).toEqual({ targets: 2, ok: 1, failed: 1, invalid: 0 });
    expect(report.vantage).toBe('current');
  });

  it('exit 0 when every target is healthy; text output is a step list without colour when piped', async () => {
    const r = await runCliAsync(['probe', `http://127.0.0.1:${port}/ready`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ http:\/\/127\.0\.0\.1:\d+\/ready {2}healthy: http\/1\.1 200/);
    expect(r.stdout).toMatch(/✓ tcp +connected to 127\.0\.0\.1:\d+/);
    expect(r.stdout).toMatch(/timing: connect [\d.]+ ms · first byte [\d.]+ ms · total [\d.]+ ms/);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('--format markdown', async () => {
    const r = await runCliAsync(['probe', `127.0.0.1:${closed}`, '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## updoc probe/);
    expect(r.stdout).toMatch(/\| tcp:\/\/127\.0\.0\.1:\d+ \| ✗ failed \|/);
    expect(r.stdout).toMatch(/\*\*not-listening\*\*/);
  });

  it('the text verdict explains the failure', async () => {
    const r = await runCliAsync(['probe', `127.0.0.2:${port}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ tcp +ECONNREFUSED on 127\.0\.0\.2:\d+/);
    // Wrapped for an 100-column terminal: compare with the line breaks folded.
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/Verdict: refused on 127\.0\.0\.2:\d+, but .* listens on 127\.0\.0\.1:\d+ only \(loopback\)/);
    expect(r.stdout).toMatch(/bind-loopback/);
  });
});

describe('--targets', () => {
  it('garbage lines are reported with line numbers, the rest probed, JSON lines with --json', async () => {
    const file = join(dir, 'targets.txt');
    writeFileSync(
      file,
      ['# upstreams', `http://127.0.0.1:${port}/a`, 'this is not a target', '', `127.0.0.1:${closed}`, 'ftp://nope/', `http://127.0.0.1:${port}/b`].join('\n'),
    );
    const r = await runCliAsync(['probe', '--targets', file, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const invalid = lines.filter((l) => 'error' in l);
    const targets = lines.filter((l) => 'target' in l) as JsonTarget[];
    expect(invalid.map((l) => l.line)).toEqual([3, 6]);
    expect(invalid[1].error).toMatch(/unsupported scheme "ftp"/);
    expect(targets.map((t) => [t.line, t.ok]).sort()).toEqual([
      [2, true],
      [5, false],
      [7, true],
    ]);
    for (const t of targets) expectTargetContract(t);
  });

  it('--format json gives one document with the invalid lines', async () => {
    const file = join(dir, 'targets2.txt');
    writeFileSync(file, `http://127.0.0.1:${port}/\n:::bad\n`);
    const r = await runCliAsync(['probe', '--targets', file, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.invalid).toEqual([{ line: 2, input: ':::bad', error: expect.stringMatching(/IPv6/) }]);
    expect(report.summary).toMatchObject({ targets: 1, ok: 1, invalid: 1 });
  });

  it('text output lists the invalid lines first', async () => {
    const file = join(dir, 'targets3.txt');
    writeFileSync(file, `http://127.0.0.1:${port}/\nhost:99999\n`);
    const r = await runCliAsync(['probe', '--targets', file]);
    expect(r.stdout).toMatch(/! line 2: port 99999 is out of range/);
    expect(r.code).toBe(1);
  });

  it('a file with no valid target, a missing file, a binary file: exit 2', async () => {
    const garbage = join(dir, 'garbage.txt');
    writeFileSync(garbage, 'a b c\nftp://x\n');
    const r = await runCliAsync(['probe', '--targets', garbage]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1: target contains spaces/);
    expect(r.stderr).toMatch(/no valid target/);
    expect((await runCliAsync(['probe', '--targets', join(dir, 'missing.txt')])).code).toBe(2);
    const binary = join(dir, 'binary.bin');
    writeFileSync(binary, Buffer.from([0, 1, 2, 3, 0, 0, 255, 254]));
    expect((await runCliAsync(['probe', '--targets', binary])).code).toBe(2);
  });
});

describe('bad and hostile input', () => {
  it.each([
    [[], /no target/],
    [['ftp://host/'], /unsupported scheme/],
    [['http://[fe80::1%eth0;x]/'], /invalid IPv6 zone/],
    [[`${'a'.repeat(300)}:80`], /at most (63|253)/],
    [['127.0.0.1:1', '--timeout', 'soon'], /invalid --timeout/],
    [['127.0.0.1:1', '--concurrency', '0'], /--concurrency/],
    [['127.0.0.1:1', '--format', 'yaml'], /unknown --format/],
    [['127.0.0.1:1', '--scheme', 'gopher'], /unknown --scheme/],
    [['127.0.0.1:1', '--header', 'X-Bad'], /invalid --header/],
    [['127.0.0.1:1', '--method', 'GET /x'], /invalid --method/],
    [['127.0.0.1:1', '--header', 'X-A: bell\u0007'], /no control characters/],
    [['127.0.0.1:1', '--nameserver', 'dns.example'], /invalid --nameserver/],
    [['127.0.0.1:1', '--via', 'tcp://127.0.0.1:2'], /--via needs an HTTP URL/],
    [['127.0.0.1:1', '--ca', '/nonexistent/ca.pem'], /cannot read --ca/],
    [['127.0.0.1:1', '--from', 'container:web'], /unknown vantage/],
    [['127.0.0.1:1', '--from', 'netns:../../etc'], /invalid namespace name/],
    [['127.0.0.1:1', '--targets', 'x.txt'], /either as arguments or with --targets/],
  ])('%j → exit 2', async (args, message) => {
    const r = await runCliAsync(['probe', ...args]);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('hostile strings in targets never reach a shell', async () => {
    const marker = join(dir, 'pwned');
    const hostile = [`$(touch ${marker})`, `;touch ${marker}`, `\`touch ${marker}\`:80`, `127.0.0.1:1|touch ${marker}`, `127.0.0.1:1&&touch ${marker}`];
    for (const target of hostile) {
      const r = await runCliAsync(['probe', target]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/invalid target/);
    }
    // Inside a URL path it is just bytes on the wire: sent literally, never executed.
    const r = await runCliAsync(['probe', `http://127.0.0.1:${port}/$(touch%20${marker.replace(/\//g, '%2F')})`]);
    expect(r.code).toBe(0);
    expect(paths.some((p) => p.startsWith('/$(touch%20'))).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it('a request that cannot be built is a failed step, not a crash', async () => {
    const r = await runCliAsync(['probe', `h2c://127.0.0.1:${port}/`, '--header', 'Host: not a host', '--json', '--no-local']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/);
    const t = JSON.parse(r.stdout).targets[0];
    expect(t.steps.find((s: JsonStep) => s.step === 'http')).toMatchObject({ ok: false });
  });

  it('terminal escapes from the network are not printed', async () => {
    const evil = createNetServer((socket) =>
      socket.once('data', () =>
        socket.end('HTTP/1.1 502 \u001b[31mBad\u001b]0;owned\u0007\r\nServer: x\u001b[2J\r\nContent-Length: 9\r\n\r\n\u001b[31mevil\u001b[0m'),
      ),
    );
    const evilPort = await listen(evil as unknown as HttpServer, '127.0.0.1');
    servers.push(evil as unknown as HttpServer);
    const text = await runCliAsync(['probe', `http://127.0.0.1:${evilPort}/`, '--no-local']);
    expect(text.stdout).not.toContain('\u001b');
    expect(text.stdout).not.toContain('\u0007');
    const json = await runCliAsync(['probe', `http://127.0.0.1:${evilPort}/`, '--json', '--no-local']);
    expect(json.stdout).not.toMatch(/\\u001b|\\u0007/);
  });
});

describe('timeouts and the deadline', () => {
  it('every step is bounded: a server that never answers costs one step timeout', async () => {
    const started = Date.now();
    const r = await runCliAsync(['probe', `http://127.0.0.1:${silent}/`, '--timeout', '300ms', '--no-local', '--json']);
    const elapsed = Date.now() - started;
    expect(r.code).toBe(1);
    const t = JSON.parse(r.stdout).targets[0];
    expect(t.steps.find((s: JsonStep) => s.step === 'http')).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
    expect(elapsed).toBeLessThan(5000);
  });

  it('the deadline stops the run: unfinished targets are reported as not probed', async () => {
    const many = Array.from({ length: 6 }, (_, i) => `http://127.0.0.1:${silent}/${i}`);
    const started = Date.now();
    const r = await runCliAsync(['probe', ...many, '--timeout', '2s', '--deadline', '500ms', '--concurrency', '2', '--no-local', '--json']);
    const elapsed = Date.now() - started;
    const report = JSON.parse(r.stdout);
    expect(r.code).toBe(1);
    expect(report.deadlineReached).toBe(true);
    expect(report.targets.filter((t: JsonTarget) => t.deadline).length).toBeGreaterThanOrEqual(4);
    for (const t of report.targets) expectTargetContract(t);
    expect(elapsed).toBeLessThan(5000);
  });
});

describe('IPv4 and IPv6 localhost', () => {
  const v6 = createHttpServer((_req, res) => res.end('v6 only'));
  const v4 = createHttpServer((_req, res) => res.end('v4 only'));
  let v6Port = 0;
  let v4Port = 0;
  let localhost: string[] = [];

  beforeAll(async () => {
    v6Port = await listen(v6, '::1');
    v4Port = await listen(v4, '127.0.0.1');
    localhost = (await lookup('localhost', { all: true, verbatim: true })).map((a) => a.address);
  });
  afterAll(async () => {
    await closeServer(v6);
    await closeServer(v4);
  });

  it('a server on ::1 only, probed as localhost: every address localhost has is tried; IPv4 refused and IPv6 answering is the localhost split', async () => {
    const r = await runCliAsync(['probe', `http://localhost:${v6Port}/`, '--json']);
    const t = JSON.parse(r.stdout).targets[0];
    const tcp = t.steps.filter((s: JsonStep & { address: string }) => s.step === 'tcp');
    expect(tcp.map((s: { address: string }) => s.address).sort()).toEqual(
      localhost.map((a) => (a.includes(':') ? `[${a}]:${v6Port}` : `${a}:${v6Port}`)).sort(),
    );
    for (const s of tcp) expect(s.ok).toBe(s.address.startsWith('[::1]'));
    if (localhost.includes('127.0.0.1')) {
      expect(t.ok).toBe(false);
      expect(t.causes[0].id).toBe('wrong-host-localhost');
      expect(t.causes[0].why).toContain('the IPv4/IPv6 localhost split');
      expect(JSON.stringify(t.steps)).toContain(`listening: [::1]:${v6Port} (loopback`);
    }
  });

  it('a server on 127.0.0.1 only, probed on [::1]: refused, and the IPv4 listener is named as the other loopback family', async () => {
    const r = await runCliAsync(['probe', `http://[::1]:${v4Port}/`, '--json']);
    const t = JSON.parse(r.stdout).targets[0];
    expect(t.steps[0]).toMatchObject({ step: 'tcp', ok: false, code: 'ECONNREFUSED' });
    expect(t.causes[0].id).toBe('wrong-host-localhost');
    expect(t.causes[0].why).toContain(`listens on 127.0.0.1:${v4Port} only — the other loopback family`);
    expect(t.causes.map((c: { id: string }) => c.id)).toContain('bind-loopback');
  });

  it('and the reverse pair works', async () => {
    const r = await runCliAsync(['probe', `http://[::1]:${v6Port}/`, `http://127.0.0.1:${v4Port}/`, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).targets.map((t: { addresses: { http: { bodySnippet: string } }[] }) => t.addresses[0].http.bodySnippet)).toEqual([
      'v6 only',
      'v4 only',
    ]);
  });
});
