import { defineRule, type RuleContext } from '../../../core/define-rule.js';
import { describeServer, haproxyTargetIndex } from '../../../inputs/haproxy/queries.js';
import { type ChangingAddress, changingAddress } from '../../dynamic-addresses.js';
import { findingPath, pathsByTarget, replaceAt } from '../../proxy-paths.js';

const cfg = (server: string, resolvers = '') => `global
    log stdout format raw local0

defaults
    mode http
    timeout connect 5s
    timeout client  60s
    timeout server  60s
${resolvers}
frontend public
    bind :443 ssl crt /usr/local/etc/haproxy/site.pem
    default_backend storefront

backend storefront
    option httpchk GET /health
${server}`;

export default defineRule({
  id: 'haproxy/server-dns-cached-forever',
  domain: 'haproxy',
  cause: 'dns-failure',
  severity: 'warning',
  title: 'HAProxy resolves a server name once while its addresses keep changing',
  catalog: ['G3', 'X16'],
  docs: {
    why: 'Without `resolvers`, HAProxy resolves a server name once at start-up and keeps the address. A cloud load balancer (AWS ELB/ALB, Azure, Cloud Run) rotates its addresses and a headless Kubernetes Service answers with pod IPs that change on every rollout: HAProxy keeps connecting to the old address, health checks fail, and the backend answers 503 until HAProxy is reloaded.',
    problem: {
      description: 'The storefront is behind an internal AWS load balancer.',
      files: {
        'haproxy/haproxy.cfg': cfg('    server web internal-store-1234567890.eu-west-1.elb.amazonaws.com:443 ssl verify required ca-file @system-ca check\n'),
      },
    },
    fixed: {
      files: {
        'haproxy/haproxy.cfg': cfg(
          '    server web internal-store-1234567890.eu-west-1.elb.amazonaws.com:443 ssl verify required ca-file @system-ca check resolvers vpc init-addr last,libc,none\n',
          '\nresolvers vpc\n    parse-resolv-conf\n    hold valid 10s\n',
        ),
      },
    },
    remediation:
      'Declare a `resolvers` section (`parse-resolv-conf`, or `nameserver dns 127.0.0.11:53` under Docker) and add `resolvers <name> init-addr last,libc,none` to the server (or `default-server`) line; for many addresses use `server-template`.',
    references: [
      'https://docs.haproxy.org/3.0/configuration.html#5.3',
      'https://www.haproxy.com/documentation/haproxy-configuration-tutorials/dns-resolution/',
    ],
  },
  check(ctx) {
    reportCachedServers(ctx, (kind) => kind !== 'compose');
  },
});

/** Server lines without `resolvers` whose address changes, for the kinds of change `wanted` accepts. */
export function reportCachedServers(ctx: RuleContext, wanted: (kind: ChangingAddress['kind']) => boolean): void {
  const index = haproxyTargetIndex(ctx.facts.haproxy);
  for (const [id, path] of pathsByTarget(ctx.facts, 'haproxy')) {
    const ref = index.get(id);
    const host = path.target.host;
    if (!ref || !host || ref.server.options.resolvers || ref.server.env) continue;
    const change = changingAddress(ctx.facts, path, host);
    if (!change || !wanted(change.kind)) continue;
    // With a resolvers section already written, the fix is one option on the line.
    const section = ref.config.resolvers[0]?.name.value;
    const end =
      ref.server.at.endColumn !== undefined
        ? { ...ref.server.at, line: ref.server.at.endLine ?? ref.server.at.line, column: ref.server.at.endColumn }
        : undefined;
    const fix =
      section && end ? replaceAt(end, ` resolvers ${section} init-addr last,libc,none`, `resolve \`${host}\` at run time through \`${section}\``) : undefined;
    ctx.report({
      message: `${describeServer(ref, path.target.route)}: HAProxy resolves \`${host}\` once at start-up (no \`resolvers\`), but ${change.reason}; it keeps the old address and the backend answers 503 until a reload.`,
      at: ref.server.hostAt ?? path.target.at,
      path: findingPath(path),
      ...(fix ? { fix } : {}),
    });
  }
}
