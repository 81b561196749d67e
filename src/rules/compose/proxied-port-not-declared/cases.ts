import { nginxSite, type RuleCase } from '../rule-case.js';

const proxy = `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
`;

export default [
  {
    name: 'the default port 80 of a proxy_pass without a port',
    files: { 'docker-compose.yml': `${proxy}  web:\n    build: ./web\n`, 'site.conf': nginxSite('web') },
    expect: ['docker-compose.yml:6:3'],
    fixes: ['expose:\n      - "80"\n    '],
  },
  {
    name: 'near miss: the port is declared by PORT, --port or EXPOSE',
    files: {
      'docker-compose.yml': `${proxy}  a:\n    image: example/a\n    environment: [PORT=3000]\n  b:\n    image: example/b\n    command: ["serve", "--port", "4000"]\n  c:\n    build: ./c\n`,
      'c/Dockerfile': 'FROM node:22\nEXPOSE 5000\n',
      'site.conf': nginxSite('a:3000', 'b:4000', 'c:5000'),
    },
    expect: [],
  },
  {
    name: 'near miss: an image whose default port is known (a mismatch stays unknown, not reported as undeclared)',
    files: { 'docker-compose.yml': `${proxy}  grafana:\n    image: grafana/grafana:11.2.0\n`, 'site.conf': nginxSite('grafana:3000') },
    expect: [],
  },
] satisfies RuleCase[];
