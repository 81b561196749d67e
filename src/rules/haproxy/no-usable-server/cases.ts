import type { RuleCase } from '../../rule-case.js';

const cfg = (backend: string) => `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fe
    bind :80
    default_backend be
backend be
${backend}`;

export default [
  { name: 'a routed backend without any server', files: { 'haproxy.cfg': cfg('    balance roundrobin\n') }, expect: ['haproxy.cfg:9:9'] },
  { name: 'near miss: a stats backend answers by itself', files: { 'haproxy.cfg': cfg('    stats enable\n    stats uri /\n') }, expect: [] },
  {
    name: 'near miss: a backup server next to an enabled one',
    files: { 'haproxy.cfg': cfg('    server a 10.0.0.1:80 check\n    server b 10.0.0.2:80 check backup\n') },
    expect: [],
  },
] satisfies RuleCase[];
