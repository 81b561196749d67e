import type { ConfigPlatform } from '../config/platform.js';

/** Placeholder until the terraform parser lands: finds nothing. */
export const terraformPlatform: ConfigPlatform<'terraform'> = {
  key: 'terraform',
  parse: () => ({ items: [] }),
};
