import type { ConfigPlatform } from '../config/platform.js';
import { parseCompose } from './parse-compose.js';
import { composeTopology } from './topology.js';

/** Docker Compose: projects (base + override files, `.env` interpolation), services, networks; the runtime of proxies. */
export const composePlatform: ConfigPlatform<'compose'> = {
  key: 'compose',
  parse: (input) => parseCompose(input),
  topology: composeTopology,
};
