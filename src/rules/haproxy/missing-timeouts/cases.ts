import type { RuleCase } from '../../rule-case.js';

export default [
  {
    name: 'timeouts in the backend only: the frontend still lacks timeout client',
    files: {
      'haproxy.cfg':
        'defaults\n    mode http\nfrontend fe\n    bind :80\n    default_backend be\nbackend be\n    timeout connect 3s\n    timeout server 10s\n    server a 10.0.0.1:80\n',
    },
    expect: ['haproxy.cfg:3:1'],
    fixes: ['\n    timeout client 30s'],
  },
  {
    name: 'near miss: legacy contimeout/clitimeout/srvtimeout spellings count',
    files: { 'haproxy.cfg': 'defaults\n    contimeout 5000\n    clitimeout 50000\n    srvtimeout 50000\nlisten app\n    bind :80\n    server a 10.0.0.1:80\n' },
    expect: [],
  },
] satisfies RuleCase[];
