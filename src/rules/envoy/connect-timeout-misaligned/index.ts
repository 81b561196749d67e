import { defineRule } from '../../../core/define-rule.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';
import { replaceValue } from '../../text-edits.js';

const BACKENDS = `  app:
    image: ghcr.io/example/shop:1.8
    expose:
      - "8080"
`;

const cluster = (timeout: string) => envoyCluster('app', 'app', 8080).replace('connect_timeout: 1s', `connect_timeout: ${timeout}`);

/** Connect timeouts below this fail on a busy host or a cold container (SYN retransmits start at 1 s). */
const TOO_SMALL = 0.05;
/** Envoy's route timeout when a route sets none. */
const DEFAULT_ROUTE_TIMEOUT = 15;

export default defineRule({
  id: 'envoy/connect-timeout-misaligned',
  domain: 'envoy',
  cause: 'timeout-misaligned',
  severity: 'warning',
  title: "An Envoy cluster's connect timeout is tiny, or longer than the routes' request timeout",
  docs: {
    why: '`connect_timeout` bounds the TCP (and TLS) connect to an endpoint. A few milliseconds is shorter than a lost SYN or a busy container accepting late: requests fail with `503 upstream connect error ... reset reason: connection timeout` (flag `UF`) while the backend is fine. At the other end, a connect timeout as long as the route timeout (default 15 s) means a dead endpoint holds the request until the client gets `504 upstream request timeout`, instead of failing fast so a retry can pick another host.',
    problem: {
      description: '5 ms to connect, and 20 s: longer than the route timeout.',
      files: {
        'docker-compose.yml': envoyCompose(BACKENDS),
        'envoy/envoy.yaml': envoyBootstrap(
          cluster('0.005s') + cluster('20s').replace(/app/g, 'app2'),
          `                        - match: { prefix: "/v2/" }
                          route: { cluster: app2 }
                        - match: { prefix: "/" }
                          route: { cluster: app }
`,
        ),
      },
    },
    fixed: {
      files: {
        'docker-compose.yml': envoyCompose(BACKENDS),
        'envoy/envoy.yaml': envoyBootstrap(
          cluster('1s') + cluster('2s').replace(/app/g, 'app2'),
          `                        - match: { prefix: "/v2/" }
                          route: { cluster: app2 }
                        - match: { prefix: "/" }
                          route: { cluster: app }
`,
        ),
      },
    },
    remediation: "Give connects about 1–5 s (Envoy's default is 5 s), and keep `connect_timeout` well below the route `timeout` so retries can still happen.",
    references: [
      'https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/cluster.proto#envoy-v3-api-field-config-cluster-v3-cluster-connect-timeout',
      'https://www.envoyproxy.io/docs/envoy/latest/faq/configuration/timeouts',
    ],
  },
  check(ctx) {
    for (const config of ctx.facts.envoy.configs) {
      for (const cluster of config.clusters) {
        const connect = cluster.connectTimeout;
        if (!connect) continue;
        if (connect.value < TOO_SMALL) {
          const fix = replaceValue(ctx.facts, connect.at, '1s', 'allow 1 s to connect');
          ctx.report({
            message: `cluster \`${cluster.name.value}\` gives connects ${Math.round(connect.value * 1000)} ms: a lost SYN or a busy backend already exceeds it, and requests fail with 503 (UF, connection timeout).`,
            at: connect.at,
            ...(fix ? { fix } : {}),
          });
          continue;
        }
        const routes = cluster.usedBy.filter((r) => r.kind === 'route' || r.kind === 'weighted');
        const limits = routes.map((r) => ({ ref: r, seconds: r.timeout?.value ?? DEFAULT_ROUTE_TIMEOUT })).filter((l) => l.seconds > 0);
        const tightest = limits.sort((a, b) => a.seconds - b.seconds)[0];
        if (!tightest || connect.value < tightest.seconds) continue;
        const safe = Math.max(1, Math.floor(tightest.seconds / 3));
        const fix = replaceValue(ctx.facts, connect.at, `${safe}s`, `fail connects after ${safe} s`);
        ctx.report({
          message: `cluster \`${cluster.name.value}\` waits ${connect.value} s to connect, as long as the ${tightest.seconds} s timeout of ${tightest.ref.route}${tightest.ref.timeout ? '' : ' (the default)'}: a dead endpoint holds requests until they end in 504 instead of failing over.`,
          at: connect.at,
          ...(fix ? { fix } : {}),
          ...(tightest.ref.timeout ? { related: [{ at: tightest.ref.timeout.at, message: 'the route timeout' }] } : {}),
        });
      }
    }
  },
});
