import { defineRule } from '../../../core/define-rule.js';
import { closestName } from '../../../inputs/compose/queries.js';
import { reporter } from '../compose-paths.js';
import { replaceAt } from '../yaml-edits.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  files: {
    'docker-compose.yml': `services:
  api:
    image: example/api:1.4
    networks:
      - backend
  db:
    image: postgres:16
    networks:
      - back-end
networks:
  back-end:
`,
  },
};

export default defineRule({
  id: 'compose/undefined-network',
  domain: 'compose',
  cause: 'config-error',
  severity: 'error',
  title: 'A service joins a network the project does not define',
  catalog: ['F1'],
  docs: {
    why: 'Every network a service names under `networks:` (except `default`) must be declared under the top-level `networks:`. Otherwise `docker compose up` refuses the whole project — `service "api" refers to undefined network backend: invalid compose project` — so no container starts and the proxy in front of it has nothing to reach.',
    problem,
    fixed: withEdits(problem, [{ file: 'docker-compose.yml', replace: '- backend', with: '- back-end' }]),
    remediation:
      'Declare the network under the top-level `networks:` (with `external: true` if it is created outside this project), or correct the name to one that is declared.',
    references: ['https://docs.docker.com/reference/compose-file/networks/'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const project of ctx.facts.compose.projects) {
      if (project.partial) continue;
      const declared = project.networks.filter((n) => !n.implicit).map((n) => n.key);
      for (const service of project.services) {
        for (const network of service.networks) {
          if (network.implicit || !network.at || network.name === 'default' || declared.includes(network.name)) continue;
          const suggestion = closestName(network.name, declared);
          const fix = suggestion ? replaceAt(network.at, suggestion, `use the declared network \`${suggestion}\``) : undefined;
          report({
            message: `\`${service.name}\` joins network \`${network.name}\`, which the top-level \`networks:\` does not declare${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}: \`docker compose up\` refuses the project.`,
            at: network.at,
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});
