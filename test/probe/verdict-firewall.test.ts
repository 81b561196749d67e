import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from './support.js';

/**
 * The whole chain as root: a network namespace of our own whose loopback drops SYNs to one port (nft),
 * probed from inside it (--from): the connect times out at --timeout, the local side finds the rule, and
 * the verdict is network-blocked; a plain closed port there is refused and not-listening. Only loopback
 * traffic, inside a namespace this test creates and removes.
 */
const NS = `updoc-probe-fw-${process.pid}`;
const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
const isRoot = process.getuid?.() === 0;
const canNetns =
  isRoot && spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).status === 0 && spawnSync('nft', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!canNetns)('verdicts inside a namespace with an nft drop rule (root)', () => {
  if (!canNetns) console.log(`skipped: ${isRoot ? 'ip netns or nft is not available' : 'needs root (network namespaces, nft); .ci/run runs it as root'}`);
  let ready = false;

  beforeAll(() => {
    const steps = [
      ['netns', 'add', NS],
      ['-n', NS, 'link', 'set', 'lo', 'up'],
    ];
    for (const s of steps) {
      const r = ip(...s);
      if (r.status !== 0) throw new Error(`ip ${s.join(' ')}: ${r.stderr}`);
    }
    const rules = 'table inet updoc_probe_test {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport 9999 drop\n }\n}\n';
    const r = spawnSync('ip', ['netns', 'exec', NS, 'nft', '-f', '-'], { input: rules, encoding: 'utf8', timeout: 10_000 });
    if (r.status !== 0) throw new Error(`nft: ${r.stderr}`);
    ready = true;
  });

  afterAll(() => {
    ip('netns', 'del', NS);
  });

  it('a dropped SYN: timed out at --timeout, the nft rule found → network-blocked', async () => {
    expect(ready).toBe(true);
    const r = await runCliAsync(['probe', '127.0.0.1:9999', '127.0.0.1:9998', '--from', `netns:${NS}`, '--timeout', '700ms', '--json'], { timeout: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.vantage).toBe(`netns:${NS}`);
    const [dropped, closed] = report.targets;

    expect(dropped.steps[0]).toMatchObject({ step: 'tcp', ok: false, code: 'ETIMEDOUT' });
    expect(dropped.steps[0].ms).toBeGreaterThanOrEqual(690);
    expect(dropped.ms).toBeLessThan(700 + 2000);
    expect(dropped.causes[0].id).toBe('network-blocked');
    expect(dropped.causes[0].why).toMatch(/an nft\/iptables rule drops traffic to the port \(.*dport 9999 drop/);

    expect(closed.steps[0]).toMatchObject({ step: 'tcp', ok: false, code: 'ECONNREFUSED' });
    expect(closed.causes[0].id).toBe('not-listening');
  });
});
