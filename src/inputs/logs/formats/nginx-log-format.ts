import type { AccessField } from './access-fields.js';
import { compileTemplate, type Template } from './template.js';

/** nginx's predefined format. */
export const NGINX_COMBINED = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

/** ingress-nginx's `log-format-upstream` default (controller/config/config.go, `logFormatUpstream`). */
export const INGRESS_NGINX_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id';

const VARIABLE_FIELDS: Readonly<Record<string, AccessField>> = {
  time_local: 'time',
  time_iso8601: 'time',
  msec: 'time',
  status: 'status',
  upstream_addr: 'peers',
  upstream_status: 'peerStatus',
  upstream_connect_time: 'connectTime',
  upstream_header_time: 'headerTime',
  upstream_response_time: 'responseTime',
  request_time: 'requestTime',
  proxy_upstream_name: 'pool',
};

/** Compiles an nginx `log_format` string; `$upstream_*` variables are lists (one value per attempt). */
export function compileNginxFormat(format: string): Template {
  return compileTemplate(
    format,
    (name) => VARIABLE_FIELDS[name],
    (name) => name.startsWith('upstream_'),
  );
}

/** The `log_format NAME 'part' "part" …;` definitions of an nginx configuration, by name. */
export function readLogFormats(conf: string): Map<string, string> {
  const formats = new Map<string, string>([['combined', NGINX_COMBINED]]);
  const text = conf.replace(/(^|[^\\'"])#[^\n]*/g, '$1');
  const directive = /\blog_format\s+([\w-]+)\s+((?:escape=\w+\s+)?)((?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^;'"\s]+|\s+)*?)\s*;/g;
  for (const m of text.matchAll(directive)) {
    const parts = [...m[3].matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([^\s'"]+)/g)].map((p) => unescapeNginx(p[1] ?? p[2] ?? p[3] ?? ''));
    formats.set(m[1], parts.join(''));
  }
  return formats;
}

function unescapeNginx(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}
