import type { Located, SourcePosition } from '../../core/position.js';
import type {
  NginxArg,
  NginxConfig,
  NginxContext,
  NginxDirective,
  NginxHeader,
  NginxListen,
  NginxLocation,
  NginxPass,
  NginxPassSettings,
  NginxResolver,
  NginxServer,
  NginxSetting,
  NginxUpstream,
  NginxUpstreamServer,
  PassDirective,
} from './model.js';
import { hasEnvPlaceholder, parseCount, parseDuration, parseHostPort, positionInArg, variablesIn } from './values.js';

const PASS_DIRECTIVES = new Set<string>(['proxy_pass', 'fastcgi_pass', 'grpc_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass']);

/** Directives whose value is not inherited like a setting (`set` runs as a rewrite step, `include` is spliced). */
const NOT_SETTINGS = new Set(['include', 'set', 'location', 'if', 'limit_except', 'server', 'upstream']);

/**
 * Effective directives by name at one level. nginx merges each directive on its own: a level that
 * writes a directive replaces the inherited value entirely (so one `proxy_set_header` in a location
 * drops every inherited `proxy_set_header` — a frequent surprise that rules must see).
 */
type Scope = ReadonlyMap<string, readonly NginxDirective[]>;

/** Scope key of the `include`s in effect whose files were not read: any setting may come from them. */
const UNREAD_INCLUDE = '#unread-include';

function childScope(parent: Scope, directives: readonly NginxDirective[]): Scope {
  let own: Map<string, NginxDirective[]> | undefined;
  for (const d of directives) {
    if (d.unread) {
      own ??= new Map();
      own.set(UNREAD_INCLUDE, [...(own.get(UNREAD_INCLUDE) ?? []), d]);
    }
    if (d.block || NOT_SETTINGS.has(d.name)) continue;
    own ??= new Map();
    const list = own.get(d.name);
    if (list) list.push(d);
    else own.set(d.name, [d]);
  }
  if (!own) return parent;
  const scope = new Map(parent);
  for (const [name, list] of own) scope.set(name, list);
  return scope;
}

type Variables = Record<string, NginxArg>;

function withSets(parent: Variables, directives: readonly NginxDirective[]): Variables {
  let vars: Variables | undefined;
  for (const d of directives) {
    if (d.name !== 'set' || d.args.length < 2) continue;
    const name = d.args[0].value.replace(/^\$/, '');
    vars ??= { ...parent };
    vars[name] = d.args[1];
  }
  return vars ?? parent;
}

export interface ExtractInput {
  id: string;
  file: string;
  absolutePath: string;
  kind: 'main' | 'snippet';
  snippetContext?: 'http' | 'server' | 'stream';
  files: string[];
  directives: NginxDirective[];
  text: string;
}

/** Turns the directive tree into facts: upstreams, servers, locations and every pass with its effective settings. */
export function extractNginxFacts(input: ExtractInput): NginxConfig {
  const config: NginxConfig = {
    id: input.id,
    file: input.file,
    absolutePath: input.absolutePath,
    kind: input.kind,
    ...(input.snippetContext ? { snippetContext: input.snippetContext } : {}),
    files: input.files,
    directives: input.directives,
    upstreams: [],
    servers: [],
    passes: [],
    resolvers: [],
    templated: hasEnvPlaceholder(input.text),
  };
  const walker = new Walker(config);
  const root: Scope = new Map();
  if (input.kind === 'main') {
    for (const d of input.directives) {
      if (d.name === 'http' && d.block) {
        config.http ??= { at: d.at };
        walker.http(d.block, childScope(root, d.block));
      } else if (d.name === 'stream' && d.block) {
        config.stream ??= { at: d.at };
        walker.stream(d.block, childScope(root, d.block));
      }
    }
  } else if (input.snippetContext === 'stream') walker.stream(input.directives, childScope(root, input.directives));
  else if (input.snippetContext === 'server') walker.serverBody(input.directives, childScope(root, input.directives), {}, 'http', undefined);
  else walker.http(input.directives, childScope(root, input.directives));
  walker.linkUpstreams();
  return config;
}

class Walker {
  private passCounter = 0;

  constructor(private readonly config: NginxConfig) {}

  http(directives: readonly NginxDirective[], scope: Scope): void {
    this.collectResolvers(directives);
    for (const d of directives) {
      if (!d.block) continue;
      if (d.name === 'upstream') this.upstream(d, 'http');
      else if (d.name === 'server') this.server(d, childScope(scope, d.block), 'http');
    }
  }

  stream(directives: readonly NginxDirective[], scope: Scope): void {
    this.collectResolvers(directives);
    for (const d of directives) {
      if (!d.block) continue;
      if (d.name === 'upstream') this.upstream(d, 'stream');
      else if (d.name === 'server') this.server(d, childScope(scope, d.block), 'stream');
    }
  }

  private collectResolvers(directives: readonly NginxDirective[]): void {
    for (const d of directives) if (d.name === 'resolver') this.config.resolvers.push(resolverOf(d));
  }

  private server(d: NginxDirective, scope: Scope, context: NginxContext): void {
    const block = d.block ?? [];
    const server: NginxServer = { context, at: d.at, listens: [], serverNames: [], locations: [], passIds: [], http2: false };
    for (const child of block) {
      if (child.name === 'listen' && child.args.length > 0) server.listens.push(listenOf(child));
      else if (child.name === 'server_name') for (const a of child.args) server.serverNames.push({ value: a.value, at: a.at });
      else if (child.name === 'http2' && child.args[0]?.value === 'on') server.http2 = true;
    }
    if (server.listens.some((l) => l.http2) || scope.get('http2')?.at(-1)?.args[0]?.value === 'on') server.http2 = true;
    if (context === 'http') {
      const keepalive = scope.get('keepalive_timeout')?.at(-1);
      const seconds = keepalive?.args[0] ? parseDuration(keepalive.args[0].value) : undefined;
      server.keepaliveTimeout = keepalive && seconds !== undefined ? { value: seconds, at: keepalive.at } : { value: 75 };
    }
    this.config.servers.push(server);
    this.collectResolvers(block);
    this.serverBody(block, scope, withSets({}, block), context, server);
  }

  /** The inside of a server block (or a server-level snippet read on its own). */
  serverBody(directives: readonly NginxDirective[], scope: Scope, vars: Variables, context: NginxContext, server: NginxServer | undefined): void {
    const serverIndex = server ? this.config.servers.indexOf(server) : undefined;
    const where = serverLabel(server, context);
    for (const d of directives) {
      if (PASS_DIRECTIVES.has(d.name) && !d.block) {
        // Valid only in stream servers; in an http server nginx rejects it, but the intent is still a target.
        const pass = this.pass(d, scope, vars, context, where, serverIndex, undefined, server?.at ?? d.at);
        if (pass) server?.passIds.push(pass.id);
      } else if (d.block && d.name === 'location') this.location(d, scope, vars, context, server, serverIndex, []);
      else if (d.block && d.name === 'if') this.serverBody(d.block, childScope(scope, d.block), withSets(vars, d.block), context, server);
    }
  }

  private location(
    d: NginxDirective,
    parentScope: Scope,
    parentVars: Variables,
    context: NginxContext,
    server: NginxServer | undefined,
    serverIndex: number | undefined,
    parents: string[],
  ): void {
    const block = d.block ?? [];
    const [first, second] = d.args;
    const hasModifier = second !== undefined && /^(=|~|~\*|\^~)$/.test(first?.value ?? '');
    const pathArg = hasModifier ? second : first;
    const path: Located<string> = pathArg ? { value: pathArg.value, at: pathArg.at } : { value: '', at: d.at };
    const location: NginxLocation = { path, at: d.at, passIds: [], parents, ...(hasModifier ? { modifier: first.value } : {}) };
    server?.locations.push(location);
    const scope = childScope(parentScope, block);
    const vars = withSets(parentVars, block);
    this.collectResolvers(block);
    const route = `${serverLabel(server, context)}, location ${location.modifier ? `${location.modifier} ` : ''}${path.value}`;
    const visit = (list: readonly NginxDirective[], s: Scope, v: Variables, suffix: string) => {
      for (const c of list) {
        if (PASS_DIRECTIVES.has(c.name) && !c.block) {
          const pass = this.pass(c, s, v, context, route + suffix, serverIndex, path.value, d.at);
          if (pass) location.passIds.push(pass.id);
        } else if (c.block && (c.name === 'if' || c.name === 'limit_except')) {
          this.collectResolvers(c.block);
          const label = c.name === 'if' ? ` (if ${c.args.map((a) => a.raw).join(' ')})` : ` (limit_except ${c.args.map((a) => a.value).join(' ')})`;
          visit(c.block, childScope(s, c.block), withSets(v, c.block), suffix + label);
        } else if (c.block && c.name === 'location') this.location(c, s, v, context, server, serverIndex, [...parents, path.value]);
      }
    };
    visit(block, scope, vars, '');
  }

  private pass(
    d: NginxDirective,
    scope: Scope,
    vars: Variables,
    context: NginxContext,
    route: string,
    serverIndex: number | undefined,
    locationPath: string | undefined,
    blockAt: SourcePosition,
  ): NginxPass | undefined {
    const arg = d.args[0];
    if (!arg) return undefined;
    const directive = d.name as PassDirective;
    const pass: NginxPass = {
      id: `${this.config.id}#pass${++this.passCounter}@${arg.at.file}:${arg.at.line}:${arg.at.column}`,
      directive,
      context,
      at: d.at,
      url: { value: arg.value, at: arg.at },
      variables: variablesIn(arg.value),
      dynamic: false,
      route,
      blockAt,
      settings: settingsFor(directive, context, scope, vars),
      ...(serverIndex !== undefined ? { serverIndex } : {}),
      ...(locationPath !== undefined ? { locationPath } : {}),
    };
    parsePassUrl(pass, arg, vars);
    this.config.passes.push(pass);
    return pass;
  }

  private upstream(d: NginxDirective, context: NginxContext): void {
    const nameArg = d.args[0];
    if (!nameArg) return;
    const upstream: NginxUpstream = { name: { value: nameArg.value, at: nameArg.at }, context, at: d.at, servers: [], usedBy: [] };
    for (const c of d.block ?? []) {
      const a = c.args[0];
      switch (c.name) {
        case 'server':
          if (a) upstream.servers.push(this.upstreamServer(c, upstream.name.value, context));
          break;
        case 'keepalive': {
          const n = a ? parseCount(a.value) : undefined;
          if (n !== undefined) upstream.keepalive = { value: n, at: c.at };
          break;
        }
        case 'keepalive_timeout': {
          const s = a ? parseDuration(a.value) : undefined;
          if (s !== undefined) upstream.keepaliveTimeout = { value: s, at: c.at };
          break;
        }
        case 'zone':
          if (a) upstream.zone = { value: a.value, at: c.at };
          break;
        case 'resolver':
          upstream.resolver = resolverOf(c);
          this.config.resolvers.push(upstream.resolver);
          break;
        case 'hash':
        case 'ip_hash':
        case 'least_conn':
        case 'least_time':
        case 'random':
        case 'sticky':
          upstream.balancing = { value: c.name, at: c.at };
          break;
      }
    }
    this.config.upstreams.push(upstream);
  }

  private upstreamServer(c: NginxDirective, upstream: string, context: NginxContext): NginxUpstreamServer {
    const [addressArg, ...params] = c.args;
    const parsed = parseHostPort(addressArg, addressArg.value, 0);
    const server: NginxUpstreamServer = {
      id: `${this.config.id}#upstream:${upstream}@${addressArg.at.file}:${addressArg.at.line}:${addressArg.at.column}`,
      upstream,
      address: { value: addressArg.value, at: addressArg.at },
      at: c.at,
      backup: false,
      down: false,
      resolve: false,
      ...pick(parsed),
    };
    if (server.port === undefined && !server.unixSocket && context === 'http') server.defaultPort = 80;
    for (const p of params) {
      const [key, value = ''] = splitOnce(p.value, '=');
      if (key === 'weight') server.weight = parseCount(value);
      else if (key === 'max_fails') server.maxFails = parseCount(value);
      else if (key === 'fail_timeout') server.failTimeout = parseDuration(value);
      else if (key === 'backup') server.backup = true;
      else if (key === 'down') server.down = true;
      else if (key === 'resolve') server.resolve = true;
      else if (key === 'service') server.service = value;
    }
    return server;
  }

  /** Passes naming an upstream block (nginx matches the host case-insensitively, any position in the config). */
  linkUpstreams(): void {
    const byName = new Map<string, NginxUpstream>();
    for (const u of this.config.upstreams) byName.set(`${u.context}:${u.name.value.toLowerCase()}`, u);
    for (const pass of this.config.passes) {
      if (!pass.host || variablesIn(pass.host).length > 0) continue;
      const upstream = byName.get(`${pass.context}:${pass.host.toLowerCase()}`);
      if (!upstream) continue;
      pass.upstream = upstream.name.value;
      upstream.usedBy.push(pass.id);
    }
  }
}

function pick(parsed: ReturnType<typeof parseHostPort>) {
  const out: Partial<NginxUpstreamServer> = {};
  if (parsed.host !== undefined) out.host = parsed.host;
  if (parsed.port !== undefined) out.port = parsed.port;
  if (parsed.unixSocket !== undefined) out.unixSocket = parsed.unixSocket;
  if (parsed.hostAt) out.hostAt = parsed.hostAt;
  if (parsed.portAt) out.portAt = parsed.portAt;
  return out;
}

function splitOnce(value: string, sep: string): [string, string | undefined] {
  const i = value.indexOf(sep);
  return i < 0 ? [value, undefined] : [value.slice(0, i), value.slice(i + 1)];
}

function serverLabel(server: NginxServer | undefined, context: NginxContext): string {
  const prefix = context === 'stream' ? 'stream server' : 'server';
  if (!server) return prefix;
  const name = server.serverNames.find((n) => n.value !== '' && n.value !== '_')?.value;
  if (name) return `${prefix} ${name}`;
  const listen = server.listens[0];
  if (listen?.port !== undefined) return `${prefix} :${listen.port}`;
  return prefix;
}

const resolvers = new WeakMap<NginxDirective, NginxResolver>();

/** The resolver a `resolver` directive declares (one object per directive, shared by every pass it applies to). */
function resolverOf(d: NginxDirective): NginxResolver {
  const known = resolvers.get(d);
  if (known) return known;
  const resolver = readResolver(d);
  resolvers.set(d, resolver);
  return resolver;
}

function readResolver(d: NginxDirective): NginxResolver {
  const resolver: NginxResolver = { addresses: [], at: d.at };
  for (const a of d.args) {
    if (a.value.startsWith('valid=')) resolver.valid = parseDuration(a.value.slice(6));
    else if (a.value.startsWith('ipv6=')) resolver.ipv6 = a.value.slice(5) === 'on';
    else if (a.value.includes('=')) continue;
    else resolver.addresses.push({ value: a.value, at: a.at });
  }
  return resolver;
}

function listenOf(d: NginxDirective): NginxListen {
  const [address, ...flags] = d.args;
  const listen: NginxListen = { ssl: false, http2: false, defaultServer: false, at: d.at };
  const v = address.value;
  if (/^unix:/.test(v)) listen.unixSocket = v.slice(5);
  else if (/^\d+$/.test(v)) listen.port = Number(v);
  else {
    const parsed = parseHostPort(address, v, 0);
    if (parsed.host !== undefined && parsed.host !== '*') listen.address = parsed.host;
    listen.port = parsed.port ?? 80;
  }
  for (const f of flags) {
    if (f.value === 'ssl') listen.ssl = true;
    else if (f.value === 'http2') listen.http2 = true;
    else if (f.value === 'default_server' || f.value === 'default') listen.defaultServer = true;
  }
  return listen;
}

const DEFAULT_NEXT_UPSTREAM = ['error', 'timeout'];

/** Settings in effect for one pass, with nginx's defaults where nothing is written. */
function settingsFor(directive: PassDirective, context: NginxContext, scope: Scope, vars: Variables): NginxPassSettings {
  const module = directive.replace(/_pass$/, '');
  const last = (name: string) => {
    const list = scope.get(name);
    return list ? list[list.length - 1] : undefined;
  };
  const duration = (name: string, fallback: number): NginxSetting<number> => {
    const d = last(name);
    const value = d?.args[0] ? parseDuration(d.args[0].value) : undefined;
    return d && value !== undefined ? { value, at: d.at } : { value: fallback };
  };
  const count = (name: string, fallback: number): NginxSetting<number> => {
    const d = last(name);
    const value = d?.args[0] ? parseCount(d.args[0].value) : undefined;
    return d && value !== undefined ? { value, at: d.at } : { value: fallback };
  };
  const stream = context === 'stream';
  const resolverDirective = last('resolver');
  const headerDirectives = scope.get(`${module}_set_header`);
  const headers: NginxHeader[] = (headerDirectives ?? []).flatMap((h) =>
    h.args.length >= 2
      ? [{ name: h.args[0].value, value: h.args[1].value, at: h.at }]
      : h.args.length === 1
        ? [{ name: h.args[0].value, value: '', at: h.at }]
        : [],
  );
  const nextDirective = last(`${module}_next_upstream`);
  const httpVersion = last('proxy_http_version');
  const keepConn = last('fastcgi_keep_conn');
  // Only forwarding the client's Upgrade header makes a WebSocket handshake possible; `Connection $connection_upgrade`
  // alone is also the keepalive idiom (the map yields "" for ordinary requests).
  const websocket = headers.some((h) => h.name.toLowerCase() === 'upgrade' && /\$http_upgrade|websocket/i.test(h.value));

  return {
    ...(resolverDirective ? { resolver: resolverOf(resolverDirective) } : {}),
    connectTimeout: duration(`${module}_connect_timeout`, 60),
    readTimeout: stream ? duration('proxy_timeout', 600) : duration(`${module}_read_timeout`, 60),
    sendTimeout: duration(`${module}_send_timeout`, 60),
    httpVersion: httpVersion?.args[0] ? { value: httpVersion.args[0].value, at: httpVersion.at } : { value: directive === 'grpc_pass' ? '2' : '1.0' },
    setHeaders: headerDirectives ? { value: headers, at: headerDirectives[0].at } : { value: [] },
    nextUpstream: nextDirective ? { value: nextDirective.args.map((a) => a.value), at: nextDirective.at } : { value: stream ? ['on'] : DEFAULT_NEXT_UPSTREAM },
    nextUpstreamTries: count(`${module}_next_upstream_tries`, 0),
    nextUpstreamTimeout: duration(`${module}_next_upstream_timeout`, 0),
    keepConn: keepConn?.args[0] ? { value: keepConn.args[0].value === 'on', at: keepConn.at } : { value: false },
    variables: vars,
    websocket,
    ...(scope.get(UNREAD_INCLUDE)?.[0] ? { unreadInclude: scope.get(UNREAD_INCLUDE)![0]!.at } : {}),
  };
}

/** Variables nginx fills per request: never substituted from `set`. */
const BUILTIN_VARIABLE = /^(host|http_.*|scheme|request_uri|uri|args|is_args|arg_.*|cookie_.*|remote_.*|server_.*|proxy_host|upstream_.*|\d+)$/;

/**
 * Splits the URL of a pass into scheme/host/port/path. A URL made of variables that were all set
 * with literal `set $var value;` is substituted (the common "resolver + variable" idiom), and the
 * positions then point into the `set` value.
 */
function parsePassUrl(pass: NginxPass, arg: NginxArg, vars: Variables): void {
  let value = arg.value;
  let source = arg;
  if (pass.variables.length > 0) {
    const substituted = substitute(value, vars);
    if (substituted) {
      value = substituted.value;
      pass.substitutedFrom = substituted.from;
      // Positions only when the URL is a single variable holding the whole address.
      const single = /^\$\{?([A-Za-z0-9_]+)\}?$/.exec(arg.value);
      const setArg = single ? vars[single[1]] : undefined;
      // Otherwise the substituted text does not match the source, so no position is derived from it.
      source = setArg ?? { ...arg, value };
    }
  }
  let rest = value;
  let offset = 0;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme) {
    pass.scheme = scheme[1].toLowerCase();
    const at = positionInArg(source, 0, scheme[1].length);
    if (at) pass.schemeAt = at;
    rest = value.slice(scheme[0].length);
    offset = scheme[0].length;
  }
  // $request_uri, $uri and $document_uri always start with "/": they end the authority part.
  rest = rest.replace(/\$\{?(?:request_uri|uri|document_uri)\b\}?/, '/$&');
  pass.dynamic = /\$/.test(/^[^/]*/.exec(rest)?.[0] ?? rest);
  const unixUri = pass.directive === 'proxy_pass' && pass.context === 'http';
  const parsed = parseHostPort(source, rest, offset, { unixUri });
  if (parsed.unixSocket !== undefined) pass.unixSocket = parsed.unixSocket;
  if (parsed.host !== undefined) pass.host = parsed.host;
  if (parsed.port !== undefined) pass.port = parsed.port;
  if (parsed.hostAt) pass.hostAt = parsed.hostAt;
  if (parsed.portAt) pass.portAt = parsed.portAt;
  // `$upstream_proto://$upstream_app:$upstream_port` (SWAG's idiom): host and port each come from one `set`.
  if (pass.substitutedFrom && !pass.hostAt) {
    const parts = /^(?:\$\{?\w+\}?|[a-z]+):\/\/\$\{?(\w+)\}?(?::\$\{?(\w+)\}?)?(?:\/|$)/i.exec(arg.value);
    const hostArg = parts ? vars[parts[1]!] : undefined;
    if (hostArg && hostArg.value === pass.host) {
      const at = positionInArg(hostArg, 0, hostArg.value.length);
      if (at) pass.hostAt = at;
    }
    const portArg = parts?.[2] ? vars[parts[2]] : undefined;
    if (portArg && /^\d+$/.test(portArg.value) && Number(portArg.value) === pass.port) {
      const at = positionInArg(portArg, 0, portArg.value.length);
      if (at) pass.portAt = at;
    }
  }
  if (parsed.rest?.startsWith('/')) pass.path = parsed.rest.replace(/^\/(?=\$)/, '');
  if (pass.port === undefined && !pass.unixSocket) {
    if (pass.directive === 'proxy_pass' && pass.context === 'http') pass.defaultPort = pass.scheme === 'https' ? 443 : 80;
  }
}

function substitute(value: string, vars: Variables): { value: string; from: Located<string> } | undefined {
  let from: Located<string> | undefined;
  let ok = true;
  const out = value.replace(/\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b) as string;
    const v = vars[name];
    // $request_uri and friends only add a path; a built-in in the host part makes it a forward proxy.
    if (!v && BUILTIN_VARIABLE.test(name)) return whole;
    if (!v || variablesIn(v.value).length > 0) {
      ok = false;
      return whole;
    }
    from ??= v;
    return v.value;
  });
  if (!ok || !from) return undefined;
  // Still variables in the scheme/host/port part: not resolvable statically.
  const authority = /^(?:[a-z]+:\/\/)?[^/]*/i.exec(out)?.[0] ?? out;
  if (variablesIn(authority).length > 0) return undefined;
  return { value: out, from };
}
