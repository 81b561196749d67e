import { test } from 'vitest';
import { lintProject } from '../../helpers/lint-project.js';

test('scratch', async () => {
  const { facts, findings } = await lintProject({
    'docker-compose.yml': `services:
  nginx:
    image: nginx:1.27
    ports: ["8080:80"]
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
    depends_on: [api]
    networks: [front]
  api:
    build: ./api
    environment:
      - PORT=3000
    ports: ["3000:8080"]
    networks: [back]
networks:
  front:
  back:
`,
    'nginx/nginx.conf': `events {}
http {
  upstream app { server api:3000; }
  server {
    listen 80;
    location / { proxy_pass http://app; }
    location /x { proxy_pass http://localhost:3000; }
    location /y { proxy_pass http://backend:8080; }
  }
}
`,
  });
  console.log(JSON.stringify(facts.topology.paths.map(p => ({status: p.status, problem: p.problem, steps: p.steps.map(s=>s.text), runtime: p.proxy.runtime})), null, 1));
  console.log(findings.map(f => `${f.rule} ${f.at.file}:${f.at.line} ${f.message}`));
});
