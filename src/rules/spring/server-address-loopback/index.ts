import { defineRule } from '../../../core/define-rule.js';
import { serverAddress, serverPort } from '../../../inputs/spring/queries.js';
import { PROPERTIES, nginxSite, springCompose } from '../examples.js';
import { replaceSetting } from '../runtime.js';
import { isLoopbackHost } from '../../../core/loopback.js';

const properties = (address: string) => `spring.application.name=orders
server.port=8080
${address}spring.datasource.url=jdbc:postgresql://db:5432/orders
`;

export default defineRule({
  id: 'spring/server-address-loopback',
  domain: 'spring',
  cause: 'bind-loopback',
  severity: 'error',
  title: 'Spring Boot binds to 127.0.0.1 (`server.address`) inside a container or pod',
  catalog: ['X4'],
  docs: {
    why: '`server.address=127.0.0.1` (or `localhost`) makes the embedded server accept connections from its own container only. A proxy, a Service or a load balancer reaches the container on its network address and gets `connection refused`: nginx logs `connect() failed (111: Connection refused) while connecting to upstream`, Envoy answers 503 `UF`, Kubernetes readiness probes fail. The setting often comes from a laptop profile that ended up in the image.',
    problem: {
      description: 'The orders service runs in Compose behind nginx with `server.address=127.0.0.1`.',
      files: { 'docker-compose.yml': springCompose(), 'nginx/default.conf': nginxSite(), [PROPERTIES]: properties('server.address=127.0.0.1\n') },
    },
    fixed: { files: { 'docker-compose.yml': springCompose(), 'nginx/default.conf': nginxSite(), [PROPERTIES]: properties('') } },
    remediation:
      'Remove `server.address` (Spring binds to every interface by default) or set it to `0.0.0.0`; keep loopback binds for profiles that run outside containers.',
    references: ['https://docs.spring.io/spring-boot/appendix/application-properties/index.html#application-properties.server.server.address'],
  },
  check(ctx) {
    for (const app of ctx.facts.spring.apps) {
      const address = serverAddress(app);
      // Set by the runtime's environment (SERVER_ADDRESS): the Compose/Kubernetes loopback rules report it there.
      if (!app.runtime || !address?.property || !isLoopbackHost(address.value!)) continue;
      const port = serverPort(app)?.value;
      const fix = replaceSetting(address.at, '0.0.0.0', 'listen on every interface');
      ctx.report({
        message: `Spring app \`${app.name?.value ?? app.module}\` binds \`server.address=${address.value}\`${port !== undefined ? ` (port ${port})` : ''} but runs in ${app.runtime.label} (${app.runtime.how}): only its own container can connect, so proxies and probes get connection refused.`,
        at: address.at,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
