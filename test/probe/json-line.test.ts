import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseTarget } from '../../src/diagnosis/probe.js';
import type { TargetReport } from '../../src/probes/run-probe.js';
import { closedPort, closeServer, listen, runCliAsync } from './support.js';

/**
 * The JSON line of `updoc probe --targets FILE --json`, byte for byte: the CLI builds a healthy target's line
 * without loading the ranking of causes, and a failed target's with the ranking loaded on demand; neither may
 * change what scripts read. Only what differs between runs (timings, the port, the local port) is normalised.
 */

const dir = mkdtempSync(join(tmpdir(), 'updoc-probe-json-line-'));
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '3' });
    res.end('ok\n');
  });
  port = await listen(server, '127.0.0.1');
});

afterAll(async () => {
  await closeServer(server);
  rmSync(dir, { recursive: true, force: true });
});

async function jsonLines(targets: string[], ...extra: string[]): Promise<string[]> {
  const file = join(dir, `targets-${targets.length}-${extra.length}.txt`);
  writeFileSync(file, `${targets.join('\n')}\n`);
  const r = await runCliAsync(['probe', '--targets', file, '--json', '--jobs', '1', ...extra]);
  expect(r.stderr).toBe('');
  return r.stdout.trimEnd().split('\n');
}

const normalise = (line: string, p: number) =>
  line
    .split(String(p))
    .join('PORT')
    .replace(/"(ms|connectMs|totalMs|firstByteMs|localPort)":[\d.]+/g, '"$1":0')
    .replace(/\((first byte )?[\d.]+ ms\)/g, '($1N ms)');

const HEALTHY =
  '{"target":"http://127.0.0.1:PORT/","input":"http://127.0.0.1:PORT/","scheme":"http","host":"127.0.0.1","port":PORT,"line":1,"ok":true,' +
  '"summary":"healthy: http/1.1 200 (N ms)","causes":[],"steps":[{"step":"tcp","ok":true,"ms":0,"address":"127.0.0.1:PORT","detail":"connected to 127.0.0.1:PORT"},' +
  '{"step":"http","ok":true,"ms":0,"address":"127.0.0.1:PORT","detail":"http/1.1 GET / → 200 OK (first byte N ms)"}],' +
  '"addresses":[{"address":"127.0.0.1","family":4,"port":PORT,"connect":{"ok":true,"ms":0,"meaning":"the three-way handshake completed: something accepts connections on this address and port","localAddress":"127.0.0.1","localPort":0},' +
  '"timing":{"connectMs":0,"totalMs":0,"firstByteMs":0},"ok":true,"http":{"protocol":"http/1.1","method":"GET","path":"/","ok":true,"status":200,"statusText":"OK",' +
  '"headers":{"content-type":"text/plain","content-length":"3"},"bodySnippet":"ok\\n","bodyBytes":3,"bodyTruncated":false,"firstByteMs":0,"ms":0,' +
  '"meaning":"the server answered 200","recognised":{"pages":[],"signatures":[],"hints":[]}}}],"ms":0}';

describe('probe --json lines', () => {
  it('a healthy HTTP target: the line is unchanged, byte for byte', async () => {
    const [line] = await jsonLines([`http://127.0.0.1:${port}/`]);
    expect(normalise(line, port)).toBe(HEALTHY);
  });

  it('a refused port after a healthy one: the verdict is the one diagnoseTarget gives for the same findings', async () => {
    const closed = await closedPort();
    const lines = await jsonLines([`http://127.0.0.1:${port}/`, `127.0.0.1:${closed}`], '--no-local');
    expect(lines).toHaveLength(2);
    const failed = lines.map((l) => JSON.parse(l) as TargetReport).find((r) => !r.ok);
    expect(failed?.target).toBe(`tcp://127.0.0.1:${closed}`);
    if (!failed) return;
    const { ok, summary, causes, ...findings } = failed;
    const verdict = diagnoseTarget({ ...findings, ok: false, summary: '', causes: [] });
    expect({ ok, summary, causes }).toEqual(verdict);
    expect(causes.length).toBeGreaterThan(0);
    // Key order too: the verdict's fields sit where they always did.
    expect(Object.keys(failed).slice(0, 10)).toEqual(['target', 'input', 'scheme', 'host', 'port', 'line', 'ok', 'summary', 'causes', 'steps']);
  });
});
