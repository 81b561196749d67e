import { defineRule } from '../../../core/define-rule.js';
import type { ComposePort, ComposeService } from '../../../inputs/compose/model.js';
import { formatRange, rangesOverlap } from '../../../inputs/compose/ports.js';
import { reporter } from '../compose-paths.js';
import { withEdits } from '../../example-edits.js';

/** Both run at the same time unless their profiles keep them apart (a service without profiles always runs). */
function canRunTogether(a: ComposeService, b: ComposeService): boolean {
  if (a.profiles.length === 0 || b.profiles.length === 0) return true;
  return a.profiles.some((p) => b.profiles.some((q) => q.value === p.value));
}

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

function sameHostAddress(a: ComposePort, b: ComposePort): boolean {
  const x = a.hostIp ?? '';
  const y = b.hostIp ?? '';
  return x === y || WILDCARDS.has(x) || WILDCARDS.has(y);
}

const problem = {
  files: {
    'docker-compose.yml': `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
  adminer:
    image: adminer:4
    ports:
      - "8080:8080"
`,
  },
};

export default defineRule({
  id: 'compose/duplicate-published-port',
  domain: 'compose',
  cause: 'config-error',
  severity: 'error',
  title: 'Two services publish the same host port',
  catalog: ['F4'],
  docs: {
    why: 'A host port can be bound once. When two services (or two entries of one service) publish the same host port on the same address, the second container fails to start — `Bind for 0.0.0.0:8080 failed: port is already allocated` — so whatever it serves is unreachable, and a proxy in front of it answers 502.',
    problem,
    fixed: withEdits(problem, [{ file: 'docker-compose.yml', replace: '- "8080:8080"', with: '- "8081:8080"' }]),
    remediation:
      'Publish each host port once: pick another host port (the left side of `HOST:CONTAINER`), bind the two to different host addresses, or put the services in different profiles if they never run together.',
    references: ['https://docs.docker.com/reference/compose-file/services/#ports'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const project of ctx.facts.compose.projects) {
      const seen: { service: ComposeService; port: ComposePort }[] = [];
      for (const service of project.services) {
        if (service.networkMode?.value.kind === 'host') continue;
        for (const port of service.ports) {
          if (!port.published) continue;
          const clash = seen.find(
            (s) =>
              s.port.protocol === port.protocol &&
              rangesOverlap(s.port.published!, port.published!) &&
              sameHostAddress(s.port, port) &&
              (s.service === service || canRunTogether(s.service, service)),
          );
          seen.push({ service, port });
          if (!clash) continue;
          const where = clash.service === service ? 'another entry of the same service' : `\`${clash.service.name}\``;
          report({
            message: `\`${service.name}\` publishes host port ${formatRange(port.published)}${port.protocol === 'tcp' ? '' : `/${port.protocol}`}, which ${where} already publishes: the second container fails with "port is already allocated".`,
            at: port.publishedAt ?? port.at,
            related: [{ at: clash.port.publishedAt ?? clash.port.at, message: `\`${clash.service.name}\` publishes ${clash.port.text} here` }],
          });
        }
      }
    }
  },
});
