import type { Located, SourcePosition } from '../../core/position.js';
import type { NginxDirective } from './syntax.js';

export type { NginxArg, NginxDirective } from './syntax.js';

/** Facts the nginx parser gathers: one entry per nginx configuration (a main nginx.conf or a standalone snippet). */
export interface NginxFacts {
  configs: NginxConfig[];
}

export type NginxContext = 'http' | 'stream';

export interface NginxConfig {
  /** Also the topology ProxyNode id: `nginx:<main file>`. */
  id: string;
  /** The main file (display path). */
  file: string;
  absolutePath: string;
  /** `main` = a full nginx.conf; `snippet` = a conf.d/sites file read on its own (server blocks at top level). */
  kind: 'main' | 'snippet';
  /** For a snippet: the context its top level is read in (`http` for conf.d server files, `server` for location snippets). */
  snippetContext?: 'http' | 'server' | 'stream';
  /** Every file read for this config (main first, then includes). */
  files: string[];
  /** The directive tree with includes spliced in. */
  directives: NginxDirective[];
  http?: { at: SourcePosition };
  stream?: { at: SourcePosition };
  upstreams: NginxUpstream[];
  servers: NginxServer[];
  /** Every proxy_pass / fastcgi_pass / grpc_pass / uwsgi_pass / scgi_pass / memcached_pass, in file order. */
  passes: NginxPass[];
  /** `resolver` directives anywhere in the config (http, server, location, upstream, stream). */
  resolvers: NginxResolver[];
  /** True when the text uses envsubst placeholders (`${UPPER_CASE}`): a Docker `templates/` file rendered at start-up. */
  templated: boolean;
}

export interface NginxResolver {
  addresses: Located<string>[];
  /** `valid=` in seconds (how long answers are cached instead of the record's TTL). */
  valid?: number;
  ipv6?: boolean;
  at: SourcePosition;
}

/** A time value in seconds with the directive that set it; `at` absent = nginx's default applies. */
export interface NginxSetting<T> {
  value: T;
  at?: SourcePosition;
}

export interface NginxHeader {
  name: string;
  value: string;
  at: SourcePosition;
}

/** The host and port part of an address (`api:3000`, `[::1]:8080`, `unix:/run/app.sock`), with the positions of host and port. */
export interface NginxAddress {
  host?: string;
  port?: number;
  unixSocket?: string;
  /** Where the host is written, when it can be pointed at exactly (for fixes). */
  hostAt?: SourcePosition;
  portAt?: SourcePosition;
}

export type PassDirective = 'proxy_pass' | 'fastcgi_pass' | 'grpc_pass' | 'uwsgi_pass' | 'scgi_pass' | 'memcached_pass';

export interface NginxPass extends NginxAddress {
  /** Topology target id (for a pass that names an upstream block, the block's servers are the targets). */
  id: string;
  directive: PassDirective;
  context: NginxContext;
  /** The directive's position (name to `;`). */
  at: SourcePosition;
  /** The URL / address argument as written. */
  url: Located<string>;
  /** `http`, `https`, `grpc`, `grpcs`; absent for fastcgi/uwsgi/scgi/memcached and stream addresses. */
  scheme?: string;
  /** Where the scheme is written (for fixes that switch http ↔ https). */
  schemeAt?: SourcePosition;
  /** Port nginx uses when none is written (80 / 443 for proxy_pass); absent when nginx requires one. */
  defaultPort?: number;
  /** URI part after the host (`/api/`), when written. */
  path?: string;
  /** Variables used in the URL (`$backend`, `$host`); such a pass is evaluated per request. */
  variables: string[];
  /** Host or port are only known per request (variables left after substituting literal `set` values). */
  dynamic: boolean;
  /** Set when the URL's variables came from a `set $var value;` that was substituted to get `host`/`port`. */
  substitutedFrom?: Located<string>;
  /** The `upstream` block this pass names (case-insensitive, as nginx matches). */
  upstream?: string;
  /** "server api.example.com, location /api/". */
  route: string;
  /** Index into NginxConfig.servers, when inside a server block. */
  serverIndex?: number;
  locationPath?: string;
  /** Position of the enclosing `location` (or stream `server`) directive: where a fix can add directives. */
  blockAt?: SourcePosition;
  settings: NginxPassSettings;
}

/** The settings in effect for a pass after http → server → location inheritance (nginx's merge rules). */
export interface NginxPassSettings {
  resolver?: NginxResolver;
  connectTimeout: NginxSetting<number>;
  /** proxy_read_timeout (stream: proxy_timeout). */
  readTimeout: NginxSetting<number>;
  sendTimeout: NginxSetting<number>;
  /** proxy_http_version (proxy_pass only). */
  httpVersion: NginxSetting<string>;
  /** proxy_set_header list in effect (all-or-nothing inheritance, as nginx does). */
  setHeaders: NginxSetting<NginxHeader[]>;
  nextUpstream: NginxSetting<string[]>;
  nextUpstreamTries: NginxSetting<number>;
  nextUpstreamTimeout: NginxSetting<number>;
  /** fastcgi_keep_conn (fastcgi_pass only). */
  keepConn: NginxSetting<boolean>;
  /** Variables set with `set` on the way to this pass. */
  variables: Record<string, Located<string>>;
  /** Upgrade/Connection headers for WebSocket are forwarded. */
  websocket: boolean;
  /**
   * An `include` in effect here whose files were not read (SWAG's `/config/nginx/resolver.conf`, a snippet left out
   * of the input): any setting that looks unset may come from it, so rules about a missing setting stay quiet.
   */
  unreadInclude?: SourcePosition;
}

export interface NginxUpstream {
  name: Located<string>;
  context: NginxContext;
  at: SourcePosition;
  servers: NginxUpstreamServer[];
  keepalive?: Located<number>;
  /** Upstream-side idle timeout of kept-alive connections (default 60s when `keepalive` is on). */
  keepaliveTimeout?: Located<number>;
  zone?: Located<string>;
  /** Balancing method (`hash`, `ip_hash`, `least_conn`, `random`, …). */
  balancing?: Located<string>;
  /** `resolver` inside the upstream block (nginx ≥ 1.27.3). */
  resolver?: NginxResolver;
  /** Ids of the passes that name this upstream. */
  usedBy: string[];
}

export interface NginxUpstreamServer extends NginxAddress {
  /** Topology target id. */
  id: string;
  upstream: string;
  /** The address argument as written. */
  address: Located<string>;
  at: SourcePosition;
  weight?: number;
  maxFails?: number;
  failTimeout?: number;
  backup: boolean;
  down: boolean;
  /** `resolve`: the name is re-resolved at run time (needs `zone` and a `resolver`). */
  resolve: boolean;
  service?: string;
  /** Defaults to 80 when no port is written in an `upstream` server line. */
  defaultPort?: number;
}

export interface NginxListen {
  address?: string;
  port?: number;
  unixSocket?: string;
  ssl: boolean;
  http2: boolean;
  defaultServer: boolean;
  at: SourcePosition;
}

export interface NginxLocation {
  modifier?: string;
  path: Located<string>;
  at: SourcePosition;
  /** Ids of passes directly inside (including `if` and `limit_except` blocks). */
  passIds: string[];
  /** Nested location paths, outermost first (`/api/` inside `/`). */
  parents: string[];
}

export interface NginxServer {
  context: NginxContext;
  at: SourcePosition;
  listens: NginxListen[];
  serverNames: Located<string>[];
  locations: NginxLocation[];
  /** For stream servers: the pass ids at server level. */
  passIds: string[];
  /** Clients may speak HTTP/2 (`listen … http2` or `http2 on;`, nginx ≥ 1.25.1). */
  http2: boolean;
  /** Client-side `keepalive_timeout` in effect (http servers; nginx's default is 75 s): what an LB in front must stay below. */
  keepaliveTimeout?: NginxSetting<number>;
}
