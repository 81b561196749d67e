import type { RuleCase } from '../rule-case.js';

export default [
  {
    name: 'overlapping ranges, long syntax and the same service twice',
    files: {
      'docker-compose.yml': `services:
  media:
    image: example/media:1
    ports:
      - "10000-10010:10000-10010/udp"
      - "8080:80"
      - target: 81
        published: 8080
  rtp:
    image: example/rtp:1
    ports:
      - "10005:5004/udp"
`,
    },
    expect: ['docker-compose.yml:8:20', 'docker-compose.yml:12:9'],
  },
  {
    name: 'an override file adds the clashing port',
    files: {
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n  api:\n    image: example/api\n',
      'docker-compose.override.yml': 'services:\n  api:\n    ports: ["80:3000"]\n',
    },
    expect: ['docker-compose.override.yml:3:13'],
  },
  {
    name: 'near miss: different protocols, host addresses or profiles; the same entry repeated by an override',
    files: {
      'docker-compose.yml': `services:
  dns:
    image: example/dns:1
    ports:
      - "53:53/udp"
      - "53:53/tcp"
  admin-a:
    image: example/admin:1
    ports:
      - "127.0.0.1:9000:9000"
  admin-b:
    image: example/admin:1
    ports:
      - "192.168.1.10:9000:9000"
  debug:
    image: example/debug:1
    profiles: [debug]
    ports:
      - "5678:5678"
  trace:
    image: example/trace:1
    profiles: [trace]
    ports:
      - "5678:5678"
`,
      'docker-compose.override.yml': 'services:\n  dns:\n    ports:\n      - "53:53/udp"\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
