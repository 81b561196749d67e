import type { RuleCase } from '../../rule-case.js';
import { traefikService } from '../examples.js';

const toml = (url: string) => `[http.routers.app]
  rule = "Host(\`shop.example.com\`)"
  service = "app"

[http.services.app.loadBalancer]
  [[http.services.app.loadBalancer.servers]]
    url = "${url}"
`;

export default [
  {
    name: 'TOML: 127.0.0.1 while the app is another container listening on 8080',
    files: {
      'docker-compose.yml': `${traefikService()}  app:\n    image: ghcr.io/example/shop:1.8\n    expose:\n      - "8080"\n`,
      'traefik/dynamic/shop.toml': toml('http://127.0.0.1:8080'),
    },
    expect: ['traefik/dynamic/shop.toml:7:19'],
    fixes: ['app'],
  },
  {
    name: 'near miss: Traefik on the host network reaching a port the app publishes',
    files: {
      'docker-compose.yml': `services:\n  traefik:\n    image: traefik:v3.1\n    network_mode: host\n    command: ["--providers.file.directory=/etc/traefik/dynamic"]\n    volumes:\n      - ./traefik/dynamic:/etc/traefik/dynamic:ro\n  app:\n    image: ghcr.io/example/shop:1.8\n    ports:\n      - "127.0.0.1:8080:8080"\n`,
      'traefik/dynamic/shop.toml': toml('http://localhost:9999'),
    },
    expect: [],
  },
] satisfies RuleCase[];
