import type { RuleCase } from '../rule-case.js';

const site = (target: string) => `server {\n    listen 80;\n    location / {\n        proxy_pass http://${target};\n    }\n}\n`;

const proxy = (extra: string) => `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
${extra}`;

export default [
  {
    name: 'two locations to the host: one finding, the fix adds extra_hosts',
    files: {
      'docker-compose.yml': proxy(''),
      'site.conf': `server {\n    listen 80;\n    location / {\n        proxy_pass http://host.docker.internal:3000;\n    }\n    location /ws/ {\n        proxy_pass http://host.docker.internal:3001;\n    }\n}\n`,
    },
    expect: ['docker-compose.yml:2:3'],
    fixes: ['extra_hosts:\n      - "host.docker.internal:host-gateway"\n    '],
  },
  {
    name: 'near miss: mapped in extra_hosts (list form)',
    files: { 'docker-compose.yml': proxy('    extra_hosts:\n      - "host.docker.internal:host-gateway"\n'), 'site.conf': site('host.docker.internal:3000') },
    expect: [],
  },
  {
    name: 'near miss: mapped in extra_hosts (map form, a fixed address)',
    files: { 'docker-compose.yml': proxy('    extra_hosts:\n      host.docker.internal: 172.17.0.1\n'), 'site.conf': site('host.docker.internal:3000') },
    expect: [],
  },
  {
    name: 'other extra_hosts only: reported without a fix (a second key would be invalid)',
    files: { 'docker-compose.yml': proxy('    extra_hosts:\n      - "legacy.internal:10.0.0.5"\n'), 'site.conf': site('host.docker.internal:3000') },
    expect: ['docker-compose.yml:2:3'],
    fixes: [undefined],
  },
  {
    name: 'near miss: a Compose service name',
    files: { 'docker-compose.yml': `${proxy('')}  api:\n    image: example/api:1\n    expose: ["3000"]\n`, 'site.conf': site('api:3000') },
    expect: [],
  },
] satisfies RuleCase[];
