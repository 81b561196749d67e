import { defineRule } from '../../../core/define-rule.js';
import { imageDefaults } from '../../../inputs/compose/image-defaults.js';
import { findService, lacksHealthcheck } from '../../../inputs/compose/queries.js';
import { reporter } from '../compose-paths.js';
import { healthcheckBlock, insertServiceKey } from '../yaml-edits.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  files: {
    'docker-compose.yml': `services:
  api:
    image: example/api:1.4
    environment:
      DATABASE_URL: postgres://app:app@db:5432/app
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: app
`,
  },
};

export default defineRule({
  id: 'compose/healthy-condition-without-healthcheck',
  domain: 'compose',
  cause: 'startup-order',
  severity: 'error',
  title: 'depends_on waits for service_healthy on a service without a healthcheck',
  catalog: ['X7'],
  docs: {
    why: '`condition: service_healthy` needs a healthcheck on the service waited for. `docker compose config` accepts the file, but `docker compose up` fails once it gets there: `dependency failed to start: container shop-db-1 has no healthcheck configured`, so the dependent service (often the proxy or the API behind it) never starts and every request gets 502 or a refused connection.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'docker-compose.yml',
        replace: '      POSTGRES_PASSWORD: app',
        with: `      POSTGRES_PASSWORD: app
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U app"]
      interval: 5s
      retries: 10`,
      },
    ]),
    remediation:
      'Add a `healthcheck` to the service waited for (postgres: `pg_isready`, redis: `redis-cli ping`, HTTP apps: a request to their health endpoint), or wait with `condition: service_started` if readiness does not matter.',
    references: ['https://docs.docker.com/reference/compose-file/services/#depends_on', 'https://docs.docker.com/reference/compose-file/services/#healthcheck'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const project of ctx.facts.compose.projects) {
      for (const service of project.services) {
        for (const d of service.dependsOn) {
          if (d.condition !== 'service_healthy') continue;
          const target = findService(project, d.service);
          if (!target || !lacksHealthcheck(target)) continue;
          // Only a service with no `healthcheck:` key anywhere can take a new one (a disabled one is a choice to revisit).
          const test = target.image && !target.healthcheck ? imageDefaults(target.image.value)?.healthcheck : undefined;
          const fix = test ? insertServiceKey(ctx.facts, target, `add a healthcheck to \`${target.name}\``, healthcheckBlock(test)) : undefined;
          const why = target.healthcheck?.disabled ? 'its healthcheck is disabled' : 'it has no healthcheck';
          report({
            message: `\`${service.name}\` waits for \`${d.service}\` to be healthy, but ${why}: \`docker compose up\` fails with "dependency failed to start: container … has no healthcheck configured".`,
            at: d.conditionAt ?? d.at,
            ...(fix ? { fix } : {}),
            related: [{ at: target.at, message: `\`${target.name}\` is defined here` }],
          });
        }
      }
    }
  },
});
