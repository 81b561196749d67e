import type { AccessField } from './access-fields.js';
import { type NginxDirective, parseNginxText } from '../../nginx/syntax.js';
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

/** An nginx configuration file (`--nginx-conf`) as read once and parsed once: its log formats and its pools come from the same directives. */
export interface NginxConf {
  path: string;
  text: string;
  directives: NginxDirective[];
}

export function nginxConfOf(path: string, text: string): NginxConf {
  return { path, text, directives: parseNginxText(path, text).directives };
}

/** The `log_format NAME [escape=…] 'part' "part" …;` definitions of an nginx configuration, by name (with nginx's `combined`). */
export function logFormatsOf(conf: NginxConf): Map<string, string> {
  const formats = new Map<string, string>([['combined', NGINX_COMBINED]]);
  const visit = (directives: readonly NginxDirective[]): void => {
    for (const d of directives) {
      if (d.name === 'log_format' && d.args.length >= 2) {
        // nginx joins the parts as they are; an `escape=` right after the name is an option, not a part.
        const parts = d.args.slice(d.args.length > 2 && d.args[1].value.startsWith('escape=') ? 2 : 1);
        formats.set(d.args[0].value, parts.map((a) => a.value).join(''));
      }
      if (d.block) visit(d.block);
    }
  };
  visit(conf.directives);
  return formats;
}
