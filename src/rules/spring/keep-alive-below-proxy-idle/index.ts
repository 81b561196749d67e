import { defineRule } from '../../../core/define-rule.js';
import { tomcatKeepAlive } from '../../../inputs/spring/queries.js';
import { nginxKeepAliveSite, PROPERTIES, springCompose } from '../examples.js';
import { idleTimeoutsInFront } from '../proxy-idle.js';
import { replaceSetting } from '../runtime.js';

const nginx = nginxKeepAliveSite('60s');

const properties = (keepAlive: string) => `spring.application.name=orders
server.port=8080
server.tomcat.keep-alive-timeout=${keepAlive}
`;

export default defineRule({
  id: 'spring/keep-alive-below-proxy-idle',
  domain: 'spring',
  cause: 'keepalive-race',
  severity: 'warning',
  title: "Tomcat's keep-alive timeout is shorter than the idle timeout of the proxy or load balancer in front",
  catalog: ['X12'],
  docs: {
    why: 'A proxy or load balancer reuses idle connections to the app until its own idle timeout (nginx upstream `keepalive_timeout` 60 s, AWS ALB 60 s, Envoy 1 h). When Tomcat closes an idle connection first (`server.tomcat.keep-alive-timeout`, or the connection timeout it defaults to), a request sent on it at that moment fails: nginx logs `upstream prematurely closed connection`, the ALB returns 502, Envoy 503 `UC`. It happens now and then, mostly after quiet periods.',
    problem: {
      description: 'nginx keeps idle upstream connections for 60 s; Tomcat closes them after 20 s.',
      files: { 'docker-compose.yml': springCompose(), 'nginx/default.conf': nginx, [PROPERTIES]: properties('20s') },
    },
    fixed: { files: { 'docker-compose.yml': springCompose(), 'nginx/default.conf': nginx, [PROPERTIES]: properties('75s') } },
    remediation:
      'Make `server.tomcat.keep-alive-timeout` longer than the idle timeout of whatever sits in front (or shorten that one), so the proxy always closes first.',
    references: [
      'https://docs.spring.io/spring-boot/appendix/application-properties/index.html#application-properties.server.server.tomcat.keep-alive-timeout',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout',
    ],
  },
  check(ctx) {
    for (const app of ctx.facts.spring.apps) {
      const keepAlive = tomcatKeepAlive(app);
      if (!keepAlive?.setting?.property) continue;
      const fronts = idleTimeoutsInFront(ctx.facts, app).filter((f) => f.seconds >= keepAlive.seconds);
      if (fronts.length === 0) continue;
      const worst = fronts.reduce((a, b) => (b.seconds > a.seconds ? b : a));
      const canRaise = worst.seconds <= 600 && keepAlive.setting.property.canonical === 'server.tomcat.keepalivetimeout';
      const fix = canRaise ? replaceSetting(keepAlive.setting.at, `${worst.seconds + 15}s`, `keep connections longer than ${worst.source}`) : undefined;
      ctx.report({
        message: `Spring app \`${app.name?.value ?? app.module}\` closes idle connections after ${keepAlive.seconds} s (${keepAlive.source}), but ${worst.source} keeps them for ${worst.seconds} s: requests sent on a connection Tomcat is closing fail now and then (502/503).`,
        at: keepAlive.setting.at,
        ...(fix ? { fix } : {}),
        ...(worst.at ? { related: [{ at: worst.at, message: worst.source }] } : {}),
      });
    }
  },
});
