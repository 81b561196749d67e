/**
 * Firewall rules that touch a TCP address:port, from `nft -j list ruleset` (or `iptables-save` where nft is
 * missing). A rule touches the target when every destination condition it has (tcp/th dport, ip/ip6 daddr)
 * admits the target and at least one port/address condition mentions it; other conditions (interfaces,
 * conntrack state, sources) are unknown here, so such rules are reported as possibly applying. Base chains
 * whose policy is drop are reported too: with no accepting rule, they are what drops the SYN.
 */
import { type IpAddress, inPrefix, parseIp, sameIp } from './ip-address.js';
import type { FirewallRuleHit } from './model.js';
import { commandInNamespace, type NamespaceReader } from './namespaces.js';
import { findExecutable, spawnBounded } from './spawn-bounded.js';

export interface FirewallTarget {
  ip: IpAddress;
  port: number;
}

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Verdict of a rule's statements: the last terminal one wins. */
function verdictOf(statements: Obj[]): FirewallRuleHit['verdict'] {
  for (const s of [...statements].reverse()) {
    if ('drop' in s) return 'drop';
    if ('reject' in s) return 'reject';
    if ('accept' in s) return 'accept';
    if ('jump' in s || 'goto' in s || 'return' in s || 'queue' in s || 'continue' in s) return 'other';
  }
  return 'other';
}

/** `nft` prints a rule from its JSON statements roughly as `nft list ruleset` does. */
export function renderNftStatement(s: Obj): string {
  if (isObj(s.match)) {
    const m = s.match;
    // nft leaves out `==` except after a bitwise expression (`tcp flags & (syn | ack) == syn`).
    const op = (m.op === '==' && !isBinary(m.left)) || m.op === 'in' ? '' : `${String(m.op)} `;
    return `${renderNftExpression(m.left)} ${op}${renderNftExpression(m.right, m.left)}`;
  }
  if ('counter' in s) return isObj(s.counter) ? `counter packets ${s.counter.packets ?? 0} bytes ${s.counter.bytes ?? 0}` : 'counter';
  if ('reject' in s) return isObj(s.reject) && typeof s.reject.type === 'string' ? `reject with ${s.reject.type}` : 'reject';
  if (isObj(s.jump)) return `jump ${String(s.jump.target)}`;
  if (isObj(s.goto)) return `goto ${String(s.goto.target)}`;
  const key = Object.keys(s)[0] ?? '?';
  return key;
}

const BINARY_OPERATORS = new Set(['&', '|', '^', '<<', '>>']);
const isBinary = (e: Json) => isObj(e) && Object.keys(e).some((k) => BINARY_OPERATORS.has(k));
/** Rules with huge anonymous sets are shown cut. */
const RULE_TEXT_LIMIT = 400;
const QUOTED_META = new Set(['iifname', 'oifname']);
const BARE_META = new Set(['iifname', 'oifname', 'iif', 'oif']);

function renderNftExpression(e: Json, left?: Json): string {
  if (typeof e === 'number') return String(e);
  if (typeof e === 'string') {
    const quote = isObj(left) && isObj(left.meta) && QUOTED_META.has(String(left.meta.key));
    return quote ? `"${e}"` : e;
  }
  // A list on the right of a match is a flag/value list (`ct state established,related`).
  if (Array.isArray(e)) return e.map((x) => renderNftExpression(x, left)).join(',');
  if (!isObj(e)) return String(e);
  const binary = Object.keys(e).find((k) => BINARY_OPERATORS.has(k));
  if (binary && Array.isArray(e[binary]) && e[binary].length === 2) {
    const [a, b] = e[binary] as Json[];
    const operand = (x: Json) => (Array.isArray(x) ? `(${x.map((y) => renderNftExpression(y, left)).join(' | ')})` : renderNftExpression(x, left));
    return `${operand(a)} ${binary} ${operand(b)}`;
  }
  if (isObj(e.payload)) return `${String(e.payload.protocol)} ${String(e.payload.field)}`;
  if (isObj(e.meta)) return BARE_META.has(String(e.meta.key)) ? String(e.meta.key) : `meta ${String(e.meta.key)}`;
  if (isObj(e.ct)) return `ct ${String(e.ct.key)}`;
  if (Array.isArray(e.set)) return `{ ${e.set.map((x) => renderNftExpression(x, left)).join(', ')} }`;
  if (Array.isArray(e.range)) return `${renderNftExpression(e.range[0], left)}-${renderNftExpression(e.range[1], left)}`;
  if (isObj(e.prefix)) return `${String(e.prefix.addr)}/${String(e.prefix.len)}`;
  return JSON.stringify(e);
}

function limitText(text: string): string {
  return text.length > RULE_TEXT_LIMIT ? `${text.slice(0, RULE_TEXT_LIMIT - 1)}…` : text;
}

type Condition = 'admits' | 'excludes' | 'unknown';

/** Does a match's right-hand side contain the value? `lookupSet` resolves `@name`. */
function contains(right: Json, test: (value: Json) => boolean | null, lookupSet: (name: string) => Json[] | null): boolean | null {
  if (typeof right === 'string' && right.startsWith('@')) {
    const elements = lookupSet(right.slice(1));
    if (!elements) return null;
    return contains({ set: elements }, test, lookupSet);
  }
  if (isObj(right) && Array.isArray(right.set)) {
    let unknown = false;
    for (const element of right.set) {
      const r = contains(isObj(element) && isObj(element.elem) ? element.elem.val : element, test, lookupSet);
      if (r === true) return true;
      if (r === null) unknown = true;
    }
    return unknown ? null : false;
  }
  return test(right);
}

function portTest(port: number) {
  return (v: Json): boolean | null => {
    if (typeof v === 'number') return v === port;
    if (isObj(v) && Array.isArray(v.range) && typeof v.range[0] === 'number' && typeof v.range[1] === 'number') {
      return v.range[0] <= port && port <= v.range[1];
    }
    // Service names (`http`) and other expressions are not resolved.
    return null;
  };
}

function addressTest(ip: IpAddress) {
  return (v: Json): boolean | null => {
    if (typeof v === 'string') {
      const other = parseIp(v);
      return other ? sameIp(other, ip) : null;
    }
    if (isObj(v) && isObj(v.prefix)) {
      const network = typeof v.prefix.addr === 'string' ? parseIp(v.prefix.addr) : null;
      return network ? inPrefix(ip, network, Number(v.prefix.len)) : null;
    }
    if (isObj(v) && Array.isArray(v.range)) {
      const [low, high] = v.range.map((x) => (typeof x === 'string' ? parseIp(x) : null));
      if (!low || !high || low.family !== ip.family) return null;
      const cmp = (a: Uint8Array, b: Uint8Array) => {
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
        return 0;
      };
      return cmp(low.bytes, ip.bytes) <= 0 && cmp(ip.bytes, high.bytes) <= 0;
    }
    return null;
  };
}

/** How one `match` statement relates to the target; `mentions` when it names its port or address. */
function judgeNftMatch(match: Obj, target: FirewallTarget, lookupSet: (name: string) => Json[] | null): { condition: Condition; mentions: boolean } {
  const left = match.left;
  if (!isObj(left) || !isObj(left.payload)) return { condition: 'unknown', mentions: false };
  const protocol = String(left.payload.protocol);
  const field = String(left.payload.field);
  const negated = match.op === '!=';
  const decide = (r: boolean | null, destination: boolean): { condition: Condition; mentions: boolean } => {
    if (r === null) return { condition: 'unknown', mentions: false };
    const admits = negated ? !r : r;
    if (admits) return { condition: 'admits', mentions: true };
    return { condition: destination ? 'excludes' : 'unknown', mentions: false };
  };
  if (field === 'dport' || field === 'sport') {
    // A udp/sctp port match never matches a TCP packet.
    if (protocol !== 'tcp' && protocol !== 'th') return { condition: 'excludes', mentions: false };
    return decide(contains(match.right, portTest(target.port), lookupSet), field === 'dport');
  }
  if ((protocol === 'ip' || protocol === 'ip6') && (field === 'daddr' || field === 'saddr')) {
    if ((protocol === 'ip') !== (target.ip.family === 4)) return { condition: 'excludes', mentions: false };
    return decide(contains(match.right, addressTest(target.ip), lookupSet), field === 'daddr');
  }
  return { condition: 'unknown', mentions: false };
}

export interface FirewallReading {
  hits: FirewallRuleHit[];
  notes: string[];
}

export interface NftRuleset {
  items: Obj[];
  /** Named sets by `family table name`, for `@name` matches. */
  sets: Map<string, Json[]>;
}

/** Parses `nft -j list ruleset` output once; null when it is not nft JSON. */
export function parseNftRuleset(jsonText: string): NftRuleset | null {
  let doc: Json;
  try {
    doc = JSON.parse(jsonText);
  } catch {
    return null;
  }
  if (!isObj(doc) || !Array.isArray(doc.nftables)) return null;
  const items = doc.nftables.filter(isObj);
  const sets = new Map<string, Json[]>();
  for (const item of items) {
    if (isObj(item.set) && Array.isArray(item.set.elem)) sets.set(`${item.set.family} ${item.set.table} ${item.set.name}`, item.set.elem);
  }
  return { items, sets };
}

/** Rules of an `nft -j list ruleset` document (text or parsed) that touch the target. */
export function nftRulesTouching(ruleset: string | NftRuleset, target: FirewallTarget): FirewallReading {
  const parsed = typeof ruleset === 'string' ? parseNftRuleset(ruleset) : ruleset;
  if (!parsed) return { hits: [], notes: ['nft printed something that is not JSON; firewall rules not checked'] };
  const { items, sets } = parsed;
  const hits: FirewallRuleHit[] = [];
  const notes: string[] = [];
  let extensions = 0;
  for (const item of items) {
    if (isObj(item.chain) && item.chain.policy === 'drop' && typeof item.chain.hook === 'string') {
      hits.push({
        tool: 'nft',
        table: `${item.chain.family} ${item.chain.table}`,
        chain: String(item.chain.name),
        rule: `policy drop (hook ${item.chain.hook}): packets no rule accepts are dropped`,
        verdict: 'drop',
      });
    }
    if (!isObj(item.rule) || !Array.isArray(item.rule.expr)) continue;
    const rule = item.rule;
    const statements = (rule.expr as Json[]).filter(isObj);
    if (statements.some((s) => 'xt' in s)) extensions++;
    const lookupSet = (name: string) => sets.get(`${rule.family} ${rule.table} ${name}`) ?? null;
    let mentions = false;
    let excluded = false;
    for (const s of statements) {
      if (!isObj(s.match)) continue;
      const judged = judgeNftMatch(s.match, target, lookupSet);
      if (judged.condition === 'excludes') excluded = true;
      if (judged.mentions) mentions = true;
    }
    if (excluded || !mentions) continue;
    hits.push({
      tool: 'nft',
      table: `${rule.family} ${rule.table}`,
      chain: String(rule.chain),
      rule: limitText(statements.map(renderNftStatement).join(' ')),
      verdict: verdictOf(statements),
    });
  }
  if (extensions > 0) notes.push(`${extensions} nft rules use iptables extensions (iptables-nft); \`iptables-save\` shows them in full`);
  return { hits, notes };
}

/** Splits an iptables-save rule line into arguments (double quotes group words). */
function iptablesArgs(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) out.push(m[1] ?? m[2]);
  return out;
}

function iptablesPortAdmits(spec: string, port: number): boolean {
  return spec.split(',').some((part) => {
    const [low, high] = part.split(':');
    const lo = low === '' ? 0 : Number(low);
    const hi = high === undefined ? lo : high === '' ? 65535 : Number(high);
    return lo <= port && port <= hi;
  });
}

/** Rules of `iptables-save` / `ip6tables-save` output that touch the target. */
export function iptablesRulesTouching(text: string, target: FirewallTarget): FirewallReading {
  const hits: FirewallRuleHit[] = [];
  let table = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      continue;
    }
    const policy = /^:(\S+)\s+(DROP)\s/.exec(line);
    if (policy) {
      hits.push({ tool: 'iptables', table, chain: policy[1], rule: `policy DROP: packets no rule accepts are dropped`, verdict: 'drop' });
      continue;
    }
    if (!line.startsWith('-A ')) continue;
    const args = iptablesArgs(line);
    const chain = args[1];
    let mentions = false;
    let excluded = false;
    let verdict: FirewallRuleHit['verdict'] = 'other';
    for (let i = 2; i < args.length; i++) {
      const negated = args[i - 1] === '!';
      const option = args[i];
      const value = args[i + 1];
      if (value === undefined) break;
      const judge = (admits: boolean, destination: boolean) => {
        const a = negated ? !admits : admits;
        if (a) mentions = true;
        else if (destination) excluded = true;
      };
      if (option === '-p' || option === '--protocol') {
        const tcp = value === 'tcp' || value === 'all' || value === '6';
        if (negated ? tcp : !tcp) excluded = true;
      } else if (option === '--dport' || option === '--destination-port' || option === '--dports' || option === '--destination-ports') {
        judge(iptablesPortAdmits(value, target.port), true);
      } else if (option === '--sport' || option === '--source-port' || option === '--sports') judge(iptablesPortAdmits(value, target.port), false);
      else if (option === '-d' || option === '--destination' || option === '-s' || option === '--source') {
        const [address, length] = value.split('/');
        const network = parseIp(address);
        if (network && network.family === target.ip.family) {
          const bits = length === undefined ? network.bytes.length * 8 : Number(length);
          judge(inPrefix(target.ip, network, bits), option === '-d' || option === '--destination');
        }
      } else if (option === '-j' || option === '--jump') {
        verdict = value === 'DROP' ? 'drop' : value === 'REJECT' ? 'reject' : value === 'ACCEPT' ? 'accept' : 'other';
      }
    }
    if (mentions && !excluded) hits.push({ tool: 'iptables', table, chain, rule: limitText(line.slice(3 + chain.length).trim()), verdict });
  }
  return { hits, notes: [] };
}

const MAX_RULESET_BYTES = 16 * 1024 * 1024;

/** A namespace's ruleset as one tool printed it, or why it could not be read. */
export type Ruleset = { tool: 'nft' | 'iptables'; text: string; notes: string[] } | { tool: null; notes: string[] };

/** Reads the namespace's ruleset: `nft -j list ruleset`, else `iptables-save` / `ip6tables-save`. */
export async function fetchRuleset(reader: NamespaceReader, family: 4 | 6, timeoutMs: number): Promise<Ruleset> {
  const nft = findExecutable('nft');
  const iptablesSave = findExecutable(family === 4 ? 'iptables-save' : 'ip6tables-save');
  if (!nft && !iptablesSave) return { tool: null, notes: ['neither nft nor iptables-save is installed: firewall rules not checked'] };
  const argv = nft ? [nft, '-j', 'list', 'ruleset'] : [iptablesSave as string];
  const name = nft ? 'nft' : 'iptables-save';
  const command = commandInNamespace(reader, argv);
  if (!command) return { tool: null, notes: [`cannot run ${name} inside that namespace (nsenter missing): firewall rules not checked`] };
  const run = await spawnBounded(command.file, command.args, { timeoutMs, maxStdoutBytes: MAX_RULESET_BYTES });
  if (run.timedOut) return { tool: null, notes: [`${name} did not answer within ${timeoutMs} ms: firewall rules not checked`] };
  if (run.truncated) return { tool: null, notes: [`the ruleset is larger than ${MAX_RULESET_BYTES} bytes: firewall rules not checked`] };
  if (run.code !== 0) {
    const why = run.startError ?? (run.stderr.trim().split('\n')[0] || `exit ${run.code}`);
    const hint = /not permitted|denied/i.test(why) ? ' (needs root / CAP_NET_ADMIN)' : '';
    return { tool: null, notes: [`cannot read the firewall with ${name}${hint}: ${why}`] };
  }
  return { tool: nft ? 'nft' : 'iptables', text: run.stdout, notes: [] };
}

const parsedRulesets = new WeakMap<Ruleset, NftRuleset | null>();

/** The rules of a fetched ruleset that touch the target. */
export function rulesTouching(ruleset: Ruleset, target: FirewallTarget): FirewallReading {
  if (ruleset.tool === null) return { hits: [], notes: ruleset.notes };
  let reading: FirewallReading;
  if (ruleset.tool === 'nft') {
    // Parsed once per fetched ruleset: the probe engine asks about many targets against the same one.
    let parsed = parsedRulesets.get(ruleset);
    if (parsed === undefined) {
      parsed = parseNftRuleset(ruleset.text);
      parsedRulesets.set(ruleset, parsed);
    }
    reading = nftRulesTouching(parsed ?? ruleset.text, target);
  } else reading = iptablesRulesTouching(ruleset.text, target);
  return { hits: reading.hits, notes: [...ruleset.notes, ...reading.notes] };
}
