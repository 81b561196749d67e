import { describe, expect, it } from 'vitest';
import { hasAddress, parseFibTrie, parseIfInet6, parseIpAddrJson, parseIpNeighJson, parseProcArp } from '../../src/probes/local/interface-addresses.js';
import { parseAllNetnsAddresses, readNamespaceListeners } from '../../src/probes/local/namespaces.js';
import { canonicalIp, formatIp, inPrefix, parseIp } from '../../src/probes/local/ip-address.js';
import { backlogFor, listenerAccepts, parseSsListeners, scopeOf } from '../../src/probes/local/listeners.js';
import {
  decodeProcAddress,
  ListenerIndex,
  ListeningSectionScanner,
  parseProcTcp,
  parseProcTcpLine,
  parseTcpInUse,
} from '../../src/probes/local/proc-net-tcp.js';
import { parseMaxOpenFiles } from '../../src/probes/local/processes.js';
import { listenersByPort } from './support.js';

const TAIL = '1 0000000000000000 100 0 0 10 0';

// Rows as a little-endian kernel prints them; each has what the parser must read, or null (near misses).
const TCP_ROWS: Array<{ name: string; line: string; expected: null | Record<string, unknown> }> = [
  {
    name: 'IPv4 listener on 127.0.0.1:8080 (loopback only)',
    line: `   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 ${TAIL}`,
    expected: { family: 4, localAddress: '127.0.0.1', localPort: 8080, stateName: 'LISTEN', rxQueue: 0, uid: 0, inode: 12345 },
  },
  {
    name: 'IPv4 wildcard listener 0.0.0.0:80 with 3 connections waiting in the accept queue',
    line: `   1: 00000000:0050 00000000:0000 0A 00000000:00000003 00:00000000 00000000   101        0 22222 ${TAIL}`,
    expected: { family: 4, localAddress: '0.0.0.0', localPort: 80, state: 0x0a, rxQueue: 3, uid: 101, inode: 22222 },
  },
  {
    name: 'IPv4 specific address 198.18.0.2:3000',
    line: `   2: 020012C6:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5 ${TAIL}`,
    expected: { localAddress: '198.18.0.2', localPort: 3000, stateName: 'LISTEN' },
  },
  {
    name: 'IPv4 established connection (not a listener)',
    line: `   3: 0100007F:1F90 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 33333 ${TAIL}`,
    expected: { localPort: 8080, remoteAddress: '127.0.0.1', remotePort: 0xd2f0, stateName: 'ESTABLISHED', inode: 33333 },
  },
  {
    name: 'IPv6 loopback listener [::1]:3000',
    line: `   0: 00000000000000000000000001000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 44444 ${TAIL}`,
    expected: { family: 6, localAddress: '::1', localPort: 3000, stateName: 'LISTEN', inode: 44444 },
  },
  {
    name: 'IPv6 wildcard listener [::]:443',
    line: `   1: 00000000000000000000000000000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 55555 ${TAIL}`,
    expected: { family: 6, localAddress: '::', localPort: 443 },
  },
  {
    name: 'IPv4-mapped IPv6 listener [::ffff:127.0.0.1]:9000',
    line: `   2: 0000000000000000FFFF00000100007F:2328 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 66666 ${TAIL}`,
    expected: { family: 6, localAddress: '::ffff:127.0.0.1', localPort: 9000 },
  },
  {
    name: 'IPv6 link-local fe80::1 in TIME_WAIT',
    line: `   3: 000080FE000000000000000001000000:0050 000080FE000000000000000002000000:C000 06 00000000:00000000 03:00000F8A 00000000     0        0 0 3 0000000000000000`,
    expected: { localAddress: 'fe80::1', remoteAddress: 'fe80::2', stateName: 'TIME_WAIT', inode: 0 },
  },
  { name: 'the header line', line: '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode', expected: null },
  { name: 'a row cut before the inode', line: '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0', expected: null },
  {
    name: 'a 16-digit address (neither IPv4 nor IPv6)',
    line: `   0: 000000000100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 ${TAIL}`,
    expected: null,
  },
  {
    name: 'local IPv4 with a remote IPv6 (mixed widths)',
    line: `   0: 0100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 ${TAIL}`,
    expected: null,
  },
  { name: 'an empty line', line: '', expected: null },
];

describe('/proc/net/tcp and tcp6 rows', () => {
  it.each(TCP_ROWS)('$name', ({ line, expected }) => {
    const row = parseProcTcpLine(line, true);
    if (expected === null) expect(row).toBeNull();
    else expect(row).toMatchObject(expected);
  });

  it('reads a whole file with the header and both families concatenated', () => {
    const text = ['  sl  local_address rem_address   st tx_queue', ...TCP_ROWS.map((r) => r.line)].join('\n');
    const rows = parseProcTcp(text, true);
    expect(rows).toHaveLength(TCP_ROWS.filter((r) => r.expected !== null).length);
    expect(rows.filter((r) => r.stateName === 'LISTEN').map((r) => `${r.localAddress}:${r.localPort}`)).toEqual([
      '127.0.0.1:8080',
      '0.0.0.0:80',
      '198.18.0.2:3000',
      '::1:3000',
      ':::443',
      '::ffff:127.0.0.1:9000',
    ]);
  });

  it('indexes only listening rows by port (established, TIME_WAIT and garbage rows left out)', () => {
    const byPort = new ListenerIndex(TCP_ROWS.map((r) => r.line).join('\n'), true);
    expect(byPort.ports().sort((a, b) => a - b)).toEqual([80, 443, 3000, 8080, 9000]);
    expect(byPort.get(3000)?.map((r) => r.localAddress)).toEqual(['198.18.0.2', '::1']);
    expect(byPort.get(8080)?.map((r) => r.inode)).toEqual([12345]);
  });

  it('the lazy listener index answers every port as parsing every row does (garbage and non-listening rows left out)', () => {
    const text = TCP_ROWS.map((r) => r.line).join('\n');
    const eager = listenersByPort(text, true);
    const lazy = new ListenerIndex(text, true);
    expect(lazy.ports().sort((a, b) => a - b)).toEqual([...eager.keys()].sort((a, b) => a - b));
    for (const port of [80, 443, 3000, 8080, 9000, 22, 8443]) expect(lazy.get(port)).toEqual(eager.get(port));
    // Asked twice: the same rows (parsed once).
    expect(lazy.get(3000)).toBe(lazy.get(3000));
  });

  it('the lazy listener index agrees with parsing every row of this machine’s own tcp and tcp6', async () => {
    const { readFileSync } = await import('node:fs');
    const text = ['/proc/net/tcp', '/proc/net/tcp6'].map((f) => readFileSync(f, 'latin1')).join('\n');
    const eager = listenersByPort(text);
    const lazy = new ListenerIndex(text);
    expect(lazy.ports().sort((a, b) => a - b)).toEqual([...eager.keys()].sort((a, b) => a - b));
    for (const port of eager.keys()) expect(lazy.get(port)).toEqual(eager.get(port));
  });

  it('decodes the words in host order: big-endian kernels print addresses as written', () => {
    expect(formatIp(decodeProcAddress('7F000001', false))).toBe('127.0.0.1');
    expect(formatIp(decodeProcAddress('0100007F', true))).toBe('127.0.0.1');
    expect(formatIp(decodeProcAddress('00000000000000000000000000000001', false))).toBe('::1');
    expect(formatIp(decodeProcAddress('20010DB8000000000000000000000001', false))).toBe('2001:db8::1');
  });

  it('reads this machine’s own /proc/net/tcp (every row parses)', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync('/proc/net/tcp', 'utf8');
    const dataLines = text
      .split('\n')
      .slice(1)
      .filter((l) => l.trim() !== '');
    expect(parseProcTcp(text)).toHaveLength(dataLines.length);
  });
});

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const row = (sl: number, state: string) =>
  `${String(sl).padStart(4)}: 0100007F:1F90 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000     0        0 ${1000 + sl} ${TAIL}`;

/** Chunks as read(2) hands them out; `ends` is the index of the chunk after which reading may stop (null: never). */
const SECTIONS: { name: string; chunks: string[]; ends: number | null }[] = [
  { name: 'listeners only: never ends early', chunks: [`${HEADER}\n${row(0, '0A')}\n`, `${row(1, '0A')}\n`], ends: null },
  { name: 'ends at the first established row', chunks: [`${HEADER}\n${row(0, '0A')}\n`, `${row(1, '01')}\n${row(2, '06')}\n`], ends: 1 },
  { name: 'ends at a TIME_WAIT row in the first chunk', chunks: [`${HEADER}\n${row(0, '0A')}\n${row(1, '06')}\n`, `${row(2, '06')}\n`], ends: 0 },
  {
    name: 'a row split across two reads is judged whole (the half "0" is not a state)',
    chunks: [`${HEADER}\n${row(0, '0A')}\n${row(1, '06').slice(0, 34)}`, `${row(1, '06').slice(34)}\n`],
    ends: 1,
  },
  {
    name: 'near miss: SYN_RECV rows inside the listening section (kernels before 4.4) do not end it',
    chunks: [`${HEADER}\n${row(0, '0A')}\n${row(1, '03')}\n`, `${row(2, '0A')}\n`],
    ends: null,
  },
  { name: 'near miss: the header alone', chunks: [`${HEADER}\n`], ends: null },
  { name: 'near miss: garbage lines are not rows', chunks: [`${HEADER}\nnot a row 01 \n`, `${row(0, '0A')}\n`], ends: null },
];

/** The same, knowing how many TCP sockets of the family the namespace has hashed (sockstat's `inuse`). */
const COUNTED: { name: string; inUse: number; chunks: string[]; ends: number | null }[] = [
  { name: 'ends once as many listeners as sockets in use were read', inUse: 2, chunks: [`${HEADER}\n${row(0, '0A')}\n`, `${row(1, '0A')}\n`], ends: 1 },
  { name: 'near miss: one listener short goes on reading', inUse: 3, chunks: [`${HEADER}\n${row(0, '0A')}\n`, `${row(1, '0A')}\n`], ends: null },
  {
    name: 'near miss: SYN_RECV rows are not sockets in use (pre-4.4 kernels) and do not count as listeners',
    inUse: 2,
    chunks: [`${HEADER}\n${row(0, '0A')}\n${row(1, '03')}\n`, `${row(2, '0A')}\n`],
    ends: 1,
  },
  { name: 'a connection row still ends it first', inUse: 50, chunks: [`${HEADER}\n${row(0, '0A')}\n${row(1, '01')}\n`], ends: 0 },
];

describe('the listening section of /proc/net/tcp', () => {
  it.each(SECTIONS)('$name', ({ chunks, ends }) => {
    const scanner = new ListeningSectionScanner();
    const answers = chunks.map((chunk) => scanner.push(chunk));
    expect(answers.indexOf(true) === -1 ? null : answers.indexOf(true)).toBe(ends);
  });

  it.each(COUNTED)('$name', ({ inUse, chunks, ends }) => {
    const scanner = new ListeningSectionScanner(inUse);
    const answers = chunks.map((chunk) => scanner.push(chunk));
    expect(answers.indexOf(true) === -1 ? null : answers.indexOf(true)).toBe(ends);
  });

  it.each([
    { text: 'sockets: used 1012\nTCP: inuse 1001 orphan 0 tw 12 alloc 1012 mem 213\nUDP: inuse 0 mem 0\n', family: 4 as const, expected: 1001 },
    { text: 'TCP6: inuse 3\nUDP6: inuse 0\n', family: 6 as const, expected: 3 },
    { text: 'TCP6: inuse 0\n', family: 6 as const, expected: 0 },
    // Near misses: the other family's line, another protocol, garbage.
    { text: 'TCP6: inuse 3\n', family: 4 as const, expected: undefined },
    { text: 'TCP: inuse 3 orphan 0\n', family: 6 as const, expected: undefined },
    { text: 'UDP: inuse 7 mem 0\nUDPLITE: inuse 0\n', family: 4 as const, expected: undefined },
    { text: 'TCP: inuse x\n', family: 4 as const, expected: undefined },
  ])('sockstat: TCP sockets in use, IPv$family, from $text', ({ text, family, expected }) => {
    expect(parseTcpInUse(text, family)).toBe(expected);
  });

  it('this namespace read with the socket counts: its IPv4 and IPv6 listeners are found', async () => {
    const { createServer } = await import('node:net');
    const v4 = createServer();
    const v6 = createServer();
    await new Promise<void>((resolve) => v4.listen(0, '127.0.0.1', resolve));
    const v6Up = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    try {
      const read = await readNamespaceListeners({ kind: 'current' }, 5000);
      const index = read.value;
      expect(index).not.toBeNull();
      const v4Port = (v4.address() as { port: number }).port;
      // Each listens on an ephemeral port; both may get the same number (their addresses differ).
      expect(index?.get(v4Port)?.map((r) => r.localAddress)).toContain('127.0.0.1');
      if (v6Up) expect(index?.get((v6.address() as { port: number }).port)?.map((r) => r.localAddress)).toContain('::1');
    } finally {
      v4.close();
      v6.close();
    }
  });

  it('on this kernel, every listener comes before the first connection row, even one opened after the connections', async () => {
    const { createServer, connect } = await import('node:net');
    const { readFileSync } = await import('node:fs');
    const first = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve));
    const port = (first.address() as { port: number }).port;
    const clients = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<import('node:net').Socket>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => resolve(socket));
          }),
      ),
    );
    const late = createServer();
    await new Promise<void>((resolve) => late.listen(0, '127.0.0.1', resolve));
    const latePort = (late.address() as { port: number }).port;
    try {
      const text = readFileSync('/proc/net/tcp', 'latin1');
      const lines = text.split('\n');
      const cut = lines.findIndex((line, i) => i > 0 && /^\s*\d+:\s+\S+\s+\S+\s+(?!0A|03)[0-9A-F]{2}\s/.test(line));
      expect(cut).toBeGreaterThan(0);
      const scanner = new ListeningSectionScanner();
      expect(scanner.push(`${lines.slice(0, cut + 1).join('\n')}\n`)).toBe(true);
      // Everything before the cut holds every listener of the whole file, the late one included.
      const before = listenersByPort(lines.slice(0, cut).join('\n'));
      const all = listenersByPort(text);
      expect([...before.keys()].sort()).toEqual([...all.keys()].sort());
      expect(before.has(port) && before.has(latePort)).toBe(true);
    } finally {
      for (const c of clients) c.destroy();
      first.close();
      late.close();
    }
  });
});

describe('IP addresses', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['[fe80::1%eth0]', 'fe80::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['::', '::'],
    ['::1.2.3.4', '::102:304'],
  ])('%s is %s', (input, canonical) => {
    expect(canonicalIp(input)).toBe(canonical);
  });

  it.each(['', 'localhost', '10.0.0', '10.0.0.256', '1::2::3', 'fe80::1%', '::ffff:1.2.3'])('%j is not an address', (input) => {
    expect(parseIp(input)).toBeNull();
  });

  it('matches prefixes bit by bit', () => {
    const net = parseIp('198.18.0.0')!;
    expect(inPrefix(parseIp('198.19.255.255')!, net, 15)).toBe(true);
    expect(inPrefix(parseIp('198.20.0.0')!, net, 15)).toBe(false);
    expect(inPrefix(parseIp('::1')!, net, 0)).toBe(false);
  });
});

describe('namespace address lists', () => {
  const FIB_TRIE = `Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 198.18.0.0/30 2 0 2
        |-- 198.18.0.0
           /30 link UNICAST
        |-- 198.18.0.2
           /32 host LOCAL
        |-- 198.18.0.3
           /32 link BROADCAST
Local:
  +-- 0.0.0.0/0 3 0 5
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
     |-- 203.0.113.0
        /24 host LOCAL
`;

  it('takes LOCAL entries of fib_trie: addresses and AnyIP prefixes, not broadcast or unicast routes', () => {
    const local = parseFibTrie(FIB_TRIE);
    expect(local.map((a) => `${formatIp(a.ip)}/${a.prefixLength}`)).toEqual(['198.18.0.2/32', '127.0.0.0/8', '127.0.0.1/32', '203.0.113.0/24']);
    expect(hasAddress(local, parseIp('198.18.0.2')!)).toBe(true);
    expect(hasAddress(local, parseIp('198.18.0.1')!)).toBe(false);
    expect(hasAddress(local, parseIp('198.18.0.3')!)).toBe(false);
    expect(hasAddress(local, parseIp('203.0.113.77')!)).toBe(true);
  });

  it('reads if_inet6 rows', () => {
    const local = parseIfInet6('fd000000000000000000000000000002 04 40 00 82     eth0\n00000000000000000000000000000001 01 80 10 80       lo\nnot a row\n');
    expect(local.map((a) => `${formatIp(a.ip)} ${a.interface}`)).toEqual(['fd00::2 eth0', '::1 lo']);
  });

  it('reads `ip -j addr` and ignores garbage', () => {
    const json = JSON.stringify([
      {
        ifname: 'lo',
        addr_info: [
          { family: 'inet', local: '127.0.0.1' },
          { family: 'inet6', local: '::1' },
        ],
      },
      {
        ifname: 'veth0',
        addr_info: [
          { family: 'inet', local: '198.18.0.6' },
          { family: 'inet', local: 42 },
        ],
      },
      { ifname: 'down0' },
    ]);
    expect(parseIpAddrJson(json).map((a) => `${formatIp(a.ip)}@${a.interface}`)).toEqual(['127.0.0.1@lo', '::1@lo', '198.18.0.6@veth0']);
    expect(parseIpAddrJson('Cannot open network namespace')).toEqual([]);
    expect(parseIpAddrJson('{"not":"a list"}')).toEqual([]);
  });
});

describe('link-layer addresses: which of several namespaces holding an address answered', () => {
  it('ip -j addr keeps each ethernet interface MAC (lowercased), none for loopback', () => {
    const json = JSON.stringify([
      { ifname: 'lo', link_type: 'loopback', address: '00:00:00:00:00:00', addr_info: [{ local: '127.0.0.1' }] },
      { ifname: 'eth0', link_type: 'ether', address: '8A:1F:00:2B:3C:4D', addr_info: [{ local: '198.18.1.11' }] },
    ]);
    expect(parseIpAddrJson(json).map((a) => [a.interface, a.mac ?? null])).toEqual([
      ['lo', null],
      ['eth0', '8a:1f:00:2b:3c:4d'],
    ]);
  });

  it.each([
    ['a resolved entry', '198.18.1.11      0x1         0x2         8a:1f:00:2b:3c:4d     *        eth0', '8a:1f:00:2b:3c:4d'],
    ['near miss: an incomplete entry (flags 0x0, all-zero address)', '198.18.1.11      0x1         0x0         00:00:00:00:00:00     *        eth0', undefined],
  ])('/proc/net/arp: %s', (_name, row, mac) => {
    const table = parseProcArp(`IP address       HW type     Flags       HW address            Mask     Device\n${row}\n`);
    expect(table.get('198.18.1.11')).toBe(mac);
  });

  it.each([
    ['a reachable neighbour', '[{"dst":"fd00::11","dev":"eth0","lladdr":"8A:1F:00:2B:3C:4D","state":["REACHABLE"]}]', '8a:1f:00:2b:3c:4d'],
    ['near miss: a failed one (no lladdr)', '[{"dst":"fd00::11","dev":"eth0","state":["FAILED"]}]', undefined],
    ['near miss: garbage', 'not json', undefined],
  ])('ip -j neigh: %s', (_name, json, mac) => {
    expect(parseIpNeighJson(json)).toBe(mac);
  });
});

describe('every named namespace at once', () => {
  it('splits `ip -all netns exec ip -j addr` output by its `netns: NAME` headers', () => {
    const text = [
      '',
      'netns: blue',
      JSON.stringify([
        { ifname: 'lo', addr_info: [] },
        { ifname: 'veth1', addr_info: [{ local: '198.18.0.2' }] },
      ]),
      '',
      'netns: cni-1234',
      JSON.stringify([{ ifname: 'eth0', addr_info: [{ local: '10.244.0.7' }, { local: 'fd00::7' }] }]),
      '',
      'netns: broken',
      'Cannot open network namespace "broken": No such file or directory',
    ].join('\n');
    const byName = parseAllNetnsAddresses(text);
    expect([...byName.keys()]).toEqual(['blue', 'cni-1234', 'broken']);
    expect(byName.get('blue')?.map((a) => formatIp(a.ip))).toEqual(['198.18.0.2']);
    expect(byName.get('cni-1234')?.map((a) => formatIp(a.ip))).toEqual(['10.244.0.7', 'fd00::7']);
    expect(byName.get('broken')).toEqual([]);
  });
});

describe('listeners', () => {
  it.each([
    ['0.0.0.0', 'wildcard'],
    ['::', 'wildcard'],
    ['127.0.0.1', 'loopback'],
    ['127.0.0.53', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['198.18.0.2', 'specific'],
    ['fe80::1', 'specific'],
  ])('%s has scope %s', (address, scope) => {
    expect(scopeOf(address)).toBe(scope);
  });

  // [listener address, family, v6only, destination, accepts]
  it.each<[string, 4 | 6, boolean | undefined, string, boolean]>([
    ['0.0.0.0', 4, undefined, '198.18.0.2', true],
    ['0.0.0.0', 4, undefined, '::1', false],
    ['::', 6, undefined, '198.18.0.2', true],
    ['::', 6, true, '198.18.0.2', false],
    ['::', 6, true, 'fd00::2', true],
    ['127.0.0.1', 4, undefined, '127.0.0.1', true],
    ['127.0.0.1', 4, undefined, '198.18.0.2', false],
    ['198.18.0.2', 4, undefined, '198.18.0.2', true],
    ['198.18.0.2', 4, undefined, '198.18.0.1', false],
    ['::ffff:198.18.0.2', 6, undefined, '198.18.0.2', true],
    ['127.0.0.1', 4, undefined, '0.0.0.0', true],
    ['::1', 6, undefined, '127.0.0.1', false],
  ])('listener %s (IPv%i, v6only %s) accepts %s: %s', (address, family, v6only, destination, accepts) => {
    expect(listenerAccepts({ address, family, v6only }, parseIp(destination)!)).toBe(accepts);
  });

  it('reads ss backlogs (Send-Q of a listener) and pairs them with /proc rows', () => {
    const rows = parseSsListeners(
      [
        'LISTEN 0      511          0.0.0.0:80        0.0.0.0:*',
        'LISTEN 2      128        127.0.0.1%lo:8080      0.0.0.0:*',
        'LISTEN 0      4096          [::]:80           [::]:*',
        'ESTAB  0      0        127.0.0.1:80     127.0.0.1:5000',
      ].join('\n'),
    );
    expect(rows).toEqual([
      { address: '0.0.0.0', port: 80, queued: 0, backlog: 511 },
      { address: '127.0.0.1', port: 8080, queued: 2, backlog: 128 },
      { address: '::', port: 80, queued: 0, backlog: 4096 },
    ]);
    expect(backlogFor({ address: '::', port: 80 }, rows)?.backlog).toBe(4096);
    expect(backlogFor({ address: '0.0.0.0', port: 80 }, rows)?.backlog).toBe(511);
    expect(backlogFor({ address: '127.0.0.1', port: 80 }, rows)).toBeUndefined();
  });
});

describe('process limits', () => {
  const limits = (soft: string, hard: string) =>
    `Limit                     Soft Limit           Hard Limit           Units     \nMax processes             63704                63704                processes \nMax open files            ${soft}                 ${hard}              files     \n`;
  it('takes the soft Max open files limit', () => {
    expect(parseMaxOpenFiles(limits('1024', '524288'))).toBe(1024);
    expect(parseMaxOpenFiles(limits('unlimited', 'unlimited'))).toBeUndefined();
    expect(parseMaxOpenFiles('Max processes 10 10 processes')).toBeUndefined();
  });
});
