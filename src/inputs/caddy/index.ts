import type { ConfigPlatform } from '../config/platform.js';

/** Placeholder until the caddy parser lands: finds nothing. */
export const caddyPlatform: ConfigPlatform<'caddy'> = {
  key: 'caddy',
  parse: () => ({ items: [] }),
};
