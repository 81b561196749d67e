import type { RuleCase } from '../rule-case.js';

export default [
  {
    name: 'map form, links and network_mode',
    files: {
      'docker-compose.yml': `services:
  web:
    image: example/web:1
    depends_on:
      databse:
        condition: service_healthy
    links:
      - cach:redis
  vpn-client:
    image: example/vpn:1
    network_mode: "service:vpm"
  database:
    image: postgres:16
  cache:
    image: redis:7
  vpn:
    image: example/vpn-server:1
`,
    },
    expect: ['docker-compose.yml:5:7', 'docker-compose.yml:8:9', 'docker-compose.yml:11:19'],
    fixes: ['database', 'cache', 'service:vpn'],
  },
  {
    name: 'near miss: required: false tolerates a missing service',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: example/web:1\n    depends_on:\n      metrics:\n        condition: service_started\n        required: false\n',
    },
    expect: [],
  },
  {
    name: 'near miss: the dependency is defined in the override file',
    files: {
      'docker-compose.yml': 'services:\n  web:\n    image: example/web:1\n    depends_on: [mailhog]\n',
      'docker-compose.override.yml': 'services:\n  mailhog:\n    image: mailhog/mailhog\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
