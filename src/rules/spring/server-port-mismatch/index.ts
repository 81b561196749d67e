import { defineRule } from '../../../core/define-rule.js';
import { managementPort, serverPort } from '../../../inputs/spring/queries.js';
import { PROPERTIES, nginxSite, springCompose } from '../examples.js';
import { addSetting, declaredPorts, replaceSetting } from '../runtime.js';

const properties = (port: string) => `spring.application.name=orders
${port}spring.jpa.open-in-view=false
`;

export default defineRule({
  id: 'spring/server-port-mismatch',
  domain: 'spring',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'Spring Boot listens on a port the container, Service or proxy does not use',
  catalog: ['X5'],
  docs: {
    why: "The app listens on `server.port` (8080 when not set; placeholders such as `$\u007BPORT:8080}` resolved from the container's environment). When Compose (`expose`/`ports`), the Kubernetes `containerPort`/`targetPort` or a proxy sends traffic to another port, every request is refused: `connect() failed (111: Connection refused)`, `503 UF`, or a Service without ready endpoints because the readiness probe fails too.",
    problem: {
      description: 'Compose exposes and nginx proxies 8080; the app was moved to 8081.',
      files: { 'docker-compose.yml': springCompose(), 'nginx/default.conf': nginxSite(), [PROPERTIES]: properties('server.port=8081\n') },
    },
    fixed: { files: { 'docker-compose.yml': springCompose(), 'nginx/default.conf': nginxSite(), [PROPERTIES]: properties('server.port=8080\n') } },
    remediation:
      "Make `server.port` the port the runtime and proxies use (or change those to the app's port); with a separate `management.server.port`, expose both.",
    references: [
      'https://docs.spring.io/spring-boot/how-to/webserver.html#howto.webserver.change-port',
      'https://docs.spring.io/spring-boot/reference/features/external-config.html#features.external-config.files.property-placeholders',
    ],
  },
  check(ctx) {
    for (const app of ctx.facts.spring.apps) {
      if (!app.runtime) continue;
      const port = serverPort(app);
      // Unresolvable, random (0) or disabled (-1); or set by the runtime's env (reported by the runtime's rules).
      if (!port || port.value <= 0 || (port.setting && !port.setting.property)) continue;
      const management = managementPort(app)?.value;
      const declared = declaredPorts(ctx.facts, app).filter((d) => d.port !== management);
      if (declared.length === 0 || declared.some((d) => d.port === port.value)) continue;
      const wanted = [...new Set(declared.map((d) => d.port))];
      const first = declared[0]!;
      // `${PORT:8081}` keeps its variable (the default changes); a value the runtime's variable decides is not edited here.
      const written = port.setting?.written;
      const replacement = written?.includes('${') ? written.replace(/:(\d+)\}/, `:${wanted[0]}}`) : String(wanted[0]);
      const fix =
        wanted.length !== 1 || port.setting?.fromVariable || replacement === written
          ? undefined
          : port.setting
            ? replaceSetting(port.setting.at, replacement, `listen on ${wanted[0]}`)
            : addSetting(ctx.facts, app, 'server.port', String(wanted[0]), `listen on ${wanted[0]}`);
      const where = port.setting
        ? `\`server.port=${port.setting.written}\`${port.setting.written !== String(port.value) ? ` (= ${port.value})` : ''}`
        : 'the default port 8080 (no `server.port`)';
      ctx.report({
        message: `Spring app \`${app.name?.value ?? app.module}\` listens on ${where}, but ${app.runtime.label} sends traffic to ${wanted.join(', ')} (${first.source}): connections are refused.`,
        at: port.setting?.at ?? app.at,
        ...(fix ? { fix } : {}),
        related: declared.slice(0, 3).map((d) => ({ at: d.at, message: d.source })),
      });
    }
  },
});
