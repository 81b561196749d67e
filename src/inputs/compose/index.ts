import type { ConfigPlatform } from '../config/platform.js';

/** Placeholder until the compose parser lands: finds nothing. */
export const composePlatform: ConfigPlatform<'compose'> = {
  key: 'compose',
  parse: () => ({ items: [] }),
};
