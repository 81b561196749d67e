import type { RuleCase } from '../../rule-case.js';
import { caddyCompose, caddySite } from '../examples.js';

const BACKENDS = '  payments:\n    image: ghcr.io/example/payments:5.0\n    expose:\n      - "9000"\n';

export default [
  {
    name: 'a snippet imported into the site, with a typo',
    files: {
      'docker-compose.yml': caddyCompose(BACKENDS),
      'caddy/Caddyfile': `(payments) {\n\treverse_proxy /pay/* payment:9000\n}\n\n${caddySite('\timport payments\n')}`,
    },
    expect: ['caddy/Caddyfile:2:23'],
    fixes: ['payments'],
  },
  {
    name: 'near miss: an external HTTPS API',
    files: {
      'docker-compose.yml': caddyCompose(BACKENDS),
      'caddy/Caddyfile': caddySite('\treverse_proxy https://api.stripe.com {\n\t\theader_up Host {upstream_hostport}\n\t}\n'),
    },
    expect: [],
  },
] satisfies RuleCase[];
