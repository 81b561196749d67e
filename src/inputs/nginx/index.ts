import type { ConfigPlatform } from '../config/platform.js';

/** Placeholder until the nginx parser lands: finds nothing. */
export const nginxPlatform: ConfigPlatform<'nginx'> = {
  key: 'nginx',
  parse: () => ({ items: [] }),
};
