import type { RuleCase } from '../../rule-case.js';
import { nginxSite, springCompose } from '../examples.js';

const BASE = 'orders/src/main/resources/application.yml';

export default [
  {
    name: 'a profile the container activates (SPRING_PROFILES_ACTIVE=docker) binds localhost',
    files: {
      'docker-compose.yml': springCompose('    environment:\n      SPRING_PROFILES_ACTIVE: docker\n'),
      'nginx/default.conf': nginxSite(),
      [BASE]: 'spring:\n  application:\n    name: orders\n',
      'orders/src/main/resources/application-docker.yml': 'server:\n  address: localhost\n  port: 8080\n',
    },
    expect: ['orders/src/main/resources/application-docker.yml:2:12'],
    fixes: ['0.0.0.0'],
  },
  {
    name: 'near miss: loopback only in the `dev` profile, which the container does not activate',
    files: {
      'docker-compose.yml': springCompose(),
      'nginx/default.conf': nginxSite(),
      [BASE]: 'spring:\n  application:\n    name: orders\n---\nspring:\n  config:\n    activate:\n      on-profile: dev\nserver:\n  address: 127.0.0.1\n',
    },
    expect: [],
  },
  {
    name: 'near miss: an app no container or pod runs (a laptop setup)',
    files: { 'orders/src/main/resources/application.properties': 'server.address=127.0.0.1\n' },
    expect: [],
  },
] satisfies RuleCase[];
