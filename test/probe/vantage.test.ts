import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { childProbeArgs, INSIDE_VANTAGE_ENV, parseVantage, runFromVantage, updocBinPath, VantageError, vantageCommand } from '../../src/probes/vantage.js';

describe('parseVantage', () => {
  it.each([
    ['current', { kind: 'current' }],
    ['netns:blue', { kind: 'netns', name: 'blue' }],
    ['netns:cni-1234abcd-5678-90ef', { kind: 'netns', name: 'cni-1234abcd-5678-90ef' }],
    ['netns:a.b_c-D9', { kind: 'netns', name: 'a.b_c-D9' }],
    [`netns:${'n'.repeat(64)}`, { kind: 'netns', name: 'n'.repeat(64) }],
    ['pid:1', { kind: 'pid', pid: 1 }],
    ['pid:4194304', { kind: 'pid', pid: 4194304 }],
  ])('%s', (text, expected) => {
    expect(parseVantage(text)).toEqual(expected);
  });

  it.each([
    '',
    'current ',
    'CURRENT',
    'netns:',
    'netns:.',
    'netns:..',
    'netns:../../etc/passwd',
    'netns:a/b',
    'netns:-all',
    'netns:a b',
    'netns:$(reboot)',
    'netns:a;rm -rf /',
    'netns:blue\n',
    'netns:bl\u0000ue',
    `netns:${'n'.repeat(65)}`,
    'NETNS:blue',
    'pid:',
    'pid:0',
    'pid:-1',
    'pid:01',
    'pid:1.5',
    'pid:1e3',
    'pid: 12',
    'pid:abc',
    'pid:4194305',
    'pid:99999999999',
    'docker:abc',
    'netns',
  ])('rejects %j with a VantageError', (text) => {
    expect(() => parseVantage(text)).toThrow(VantageError);
    try {
      parseVantage(text);
    } catch (error) {
      expect((error as VantageError).code).toBe('invalid-vantage');
    }
  });

  it('never echoes control sequences from a hostile vantage back to the terminal', () => {
    expect(() => parseVantage('netns:\u001b[2J\u001b]0;pwned\u0007x')).toThrow(/^(?!.*\u001b)/s);
  });
});

describe('the re-executed probe', () => {
  it('drops --from and output switches and asks for JSON from inside the vantage', () => {
    expect(childProbeArgs(['--from', 'netns:x', 'http://a/', '--format', 'text', '--json', '--targets', 'list.txt', '--from=pid:3', '-f', 'json'])).toEqual([
      'http://a/',
      '--targets',
      'list.txt',
      '--json',
      '--inside-vantage',
    ]);
  });

  it('re-executes this installation’s bin/updoc.js with the same node', () => {
    const bin = updocBinPath();
    expect(bin.endsWith('/bin/updoc.js')).toBe(true);
    expect(existsSync(bin)).toBe(true);
    expect(vantageCommand({ kind: 'current' }, ['127.0.0.1:1'])).toEqual({
      file: process.execPath,
      args: [bin, 'probe', '127.0.0.1:1', '--json', '--inside-vantage'],
    });
  });

  it('says when the named namespace does not exist', () => {
    expect(() => vantageCommand({ kind: 'netns', name: 'updoc-no-such-namespace' }, [])).toThrow(
      expect.objectContaining({ code: 'no-such-namespace', message: expect.stringContaining('updoc-no-such-namespace') }),
    );
  });

  it('says when the process is gone', () => {
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(exited.stdout);
    expect(() => vantageCommand({ kind: 'pid', pid }, [])).toThrow(expect.objectContaining({ code: 'pid-gone' }));
  });

  it('refuses to nest: a probe already inside a vantage cannot re-enter another', async () => {
    process.env[INSIDE_VANTAGE_ENV] = '1';
    try {
      await expect(runFromVantage({ kind: 'current' }, ['127.0.0.1:1'], { timeoutMs: 5000 })).rejects.toMatchObject({ code: 'recursion' });
    } finally {
      delete process.env[INSIDE_VANTAGE_ENV];
    }
  });
});
