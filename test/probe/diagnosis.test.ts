import { describe, expect, it } from 'vitest';
import { compareVia, diagnoseTarget } from '../../src/diagnosis/probe.js';
import type { ListeningSocket, LocalSideReport } from '../../src/probes/local/model.js';
import type { AddressReport, TargetReport } from '../../src/probes/run-probe.js';
import { expectCausesContract } from '../helpers/expect-causes.js';

/**
 * The verdict rules, table-driven over synthetic findings: each case has the finding that must produce
 * the cause and a near miss (one fact changed) that must not.
 */

const listener = (address: string, extra: Partial<ListeningSocket> = {}): ListeningSocket => ({
  address,
  port: 3000,
  family: address.includes(':') ? 6 : 4,
  scope: address === '0.0.0.0' || address === '::' ? 'wildcard' : /^127\.|^::1$/.test(address) ? 'loopback' : 'specific',
  inode: 1,
  owner: { pid: 4242, name: 'node' },
  ...extra,
});

const local = (extra: Partial<LocalSideReport> = {}): LocalSideReport => ({
  address: '10.0.1.5',
  port: 3000,
  namespace: { inode: 4026532000, current: false, name: 'app', owner: { pid: 4242, name: 'node' } },
  listeners: [],
  accepts: false,
  firewall: [],
  notes: [],
  ...extra,
});

function address(extra: Partial<AddressReport>): AddressReport {
  return {
    address: '10.0.1.5',
    family: 4,
    port: 3000,
    connect: { ok: false, ms: 1, code: 'ECONNREFUSED', meaning: '' },
    timing: { connectMs: 1, totalMs: 1 },
    ok: false,
    ...extra,
  };
}

function target(addresses: AddressReport[], extra: Partial<TargetReport> = {}): TargetReport {
  return {
    target: 'http://10.0.1.5:3000/',
    input: '10.0.1.5:3000',
    scheme: 'http',
    host: '10.0.1.5',
    port: 3000,
    ok: false,
    summary: '',
    causes: [],
    steps: [],
    addresses,
    ms: 1,
    ...extra,
  };
}

const refused = (l?: LocalSideReport | null) =>
  address({ connect: { ok: false, ms: 1, code: 'ECONNREFUSED', meaning: '' }, ...(l !== undefined ? { local: l } : {}) });
const timedOut = (l?: LocalSideReport | null) =>
  address({ connect: { ok: false, ms: 3000, code: 'ETIMEDOUT', meaning: '' }, ...(l !== undefined ? { local: l } : {}) });
/** Connected, but the HTTP request got no answer in time. */
const httpTimedOut = (l: LocalSideReport) =>
  address({
    connect: { ok: true, ms: 1, meaning: '' },
    http: {
      protocol: 'http/1.1',
      method: 'GET',
      path: '/',
      ok: false,
      headers: {},
      bodySnippet: '',
      bodyBytes: 0,
      bodyTruncated: false,
      ms: 3000,
      code: 'ETIMEDOUT',
      meaning: 'no response',
      recognised: { pages: [], signatures: [], hints: [] },
    },
    local: l,
  });
const drop = { tool: 'nft' as const, table: 'inet filter', chain: 'input', rule: 'tcp dport 3000 drop', verdict: 'drop' as const };

const NODATA: NonNullable<TargetReport['dns']> = {
  name: 'api.internal',
  resolvConf: { source: '/etc/resolv.conf', nameservers: ['10.0.0.53'], search: [], ndots: 1, options: [], notes: [] },
  expansion: { rule: '', candidates: [{ name: 'api.internal.', why: 'as given' }] },
  direct: [{ server: '10.0.0.53', ms: 1, outcome: 'NODATA', candidates: [], addresses: [], notTried: [] }],
  disagreements: [],
  addresses: [],
  ok: false,
};

type Case = [name: string, finding: TargetReport, cause: string, why: RegExp, nearMiss: TargetReport];

/** `localhost` answered from the hosts file, as the engine reports it. */
const LOCALHOST_DNS: NonNullable<TargetReport['dns']> = {
  name: 'localhost',
  resolvConf: { source: '', nameservers: [], search: [], ndots: 1, options: [], notes: [] },
  expansion: { rule: '', candidates: [] },
  direct: [],
  disagreements: [],
  addresses: [],
  ok: true,
};

/** The prober's own namespace, as the local inspection reports it for a loopback address. */
const here = (initial: boolean | undefined) => ({ inode: 4026534712, current: true, ...(initial === undefined ? {} : { initial }) });

/** The API container's namespace, with a wildcard listener on 3000. */
const apiElsewhere = (reachableAt?: string): NonNullable<LocalSideReport['elsewhere']>[number] => ({
  namespace: { inode: 4026534800, current: false, initial: false, name: 'shop-api', owner: { pid: 5050, name: 'dnsmasq' } },
  listener: listener('0.0.0.0', { owner: { pid: 5151, name: 'node' } }),
  ...(reachableAt ? { reachableAt } : {}),
});

/** A loopback address refused in the prober's own namespace, where nothing listens on the port. */
const refusedLoopback = (loopback: string, extra: Partial<LocalSideReport>) =>
  address({
    address: loopback,
    family: loopback.includes(':') ? 6 : 4,
    local: local({ address: loopback, namespace: here(false), ...extra }),
  });

const passed = (loopback: string) =>
  address({ address: loopback, family: loopback.includes(':') ? 6 : 4, connect: { ok: true, ms: 1, meaning: '' }, ok: true });

const localhostTarget = (addresses: AddressReport[]) =>
  target(addresses, { target: 'http://localhost:3000/', input: 'http://localhost:3000/', host: 'localhost', dns: LOCALHOST_DNS });

const CASES: Case[] = [
  [
    'localhost refused in a container’s namespace, and another namespace’s listener on the port answers from there ⇒ wrong-host-localhost',
    localhostTarget([
      refusedLoopback('::1', { elsewhere: [apiElsewhere('198.18.1.11')] }),
      refusedLoopback('127.0.0.1', { elsewhere: [apiElsewhere('198.18.1.11')] }),
    ]),
    'wrong-host-localhost',
    /^refused on \[::1\]:3000: nothing listens on port 3000 in this network namespace, which is not the host's \(a container's or pod's own\), so localhost there is that namespace itself — node \(pid 5151\) listens on 0\.0\.0\.0:3000 in network namespace shop-api, and answers from here on 198\.18\.1\.11:3000$/,
    // The same findings in the host's own namespace: localhost there is the host, and nothing listens on it.
    localhostTarget([
      refusedLoopback('::1', { namespace: here(true), elsewhere: [apiElsewhere('198.18.1.11')] }),
      refusedLoopback('127.0.0.1', { namespace: here(true), elsewhere: [apiElsewhere('198.18.1.11')] }),
    ]),
  ],
  [
    'localhost refused in a container’s namespace, the only listener elsewhere not reachable from there ⇒ not-listening',
    target([refusedLoopback('127.0.0.1', { elsewhere: [apiElsewhere()] })], { host: '127.0.0.1' }),
    'not-listening',
    /^refused on 127\.0\.0\.1:3000, and nothing listens on port 3000 in this network namespace \(node \(pid 5151\) listens on 0\.0\.0\.0:3000 in network namespace shop-api, not reachable from here\)$/,
    target([refusedLoopback('127.0.0.1', { elsewhere: [apiElsewhere('198.18.1.11')] })], { host: '127.0.0.1' }),
  ],
  [
    'localhost → ::1 refused and 127.0.0.1 answering, the app on 127.0.0.1 in the prober’s own namespace ⇒ wrong-host-localhost (the localhost split)',
    localhostTarget([refusedLoopback('::1', { listeners: [listener('127.0.0.1')] }), passed('127.0.0.1')]),
    'wrong-host-localhost',
    /^"localhost" resolves to ::1 and 127\.0\.0\.1, but only 127\.0\.0\.1 accepts: the server listens on one loopback family only, the IPv4\/IPv6 localhost split/,
    // One family with two addresses: 127.0.0.1 refused while the app listens on 127.0.0.2 is a bind on the wrong loopback address.
    localhostTarget([refusedLoopback('127.0.0.1', { listeners: [listener('127.0.0.2')] }), passed('127.0.0.2')]),
  ],
  [
    'refused on [::1] while the app listens on 127.0.0.1 in the same namespace ⇒ wrong-host-localhost (the other loopback family)',
    target([refusedLoopback('::1', { listeners: [listener('127.0.0.1')] })], { host: '::1' }),
    'wrong-host-localhost',
    /^refused on \[::1\]:3000, but node \(pid 4242\) listens on 127\.0\.0\.1:3000 only — the other loopback family — in this network namespace/,
    // The same listener, but the refused address is the namespace's own non-loopback one: bind-loopback.
    target([refused(local({ listeners: [listener('127.0.0.1')] }))]),
  ],
  [
    'refused + a listener on 127.0.0.1 only ⇒ bind-loopback',
    target([refused(local({ listeners: [listener('127.0.0.1')] }))]),
    'bind-loopback',
    /refused on 10\.0\.1\.5:3000, but node \(pid 4242\) listens on 127\.0\.0\.1:3000 only \(loopback\) in network namespace app, pid 4242 node/,
    target([refused(local({ listeners: [] }))]),
  ],
  [
    'refused + nothing listening ⇒ not-listening',
    target([refused(local())]),
    'not-listening',
    /nothing listens on port 3000 in network namespace app/,
    target([refused(local({ listeners: [listener('127.0.0.1')] }))]),
  ],
  [
    'timeout + an nft drop rule ⇒ network-blocked',
    target([timedOut(local({ listeners: [listener('0.0.0.0')], accepts: true, firewall: [drop] }))]),
    'network-blocked',
    /an nft\/iptables rule drops traffic to the port \(tcp dport 3000 drop\)/,
    target([timedOut(local({ listeners: [listener('0.0.0.0', { queued: 129, backlog: 128 })], accepts: true }))]),
  ],
  [
    'timeout + a full backlog ⇒ resource-exhaustion',
    target([timedOut(local({ listeners: [listener('0.0.0.0', { queued: 129, backlog: 128 })], accepts: true }))]),
    'resource-exhaustion',
    /listen backlog on 0\.0\.0\.0:3000 is full \(129\/128\)/,
    target([timedOut(local({ listeners: [listener('0.0.0.0', { queued: 3, backlog: 128 })], accepts: true, firewall: [drop] }))]),
  ],
  [
    'HTTP timeout + open files at the ulimit ⇒ resource-exhaustion',
    target([
      httpTimedOut(local({ listeners: [listener('0.0.0.0', { owner: { pid: 4242, name: 'node', openFiles: 1023, maxOpenFiles: 1024 } })], accepts: true })),
    ]),
    'resource-exhaustion',
    /node \(pid 4242\) has 1023 open files of its limit 1024/,
    target([
      httpTimedOut(local({ listeners: [listener('0.0.0.0', { owner: { pid: 4242, name: 'node', openFiles: 40, maxOpenFiles: 1024 } })], accepts: true })),
    ]),
  ],
  [
    'refused although a listener accepts + a reject rule ⇒ network-blocked',
    target([
      refused(
        local({ listeners: [listener('0.0.0.0')], accepts: true, firewall: [{ ...drop, rule: 'tcp dport 3000 reject with tcp reset', verdict: 'reject' }] }),
      ),
    ]),
    'network-blocked',
    /a firewall rule rejects \(tcp dport 3000 reject with tcp reset\)/,
    target([refused(local({ listeners: [listener('0.0.0.0')], accepts: true }))]),
  ],
  [
    'no route to host ⇒ network-blocked first',
    target([address({ connect: { ok: false, ms: 1, code: 'EHOSTUNREACH', meaning: '' } })]),
    'network-blocked',
    /EHOSTUNREACH on 10\.0\.1\.5:3000/,
    target([refused()]),
  ],
  [
    'NXDOMAIN everywhere ⇒ dns-failure',
    target([], {
      host: 'api.internal',
      dns: {
        name: 'api.internal',
        resolvConf: { source: '/etc/resolv.conf', nameservers: ['10.0.0.53'], search: [], ndots: 1, options: [], notes: [] },
        expansion: { rule: '', candidates: [{ name: 'api.internal.', why: 'as given' }] },
        direct: [{ server: '10.0.0.53', ms: 1, outcome: 'NXDOMAIN', candidates: [], addresses: [], notTried: [] }],
        disagreements: [],
        addresses: [],
        ok: false,
      },
    }),
    'dns-failure',
    /"api\.internal" does not exist: NXDOMAIN from 10\.0\.0\.53 for api\.internal\./,
    target([refused(local())], {
      host: 'api.internal',
      dns: {
        ...NODATA,
        direct: [{ ...NODATA.direct[0], outcome: 'answer', addresses: [{ address: '10.0.1.5', family: 4 }] }],
        addresses: [{ address: '10.0.1.5', family: 4 }],
        ok: true,
      },
    }),
  ],
];

describe('diagnoseTarget', () => {
  it.each(CASES)('%s', (_name, finding, cause, why, nearMiss) => {
    const verdict = diagnoseTarget(finding);
    expect(verdict.ok).toBe(false);
    expectCausesContract(verdict.causes);
    expect(verdict.causes[0].id).toBe(cause);
    expect(verdict.causes[0].why).toMatch(why);
    expect(verdict.summary).toMatch(new RegExp(`→ ${cause}$`));
    expect(diagnoseTarget(nearMiss).causes[0]?.id).not.toBe(cause);
  });

  it('NODATA (a name without addresses) points at no-endpoints as much as DNS', () => {
    const ids = diagnoseTarget(target([], { host: 'api.internal', dns: NODATA })).causes.map((c) => c.id);
    expect(ids.slice(0, 2).sort()).toEqual(['dns-failure', 'no-endpoints']);
  });

  it('targets with the same shape of evidence keep their own reasons (rankings are shared, labels are not)', () => {
    const a = diagnoseTarget(target([refused(local({ listeners: [listener('127.0.0.1')] }))]));
    const b = diagnoseTarget(target([{ ...refused(local({ address: '10.0.9.9', listeners: [listener('127.0.0.1')] })), address: '10.0.9.9' }]));
    expect(a.causes.map((c) => [c.id, c.score])).toEqual(b.causes.map((c) => [c.id, c.score]));
    expect(a.causes[0].why).toContain('refused on 10.0.1.5:3000');
    expect(b.causes[0].why).toContain('refused on 10.0.9.9:3000');
    expect(b.causes[0].why).not.toContain('\u0000');
  });

  it('every address passing ⇒ ok, no causes', () => {
    const verdict = diagnoseTarget(target([address({ connect: { ok: true, ms: 1, meaning: '' }, ok: true })]));
    expect(verdict).toMatchObject({ ok: true, causes: [] });
    expect(verdict.summary).toMatch(/^healthy: TCP connect/);
  });

  it('localhost resolving to ::1 and 127.0.0.1 with only ::1 accepting: partly works, the localhost split, and the IPv6 listener is named', () => {
    const finding = localhostTarget([passed('::1'), refusedLoopback('127.0.0.1', { namespace: here(true), listeners: [listener('::1')] })]);
    const verdict = diagnoseTarget(finding);
    expect(verdict.ok).toBe(false);
    expect(verdict.summary).toMatch(/^works on \[::1\]:3000; "localhost" resolves to ::1 and 127\.0\.0\.1, but only ::1 accepts/);
    expect(verdict.summary).toMatch(/→ wrong-host-localhost$/);
    expect(verdict.causes[0].id).toBe('wrong-host-localhost');
    const why = verdict.causes.map((c) => c.why).join('\n');
    expect(why).toContain('node (pid 4242) listens on [::1]:3000 only — the other loopback family');
  });
});

describe('compareVia', () => {
  const ok = target([address({ connect: { ok: true, ms: 1, meaning: '' }, ok: true, http: httpOk(200) })], { ok: true });
  const failedDirect = { ...target([refused()]), ...diagnoseTarget(target([refused()])) };
  function httpOk(status: number, page?: string): NonNullable<AddressReport['http']> {
    return {
      protocol: 'http/1.1',
      method: 'GET',
      path: '/',
      ok: true,
      status,
      headers: {},
      bodySnippet: '',
      bodyBytes: 0,
      bodyTruncated: false,
      ms: 1,
      meaning: '',
      recognised: {
        pages: page
          ? [
              {
                id: page,
                product: 'nginx',
                title: 'nginx 502 Bad Gateway page',
                meaning: '',
                signatures: ['nginx/connect-refused'],
                causes: { 'not-listening': 0.6, 'port-mismatch': 0.4 },
              },
            ]
          : [],
        signatures: [],
        hints: [],
      },
    };
  }
  const proxy502 = target(
    [address({ address: '127.0.0.1', port: 8080, connect: { ok: true, ms: 1, meaning: '' }, http: httpOk(502, 'nginx/502-bad-gateway') })],
    {
      target: 'http://127.0.0.1:8080/',
    },
  );

  it('direct works, proxy 502 ⇒ the proxy side; not-listening is ruled out by the direct answer', () => {
    const c = compareVia(ok, proxy502);
    expect(c.ok).toBe(false);
    expect(c.conclusion).toMatch(/works directly \(200\), fails through the proxy http:\/\/127\.0\.0\.1:8080\/ \(502\)/);
    expect(c.causes.map((x) => x.id)).not.toContain('not-listening');
    expect(c.causes[0].id).toBe('port-mismatch');
  });

  it('both fail ⇒ the backend; its own causes stay', () => {
    const c = compareVia(failedDirect, proxy502);
    expect(c.conclusion).toMatch(/the backend itself is the problem/);
    expect(c.causes[0].id).toBe(failedDirect.causes[0].id);
  });

  it('only the proxy works ⇒ probe from its vantage point', () => {
    const viaOk = target([address({ connect: { ok: true, ms: 1, meaning: '' }, ok: true, http: httpOk(200) })], { ok: true });
    expect(compareVia(failedDirect, viaOk).conclusion).toMatch(/--from/);
  });

  it('both work ⇒ ok', () => {
    const viaOk = target([address({ connect: { ok: true, ms: 1, meaning: '' }, ok: true, http: httpOk(200) })], { ok: true });
    expect(compareVia(ok, viaOk)).toMatchObject({ ok: true });
  });
});
