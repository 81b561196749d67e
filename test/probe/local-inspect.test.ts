/**
 * inspectLocalSide on this machine's own namespace: listeners this test process opens on loopback.
 * No root needed (a process can always read its own /proc entries).
 */
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalInspector, inspectLocalSide } from '../../src/probes/local/index.js';

const servers: Server[] = [];
async function listen(host: string): Promise<number> {
  const server = createServer((socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0, backlog: 7 }, resolve);
  });
  return (server.address() as { port: number }).port;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const OPTIONS = { timeoutMs: 10_000 };

describe('inspectLocalSide on loopback (the current namespace)', () => {
  it('finds our own 127.0.0.1 listener, owned by this process, with its backlog', async () => {
    const port = await listen('127.0.0.1');
    const report = await inspectLocalSide('127.0.0.1', port, OPTIONS);
    expect(report?.namespace.current).toBe(true);
    expect(report?.listeners).toEqual([expect.objectContaining({ address: '127.0.0.1', port, family: 4, scope: 'loopback' })]);
    expect(report?.listeners[0].owner?.pid).toBe(process.pid);
    expect(report?.listeners[0].owner?.maxOpenFiles).toBeGreaterThan(0);
    // Node passes the backlog to listen(); ss shows it as the listener's Send-Q (when ss is installed).
    if (report?.listeners[0].backlog !== undefined) expect(report.listeners[0].backlog).toBe(7);
    expect(report?.accepts).toBe(true);
  });

  it('sees the 127.0.0.1 listener from ::1 but says it does not accept IPv6', async () => {
    const port = await listen('127.0.0.1');
    const report = await inspectLocalSide('::1', port, OPTIONS);
    expect(report?.namespace.current).toBe(true);
    expect(report?.listeners.map((l) => l.address)).toEqual(['127.0.0.1']);
    expect(report?.accepts).toBe(false);
  });

  it('reports no listener on a port that was closed', async () => {
    const port = await listen('127.0.0.1');
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const report = await inspectLocalSide('127.0.0.1', port, OPTIONS);
    expect(report?.listeners).toEqual([]);
    expect(report?.accepts).toBe(false);
  });

  it('answers many concurrent questions from shared reads, each about its own port', async () => {
    const ports = await Promise.all([0, 1, 2, 3, 4].map(() => listen('127.0.0.1')));
    const inspector = createLocalInspector({ reuseWithinMs: 500 });
    const reports = await Promise.all(ports.map((port) => inspector.inspect('127.0.0.1', port, OPTIONS)));
    expect(reports.map((r) => r?.listeners[0]?.port)).toEqual(ports);
    expect(reports.every((r) => r?.listeners[0]?.owner?.pid === process.pid)).toBe(true);
  });

  it('answers a port nothing listens on at once from the finished reads, with the report inspect gives', async () => {
    const closedPort = await listen('127.0.0.1');
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const listening = await listen('127.0.0.1');
    const inspector = createLocalInspector({ reuseWithinMs: 60_000 });
    // Nothing read yet: nothing to answer from.
    expect(inspector.answerNow('127.0.0.1', closedPort)).toBeUndefined();
    const inspected = await inspector.inspect('127.0.0.1', closedPort, OPTIONS);
    expect(inspected?.listeners).toEqual([]);
    // In a container's namespace a refused loopback port also has the other namespaces searched: left to inspect.
    if (inspected?.namespace.initial === false) expect(inspector.answerNow('127.0.0.1', closedPort)).toBeUndefined();
    else expect(inspector.answerNow('127.0.0.1', closedPort)).toEqual(inspected);
    // A listener needs its owner and backlog looked up: left to inspect.
    expect(inspector.answerNow('127.0.0.1', listening)).toBeUndefined();
    // Not loopback, not an address, not a port: never answered here.
    expect(inspector.answerNow('192.0.2.1', closedPort)).toBeUndefined();
    expect(inspector.answerNow('localhost', closedPort)).toBeUndefined();
    expect(inspector.answerNow('127.0.0.1', 0)).toBeUndefined();
    // Reads are not reused once older than reuseWithinMs.
    const shortLived = createLocalInspector({ reuseWithinMs: 0 });
    await shortLived.inspect('127.0.0.1', closedPort, OPTIONS);
    expect(shortLived.answerNow('127.0.0.1', closedPort)).toBeUndefined();
  });

  it('returns null for something that is not an IP address and rejects impossible ports', async () => {
    expect(await inspectLocalSide('localhost', 80, OPTIONS)).toBeNull();
    await expect(inspectLocalSide('127.0.0.1', 0, OPTIONS)).rejects.toThrow(RangeError);
    await expect(inspectLocalSide('127.0.0.1', 70000, OPTIONS)).rejects.toThrow(RangeError);
  });
});
