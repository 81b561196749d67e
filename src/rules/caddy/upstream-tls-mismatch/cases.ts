import type { RuleCase } from '../../rule-case.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = '  billing:\n    image: ghcr.io/example/billing:1.1\n    expose:\n      - "8443"\n';

export default [
  {
    name: 'http:// toward the HTTPS port 8443',
    files: { 'docker-compose.yml': caddyCompose(BACKENDS), 'caddy/Caddyfile': caddySite('\treverse_proxy http://billing:8443\n') },
    expect: ['caddy/Caddyfile:3:16'],
    fixes: ['https'],
  },
  {
    name: 'near miss: https:// toward 8443, and a TLS transport toward a port that says nothing',
    files: {
      'docker-compose.yml': caddyCompose(`${BACKENDS}  ledger:\n    image: ghcr.io/example/ledger:1.0\n    expose:\n      - "9443"\n`),
      'caddy/Caddyfile': caddySite(
        '\treverse_proxy https://billing:8443\n\thandle /ledger/* {\n\t\treverse_proxy ledger:7000 {\n\t\t\ttransport http {\n\t\t\t\ttls\n\t\t\t}\n\t\t}\n\t}\n',
      ),
    },
    expect: [],
  },
] satisfies RuleCase[];
