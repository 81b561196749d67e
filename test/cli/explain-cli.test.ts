import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/core/ids.js';
import { runCli } from '../helpers/run-cli.js';
import { expectCausesContract } from '../helpers/expect-causes.js';

const NGINX_LINE =
  '2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:3000/", host: "localhost"';
const tmp = mkdtempSync(join(tmpdir(), 'updoc-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('updoc explain (CLI)', () => {
  it('follows the --json contract', () => {
    const r = runCli(['explain', '--json', NGINX_LINE]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.matches[0]).toMatchObject({ signature: 'nginx/connect-refused', platform: 'nginx', phase: 'connect' });
    expect(out.matches[0].fields).toMatchObject({ host: '127.0.0.1', port: '3000', errno: '111' });
    expectCausesContract(out.causes);
    expect(out.causes[0].id).toBe('wrong-host-localhost');
    expect(out.checks.length).toBeGreaterThan(0);
    expect(out.fixes.length).toBeGreaterThan(0);
  });

  it('reads stdin with - and from a pipe, and --file', () => {
    expect(runCli(['explain', '-'], { input: NGINX_LINE }).code).toBe(0);
    expect(runCli(['explain'], { input: NGINX_LINE }).code).toBe(0);
    const file = join(tmp, 'err.log');
    writeFileSync(file, `${NGINX_LINE}\n`);
    const r = runCli(['explain', '--json', '--file', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).matches.length).toBeGreaterThan(0);
  });

  it('prints text with the sections a person needs, without colour when piped', () => {
    const r = runCli(['explain', NGINX_LINE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Likely root causes');
    expect(r.stdout).toContain('Next checks');
    expect(r.stdout).toContain('Fix');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('uses colour only when forced, and NO_COLOR wins over a terminal guess', () => {
    expect(runCli(['explain', '--color', NGINX_LINE]).stdout).toContain('\u001b[');
    expect(runCli(['explain', NGINX_LINE], { env: { NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('exits 1 and says what to paste when nothing matches, in every format', () => {
    for (const fmt of ['text', 'json', 'markdown']) {
      const r = runCli(['explain', '--format', fmt, 'the weather is nice today']);
      expect(r.code).toBe(1);
    }
    expect(runCli(['explain', 'the weather is nice today']).stdout).toMatch(/No upstream error recognised/);
    expect(JSON.parse(runCli(['explain', '--json', 'hello']).stdout).causes).toEqual([]);
  });

  it('exits 2 on usage and input errors', () => {
    expect(runCli(['explain', '--format', 'yaml', 'x']).code).toBe(2);
    expect(runCli(['explain', '--platform', 'mars', 'x']).code).toBe(2);
    // Names of Object.prototype are not platforms either (it printed "commands for: function Object() …").
    expect(runCli(['explain', '--platform', 'constructor', NGINX_LINE]).code).toBe(2);
    expect(runCli(['logs', '--platform', 'toString', '-'], { input: NGINX_LINE }).code).toBe(2);
    expect(runCli(['explain', '--bogus']).code).toBe(2);
    expect(runCli(['explain', '--file', join(tmp, 'missing.log')]).code).toBe(2);
    expect(runCli(['explain', '--file', tmp]).code).toBe(2);
    expect(runCli(['explain'], { input: '' }).code).toBe(2);
    expect(runCli(['explain'], { input: '   \n\n' }).code).toBe(2);
    expect(runCli(['nonsense']).code).toBe(2);
  });

  it('refuses binary input with a message instead of crashing', () => {
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    const r = runCli(['explain', '-'], { input: binary });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/binary/);
  });

  it('decodes invalid UTF-8 and still recognises the message', () => {
    const input = Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(` ${NGINX_LINE} `), Buffer.from([0xe2, 0x82])]);
    const r = runCli(['explain', '--json', '-'], { input });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).matches[0].signature).toBe('nginx/connect-refused');
  });

  it('bounds a 100 MB paste: analyses the head, says so, and finishes', () => {
    const line = `${'x'.repeat(1023)}\n`;
    const big = Buffer.from(`${NGINX_LINE}\n${line.repeat(100 * 1024)}`);
    const r = runCli(['explain', '--json', '-'], { input: big, timeout: 60_000 });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/only the first 4 MiB/);
    expect(JSON.parse(r.stdout).matches[0].signature).toBe('nginx/connect-refused');
  });

  it('never echoes terminal control sequences from the input', () => {
    const hostile = `\u001b]0;pwned\u0007\u001b[2J${NGINX_LINE.replace('GET /', 'GET /\u001b[31mred\u001b[0m')}\u009b31m`;
    for (const fmt of ['text', 'json', 'markdown']) {
      const r = runCli(['explain', '--format', fmt, hostile]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    }
  });

  it('has --help everywhere', () => {
    for (const cmd of ['explain', 'signatures', 'causes']) {
      const r = runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: updoc/);
    }
    expect(runCli(['--help']).code).toBe(0);
    expect(runCli([]).code).toBe(2);
  });
});

describe('updoc signatures / causes (CLI)', () => {
  it('lists signatures and causes in every format', () => {
    const sigs = JSON.parse(runCli(['signatures', '--json']).stdout);
    expect(sigs.length).toBeGreaterThanOrEqual(300);
    expect(runCli(['signatures', '--platform', 'envoy']).stdout).toMatch(/envoy\//);
    const causes = JSON.parse(runCli(['causes', '--json']).stdout);
    expect(causes.map((c: { id: string }) => c.id)).toEqual([...CAUSE_IDS]);
    expect(runCli(['causes', '--format', 'markdown']).stdout).toMatch(/^<!-- generated/);
    expect(runCli(['signatures', '--platform', 'nope']).code).toBe(2);
    expect(JSON.parse(runCli(['signatures', '--cause', 'tls-mismatch', '--json']).stdout).length).toBeGreaterThan(0);
    // An unknown cause id is a usage error, not an empty list.
    const unknownCause = runCli(['signatures', '--cause', 'tls-mismatc']);
    expect(unknownCause.code).toBe(2);
    expect(unknownCause.stderr).toMatch(/unknown --cause "tls-mismatc"/);
  });
});
