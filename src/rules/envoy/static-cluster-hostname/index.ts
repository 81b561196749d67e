import { isIP } from 'node:net';
import { defineRule } from '../../../core/define-rule.js';
import { isJsonFile } from '../../../inputs/envoy/queries.js';
import { insertLinesBefore } from '../../proxy-paths.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';
import { replaceValue } from '../../text-edits.js';

const BACKENDS = `  app:
    image: ghcr.io/example/shop:1.8
    expose:
      - "8080"
`;

export default defineRule({
  id: 'envoy/static-cluster-hostname',
  domain: 'envoy',
  cause: 'config-error',
  severity: 'error',
  title: 'A STATIC Envoy cluster lists a host name instead of an IP address',
  docs: {
    why: "`type: STATIC` (also the default when `type` is left out) takes IP addresses only; Envoy never resolves them. A service name there stops Envoy at start-up: `malformed IP address: app. Consider setting resolver_name or setting cluster type to 'STRICT_DNS' or 'LOGICAL_DNS'`. Container and pod addresses change anyway, so names with a DNS cluster type are the way to reach them.",
    problem: {
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, '', 'STATIC')) },
    },
    fixed: { files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, '', 'STRICT_DNS')) } },
    remediation:
      'Set `type: STRICT_DNS` (every address the name resolves to is a host) or `LOGICAL_DNS` (one connection target at a time) on clusters that use names.',
    references: ['https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/service_discovery#static'],
  },
  check(ctx) {
    for (const config of ctx.facts.envoy.configs) {
      for (const cluster of config.clusters) {
        if (cluster.discovery !== 'STATIC') continue;
        const named = cluster.endpoints.find((e) => e.host !== undefined && isIP(e.host.replace(/^\[|\]$/g, '')) === 0);
        if (!named) continue;
        const fix = cluster.typeAt
          ? replaceValue(ctx.facts, cluster.typeAt, 'STRICT_DNS', 'resolve the names (STRICT_DNS)')
          : isJsonFile(cluster.insertAt.file)
            ? undefined
            : insertLinesBefore(ctx.facts, cluster.insertAt, ['type: STRICT_DNS'], 'resolve the names (STRICT_DNS)');
        ctx.report({
          message: `cluster \`${cluster.name.value}\` is ${cluster.typeAt ? '' : 'implicitly '}\`type: STATIC\` but its endpoint \`${named.text}\` is a host name: Envoy refuses to start (malformed IP address).`,
          at: cluster.typeAt ?? named.hostAt ?? cluster.name.at,
          ...(fix ? { fix } : {}),
          ...(named.hostAt ? { related: [{ at: named.hostAt, message: 'the host name' }] } : {}),
        });
      }
    }
  },
});
