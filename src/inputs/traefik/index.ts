import type { ConfigPlatform } from '../config/platform.js';

/** Placeholder until the traefik parser lands: finds nothing. */
export const traefikPlatform: ConfigPlatform<'traefik'> = {
  key: 'traefik',
  parse: () => ({ items: [] }),
};
