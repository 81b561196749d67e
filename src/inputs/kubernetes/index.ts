import type { ConfigPlatform } from '../config/platform.js';

/** Placeholder until the kubernetes parser lands: finds nothing. */
export const kubernetesPlatform: ConfigPlatform<'kubernetes'> = {
  key: 'kubernetes',
  parse: () => ({ items: [] }),
};
