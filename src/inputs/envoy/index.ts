import type { ConfigPlatform } from '../config/platform.js';
import { parseEnvoy } from './parse-envoy.js';
import { envoyTopology } from './topology.js';

/** Envoy v3 bootstraps (static clusters and listeners), file-based xDS resources and bootstraps in ConfigMaps. */
export const envoyPlatform: ConfigPlatform<'envoy'> = {
  key: 'envoy',
  parse: (input, earlier) => parseEnvoy(input, earlier),
  topology: envoyTopology,
};
