import type { ConfigPlatform } from '../config/platform.js';
import { parseTraefik } from './parse-traefik.js';
import { traefikTopology } from './topology.js';

/** Traefik: file provider configs (YAML/TOML), static settings, and the Docker provider's Compose labels. */
export const traefikPlatform: ConfigPlatform<'traefik'> = {
  key: 'traefik',
  parse: (input, earlier) => parseTraefik(input, earlier),
  topology: traefikTopology,
};
