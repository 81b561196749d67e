/**
 * Two namespaces hold the same address (separate networks with the same addressing: two Compose projects, kind
 * clusters, parallel labs). The local inspection must look at the one the vantage reached — told by the link-layer
 * address its neighbour table resolved — not at whichever it meets first. Needs root (skipped otherwise).
 */
import { statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runFromVantage } from '../../src/probes/vantage.js';
import { NetnsLab, netnsSupport } from '../helpers/netns.js';

const support = netnsSupport();

interface ProbeJson {
  targets: Array<{ ok: boolean; causes: Array<{ id: string }>; steps: Array<{ step: string; detail: string }> }>;
}

describe.skipIf(!support.ok)('the local side when several namespaces hold the target address', () => {
  const lab = new NetnsLab('same-address');
  afterAll(() => lab.cleanup());

  it('inspects the namespace that answered (its API on 127.0.0.1: bind-loopback), not a decoy with the same address', async () => {
    // The decoy first: namespaces met in inode order would find it before the real backend. Inodes are
    // recycled (other tests free theirs), so of two fresh namespaces the lower one becomes the decoy.
    const proxy = lab.addNamespace();
    const [decoy, api] = [lab.addNamespace(), lab.addNamespace()].sort((a, b) => statSync(`/run/netns/${a}`).ino - statSync(`/run/netns/${b}`).ino);
    expect(statSync(`/run/netns/${decoy}`).ino).toBeLessThan(statSync(`/run/netns/${api}`).ino);
    const link = lab.link(proxy, api);
    lab.addAddress(decoy, `${link.addressB}/32`);
    const { port } = await lab.listen(api, '127.0.0.1', 0, { http: true });
    // The decoy accepts on that address and port: read there, the refusal would look like a race.
    await lab.listen(decoy, '0.0.0.0', port, { http: true });

    const report = (await runFromVantage({ kind: 'netns', name: proxy }, [`http://${link.addressB}:${port}/`], { timeoutMs: 20_000 })) as ProbeJson;
    const target = report.targets[0];
    expect(target?.ok).toBe(false);
    expect(target?.causes[0]?.id).toBe('bind-loopback');
    const local = target?.steps.find((s) => s.step === 'local');
    expect(local?.detail).toContain('127.0.0.1');
    expect(JSON.stringify(target)).toMatch(/configured in 2 namespaces; the one whose interface answered from here/);
  }, 60_000);
});
