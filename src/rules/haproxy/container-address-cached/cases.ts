import type { RuleCase } from '../../rule-case.js';

const compose = `services:
  lb:
    image: haproxy:3.0
    volumes: ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"]
  app:
    image: ghcr.io/example/app:1
    expose: ["8000"]
`;

const cfg = (resolvers: string, server: string) => `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
${resolvers}frontend fe
    bind :8080
    default_backend be
backend be
    ${server}
`;

export default [
  {
    name: 'a resolvers section exists but the server does not use it: the fix adds it to the line',
    files: { 'docker-compose.yml': compose, 'haproxy.cfg': cfg('resolvers docker\n    nameserver dns 127.0.0.11:53\n', 'server a1 app:8000 check') },
    expect: ['haproxy.cfg:12:15'],
    fixes: [' resolvers docker init-addr last,libc,none'],
  },
  {
    name: 'near miss: resolvers through default-server',
    files: {
      'docker-compose.yml': compose,
      'haproxy.cfg': cfg(
        'resolvers docker\n    nameserver dns 127.0.0.11:53\n',
        'default-server resolvers docker init-addr none\n    server a1 app:8000 check',
      ),
    },
    expect: [],
  },
  {
    name: 'near miss: an IP address',
    files: { 'docker-compose.yml': compose, 'haproxy.cfg': cfg('', 'server a1 10.0.0.5:8000 check') },
    expect: [],
  },
] satisfies RuleCase[];
