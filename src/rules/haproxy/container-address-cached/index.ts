import { defineRule } from '../../../core/define-rule.js';
import { haproxyCompose } from '../examples.js';
import { reportCachedServers } from '../server-dns-cached-forever/index.js';

const BACKENDS = `  app:
    image: ghcr.io/example/app:2.0
    expose:
      - "8000"
`;

const cfg = (resolvers: string, options: string) => `global
    log stdout format raw local0

defaults
    mode http
    timeout connect 5s
    timeout client  30s
    timeout server  30s
${resolvers}
frontend www
    bind :8080
    default_backend app

backend app
    server app1 app:8000 check${options}
`;

export default defineRule({
  id: 'haproxy/container-address-cached',
  domain: 'haproxy',
  cause: 'dns-failure',
  severity: 'info',
  title: 'HAProxy keeps the start-up address of a Compose container that may be recreated',
  catalog: ['G3', 'X16'],
  docs: {
    why: "Without `resolvers`, HAProxy resolves server names once at start-up: it refuses to start while the backend container does not exist yet (`could not resolve address 'app'`), and after the container is recreated with a new IP (`docker compose up -d` after a change) it keeps checking and sending to the old address — the server goes DOWN and the backend answers 503 until HAProxy is restarted.",
    problem: {
      files: { 'docker-compose.yml': haproxyCompose(BACKENDS), 'haproxy/haproxy.cfg': cfg('', '') },
    },
    fixed: {
      description: "Docker's embedded DNS is asked while running; a missing container no longer stops HAProxy.",
      files: {
        'docker-compose.yml': haproxyCompose(BACKENDS),
        'haproxy/haproxy.cfg': cfg('\nresolvers docker\n    nameserver dns 127.0.0.11:53\n    hold valid 10s\n', ' resolvers docker init-addr last,libc,none'),
      },
    },
    remediation:
      'Add `resolvers docker` with `nameserver dns 127.0.0.11:53` and `resolvers docker init-addr last,libc,none` on the server (or `default-server`) lines.',
    references: ['https://docs.haproxy.org/3.0/configuration.html#5.3', 'https://docs.haproxy.org/3.0/configuration.html#5.2-init-addr'],
  },
  check(ctx) {
    reportCachedServers(ctx, (kind) => kind === 'compose');
  },
});
