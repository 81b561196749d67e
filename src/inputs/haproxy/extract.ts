import type { Located, SourcePosition } from '../../core/position.js';
import type {
  HaproxyBind,
  HaproxyConfig,
  HaproxyHealthCheck,
  HaproxyProxy,
  HaproxyResolvers,
  HaproxyServer,
  HaproxyServerOptions,
  HaproxySetting,
  HaproxyTimeoutName,
} from './model.js';
import type { HaproxyLine, HaproxySection, HaproxyWord } from './syntax.js';

const TIMEOUT_NAMES = new Set<HaproxyTimeoutName>([
  'connect',
  'server',
  'client',
  'http-keep-alive',
  'http-request',
  'tunnel',
  'queue',
  'check',
  'client-fin',
  'server-fin',
]);

/** Server keywords that take a value (the next word); every other keyword is a flag. */
const VALUED_SERVER_KEYWORDS = new Set([
  'addr',
  'agent-addr',
  'agent-inter',
  'agent-port',
  'agent-send',
  'alpn',
  'ca-file',
  'check-alpn',
  'check-proto',
  'check-sni',
  'ciphers',
  'ciphersuites',
  'cookie',
  'crl-file',
  'crt',
  'curves',
  'downinter',
  'error-limit',
  'fall',
  'fastinter',
  'guid',
  'hash-key',
  'id',
  'init-addr',
  'init-state',
  'inter',
  'log-bufsize',
  'log-proto',
  'max-reuse',
  'maxconn',
  'maxqueue',
  'minconn',
  'namespace',
  'npn',
  'observe',
  'on-error',
  'on-marked-down',
  'on-marked-up',
  'pool-conn-name',
  'pool-low-conn',
  'pool-max-conn',
  'pool-purge-delay',
  'port',
  'proto',
  'proxy-v2-options',
  'redir',
  'resolve-net',
  'resolve-opts',
  'resolve-prefer',
  'resolvers',
  'rise',
  'set-proxy-v2-tlv-fmt',
  'shard',
  'sigalgs',
  'slowstart',
  'sni',
  'socks4',
  'source',
  'ssl-max-ver',
  'ssl-min-ver',
  'tcp-ut',
  'track',
  'usesrc',
  'verify',
  'verifyhost',
  'weight',
  'ws',
]);

/** HAProxy time values: a number with an optional unit (us, ms, s, m, h, d); no unit means milliseconds. */
export function parseHaproxyTime(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s|m|h|d)?$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const factor = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 1;
  return n * factor;
}

interface DefaultsState {
  name?: string;
  mode?: HaproxySetting<'http' | 'tcp'>;
  timeouts: Partial<Record<HaproxyTimeoutName, HaproxySetting<number>>>;
  defaultServer: HaproxyServerOptions;
  healthCheck: HaproxyHealthCheck;
}

export interface HaproxyExtractInput {
  id: string;
  file: string;
  absolutePath: string;
  files: string[];
  sections: HaproxySection[];
}

/** Sections → proxies with effective settings (defaults inheritance, default-server merge) and the routing between them. */
export function extractHaproxyFacts(input: HaproxyExtractInput): HaproxyConfig {
  const config: HaproxyConfig = {
    id: input.id,
    file: input.file,
    absolutePath: input.absolutePath,
    files: input.files,
    sections: input.sections,
    frontends: [],
    backends: [],
    resolvers: [],
  };
  const namedDefaults = new Map<string, DefaultsState>();
  let lastDefaults: DefaultsState | undefined;
  for (const section of input.sections) {
    switch (section.kind) {
      case 'global':
        config.global ??= { at: section.header.at };
        break;
      case 'defaults': {
        const base = fromName(section) ? namedDefaults.get(fromName(section)!) : undefined;
        const state = readDefaults(section, base);
        if (section.name && section.name.value !== 'from') namedDefaults.set(section.name.value, state);
        lastDefaults = state;
        break;
      }
      case 'frontend':
      case 'backend':
      case 'listen': {
        const from = fromName(section);
        const defaults = from ? (namedDefaults.get(from) ?? lastDefaults) : lastDefaults;
        const proxy = readProxy(section, defaults, config.id);
        if (!proxy) break;
        if (proxy.kind !== 'backend') config.frontends.push(proxy);
        if (proxy.kind !== 'frontend') config.backends.push(proxy);
        break;
      }
      case 'resolvers':
        if (section.name) config.resolvers.push(readResolvers(section, section.name));
        break;
    }
  }
  linkRouting(config);
  return config;
}

function fromName(section: HaproxySection): string | undefined {
  const words = section.header.words;
  const i = words.findIndex((w, k) => k >= 1 && w.value === 'from');
  return i >= 0 ? words[i + 1]?.value : undefined;
}

function emptyDefaults(): DefaultsState {
  return { timeouts: {}, defaultServer: {}, healthCheck: {} };
}

function readDefaults(section: HaproxySection, base: DefaultsState | undefined): DefaultsState {
  const state: DefaultsState = base
    ? { ...base, timeouts: { ...base.timeouts }, defaultServer: { ...base.defaultServer }, healthCheck: { ...base.healthCheck } }
    : emptyDefaults();
  if (section.name && section.name.value !== 'from') state.name = section.name.value;
  for (const line of section.lines) {
    const mode = readMode(line);
    if (mode) state.mode = { value: mode, at: line.at, from: 'defaults' };
    const timeout = readTimeout(line);
    if (timeout) state.timeouts[timeout.name] = { value: timeout.ms, at: line.at, from: 'defaults' };
    if (line.keyword === 'default-server') Object.assign(state.defaultServer, readServerOptions(line.words.slice(1)));
    readHealthCheckLine(line, state.healthCheck, 'defaults');
  }
  return state;
}

function readMode(line: HaproxyLine): 'http' | 'tcp' | undefined {
  if (line.keyword !== 'mode') return undefined;
  const v = line.words[1]?.value;
  return v === 'http' || v === 'tcp' ? v : undefined;
}

function readTimeout(line: HaproxyLine): { name: HaproxyTimeoutName; ms: number } | undefined {
  if (line.keyword === 'timeout') {
    const name = line.words[1]?.value as HaproxyTimeoutName;
    const ms = line.words[2] ? parseHaproxyTime(line.words[2].value) : undefined;
    return TIMEOUT_NAMES.has(name) && ms !== undefined ? { name, ms } : undefined;
  }
  // Pre-1.5 spellings, still seen in old configs.
  const legacy: Record<string, HaproxyTimeoutName> = { contimeout: 'connect', srvtimeout: 'server', clitimeout: 'client' };
  const name = legacy[line.keyword];
  const ms = name && line.words[1] ? parseHaproxyTime(line.words[1].value) : undefined;
  return name && ms !== undefined ? { name, ms } : undefined;
}

function readHealthCheckLine(line: HaproxyLine, check: HaproxyHealthCheck, from: 'proxy' | 'defaults'): void {
  const w = line.words.map((x) => x.value);
  if (line.keyword === 'option' && w[1] === 'httpchk') {
    // option httpchk | option httpchk <uri> | option httpchk <method> <uri> [<version>]
    const rest = line.words.slice(2);
    const httpchk: NonNullable<HaproxyHealthCheck['httpchk']> = { at: line.at, from };
    if (rest.length === 1) httpchk.path = { value: rest[0].value, at: rest[0].at };
    else if (rest.length >= 2) {
      httpchk.method = rest[0].value;
      httpchk.path = { value: rest[1].value, at: rest[1].at };
    }
    check.httpchk = httpchk;
  } else if (line.keyword === 'option' && w[1] === 'tcp-check') check.tcpCheck = { at: line.at };
  else if (line.keyword === 'http-check' && w[1] === 'send') {
    const send: NonNullable<HaproxyHealthCheck['send']> = { at: line.at };
    for (let i = 2; i < line.words.length; i++) {
      if (w[i] === 'meth' && w[i + 1]) send.method = w[i + 1];
      if ((w[i] === 'uri' || w[i] === 'uri-lf') && line.words[i + 1]) send.path = { value: w[i + 1], at: line.words[i + 1].at };
    }
    check.send = send;
  } else if (line.keyword === 'http-check' && w[1] === 'expect') check.expect = { at: line.at, text: w.slice(2).join(' ') };
  else if ((line.keyword === 'http-check' || line.keyword === 'tcp-check') && w[1] === 'connect') {
    const i = w.indexOf('port');
    const port = i > 0 ? Number(w[i + 1]) : Number.NaN;
    if (Number.isInteger(port)) check.connectPort = { value: port, at: line.words[i + 1].at };
  }
}

function readProxy(section: HaproxySection, defaults: DefaultsState | undefined, configId: string): HaproxyProxy | undefined {
  if (!section.name) return undefined;
  const d = defaults ?? emptyDefaults();
  const kind = section.kind as HaproxyProxy['kind'];
  const proxy: HaproxyProxy = {
    kind,
    name: { value: section.name.value, at: section.name.at },
    at: section.header.at,
    ...(d.name ? { defaults: d.name } : {}),
    mode: d.mode ?? { value: 'tcp' },
    timeouts: { ...d.timeouts },
    binds: [],
    useBackends: [],
    servers: [],
    healthCheck: { ...d.healthCheck },
    usedBy: [],
  };
  const ownCheck: HaproxyHealthCheck = {};
  const defaultServer: HaproxyServerOptions = { ...d.defaultServer };
  for (const line of section.lines) {
    const w = line.words;
    const mode = readMode(line);
    if (mode) proxy.mode = { value: mode, at: line.at, from: 'proxy' };
    const timeout = readTimeout(line);
    if (timeout) proxy.timeouts[timeout.name] = { value: timeout.ms, at: line.at, from: 'proxy' };
    readHealthCheckLine(line, ownCheck, 'proxy');
    switch (line.keyword) {
      case 'bind':
        for (const b of bindsOf(line)) proxy.binds.push(b);
        break;
      case 'default_backend':
        if (w[1]) proxy.defaultBackend = { value: w[1].value, at: w[1].at };
        break;
      case 'use_backend':
        if (w[1]) proxy.useBackends.push({ name: { value: w[1].value, at: w[1].at }, dynamic: /%\[/.test(w[1].value), at: line.at });
        break;
      case 'default-server':
        Object.assign(defaultServer, readServerOptions(w.slice(1)));
        break;
      case 'server':
      case 'server-template': {
        const server = readServer(line, defaultServer, proxy.name.value, configId);
        if (server) proxy.servers.push(server);
        break;
      }
    }
  }
  // A proxy's own check settings replace the inherited ones as a whole (HAProxy ≥ 2.2 semantics).
  if (ownCheck.httpchk || ownCheck.send || ownCheck.expect || ownCheck.tcpCheck || ownCheck.connectPort) {
    proxy.healthCheck = { ...(ownCheck.httpchk || ownCheck.tcpCheck ? {} : proxy.healthCheck), ...ownCheck };
  }
  const path = proxy.healthCheck.send?.path ?? proxy.healthCheck.httpchk?.path;
  if (path) proxy.healthCheck.path = path;
  else if (proxy.healthCheck.httpchk) proxy.healthCheck.path = { value: '/', at: proxy.healthCheck.httpchk.at };
  return proxy;
}

function bindsOf(line: HaproxyLine): HaproxyBind[] {
  const [, address, ...options] = line.words;
  if (!address) return [];
  const ssl = options.some((o) => o.value === 'ssl');
  // One bind line may list several addresses separated by commas.
  return address.value.split(',').map((part) => {
    const bind: HaproxyBind = { ssl, at: line.at };
    const m = /^(?:(?:ipv4|ipv6|tcp|tcp4|tcp6)@)?(.*?):(\d+)(?:-\d+)?$/.exec(part);
    if (m) {
      if (m[1] !== '' && m[1] !== '*' && m[1] !== '::' && m[1] !== '[::]') bind.address = m[1].replace(/^\[|\]$/g, '');
      bind.port = Number(m[2]);
    }
    return bind;
  });
}

function readServerOptions(words: readonly HaproxyWord[]): HaproxyServerOptions {
  const options: HaproxyServerOptions = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const key = word.value;
    const flag = (value: boolean): Located<boolean> => ({ value, at: word.at });
    if (VALUED_SERVER_KEYWORDS.has(key)) {
      const v = words[i + 1];
      i++;
      if (!v) break;
      const located = <T>(value: T): Located<T> => ({ value, at: { ...word.at, endLine: v.at.endLine, endColumn: v.at.endColumn } });
      const n = Number(v.value);
      if (key === 'port' && Number.isInteger(n)) options.checkPort = located(n);
      else if (key === 'addr') options.addr = located(v.value);
      else if (key === 'inter') {
        const ms = parseHaproxyTime(v.value);
        if (ms !== undefined) options.inter = located(ms);
      } else if (key === 'fall' && Number.isInteger(n)) options.fall = located(n);
      else if (key === 'rise' && Number.isInteger(n)) options.rise = located(n);
      else if (key === 'weight' && Number.isInteger(n)) options.weight = located(n);
      else if (key === 'resolvers') options.resolvers = located(v.value);
      else if (key === 'init-addr') options.initAddr = located(v.value.split(','));
      else if (key === 'verify') options.verify = located(v.value);
      else if (key === 'alpn') options.alpn = located(v.value);
      else if (key === 'proto') options.proto = located(v.value);
      continue;
    }
    switch (key) {
      case 'check':
        options.check = flag(true);
        break;
      case 'no-check':
        options.check = flag(false);
        break;
      case 'ssl':
        options.ssl = flag(true);
        break;
      case 'no-ssl':
        options.ssl = flag(false);
        break;
      case 'check-ssl':
        options.checkSsl = flag(true);
        break;
      case 'no-check-ssl':
        options.checkSsl = flag(false);
        break;
      case 'disabled':
        options.disabled = flag(true);
        break;
      case 'enabled':
        options.disabled = flag(false);
        break;
      case 'backup':
        options.backup = flag(true);
        break;
      case 'no-backup':
        options.backup = flag(false);
        break;
    }
  }
  return options;
}

function readServer(line: HaproxyLine, defaultServer: HaproxyServerOptions, backend: string, configId: string): HaproxyServer | undefined {
  const template = line.keyword === 'server-template';
  const [, nameWord, second, third, ...rest] = line.words;
  if (!nameWord || !second) return undefined;
  let count: number | undefined;
  let addressWord: HaproxyWord | undefined = second;
  let optionWords: HaproxyWord[] = third ? [third, ...rest] : [];
  if (template) {
    // server-template <prefix> <num | range> <fqdn>[:<port>] [params*]
    const range = /^(\d+)(?:-(\d+))?$/.exec(second.value);
    count = range ? (range[2] ? Number(range[2]) - Number(range[1]) + 1 : Number(range[1])) : undefined;
    addressWord = third;
    optionWords = rest;
  }
  if (!addressWord) return undefined;
  const server: HaproxyServer = {
    id: `${configId}#server:${backend}/${nameWord.value}@${addressWord.at.file}:${addressWord.at.line}:${addressWord.at.column}`,
    backend,
    name: { value: nameWord.value, at: nameWord.at },
    kind: template ? 'server-template' : 'server',
    ...(count !== undefined ? { count } : {}),
    address: addressWord,
    at: line.at,
    options: { ...defaultServer, ...readServerOptions(optionWords) },
  };
  parseServerAddress(server, addressWord);
  return server;
}

/** `host:port`, `ipv4@1.2.3.4:80`, `[::1]:80`, `unix@/run/app.sock`, `/run/app.sock`, `host` (port of the client connection), `host:+1`. */
function parseServerAddress(server: HaproxyServer, word: HaproxyWord): void {
  if (word.env) server.env = word.env;
  let value = word.value;
  let offset = 0;
  const prefix = /^(ipv4|ipv6|tcp|tcp4|tcp6|udp|udp4|udp6|quic4|quic6|unix|abns|abnsz|sockpair|fd)@/.exec(value);
  if (prefix) {
    if (['unix', 'abns', 'abnsz', 'sockpair', 'fd'].includes(prefix[1])) {
      server.unixSocket = value.slice(prefix[0].length);
      return;
    }
    value = value.slice(prefix[0].length);
    offset = prefix[0].length;
  }
  if (value.startsWith('/')) {
    server.unixSocket = value;
    return;
  }
  let host: string;
  let hostStart = 0;
  let portPart: string | undefined;
  let portStart = 0;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    host = value.slice(1, close < 0 ? undefined : close);
    hostStart = 1;
    if (close >= 0 && value[close + 1] === ':') {
      portPart = value.slice(close + 2);
      portStart = close + 2;
    }
  } else {
    const colon = value.lastIndexOf(':');
    const colons = value.split(':').length - 1;
    // A bare IPv6 literal without port has several colons and a non-numeric tail.
    if (colon >= 0 && (colons === 1 || /^[+-]?\d+$/.test(value.slice(colon + 1)))) {
      host = value.slice(0, colon);
      portPart = value.slice(colon + 1);
      portStart = colon + 1;
    } else host = value;
  }
  const mappable = !word.quote && word.raw === word.value;
  const at = (index: number, length: number): SourcePosition | undefined =>
    mappable
      ? {
          file: word.at.file,
          line: word.at.line,
          column: word.at.column + offset + index,
          endLine: word.at.line,
          endColumn: word.at.column + offset + index + length,
        }
      : undefined;
  if (host !== '' && !host.includes('${')) {
    server.host = host;
    const hostAt = at(hostStart, host.length);
    if (hostAt) server.hostAt = hostAt;
  }
  if (portPart !== undefined) {
    if (/^\d+$/.test(portPart)) {
      server.port = Number(portPart);
      const portAt = at(portStart, portPart.length);
      if (portAt) server.portAt = portAt;
    } else if (/^[+-]\d+$/.test(portPart)) server.portOffset = Number(portPart);
  }
}

function readResolvers(section: HaproxySection, name: HaproxyWord): HaproxyResolvers {
  const resolvers: HaproxyResolvers = { name: { value: name.value, at: name.at }, at: section.header.at, nameservers: [], parseResolvConf: false };
  for (const line of section.lines) {
    const w = line.words;
    if (line.keyword === 'nameserver' && w[1] && w[2]) resolvers.nameservers.push({ name: w[1].value, address: { value: w[2].value, at: w[2].at } });
    else if (line.keyword === 'parse-resolv-conf') resolvers.parseResolvConf = true;
    else if (line.keyword === 'hold' && w[1]?.value === 'valid' && w[2]) {
      const ms = parseHaproxyTime(w[2].value);
      if (ms !== undefined) resolvers.holdValid = ms;
    }
  }
  return resolvers;
}

function linkRouting(config: HaproxyConfig): void {
  const backends = new Map(config.backends.map((b) => [b.name.value, b]));
  for (const frontend of config.frontends) {
    const names = [
      ...frontend.useBackends.filter((u) => !u.dynamic).map((u) => u.name.value),
      ...(frontend.defaultBackend ? [frontend.defaultBackend.value] : []),
    ];
    if (frontend.kind === 'listen') names.push(frontend.name.value);
    for (const name of new Set(names)) {
      const backend = backends.get(name);
      if (backend && !backend.usedBy.includes(frontend.name.value)) backend.usedBy.push(frontend.name.value);
    }
  }
}
