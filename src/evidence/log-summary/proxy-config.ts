import type { NginxConf } from '../../inputs/logs/formats/nginx-log-format.js';
import { extractNginxFacts } from '../../inputs/nginx/extract.js';
import { reusesConnections } from '../../inputs/nginx/queries.js';

/**
 * What the proxy's own configuration (`--nginx-conf`) says about how it talks to its upstreams, for the patterns:
 * which pools keep idle connections open for reuse (the keep-alive race needs one). Only the file given is read, not its includes, as for
 * `log_format`; nothing here is a finding of its own — `lint` reports the configuration, `logs` only uses it to
 * read the failures.
 */

export interface KeepalivePool {
  name: string;
  /** `keepalive N`: idle connections kept per worker. */
  connections: number;
  /** The pool's `keepalive_timeout` (nginx's default: 60 s). */
  idleSeconds: number;
  /** The pool's servers as written (`api:3000`, `10.0.0.5:8080`). */
  servers: { host: string; port: number }[];
}

export interface ProxyConfigFacts {
  file: string;
  keepalivePools: KeepalivePool[];
}

export function proxyConfigFacts(conf: NginxConf): ProxyConfigFacts {
  const { path: file, text, directives } = conf;
  // A conf.d file holds server blocks at its top level, read in the http context.
  const main = directives.some((d) => d.name === 'http' || d.name === 'events');
  const config = extractNginxFacts({
    id: `nginx:${file}`,
    file,
    absolutePath: file,
    kind: main ? 'main' : 'snippet',
    ...(main ? {} : { snippetContext: 'http' as const }),
    files: [file],
    directives,
    text,
  });
  const keepalivePools: KeepalivePool[] = [];
  for (const u of config.upstreams) {
    if (u.context !== 'http' || !u.keepalive || u.keepalive.value <= 0 || !reusesConnections(config, u)) continue;
    keepalivePools.push({
      name: u.name.value,
      connections: u.keepalive.value,
      idleSeconds: u.keepaliveTimeout?.value ?? 60,
      servers: u.servers.flatMap((s) => (s.host ? [{ host: s.host, port: s.port ?? s.defaultPort ?? 80 }] : [])),
    });
  }
  return { file, keepalivePools };
}
