import { defineRule } from '../../../core/define-rule.js';
import { closestName, findService } from '../../../inputs/compose/queries.js';
import { reporter } from '../compose-paths.js';
import { replaceAt, replaceInside } from '../yaml-edits.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  files: {
    'docker-compose.yml': `services:
  proxy:
    image: nginx:1.27
    depends_on:
      - frontend
      - apii
  frontend:
    image: example/frontend:3.1
  api:
    image: example/api:1.4
`,
  },
};

export default defineRule({
  id: 'compose/undefined-dependency',
  domain: 'compose',
  cause: 'config-error',
  severity: 'error',
  title: 'A service depends on a service the project does not define',
  catalog: ['F2'],
  docs: {
    why: '`depends_on`, `links` and `network_mode: service:x` must name services of the project. A typo or a service removed from the file makes `docker compose up` refuse the project (`service "proxy" depends on undefined service "apii": invalid compose project`, `service "x" not found for network_mode`), so nothing starts.',
    problem,
    fixed: withEdits(problem, [{ file: 'docker-compose.yml', replace: '- apii', with: '- api' }]),
    remediation:
      'Correct the name to a service defined in the project, or remove the dependency; mark it `required: false` if the service is defined only under some profiles or files.',
    references: ['https://docs.docker.com/reference/compose-file/services/#depends_on'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const project of ctx.facts.compose.projects) {
      if (project.partial) continue;
      const names = project.services.map((s) => s.name);
      const missing = (name: string) => !findService(project, name);
      for (const service of project.services) {
        const others = names.filter((n) => n !== service.name);
        for (const d of service.dependsOn) {
          if (!d.required || !missing(d.service)) continue;
          const suggestion = closestName(d.service, others);
          const fix = suggestion ? replaceAt(d.at, suggestion, `depend on \`${suggestion}\``) : undefined;
          report({
            message: `\`${service.name}\` depends on \`${d.service}\`, which is not a service of this project${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}: \`docker compose up\` refuses the project.`,
            at: d.at,
            ...(fix ? { fix } : {}),
          });
        }
        for (const link of service.links) {
          if (!missing(link.service)) continue;
          const suggestion = closestName(link.service, others);
          const fix = suggestion ? replaceInside(ctx.facts, link.at, link.service, suggestion, `link \`${suggestion}\``) : undefined;
          report({
            message: `\`${service.name}\` links to \`${link.service}\`, which is not a service of this project${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}.`,
            at: link.at,
            ...(fix ? { fix } : {}),
          });
        }
        const mode = service.networkMode;
        if (mode?.value.kind === 'service' && missing(mode.value.target!)) {
          const suggestion = closestName(mode.value.target!, others);
          const fix = suggestion
            ? replaceInside(ctx.facts, mode.at, `service:${mode.value.target}`, `service:${suggestion}`, `share the network of \`${suggestion}\``)
            : undefined;
          report({
            message: `\`${service.name}\` uses \`network_mode: ${mode.value.text}\`, but \`${mode.value.target}\` is not a service of this project${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}.`,
            at: mode.at,
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});
