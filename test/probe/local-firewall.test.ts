import { describe, expect, it } from 'vitest';
import { iptablesRulesTouching, nftRulesTouching, rulesTouching } from '../../src/probes/local/firewall.js';
import { parseIp } from '../../src/probes/local/ip-address.js';

// The JSON `nft -j list ruleset` (nftables 1.0.6) prints for:
//   table inet t { set ports { type inet_service; elements = { 81, 8081 } }
//     chain input { type filter hook input priority 0; policy accept; <rule> } }
const tcpDport = (right: unknown, op = '==') => ({ match: { op, left: { payload: { protocol: 'tcp', field: 'dport' } }, right } });
const daddr = (protocol: 'ip' | 'ip6', right: unknown) => ({ match: { op: '==', left: { payload: { protocol, field: 'daddr' } }, right } });

function ruleset(rules: unknown[][], policy = 'accept'): string {
  return JSON.stringify({
    nftables: [
      { metainfo: { version: '1.0.6', json_schema_version: 1 } },
      { table: { family: 'inet', name: 't', handle: 1 } },
      { set: { family: 'inet', name: 'ports', table: 't', type: 'inet_service', handle: 3, elem: [81, 8081] } },
      { chain: { family: 'inet', table: 't', name: 'input', handle: 1, type: 'filter', hook: 'input', prio: 0, policy } },
      ...rules.map((expr, handle) => ({ rule: { family: 'inet', table: 't', chain: 'input', handle: handle + 4, expr } })),
    ],
  });
}

const TARGET = { ip: parseIp('198.18.0.2')!, port: 8080 };

// [description, rule statements, expected rule text or null when the rule does not touch 198.18.0.2:8080, verdict]
const NFT_CASES: Array<[string, unknown[], string | null, string?]> = [
  ['tcp dport equal to the port', [tcpDport(8080), { drop: null }], 'tcp dport 8080 drop', 'drop'],
  ['near miss: another port', [tcpDport(8081), { drop: null }], null],
  [
    'port in an anonymous set, with the address',
    [daddr('ip', '198.18.0.2'), tcpDport({ set: [80, 8080] }), { reject: { type: 'tcp reset' } }],
    'ip daddr 198.18.0.2 tcp dport { 80, 8080 } reject with tcp reset',
    'reject',
  ],
  ['near miss: right port, other destination address', [daddr('ip', '198.18.0.1'), tcpDport(8080), { drop: null }], null],
  ['port inside a range', [tcpDport({ range: [8000, 8100] }), { accept: null }], 'tcp dport 8000-8100 accept', 'accept'],
  ['near miss: range below the port', [tcpDport({ range: [9000, 9100] }), { accept: null }], null],
  [
    'negated match admits the port',
    [tcpDport(22, '!='), { counter: { packets: 0, bytes: 0 } }, { accept: null }],
    'tcp dport != 22 counter packets 0 bytes 0 accept',
    'accept',
  ],
  ['near miss: negated match of the port itself', [tcpDport(8080, '!='), { drop: null }], null],
  [
    'destination prefix containing the address',
    [daddr('ip', { prefix: { addr: '198.18.0.0', len: 15 } }), { drop: null }],
    'ip daddr 198.18.0.0/15 drop',
    'drop',
  ],
  ['near miss: prefix not containing the address', [daddr('ip', { prefix: { addr: '10.0.0.0', len: 8 } }), { drop: null }], null],
  ['near miss: named set @ports (81, 8081) without the port', [tcpDport('@ports'), { drop: null }], null],
  [
    'near miss: udp dport on the same number',
    [{ match: { op: '==', left: { payload: { protocol: 'udp', field: 'dport' } }, right: 8080 } }, { drop: null }],
    null,
  ],
  ['near miss: IPv6 destination for an IPv4 target', [daddr('ip6', '::1'), tcpDport(8080), { jump: { target: 'other' } }], null],
  [
    'th dport (transport header) and an interface condition',
    [
      { match: { op: '==', left: { meta: { key: 'iifname' } }, right: 'veth0' } },
      { match: { op: '==', left: { payload: { protocol: 'th', field: 'dport' } }, right: 8080 } },
      { drop: null },
    ],
    'iifname "veth0" th dport 8080 drop',
    'drop',
  ],
  ['near miss: no port or address condition at all', [{ match: { op: 'in', left: { ct: { key: 'state' } }, right: 'established' } }, { accept: null }], null],
  [
    'SYN-only match with a bitwise flag test',
    [
      tcpDport({ range: [8000, 8100] }),
      { match: { op: '==', left: { '&': [{ payload: { protocol: 'tcp', field: 'flags' } }, ['syn', 'ack']] }, right: 'syn' } },
      { drop: null },
    ],
    'tcp dport 8000-8100 tcp flags & (syn | ack) == syn drop',
    'drop',
  ],
  [
    'flag lists print comma-separated',
    [tcpDport(8080), { match: { op: 'in', left: { ct: { key: 'state' } }, right: ['established', 'related'] } }, { accept: null }],
    'tcp dport 8080 ct state established,related accept',
    'accept',
  ],
  ['jump is reported with verdict other', [tcpDport(8080), { jump: { target: 'other' } }], 'tcp dport 8080 jump other', 'other'],
];

describe('nft rules touching a target', () => {
  it.each(NFT_CASES)('%s', (_name, expr, text, verdict) => {
    const { hits } = nftRulesTouching(ruleset([expr]), TARGET);
    if (text === null) expect(hits).toEqual([]);
    else expect(hits).toEqual([{ tool: 'nft', table: 'inet t', chain: 'input', rule: text, verdict }]);
  });

  it('resolves named sets: @ports holds 8081, not 8080', () => {
    const hits = nftRulesTouching(ruleset([[tcpDport('@ports'), { drop: null }]]), { ...TARGET, port: 8081 }).hits;
    expect(hits.map((h) => h.rule)).toEqual(['tcp dport @ports drop']);
  });

  it('reports a base chain whose policy is drop', () => {
    const { hits } = nftRulesTouching(ruleset([[tcpDport(22), { accept: null }]], 'drop'), TARGET);
    expect(hits).toEqual([expect.objectContaining({ chain: 'input', verdict: 'drop', rule: expect.stringContaining('policy drop (hook input)') })]);
  });

  it('notes output that is not JSON instead of failing', () => {
    expect(nftRulesTouching('Error: syntax error', TARGET)).toEqual({ hits: [], notes: [expect.stringContaining('not JSON')] });
    expect(rulesTouching({ tool: null, notes: ['cannot read the firewall'] }, TARGET)).toEqual({ hits: [], notes: ['cannot read the firewall'] });
  });
});

const IPTABLES_SAVE = `# Generated by iptables-save v1.8.9
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 8080 -j DROP
-A INPUT -p tcp -m tcp --dport 8081 -j DROP
-A INPUT -d 198.18.0.2/32 -p tcp -m multiport --dports 80,8000:8100 -j REJECT --reject-with tcp-reset
-A INPUT -d 10.0.0.0/8 -p tcp -m tcp --dport 8080 -j DROP
-A INPUT -p udp -m udp --dport 8080 -j DROP
-A INPUT -p tcp -m tcp ! --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp ! --dport 8080 -j ACCEPT
-A INPUT -m comment --comment "allow all from lo" -i lo -j ACCEPT
COMMIT
`;

describe('iptables-save rules touching a target', () => {
  it('keeps matching rules and policy drops, skips near misses (other port, other address, udp, negated)', () => {
    const { hits } = iptablesRulesTouching(IPTABLES_SAVE, TARGET);
    expect(hits.map((h) => [h.chain, h.rule, h.verdict])).toEqual([
      ['FORWARD', 'policy DROP: packets no rule accepts are dropped', 'drop'],
      ['INPUT', '-p tcp -m tcp --dport 8080 -j DROP', 'drop'],
      ['INPUT', '-d 198.18.0.2/32 -p tcp -m multiport --dports 80,8000:8100 -j REJECT --reject-with tcp-reset', 'reject'],
      ['INPUT', '-p tcp -m tcp ! --dport 22 -j ACCEPT', 'accept'],
    ]);
    expect(hits.every((h) => h.tool === 'iptables' && h.table === 'filter')).toBe(true);
  });
});
