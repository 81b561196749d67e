import type { Located, SourcePosition } from '../../core/position.js';
import type { HaproxySection, HaproxyWord } from './syntax.js';

export type { HaproxyLine, HaproxySection, HaproxyWord } from './syntax.js';

/** Facts the HAProxy parser gathers: one entry per configuration (a haproxy.cfg, or the .cfg files of one directory loaded together with several -f). */
export interface HaproxyFacts {
  configs: HaproxyConfig[];
}

export interface HaproxyConfig {
  /** Also the topology ProxyNode id: `haproxy:<main file>`. */
  id: string;
  file: string;
  absolutePath: string;
  files: string[];
  sections: HaproxySection[];
  /** Frontends and listen sections (they accept connections). */
  frontends: HaproxyProxy[];
  /** Backends and listen sections (they hold servers). */
  backends: HaproxyProxy[];
  resolvers: HaproxyResolvers[];
  global?: { at: SourcePosition };
}

export type HaproxyTimeoutName =
  | 'connect'
  | 'server'
  | 'client'
  | 'http-keep-alive'
  | 'http-request'
  | 'tunnel'
  | 'queue'
  | 'check'
  | 'client-fin'
  | 'server-fin';

/** A value with where it was written: in the proxy itself, in the `defaults` section it inherits from, or nowhere (built-in default). */
export interface HaproxySetting<T> {
  value: T;
  at?: SourcePosition;
  from?: 'proxy' | 'defaults';
}

export interface HaproxyProxy {
  kind: 'frontend' | 'backend' | 'listen';
  name: Located<string>;
  at: SourcePosition;
  /** Name (or position) of the defaults section it inherits from. */
  defaults?: string;
  mode: HaproxySetting<'http' | 'tcp'>;
  /** Effective timeouts in milliseconds (inherited from defaults when not written). */
  timeouts: Partial<Record<HaproxyTimeoutName, HaproxySetting<number>>>;
  binds: HaproxyBind[];
  defaultBackend?: Located<string>;
  /** `use_backend` targets; `dynamic` when the name is a sample expression (`%[req.hdr(host)]`). */
  useBackends: { name: Located<string>; dynamic: boolean; at: SourcePosition }[];
  servers: HaproxyServer[];
  healthCheck: HaproxyHealthCheck;
  /** Frontends routing here (`default_backend` / `use_backend`), filled after reading. */
  usedBy: string[];
}

export interface HaproxyBind {
  address?: string;
  port?: number;
  ssl: boolean;
  at: SourcePosition;
}

export interface HaproxyHealthCheck {
  /** `option httpchk [<method> <uri> [<version>]]`. */
  httpchk?: { at: SourcePosition; method?: string; path?: Located<string>; from: 'proxy' | 'defaults' };
  /** `http-check send meth GET uri /health`. */
  send?: { at: SourcePosition; method?: string; path?: Located<string> };
  expect?: { at: SourcePosition; text: string };
  /** `http-check connect port N` / `tcp-check connect port N`. */
  connectPort?: Located<number>;
  tcpCheck?: { at: SourcePosition };
  /** The path checked, whichever way it was written (`/` when `option httpchk` names none). */
  path?: Located<string>;
}

export interface HaproxyServer {
  /** Topology target id. */
  id: string;
  backend: string;
  name: Located<string>;
  /** `server` or `server-template` (then `name` is the prefix and `count` the number of servers). */
  kind: 'server' | 'server-template';
  count?: number;
  address: HaproxyWord;
  host?: string;
  port?: number;
  /** `:+1` / `:-1`: the port is relative to the client's destination port. */
  portOffset?: number;
  unixSocket?: string;
  hostAt?: SourcePosition;
  portAt?: SourcePosition;
  /** Environment variables in the address: only known at start-up. */
  env?: string[];
  at: SourcePosition;
  options: HaproxyServerOptions;
}

/** Server options after merging `default-server` lines (defaults section, then backend) and the server line itself. */
export interface HaproxyServerOptions {
  check?: Located<boolean>;
  checkPort?: Located<number>;
  addr?: Located<string>;
  inter?: Located<number>;
  fall?: Located<number>;
  rise?: Located<number>;
  resolvers?: Located<string>;
  initAddr?: Located<string[]>;
  ssl?: Located<boolean>;
  verify?: Located<string>;
  checkSsl?: Located<boolean>;
  alpn?: Located<string>;
  proto?: Located<string>;
  disabled?: Located<boolean>;
  backup?: Located<boolean>;
  weight?: Located<number>;
}

export interface HaproxyResolvers {
  name: Located<string>;
  at: SourcePosition;
  nameservers: { name: string; address: Located<string> }[];
  parseResolvConf: boolean;
  /** `hold valid` in milliseconds. */
  holdValid?: number;
}
