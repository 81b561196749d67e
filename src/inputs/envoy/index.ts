import type { ConfigPlatform } from '../config/platform.js';

/** Placeholder until the envoy parser lands: finds nothing. */
export const envoyPlatform: ConfigPlatform<'envoy'> = {
  key: 'envoy',
  parse: () => ({ items: [] }),
};
