/**
 * runFromVantage for real: `updoc probe` re-executed inside network namespaces this test creates, probing
 * listeners that only exist there. Needs root and the built CLI (test/global-setup.ts builds it).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { runFromVantage, VantageError } from '../../src/probes/vantage.js';
import { ip, netnsSupport, useLinkedNamespaces } from '../helpers/netns.js';
import { ROOT } from '../helpers/run-cli.js';
import { listenersByPort } from './support.js';

const support = netnsSupport();

interface ProbeJson {
  targets: Array<{ target: string; ok: boolean; causes: Array<{ id: string }>; steps: Array<{ step: string; ok: boolean }> }>;
}

/** Ports something listens on in the current namespace (to pick one that is free here but used in A). */
function listeningHere(): Set<number> {
  return new Set(['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => [...listenersByPort(readFileSync(file, 'utf8')).keys()]));
}

describe.skipIf(!support.ok)('runFromVantage into network namespaces', () => {
  const net = useLinkedNamespaces('vantage');

  it('probes namespace B’s HTTP listener from namespace A, over the veth', async () => {
    const { port } = await net.lab.listen(net.nsB, '0.0.0.0', 0, { http: true });
    const report = (await runFromVantage({ kind: 'netns', name: net.nsA }, [`http://${net.link.addressB}:${port}/`], { timeoutMs: 20_000 })) as ProbeJson;
    expect(report.targets).toHaveLength(1);
    expect(report.targets[0].ok).toBe(true);
    expect(report.targets[0].steps.map((s) => s.step)).toEqual(expect.arrayContaining(['tcp', 'http']));
  });

  it('runs inside the namespace: A’s own loopback listener answers from A, and is refused from here', async () => {
    const busy = listeningHere();
    let listener = await net.lab.listen(net.nsA, '127.0.0.1', 0, { http: true });
    for (let i = 0; i < 5 && busy.has(listener.port); i++) listener = await net.lab.listen(net.nsA, '127.0.0.1', 0, { http: true });
    const target = `http://127.0.0.1:${listener.port}/`;
    const fromA = (await runFromVantage({ kind: 'netns', name: net.nsA }, [target], { timeoutMs: 20_000 })) as ProbeJson;
    expect(fromA.targets[0].ok).toBe(true);
    const fromHere = (await runFromVantage({ kind: 'current' }, [target], { timeoutMs: 20_000 })) as ProbeJson;
    expect(fromHere.targets[0].ok).toBe(false);
  });

  it('enters the namespace of a process (pid:PID) and reaches its loopback-only listener', async () => {
    const { port, pid } = await net.lab.listen(net.nsB, '127.0.0.1', 0, { http: true });
    const report = (await runFromVantage({ kind: 'pid', pid }, [`http://127.0.0.1:${port}/`], { timeoutMs: 20_000 })) as ProbeJson;
    expect(report.targets[0].ok).toBe(true);
  });

  it('stops a probe that outlives its timeout and leaves no process behind in the namespace', async () => {
    const nsE = net.lab.addNamespace();
    const started = Date.now();
    await expect(runFromVantage({ kind: 'netns', name: nsE }, ['127.0.0.1:9'], { timeoutMs: 30 })).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    // SIGKILL to the child's process group: nothing of it may remain inside the namespace.
    let left = '';
    for (let i = 0; i < 20; i++) {
      left = ip('netns', 'pids', nsE).trim();
      if (left === '') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(left).toBe('');
  });

  /** Bundles src/probes/vantage.ts on its own and runs a driver calling runFromVantage with `vantage`; prints the error. */
  async function runBundledVantage(vantage: string, spawnAs: (driver: string, dir: string) => ReturnType<typeof spawnSync>) {
    const dir = mkdtempSync(join(tmpdir(), 'updoc-vantage-'));
    try {
      chmodSync(dir, 0o755);
      const bundle = join(dir, 'vantage.mjs');
      await build({ entryPoints: [join(ROOT, 'src/probes/vantage.ts')], bundle: true, format: 'esm', platform: 'node', outfile: bundle, logLevel: 'silent' });
      const driver = join(dir, 'driver.mjs');
      writeFileSync(
        driver,
        `import { runFromVantage } from './vantage.mjs';\nrunFromVantage(${vantage}, ['127.0.0.1:1'], { timeoutMs: 5000 }).then(() => console.log('{"code":"none"}'), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));\n`,
      );
      chmodSync(bundle, 0o644);
      chmodSync(driver, 0o644);
      const run = spawnAs(driver, dir);
      return JSON.parse(String(run.stdout)) as { code: string; message: string };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('says "not root" to an unprivileged user instead of failing inside nsenter', async () => {
    const result = await runBundledVantage(JSON.stringify({ kind: 'netns', name: net.nsA }), (driver, cwd) =>
      spawnSync(process.execPath, [driver], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 20_000, cwd }),
    );
    expect(result.code).toBe('not-root');
    expect(result.message).toMatch(/root/);
  });

  it('says nsenter is missing when it is (hidden in a private mount namespace)', async () => {
    // Constant script, no user input: hide nsenter behind /dev/null (not executable), then run the driver.
    const result = await runBundledVantage(JSON.stringify({ kind: 'pid', pid: process.pid }), (driver, cwd) =>
      spawnSync(
        'unshare',
        ['--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount --bind /dev/null /usr/bin/nsenter && exec "$0" "$1"', process.execPath, driver],
        { encoding: 'utf8', timeout: 20_000, cwd },
      ),
    );
    expect(result.code).toBe('nsenter-missing');
    expect(result.message).toMatch(/nsenter/);
  });

  it('says when the namespace is gone', async () => {
    await expect(runFromVantage({ kind: 'netns', name: `${net.nsA}-gone` }, ['127.0.0.1:1'], { timeoutMs: 5000 })).rejects.toBeInstanceOf(VantageError);
  });
});
