/**
 * nginx.conf from a scenario's proxy declaration. The same text serves the user (the file a Compose project
 * mounts, or a VM's /etc/nginx/nginx.conf) and the runtime; only the process-level lines differ (worker user,
 * pid, log and temp paths), so what `updoc lint` reads is what nginx really ran.
 */
import type { LabPlatform, NginxProxySpec } from '../model.js';

export interface NginxPaths {
  user: string;
  errorLog: string;
  pid: string;
  accessLog: string;
  /** `include` of the MIME types file, when it exists. */
  mimeTypes?: string;
  /** Runtime only: where nginx may write request bodies and buffered responses. */
  tempDir?: string;
}

/** Paths in the official nginx image (containers) or Debian's package (VM). */
export function userNginxPaths(platform: LabPlatform): NginxPaths {
  return {
    user: platform === 'vm' ? 'www-data' : 'nginx',
    errorLog: '/var/log/nginx/error.log',
    pid: platform === 'vm' ? '/run/nginx.pid' : '/var/run/nginx.pid',
    accessLog: '/var/log/nginx/access.log',
    mimeTypes: '/etc/nginx/mime.types',
  };
}

/** The access-log format: the usual `main` plus the upstream fields people add to debug 502s. */
const LOG_FORMAT = [
  `'$remote_addr - $remote_user [$time_local] "$request" '`,
  `'$status $body_bytes_sent "$http_referer" "$http_user_agent" '`,
  `'rt=$request_time ua="$upstream_addr" us="$upstream_status" '`,
  `'uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time"'`,
];

export function renderNginxConf(proxy: NginxProxySpec, paths: NginxPaths): string {
  const out: string[] = [];
  out.push(`user  ${paths.user};`, 'worker_processes  1;', '', `error_log  ${paths.errorLog} notice;`, `pid        ${paths.pid};`, '');
  out.push('events {', '    worker_connections  1024;', '}', '', 'http {');
  if (paths.mimeTypes) out.push(`    include       ${paths.mimeTypes};`);
  out.push('    default_type  application/octet-stream;', '');
  out.push(`    log_format  main  ${LOG_FORMAT[0]}`);
  for (const line of LOG_FORMAT.slice(1)) out.push(`                      ${line}${line === LOG_FORMAT.at(-1) ? ';' : ''}`);
  out.push(`    access_log  ${paths.accessLog}  main;`, '');
  if (paths.tempDir) {
    for (const kind of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) out.push(`    ${kind}_temp_path ${paths.tempDir}/${kind};`);
    out.push('');
  }
  out.push('    sendfile        on;', '    keepalive_timeout  65;', '');
  if (proxy.resolver) out.push(`    resolver ${proxy.resolver};`, '');
  for (const upstream of proxy.upstreams) {
    out.push(`    upstream ${upstream.name} {`);
    for (const server of upstream.servers) out.push(`        server ${server.address}${server.params ? ` ${server.params}` : ''};`);
    for (const directive of upstream.directives ?? []) out.push(`        ${directive};`);
    out.push('    }', '');
  }
  out.push('    server {', `        listen       ${proxy.port};`, '        server_name  _;', '');
  for (const [i, location] of proxy.locations.entries()) {
    out.push(`        location ${location.path} {`);
    for (const directive of location.directives) out.push(`            ${directive};`);
    out.push('        }');
    if (i < proxy.locations.length - 1) out.push('');
  }
  out.push('    }', '}', '');
  return out.join('\n');
}
