import type { RuleCase } from '../../rule-case.js';
import { nginxSite, springCompose } from '../examples.js';

const PROPS = 'server.port=8080\nmanagement.server.port=8081\n';

export default [
  {
    name: 'a Compose healthcheck asks the actuator on the main port (reported at the test, no fix)',
    files: {
      'docker-compose.yml': springCompose('    healthcheck:\n      test: ["CMD-SHELL", "wget -qO- http://localhost:8080/actuator/health || exit 1"]\n'),
      'nginx/default.conf': nginxSite(),
      'orders/src/main/resources/application.properties': PROPS,
    },
    expect: ['docker-compose.yml:13:13'],
    fixes: [undefined],
  },
  {
    name: 'near miss: the additional probe path /readyz on the main port, and the actuator on its own port',
    files: {
      'docker-compose.yml': springCompose(
        '    healthcheck:\n      test: ["CMD-SHELL", "wget -qO- http://localhost:8080/readyz || wget -qO- http://localhost:8081/actuator/health"]\n',
      ),
      'nginx/default.conf': nginxSite(),
      'orders/src/main/resources/application.properties': `${PROPS}management.endpoint.health.probes.add-additional-paths=true\n`,
    },
    expect: [],
  },
] satisfies RuleCase[];
