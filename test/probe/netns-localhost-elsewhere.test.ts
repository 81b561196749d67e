/**
 * "localhost" inside a container is the container itself: a loopback target refused in a namespace that is not
 * the host's, while another namespace of this machine listens on the port on an address the prober reaches, is
 * wrong-host-localhost — probed from the proxy's namespace as `updoc probe … --from netns:` does. The near misses:
 * the listener's namespace is on no network the prober is on (not-listening, and it says so), and the same
 * refused localhost probed from the host's own namespace (not-listening: localhost there is the host).
 * Needs root (skipped otherwise).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runFromVantage } from '../../src/probes/vantage.js';
import { NetnsLab, netnsSupport } from '../helpers/netns.js';
import { runCliAsync } from './support.js';

const support = netnsSupport();

interface ProbeJson {
  targets: Array<{
    ok: boolean;
    causes: Array<{ id: string; why: string }>;
    steps: Array<{ step: string; detail: string }>;
    addresses: Array<{ address: string; local?: { namespace: { current: boolean; initial?: boolean }; elsewhere?: unknown[] } }>;
  }>;
}

describe.skipIf(!support.ok)('a refused localhost in a container’s namespace, with the backend in another namespace', () => {
  const lab = new NetnsLab('elsewhere');
  afterAll(() => lab.cleanup());

  it('names wrong-host-localhost, the namespace and process that listen on the port, and the address that answers from the proxy', async () => {
    const proxy = lab.addNamespace();
    const api = lab.addNamespace();
    const link = lab.link(proxy, api);
    const { port, pid } = await lab.listen(api, '0.0.0.0', 0, { http: true });

    const report = (await runFromVantage({ kind: 'netns', name: proxy }, [`http://127.0.0.1:${port}/`], { timeoutMs: 20_000 })) as ProbeJson;
    const target = report.targets[0];
    expect(target?.ok).toBe(false);
    expect(target?.causes[0]?.id).toBe('wrong-host-localhost');
    expect(target?.causes[0]?.why).toContain(`nothing listens on port ${port} in this network namespace, which is not the host's`);
    expect(target?.causes[0]?.why).toContain(
      `node (pid ${pid}) listens on 0.0.0.0:${port} in network namespace ${api}, and answers from here on ${link.addressB}:${port}`,
    );
    expect(target?.addresses[0]?.local?.namespace).toMatchObject({ current: true, initial: false });
    const local = target?.steps.find((s) => s.step === 'local');
    expect(local?.detail).toContain(
      `elsewhere on this machine: 0.0.0.0:${port} in network namespace ${api} (node pid ${pid}), answers from here on ${link.addressB}:${port}`,
    );
  }, 60_000);

  it('a listener in a namespace on no network the proxy is on: not-listening, and the listener is named as not reachable', async () => {
    const proxy = lab.addNamespace();
    const other = lab.addNamespace();
    const peer = lab.addNamespace();
    lab.link(other, peer);
    const { port } = await lab.listen(other, '0.0.0.0', 0, { http: true });

    const report = (await runFromVantage({ kind: 'netns', name: proxy }, [`http://127.0.0.1:${port}/`], { timeoutMs: 20_000 })) as ProbeJson;
    const target = report.targets[0];
    expect(target?.causes[0]?.id).toBe('not-listening');
    expect(target?.causes[0]?.why).toContain(`in network namespace ${other}, not reachable from here`);
    expect(target?.causes.map((c) => c.id)).not.toContain('wrong-host-localhost');
  }, 60_000);

  it('the same refused localhost probed from the host’s own namespace: not-listening, no search of other namespaces', async () => {
    const proxy = lab.addNamespace();
    const api = lab.addNamespace();
    lab.link(proxy, api);
    const { port } = await lab.listen(api, '0.0.0.0', 0, { http: true });

    const run = await runCliAsync(['probe', `http://127.0.0.1:${port}/`, '--json']);
    const target = (JSON.parse(run.stdout) as ProbeJson).targets[0];
    expect(target?.causes[0]?.id).toBe('not-listening');
    expect(target?.addresses[0]?.local?.namespace).toMatchObject({ current: true, initial: true });
    expect(target?.addresses[0]?.local?.elsewhere).toBeUndefined();
  }, 60_000);
});
