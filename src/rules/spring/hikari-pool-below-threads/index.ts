import { defineRule } from '../../../core/define-rule.js';
import { parseSpringDuration, setting, webServer } from '../../../inputs/spring/queries.js';
import { PROPERTIES, nginxSite, springCompose } from '../examples.js';
import { replaceSetting } from '../runtime.js';

const properties = (pool: number) => `spring.application.name=orders
spring.datasource.url=jdbc:postgresql://db:5432/orders
spring.datasource.hikari.maximum-pool-size=${pool}
server.tomcat.threads.max=200
`;

/** More request threads per database connection than this and a burst queues on the pool. */
const RATIO = 10;

export default defineRule({
  id: 'spring/hikari-pool-below-threads',
  domain: 'spring',
  cause: 'resource-exhaustion',
  severity: 'info',
  title: 'The Hikari connection pool is tiny next to the request threads that share it',
  docs: {
    why: 'Each request that touches the database holds one Hikari connection. With `maximum-pool-size=2` and 200 Tomcat threads, a burst leaves most threads waiting for a connection up to `connection-timeout` (30 s by default) before `SQLTransientConnectionException: Connection is not available, request timed out after 30000ms`. The proxy in front sees slow or failed upstream responses (`upstream timed out`, 504) while CPU and database look idle.',
    problem: {
      files: { 'docker-compose.yml': springCompose(), 'nginx/default.conf': nginxSite(), [PROPERTIES]: properties(2) },
    },
    fixed: { files: { 'docker-compose.yml': springCompose(), 'nginx/default.conf': nginxSite(), [PROPERTIES]: properties(20) } },
    remediation:
      "Size `spring.datasource.hikari.maximum-pool-size` for the concurrency that reaches the database (and the database's `max_connections` across replicas), or cap `server.tomcat.threads.max`; keep `connection-timeout` below the proxy's read timeout so requests fail fast.",
    references: [
      'https://github.com/brettwooldridge/HikariCP/wiki/About-Pool-Sizing',
      'https://docs.spring.io/spring-boot/appendix/application-properties/index.html#application-properties.data.spring.datasource.hikari',
    ],
  },
  check(ctx) {
    for (const app of ctx.facts.spring.apps) {
      if (webServer(app) !== 'tomcat') continue;
      const poolSetting = setting(app, 'spring.datasource.hikari.maximum-pool-size');
      const threadSetting = setting(app, 'server.tomcat.threads.max') ?? setting(app, 'server.tomcat.max-threads');
      // Defaults (10 connections, 200 threads) are Spring's choice; only a written value is someone's decision to review.
      if (!poolSetting?.property && !threadSetting?.property) continue;
      if (!setting(app, 'spring.datasource.url') && !poolSetting) continue;
      const pool = poolSetting?.value && /^\d+$/.test(poolSetting.value) ? Number(poolSetting.value) : poolSetting ? undefined : 10;
      const threads = threadSetting?.value && /^\d+$/.test(threadSetting.value) ? Number(threadSetting.value) : threadSetting ? undefined : 200;
      if (pool === undefined || threads === undefined || pool <= 0 || threads / pool <= RATIO) continue;
      const wait = setting(app, 'spring.datasource.hikari.connection-timeout');
      const waitSeconds = wait?.value ? parseSpringDuration(wait.value) : 30;
      const suggested = Math.max(pool, Math.ceil(threads / RATIO));
      const at = poolSetting?.property ? poolSetting.at : threadSetting!.at;
      const fix = poolSetting?.property ? replaceSetting(poolSetting.at, String(suggested), `allow ${suggested} connections`) : undefined;
      ctx.report({
        message: `Spring app \`${app.name?.value ?? app.module}\` runs up to ${threads} request threads${threadSetting ? '' : ' (Tomcat default)'} on ${pool} database connection${pool === 1 ? '' : 's'}${poolSetting ? '' : ' (Hikari default)'}: under a burst, requests wait up to ${waitSeconds ?? '?'} s for a connection and the proxy sees timeouts.`,
        at,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
