import type { ConfigPlatform } from '../config/platform.js';

/** Placeholder until the spring parser lands: finds nothing. */
export const springPlatform: ConfigPlatform<'spring'> = {
  key: 'spring',
  parse: () => ({ items: [] }),
};
