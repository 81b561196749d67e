import { promises as dnsPromises } from 'node:dns';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';

/**
 * The DNS step: the system resolver (getaddrinfo, as a proxy's libc sees it) and direct queries to
 * each nameserver with the search-list / ndots expansion applied by hand, so that NXDOMAIN, SERVFAIL,
 * REFUSED and timeouts stay distinguishable and the two views can be compared.
 */

export interface ResolvConf {
  source: string;
  nameservers: string[];
  search: string[];
  ndots: number;
  /** `options timeout:N` (seconds) and `attempts:N`, as glibc reads them. */
  timeoutSeconds: number;
  attempts: number;
  options: string[];
  notes: string[];
}

/** glibc's defaults and caps (resolv/res_init.c): ndots ≤ 15, timeout ≤ 30 s, attempts ≤ 5, 3 nameservers. */
const MAX_NAMESERVERS = 3;

export function parseResolvConf(text: string, source = '/etc/resolv.conf'): ResolvConf {
  const conf: ResolvConf = { source, nameservers: [], search: [], ndots: 1, timeoutSeconds: 5, attempts: 2, options: [], notes: [] };
  let ignoredServers = 0;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/[#;].*$/, '').trim();
    if (!line) continue;
    const [keyword, ...args] = line.split(/\s+/);
    if (keyword === 'nameserver' && args[0]) {
      if (conf.nameservers.length >= MAX_NAMESERVERS) ignoredServers++;
      else if (isIP(args[0].replace(/%.*$/, ''))) conf.nameservers.push(args[0]);
      else conf.notes.push(`ignored nameserver "${args[0].slice(0, 60)}": not an IP address`);
    } else if (keyword === 'search' || keyword === 'domain') {
      // The last `search` or `domain` line wins (resolv.conf(5)).
      conf.search = (keyword === 'domain' ? args.slice(0, 1) : args).map((d) => d.replace(/\.$/, '')).filter((d) => d && d !== '.');
    } else if (keyword === 'options') {
      for (const option of args) {
        conf.options.push(option);
        const [name, value] = option.split(':');
        const n = Number(value);
        if (name === 'ndots' && Number.isInteger(n) && n >= 0) conf.ndots = Math.min(n, 15);
        else if (name === 'timeout' && Number.isInteger(n) && n >= 1) conf.timeoutSeconds = Math.min(n, 30);
        else if (name === 'attempts' && Number.isInteger(n) && n >= 1) conf.attempts = Math.min(n, 5);
      }
    }
  }
  if (ignoredServers) conf.notes.push(`${ignoredServers} nameserver line(s) after the first ${MAX_NAMESERVERS} are ignored by glibc`);
  if (conf.nameservers.length === 0) conf.notes.push('no nameserver line: glibc then asks 127.0.0.1:53');
  return conf;
}

export async function readResolvConf(path = '/etc/resolv.conf'): Promise<ResolvConf> {
  try {
    return parseResolvConf(await readBounded(path), path);
  } catch (error) {
    const conf = parseResolvConf('', path);
    conf.notes = [`could not read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`];
    return conf;
  }
}

async function readBounded(path: string): Promise<string> {
  const text = await readFile(path, 'utf8');
  return text.length > 1_000_000 ? text.slice(0, 1_000_000) : text;
}

/** name → addresses from a hosts file. */
export function parseHostsFile(text: string): Map<string, string[]> {
  const hosts = new Map<string, string[]>();
  for (const rawLine of text.split(/\r?\n/)) {
    const [address, ...names] = rawLine.replace(/#.*$/, '').trim().split(/\s+/);
    if (!address || !isIP(address.replace(/%.*$/, ''))) continue;
    for (const name of names) {
      const key = name.toLowerCase();
      hosts.set(key, [...(hosts.get(key) ?? []), address]);
    }
  }
  return hosts;
}

export interface Candidate {
  name: string;
  why: string;
}

/**
 * The names glibc tries, in order (resolv/res_query.c `__res_context_search`): a trailing dot means
 * absolute, no search; with at least `ndots` dots the name is tried as-is first and then with each search
 * domain; with fewer, the search domains come first and the bare name last. (musl never appends search
 * domains when the name has ndots or more dots.)
 */
export function searchCandidates(name: string, conf: Pick<ResolvConf, 'search' | 'ndots'>): { candidates: Candidate[]; rule: string } {
  if (name.endsWith('.'))
    return { candidates: [{ name, why: 'absolute name (trailing dot)' }], rule: 'the name ends with ".", so no search domain is appended' };
  const dots = (name.match(/\./g) ?? []).length;
  const searched = conf.search.map((domain) => ({ name: `${name}.${domain}.`, why: `search domain ${domain}` }));
  const asIs = { name: `${name}.`, why: 'as given' };
  if (conf.search.length === 0) return { candidates: [asIs], rule: 'no search domains configured: the name is asked as given' };
  if (dots >= conf.ndots)
    return {
      candidates: [asIs, ...searched],
      rule: `"${name}" has ${dots} dot(s) ≥ ndots:${conf.ndots}, so it is asked as given first, then with each search domain`,
    };
  return {
    candidates: [...searched, asIs],
    rule: `"${name}" has ${dots} dot(s) < ndots:${conf.ndots}, so each search domain is tried first (${conf.search.length} extra queries per family before the name itself)`,
  };
}

export type DnsOutcome = 'answer' | 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'REFUSED' | 'TIMEOUT' | 'UNREACHABLE' | 'ERROR';

export const DNS_OUTCOME_MEANING: Record<DnsOutcome, string> = {
  answer: 'the server returned addresses',
  NXDOMAIN: 'the name does not exist (authoritative "no such name")',
  NODATA: 'the name exists but has no record of this type',
  SERVFAIL: 'the server failed to resolve it (upstream DNS broken, DNSSEC failure, or the zone is unreachable)',
  REFUSED: 'the server refuses to answer this client or this zone (ACL, not recursive for us)',
  TIMEOUT: 'no answer from the server in time (server down, port 53 blocked, packet loss)',
  UNREACHABLE: 'nothing answers on the nameserver port (ICMP port unreachable: no DNS server listens there)',
  ERROR: 'the query failed',
};

const CODE_OUTCOME: Record<string, DnsOutcome> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NODATA',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ETIMEOUT: 'TIMEOUT',
  ECONNREFUSED: 'UNREACHABLE',
};

export interface DnsAnswer {
  address: string;
  family: 4 | 6;
  ttl?: number;
}

export interface QueryResult {
  type: 'A' | 'AAAA';
  outcome: DnsOutcome;
  answers: DnsAnswer[];
  ms: number;
  code?: string;
}

export interface CandidateResult {
  name: string;
  why: string;
  outcome: DnsOutcome;
  a: QueryResult;
  aaaa: QueryResult;
}

export interface DirectResolution {
  server: string;
  ms: number;
  outcome: DnsOutcome;
  candidates: CandidateResult[];
  /** The expanded name that produced the answer. */
  answeredBy?: string;
  addresses: DnsAnswer[];
  /** Names not asked because the step ran out of time. */
  notTried: string[];
  /** Set when the server address itself was unusable. */
  error?: string;
}

export interface SystemResolution {
  ms: number;
  outcome: 'answer' | 'NOTFOUND' | 'TEMPFAIL' | 'TIMEOUT' | 'ERROR';
  addresses: DnsAnswer[];
  code?: string;
  /** Addresses the hosts file gives for this name (getaddrinfo reads it before DNS with `hosts: files dns`). */
  hostsFile?: string[];
}

/** What getaddrinfo's outcome means, after `getaddrinfo NAME: OUTCOME (CODE) — `. */
export const SYSTEM_OUTCOME_MEANING: Record<SystemResolution['outcome'], string> = {
  answer: 'getaddrinfo returned addresses',
  NOTFOUND: 'no such name for the system resolver',
  TEMPFAIL: 'temporary failure: SERVFAIL or no nameserver answered',
  TIMEOUT: 'no answer in time',
  ERROR: 'lookup failed',
};

/** Resolves like the proxy's libc would: `getaddrinfo(name, AF_UNSPEC)`, order as returned. */
export async function systemLookup(name: string, timeoutMs: number): Promise<SystemResolution> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([dnsPromises.lookup(name, { all: true, verbatim: true }), timeout]);
    const ms = performance.now() - started;
    // getaddrinfo keeps running on the libuv threadpool after we give up; its answer is simply ignored.
    if (result === 'timeout') return { ms, outcome: 'TIMEOUT', addresses: [] };
    return { ms, outcome: 'answer', addresses: result.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 })) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
    const outcome = code === 'ENOTFOUND' || code === 'ENODATA' ? 'NOTFOUND' : code === 'EAI_AGAIN' ? 'TEMPFAIL' : 'ERROR';
    return { ms: performance.now() - started, outcome, addresses: [], code };
  } finally {
    clearTimeout(timer);
  }
}

/** `127.0.0.1`, `127.0.0.1:5353`, `::1`, `[::1]:5353` → the form c-ares' setServers accepts. */
export function normaliseNameserver(server: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(server);
  if (bracketed) {
    if (isIP(bracketed[1]) !== 6) return null;
    return bracketed[2] ? `[${bracketed[1]}]:${bracketed[2]}` : bracketed[1];
  }
  if (isIP(server)) return server;
  const v4 = /^([0-9.]+):(\d{1,5})$/.exec(server);
  if (v4 && isIP(v4[1]) === 4 && Number(v4[2]) >= 1 && Number(v4[2]) <= 65535) return server;
  return null;
}

async function query(resolver: dnsPromises.Resolver, name: string, type: 'A' | 'AAAA'): Promise<QueryResult> {
  const started = performance.now();
  try {
    const records = type === 'A' ? await resolver.resolve4(name, { ttl: true }) : await resolver.resolve6(name, { ttl: true });
    const answers = records.map((r) => ({ address: r.address, family: (type === 'A' ? 4 : 6) as 4 | 6, ttl: r.ttl }));
    return { type, outcome: answers.length ? 'answer' : 'NODATA', answers, ms: performance.now() - started };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
    return { type, outcome: CODE_OUTCOME[code] ?? 'ERROR', answers: [], ms: performance.now() - started, code };
  }
}

/** What a candidate's two queries say together: any answer wins; a failure outranks "no such name". */
function combine(a: QueryResult, aaaa: QueryResult): DnsOutcome {
  if (a.outcome === 'answer' || aaaa.outcome === 'answer') return 'answer';
  const order: DnsOutcome[] = ['TIMEOUT', 'UNREACHABLE', 'SERVFAIL', 'REFUSED', 'ERROR', 'NODATA', 'NXDOMAIN'];
  for (const outcome of order) if (a.outcome === outcome || aaaa.outcome === outcome) return outcome;
  return 'ERROR';
}

/**
 * Asks one nameserver for A and AAAA of each candidate in turn, stopping at the first answer as glibc
 * does. The whole exchange is bounded by `timeoutMs`.
 */
export async function queryNameserver(server: string, candidates: readonly Candidate[], timeoutMs: number): Promise<DirectResolution> {
  const started = performance.now();
  const resolver = new dnsPromises.Resolver({ timeout: Math.max(50, Math.round(timeoutMs)), tries: 1 });
  const result: DirectResolution = { server, ms: 0, outcome: 'ERROR', candidates: [], addresses: [], notTried: [] };
  try {
    resolver.setServers([server]);
  } catch (error) {
    return { ...result, notTried: candidates.map((c) => c.name), error: (error as Error).message };
  }
  const deadline = started + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), timeoutMs);
  });
  try {
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i];
      if (performance.now() >= deadline) {
        result.notTried = candidates.slice(i).map((c) => c.name);
        break;
      }
      const pair = await Promise.race([Promise.all([query(resolver, candidate.name, 'A'), query(resolver, candidate.name, 'AAAA')]), expired]);
      if (pair === 'expired') {
        resolver.cancel();
        const ms = performance.now() - started;
        const timedOut: QueryResult = { type: 'A', outcome: 'TIMEOUT', answers: [], ms };
        result.candidates.push({ ...candidate, outcome: 'TIMEOUT', a: timedOut, aaaa: { ...timedOut, type: 'AAAA' } });
        result.notTried = candidates.slice(i + 1).map((c) => c.name);
        break;
      }
      const [a, aaaa] = pair;
      const outcome = combine(a, aaaa);
      result.candidates.push({ ...candidate, outcome, a, aaaa });
      if (outcome === 'answer') {
        result.answeredBy = candidate.name;
        result.addresses = [...a.answers, ...aaaa.answers];
        break;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  result.ms = performance.now() - started;
  result.outcome = result.answeredBy ? 'answer' : overallOutcome(result.candidates);
  return result;
}

/** Without an answer, the most telling failure among the names tried (a SERVFAIL hides behind NXDOMAINs otherwise). */
function overallOutcome(candidates: readonly CandidateResult[]): DnsOutcome {
  if (candidates.length === 0) return 'TIMEOUT';
  const order: DnsOutcome[] = ['TIMEOUT', 'UNREACHABLE', 'SERVFAIL', 'REFUSED', 'ERROR', 'NODATA', 'NXDOMAIN'];
  for (const outcome of order) if (candidates.some((c) => c.outcome === outcome)) return outcome;
  return 'ERROR';
}

export interface DnsOptions {
  timeoutMs: number;
  /** Which views to run: `both` (default), `system` only, or `direct` only (no getaddrinfo). */
  resolver: 'both' | 'system' | 'direct';
  /** Replaces the resolv.conf nameservers for the direct queries (`--nameserver`). */
  nameservers?: readonly string[];
  resolvConfPath?: string;
  hostsPath?: string;
}

export interface DnsReport {
  name: string;
  resolvConf: { source: string; nameservers: string[]; search: string[]; ndots: number; options: string[]; notes: string[] };
  /** How the search list and ndots expand the name (glibc order). */
  expansion: { rule: string; candidates: Candidate[] };
  system?: SystemResolution;
  direct: DirectResolution[];
  /** Why direct queries were not made (hosts-file answer, `localhost`, `--resolver system`). */
  directSkipped?: string;
  /** Differences between the system resolver and the nameservers, and between nameservers. */
  disagreements: string[];
  /** The addresses the next steps connect to: the system resolver's, else the first direct answer. */
  addresses: DnsAnswer[];
  ok: boolean;
}

export async function resolveName(name: string, options: DnsOptions): Promise<DnsReport> {
  const conf = await readResolvConf(options.resolvConfPath);
  const hostsPath = options.hostsPath ?? '/etc/hosts';
  let hostsFile: string[] | undefined;
  try {
    hostsFile = parseHostsFile(await readBounded(hostsPath)).get(name.replace(/\.$/, '').toLowerCase());
  } catch {
    hostsFile = undefined;
  }
  const expansion = searchCandidates(name, conf);
  const servers = (options.nameservers?.length ? options.nameservers : conf.nameservers.length ? conf.nameservers : ['127.0.0.1'])
    .map((s) => normaliseNameserver(s))
    .filter((s): s is string => s !== null);

  let directSkipped: string | undefined;
  if (options.resolver === 'system') directSkipped = '--resolver system';
  else if (!options.nameservers?.length && /(^|\.)localhost\.?$/i.test(name)) directSkipped = '"localhost" names are answered locally (RFC 6761)';
  else if (!options.nameservers?.length && hostsFile) directSkipped = `${hostsPath} has this name, so getaddrinfo never asks a nameserver for it`;

  const [system, direct] = await Promise.all([
    options.resolver === 'direct' ? Promise.resolve(undefined) : systemLookup(name, options.timeoutMs),
    directSkipped ? Promise.resolve([]) : Promise.all(servers.map((server) => queryNameserver(server, expansion.candidates, options.timeoutMs))),
  ]);
  if (system && hostsFile) system.hostsFile = hostsFile;

  const addresses = system?.outcome === 'answer' ? system.addresses : (direct.find((d) => d.outcome === 'answer')?.addresses ?? []);
  return {
    name,
    resolvConf: { source: conf.source, nameservers: conf.nameservers, search: conf.search, ndots: conf.ndots, options: conf.options, notes: conf.notes },
    expansion,
    ...(system ? { system } : {}),
    direct,
    ...(directSkipped ? { directSkipped } : {}),
    disagreements: compareViews(system, direct),
    addresses,
    ok: addresses.length > 0,
  };
}

const key = (answers: readonly DnsAnswer[]) => [...new Set(answers.map((a) => a.address))].sort();

/** Where the system resolver and the nameservers (or the nameservers among themselves) differ. */
export function compareViews(system: SystemResolution | undefined, direct: readonly DirectResolution[]): string[] {
  const out: string[] = [];
  if (system) {
    const sys = key(system.addresses);
    for (const d of direct) {
      if (system.outcome === 'answer' && d.outcome !== 'answer') {
        out.push(
          system.hostsFile
            ? `getaddrinfo answered from the hosts file (${sys.join(', ')}), nameserver ${d.server} says ${d.outcome}`
            : `getaddrinfo found ${sys.join(', ')} but nameserver ${d.server} says ${d.outcome}: the answer came from the hosts file, another nsswitch source (mdns, myhostname, a local cache) or another nameserver`,
        );
      } else if (system.outcome !== 'answer' && d.outcome === 'answer') {
        out.push(
          `nameserver ${d.server} answers ${key(d.addresses).join(', ')} (as ${d.answeredBy}) but getaddrinfo failed (${system.outcome}): check /etc/nsswitch.conf, the search/ndots settings and whether the first nameserver in resolv.conf is the one that fails`,
        );
      } else if (system.outcome === 'answer' && d.outcome === 'answer') {
        const dir = key(d.addresses);
        const onlySystem = sys.filter((a) => !dir.includes(a));
        const onlyDirect = dir.filter((a) => !sys.includes(a));
        if (onlySystem.length || onlyDirect.length)
          out.push(
            `getaddrinfo and nameserver ${d.server} disagree: only getaddrinfo has ${onlySystem.join(', ') || '—'}, only ${d.server} has ${onlyDirect.join(', ') || '—'} (hosts file entry, a cache holding an old record, or round-robin answers)`,
          );
      }
    }
  }
  const answering = direct.filter((d) => d.outcome === 'answer');
  const failing = direct.filter((d) => d.outcome !== 'answer');
  if (answering.length && failing.length)
    out.push(
      `nameservers disagree: ${answering.map((d) => d.server).join(', ')} answer, ${failing.map((d) => `${d.server} says ${d.outcome}`).join(', ')} — the resolver may pick either`,
    );
  for (let i = 1; i < answering.length; i++) {
    const a = key(answering[0].addresses).join(', ');
    const b = key(answering[i].addresses).join(', ');
    if (a !== b)
      out.push(`nameservers ${answering[0].server} (${a}) and ${answering[i].server} (${b}) return different addresses (split-horizon or stale records)`);
  }
  return out;
}
