import type { RuleCase } from '../rule-case.js';

export default [
  {
    name: 'map form, no close name: reported without a fix',
    files: { 'docker-compose.yml': 'services:\n  api:\n    image: example/api:1\n    networks:\n      monitoring:\n        aliases: [api]\n' },
    expect: ['docker-compose.yml:5:7'],
    fixes: [undefined],
  },
  {
    name: 'a network declared only in a file that is not part of this project',
    files: {
      'docker-compose.yml': 'services:\n  api:\n    image: example/api:1\n    networks: [proxy]\n',
      'docker-compose.prod.yml': 'services:\n  api:\n    image: example/api:1\n    networks: [proxy]\nnetworks:\n  proxy:\n    external: true\n',
    },
    expect: ['docker-compose.yml:4:16'],
  },
  {
    name: 'near miss: declared in the override file',
    files: {
      'docker-compose.yml': 'services:\n  api:\n    image: example/api:1\n    networks: [proxy]\n',
      'docker-compose.override.yml': 'networks:\n  proxy:\n    external: true\n',
    },
    expect: [],
  },
  {
    name: 'near miss: `default` needs no declaration',
    files: { 'docker-compose.yml': 'services:\n  api:\n    image: example/api:1\n    networks: [default]\n' },
    expect: [],
  },
  {
    name: 'near miss: a lone override file refers to networks of a base not given',
    files: { 'deploy/docker-compose.override.yml': 'services:\n  api:\n    networks: [backend]\n' },
    expect: [],
  },
] satisfies RuleCase[];
