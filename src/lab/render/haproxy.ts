/**
 * haproxy.cfg from a scenario's proxy declaration: the container-style configuration (logs to stdout, as the
 * official image expects), identical for the user's project and the runtime.
 */
import type { HaproxyProxySpec } from '../model.js';

export function renderHaproxyCfg(proxy: HaproxyProxySpec): string {
  const out = ['global', '    log stdout format raw local0', '    maxconn 1024', '', 'defaults', '    mode http', '    log global', '    option httplog'];
  for (const line of proxy.defaults) out.push(`    ${line}`);
  out.push('', 'frontend fe_http', `    bind :${proxy.port}`, `    default_backend ${proxy.backend.name}`, '', `backend ${proxy.backend.name}`);
  for (const option of proxy.backend.options) out.push(`    ${option}`);
  for (const server of proxy.backend.servers) out.push(`    server ${server.name} ${server.address}${server.params ? ` ${server.params}` : ''}`);
  out.push('');
  return out.join('\n');
}
