import type { RuleCase } from '../rule-case.js';

export default [
  {
    name: 'a build without healthcheck, its Dockerfile has none either',
    files: {
      'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      app:\n        condition: service_healthy\n  app:\n    build: .\n',
      Dockerfile: 'FROM python:3.12\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n',
    },
    expect: ['docker-compose.yml:6:20'],
    fixes: [undefined],
  },
  {
    name: 'a healthcheck disabled in an override file',
    files: {
      'docker-compose.yml':
        'services:\n  api:\n    image: example/api:1\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready"]\n',
      'docker-compose.override.yml': 'services:\n  db:\n    healthcheck:\n      disable: true\n',
    },
    expect: ['docker-compose.yml:6:20'],
  },
  {
    name: 'near miss: service_started needs no healthcheck',
    files: {
      'docker-compose.yml':
        'services:\n  api:\n    image: example/api:1\n    depends_on:\n      db:\n        condition: service_started\n  db:\n    image: postgres:16\n',
    },
    expect: [],
  },
  {
    name: 'near miss: the healthcheck comes from extends',
    files: {
      'docker-compose.yml':
        'services:\n  api:\n    image: example/api:1\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    extends:\n      file: common.yml\n      service: postgres\n',
      'common.yml': 'services:\n  postgres:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready"]\n',
    },
    expect: [],
  },
  {
    name: 'near miss: a third-party image may define HEALTHCHECK itself',
    files: {
      'docker-compose.yml':
        'services:\n  api:\n    image: example/api:1\n    depends_on:\n      vault:\n        condition: service_healthy\n  vault:\n    image: vaultwarden/server:1.32.0\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
