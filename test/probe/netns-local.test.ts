/**
 * inspectLocalSide against real network namespaces: two namespaces joined by a veth pair, listeners started
 * inside them, an nft rule loaded in one. Needs root (skipped with the reason otherwise).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { inspectLocalSide } from '../../src/probes/local/index.js';
import { netnsSupport, useLinkedNamespaces } from '../helpers/netns.js';
import { ROOT } from '../helpers/run-cli.js';

const support = netnsSupport();
const OPTIONS = { timeoutMs: 10_000 };

describe.skipIf(!support.ok)('inspectLocalSide in network namespaces', () => {
  const net = useLinkedNamespaces('local');

  it('finds a 0.0.0.0 listener in namespace B from B’s veth address, with its owner, and not from A’s', async () => {
    const { port, pid } = await net.lab.listen(net.nsB, '0.0.0.0');
    const report = await inspectLocalSide(net.link.addressB, port, OPTIONS);
    expect(report).not.toBeNull();
    expect(report?.namespace).toMatchObject({ name: net.nsB, current: false, inode: statSync(`/run/netns/${net.nsB}`).ino });
    expect(report?.namespace.owner).toMatchObject({ pid, name: 'node' });
    expect(report?.listeners).toEqual([expect.objectContaining({ address: '0.0.0.0', port, family: 4, scope: 'wildcard', queued: 0 })]);
    expect(report?.listeners[0].owner).toMatchObject({ pid, name: 'node' });
    expect(report?.listeners[0].backlog).toBe(511);
    expect(report?.accepts).toBe(true);
    expect(report?.firewall).toEqual([]);

    // A's end of the veth lives in namespace A, where nothing listens (and no process lives: read from inside).
    const fromA = await inspectLocalSide(net.link.addressA, port, OPTIONS);
    expect(fromA?.namespace).toMatchObject({ name: net.nsA, current: false });
    expect(fromA?.namespace.owner).toBeUndefined();
    expect(fromA?.listeners).toEqual([]);
    expect(fromA?.accepts).toBe(false);
  });

  it('reports a 127.0.0.1-only listener (bind-loopback): visible, owned, but not accepting on the veth address', async () => {
    const { port, pid } = await net.lab.listen(net.nsB, '127.0.0.1');
    const report = await inspectLocalSide(net.link.addressB, port, OPTIONS);
    expect(report?.namespace.name).toBe(net.nsB);
    expect(report?.listeners).toEqual([
      expect.objectContaining({ address: '127.0.0.1', port, scope: 'loopback', owner: expect.objectContaining({ pid, name: 'node' }) }),
    ]);
    expect(report?.listeners[0].owner?.commandLine).toContain('node');
    expect(report?.accepts).toBe(false);
  });

  it('says nothing listens on a port nobody bound', async () => {
    const { port } = await net.lab.listen(net.nsB, '0.0.0.0');
    // The next port up is free in B unless another listener of this test took it.
    const free = port === 65535 ? port - 1 : port + 1;
    const report = await inspectLocalSide(net.link.addressB, free, OPTIONS);
    expect(report?.namespace.name).toBe(net.nsB);
    expect(report?.listeners).toEqual([]);
    expect(report?.accepts).toBe(false);
  });

  it('reports an nft rule dropping the port in namespace B, and not for another port', async () => {
    const { port } = await net.lab.listen(net.nsB, '0.0.0.0');
    net.lab.nft(net.nsB, `table inet updoc_t {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport ${port} drop\n }\n}\n`);
    const report = await inspectLocalSide(net.link.addressB, port, OPTIONS);
    expect(report?.firewall).toEqual([{ tool: 'nft', table: 'inet updoc_t', chain: 'input', rule: `tcp dport ${port} drop`, verdict: 'drop' }]);
    expect(report?.accepts).toBe(true);
    const other = await inspectLocalSide(net.link.addressB, port === 65535 ? port - 1 : port + 1, OPTIONS);
    expect(other?.firewall).toEqual([]);
  });

  it('counts a listener’s open files against its soft RLIMIT_NOFILE', async () => {
    const { port, pid } = await net.lab.listen(net.nsB, '0.0.0.0', 0, { nofile: 128, holdFiles: 60 });
    const report = await inspectLocalSide(net.link.addressB, port, OPTIONS);
    const owner = report?.listeners[0]?.owner;
    expect(owner?.pid).toBe(pid);
    expect(owner?.maxOpenFiles).toBe(128);
    expect(owner?.openFiles).toBeGreaterThanOrEqual(61);
    expect(owner?.openFiles).toBeLessThanOrEqual(128);
  });

  it('knows the name of a namespace no process lives in, and leaves its owner undefined', async () => {
    const nsC = net.lab.addNamespace();
    const nsD = net.lab.addNamespace();
    const quiet = net.lab.link(nsC, nsD);
    const report = await inspectLocalSide(quiet.addressA, 80, OPTIONS);
    expect(report?.namespace.name).toBe(nsC);
    expect(report?.namespace.inode).toBe(statSync(`/run/netns/${nsC}`).ino);
    expect(report?.namespace.owner).toBeUndefined();
    expect(report?.listeners).toEqual([]);
  });

  it('keeps to its time limit: a 1 ms inspection of a process-less namespace answers or says it could not tell', async () => {
    const nsF = net.lab.addNamespace();
    const nsG = net.lab.addNamespace();
    const quiet = net.lab.link(nsF, nsG);
    const started = Date.now();
    const outcome = await inspectLocalSide(quiet.addressA, 80, { timeoutMs: 1 }).then(
      (report) => report?.namespace.name,
      (error: Error) => error.message,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect([nsF, `could not tell in time which network namespace holds ${quiet.addressA}: the named namespaces were not read within the time limit`]).toContain(
      outcome,
    );
  });

  it('returns null for an address no namespace here has', async () => {
    // 198.18.0.0/15 addresses are only configured by tests; the last /30's broadcast address never is.
    expect(await inspectLocalSide('198.19.255.255', 80, OPTIONS)).toBeNull();
  });

  it('as an unprivileged user: still lists the listener, with notes instead of its owner and the firewall', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'updoc-local-'));
    try {
      chmodSync(dir, 0o755);
      const bundle = join(dir, 'local.mjs');
      await build({
        entryPoints: [join(ROOT, 'src/probes/local/index.ts')],
        bundle: true,
        format: 'esm',
        platform: 'node',
        outfile: bundle,
        logLevel: 'silent',
      });
      const driver = join(dir, 'driver.mjs');
      writeFileSync(
        driver,
        `import { inspectLocalSide } from './local.mjs';\nconsole.log(JSON.stringify(await inspectLocalSide('127.0.0.1', ${port}, { timeoutMs: 10000 })));\n`,
      );
      chmodSync(bundle, 0o644);
      chmodSync(driver, 0o644);
      const run = spawnSync(process.execPath, [driver], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 20_000, cwd: dir });
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as import('../../src/probes/local/model.js').LocalSideReport;
      expect(report.listeners).toEqual([expect.objectContaining({ address: '127.0.0.1', port, scope: 'loopback' })]);
      expect(report.listeners[0].owner).toBeUndefined();
      expect(report.accepts).toBe(true);
      expect(report.notes).toEqual(expect.arrayContaining([expect.stringMatching(/owner of 1 listener.*need root/), expect.stringMatching(/firewall.*root/)]));
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
