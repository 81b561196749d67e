import type { RuleCase } from '../../rule-case.js';

const compose = `services:
  lb:
    image: haproxy:3.0
    volumes: ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"]
  web:
    image: example/web:1
    expose: ["8080"]
`;

const cfg = (resolvers: string, server: string) => `${resolvers}
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend fe
    bind :80
    default_backend web

backend web
    ${server}
`;

export default [
  {
    name: 'Compose: Docker DNS and a public resolver side by side (answers race)',
    files: {
      'docker-compose.yml': compose,
      'haproxy.cfg': cfg('resolvers dns\n    nameserver docker 127.0.0.11:53\n    nameserver cf 1.1.1.1:53\n', 'server web1 web:8080 check resolvers dns'),
    },
    expect: ['haproxy.cfg:3:19'],
    fixes: ['127.0.0.11:53'],
  },
  {
    name: 'near miss: parse-resolv-conf uses the container resolver',
    files: { 'docker-compose.yml': compose, 'haproxy.cfg': cfg('resolvers dns\n    parse-resolv-conf\n', 'server web1 web:8080 check resolvers dns') },
    expect: [],
  },
  {
    name: 'near miss: a public resolver for an external name',
    files: {
      'docker-compose.yml': compose,
      'haproxy.cfg': cfg('resolvers dns\n    nameserver google 8.8.8.8:53\n', 'server api1 api.github.com:443 ssl verify none resolvers dns'),
    },
    expect: [],
  },
  {
    name: 'near miss: the server does not use the resolvers section',
    files: { 'docker-compose.yml': compose, 'haproxy.cfg': cfg('resolvers dns\n    nameserver google 8.8.8.8:53\n', 'server web1 web:8080 check') },
    expect: [],
  },
] satisfies RuleCase[];
