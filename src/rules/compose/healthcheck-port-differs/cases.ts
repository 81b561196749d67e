import { nginxSite, type RuleCase } from '../rule-case.js';

const proxy = `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
    depends_on:
      api:
        condition: service_healthy
`;

export default [
  {
    name: 'CMD-SHELL curl against a management port',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/api:1
    expose: ["8080", "8081"]
    healthcheck:
      test: curl -fsS http://localhost:8081/actuator/health || exit 1
`,
      'site.conf': nginxSite('api:8080'),
    },
    expect: ['docker-compose.yml:13:13'],
  },
  {
    name: 'near miss: the healthcheck asks the proxied port',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/api:1
    expose: ["8080"]
    healthcheck:
      test: ["CMD-SHELL", "curl -fsS http://127.0.0.1:8080/health || exit 1"]
`,
      'site.conf': nginxSite('api:8080'),
    },
    expect: [],
  },
  {
    name: 'near miss: the healthcheck probes another service (a dependency), not itself',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/api:1
    expose: ["8080"]
    healthcheck:
      test: ["CMD", "nc", "-z", "db", "5432"]
`,
      'site.conf': nginxSite('api:8080'),
    },
    expect: [],
  },
] satisfies RuleCase[];
