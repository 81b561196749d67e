import type { RuleCase } from '../rule-case.js';

export default [
  {
    name: 'a three-service cycle across depends_on forms, reported once',
    files: {
      'docker-compose.yml': `services:
  a:
    image: example/a
    depends_on: [b]
  b:
    image: example/b
    depends_on:
      c:
        condition: service_healthy
  c:
    image: example/c
    depends_on:
      - a
`,
    },
    expect: ['docker-compose.yml:13:9'],
  },
  {
    name: 'a cycle through network_mode',
    files: {
      'docker-compose.yml': 'services:\n  app:\n    image: example/app\n    network_mode: service:vpn\n  vpn:\n    image: example/vpn\n    depends_on: [app]\n',
    },
    expect: ['docker-compose.yml:7:18'],
  },
  {
    name: 'near miss: a diamond is not a cycle',
    files: {
      'docker-compose.yml':
        'services:\n  proxy:\n    image: nginx\n    depends_on: [web, api]\n  web:\n    image: example/web\n    depends_on: [db]\n  api:\n    image: example/api\n    depends_on: [db]\n  db:\n    image: postgres\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
