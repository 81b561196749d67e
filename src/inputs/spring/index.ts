import type { ConfigPlatform } from '../config/platform.js';
import { parseSpring } from './parse-spring.js';
import { springTopology } from './topology.js';

/** Spring Boot `application*.properties|yml`: listen address and ports, management port, Tomcat keep-alive, Hikari pool. */
export const springPlatform: ConfigPlatform<'spring'> = {
  key: 'spring',
  parse: (input, earlier) => parseSpring(input, earlier),
  topology: springTopology,
};
