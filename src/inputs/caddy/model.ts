import type { Located, SourcePosition } from '../../core/position.js';

/** What the Caddy parser gathers: each Caddyfile (snippets and imports expanded) or JSON config, and its proxy handlers. */
export interface CaddyFacts {
  configs: CaddyConfig[];
}

export interface CaddyConfig {
  /** Also the topology ProxyNode id: `caddy:<file>`. */
  id: string;
  file: string;
  files: string[];
  format: 'caddyfile' | 'json';
  at: SourcePosition;
  proxies: CaddyProxy[];
}

/** One `reverse_proxy` / `php_fastcgi` (or JSON `reverse_proxy` handler). */
export interface CaddyProxy {
  directive: 'reverse_proxy' | 'php_fastcgi';
  /** "site api.example.com, @grpc", "server srv0, route 2". */
  route: string;
  at: SourcePosition;
  /** The matcher token, when written (`@api`, `/api/*`), with what a named matcher tests. */
  matcher?: { text: string; at: SourcePosition; grpc?: boolean };
  upstreams: CaddyUpstream[];
  /** `dynamic` upstreams (SRV/A lookups) or placeholders: not followed. */
  dynamicUpstreams: boolean;
  transport: {
    protocol: 'http' | 'fastcgi';
    /** `tls`, `tls_*` options, or `https://` upstreams. */
    tls?: SourcePosition;
    /** `versions h2c 2`, `versions 2`, …, with where written. */
    versions?: Located<string[]>;
    /** Idle keep-alive in seconds (Caddy's default 2 min); 0 = `keepalive off`. */
    keepalive?: Located<number>;
    at?: SourcePosition;
  };
  health: { uri?: Located<string>; port?: Located<number>; at?: SourcePosition };
  lbTryDuration?: Located<number>;
}

export interface CaddyUpstream {
  /** Topology target id. */
  id: string;
  text: Located<string>;
  /** `http`, `https`, `h2c`, `fastcgi`; from the address scheme or the transport. */
  scheme: string;
  schemeAt?: SourcePosition;
  host?: string;
  port?: number;
  defaultPort?: number;
  unixSocket?: string;
  hostAt?: SourcePosition;
  portAt?: SourcePosition;
  dynamic?: boolean;
}
