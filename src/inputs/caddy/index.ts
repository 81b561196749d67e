import type { ConfigPlatform } from '../config/platform.js';
import { parseCaddy } from './parse-caddy.js';
import { caddyTopology } from './topology.js';

/** Caddy: Caddyfiles (sites, snippets, imports, `reverse_proxy` / `php_fastcgi`) and native JSON configs. */
export const caddyPlatform: ConfigPlatform<'caddy'> = {
  key: 'caddy',
  parse: (input) => parseCaddy(input),
  topology: caddyTopology,
};
