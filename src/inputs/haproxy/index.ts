import type { ConfigPlatform } from '../config/platform.js';

/** Placeholder until the haproxy parser lands: finds nothing. */
export const haproxyPlatform: ConfigPlatform<'haproxy'> = {
  key: 'haproxy',
  parse: () => ({ items: [] }),
};
