import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { HaproxyResolvers } from '../../../inputs/haproxy/model.js';
import { describeServer, haproxyTargetIndex } from '../../../inputs/haproxy/queries.js';
import { findingPath, pathsByTarget, replaceAt } from '../../proxy-paths.js';
import { CLUSTER_DNS, DOCKER_DNS, isDockerDns, isForeignDns } from '../../runtime-dns.js';
import { haproxyCfg, haproxyCompose } from '../examples.js';

const BACKENDS = `  app:
    image: ghcr.io/example/app:4.2
    expose:
      - "8000"
`;

const resolvers = (nameserver: string) => `resolvers dns
    nameserver ${nameserver}
    hold valid 10s
`;

export default defineRule({
  id: 'haproxy/resolvers-cannot-resolve-server',
  domain: 'haproxy',
  cause: 'dns-failure',
  severity: 'error',
  title: "HAProxy's resolvers cannot answer the server's name",
  catalog: ['X16', 'G1'],
  docs: {
    why: "A server line with `resolvers` is resolved at run time by HAProxy's own DNS client, which asks only the section's `nameserver`s. Compose service names exist only in Docker's embedded DNS (127.0.0.11): a public resolver answers NXDOMAIN. In a pod 127.0.0.11 does not exist, and only the cluster DNS knows Services. The server then never gets an address (with `init-addr none`) or loses it after `hold nx`/`hold timeout`: it stays in maintenance and the backend answers 503 (\"no server is available to handle this request\").",
    problem: {
      description: 'Compose: the resolvers section asks Google DNS for the service `app`.',
      files: {
        'docker-compose.yml': haproxyCompose(BACKENDS),
        'haproxy/haproxy.cfg': `${resolvers('google 8.8.8.8:53')}\n${haproxyCfg('    server-template app 3 app:8000 check resolvers dns init-addr none\n')}`,
      },
    },
    fixed: {
      files: {
        'docker-compose.yml': haproxyCompose(BACKENDS),
        'haproxy/haproxy.cfg': `${resolvers('docker 127.0.0.11:53')}\n${haproxyCfg('    server-template app 3 app:8000 check resolvers dns init-addr none\n')}`,
      },
    },
    remediation:
      "Use the DNS of the runtime: `nameserver docker 127.0.0.11:53` in Docker/Compose, the cluster DNS Service address in Kubernetes, or `parse-resolv-conf` (the container's own resolv.conf) in both.",
    references: ['https://docs.haproxy.org/3.0/configuration.html#5.3.2', 'https://docs.docker.com/engine/network/#dns-services'],
  },
  check(ctx) {
    const index = haproxyTargetIndex(ctx.facts.haproxy);
    const reported = new Set<HaproxyResolvers>();
    for (const [id, path] of pathsByTarget(ctx.facts, 'haproxy')) {
      const ref = index.get(id);
      const platform = path.proxy.runtime?.platform;
      const section = ref?.server.options.resolvers?.value;
      if (!ref || !section || (platform !== 'compose' && platform !== 'kubernetes')) continue;
      const resolversSection = ref.config.resolvers.find((r) => r.name.value === section);
      if (!resolversSection || resolversSection.parseResolvConf || resolversSection.nameservers.length === 0) continue;
      const runtimeName =
        platform === 'compose'
          ? path.backend?.runtime.platform === 'compose' && path.steps.some((s) => s.kind === 'dns' && s.status === 'resolved')
          : path.backend?.runtime.platform === 'kubernetes';
      if (!runtimeName || reported.has(resolversSection)) continue;
      const wrong = resolversSection.nameservers.filter((n) =>
        platform === 'compose' ? !isDockerDns(n.address.value) && isForeignDns(n.address.value) : isDockerDns(n.address.value) || isForeignDns(n.address.value),
      );
      if (wrong.length === 0) continue;
      reported.add(resolversSection);
      const right = platform === 'compose' ? `${DOCKER_DNS}:53` : undefined;
      const fix: Fix | undefined = right && wrong.length === 1 ? replaceAt(wrong[0]!.address.at, right, `ask Docker's DNS (${right})`) : undefined;
      const knows =
        platform === 'compose'
          ? "Compose names exist only in Docker's embedded DNS (127.0.0.11)"
          : `cluster names are known only to the cluster DNS (${CLUSTER_DNS})`;
      ctx.report({
        message: `${describeServer(ref, path.target.route)} is re-resolved through \`resolvers ${section}\`, which asks ${wrong.map((n) => n.address.value).join(', ')}, but ${knows}: the server stays in maintenance and the backend answers 503.`,
        at: wrong[0]!.address.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
        related: [{ at: ref.server.at, message: `server ${ref.server.name.value} uses \`resolvers ${section}\`` }],
      });
    }
  },
});
