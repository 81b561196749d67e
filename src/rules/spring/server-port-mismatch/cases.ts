import type { RuleCase } from '../../rule-case.js';

/** Spring's placeholder syntax, written without a JS template look-alike. */
const placeholder = (name: string, fallback: number) => ['$', '{', name, ':', fallback, '}'].join('');
import { nginxSite, ordersManifest, springCompose } from '../examples.js';

const CONTAINER = `          ports:
            - name: http
              containerPort: 8080
`;

export default [
  {
    name: 'Kubernetes (manifest in the app directory): a PORT placeholder defaulting to 9000 while the container port is 8080',
    files: {
      'orders/k8s/deployment.yaml': ordersManifest(CONTAINER),
      'orders/src/main/resources/application.yml': `server:\n  port: ${placeholder('PORT', 9000)}\n`,
    },
    expect: ['orders/src/main/resources/application.yml:2:9'],
    fixes: [placeholder('PORT', 8080)],
  },
  {
    name: 'no server.port (8080) while Compose exposes 3000: the setting is added',
    files: {
      'docker-compose.yml': springCompose().replace('"8080"', '"3000"'),
      'nginx/default.conf': nginxSite('orders:3000'),
      'orders/src/main/resources/application.properties': 'spring.application.name=orders\n',
    },
    expect: ['orders/src/main/resources/application.properties:1:1'],
    fixes: ['server.port=3000\n'],
  },
  {
    name: 'near miss: SERVER_PORT in the container environment overrides the file',
    files: {
      'docker-compose.yml': springCompose('    environment:\n      SERVER_PORT: "8080"\n'),
      'nginx/default.conf': nginxSite(),
      'orders/src/main/resources/application.properties': 'server.port=9000\n',
    },
    expect: [],
  },
  {
    name: 'near miss: the management port is exposed too',
    files: {
      'docker-compose.yml': springCompose('      - "8081"\n'),
      'nginx/default.conf': nginxSite(),
      'orders/src/main/resources/application.properties': 'server.port=8080\nmanagement.server.port=8081\n',
    },
    expect: [],
  },
  {
    name: 'near miss: an nginx sidecar takes the Service traffic on 80 and proxies to the app on localhost:8080',
    files: {
      'orders/k8s/deployment.yaml': ordersManifest(`          env:
            - name: JAVA_TOOL_OPTIONS
              value: -XX:MaxRAMPercentage=75
        - name: nginx
          image: nginx:1.27-alpine
          ports:
            - containerPort: 80
`).replace('targetPort: http', 'targetPort: 80'),
      'orders/src/main/resources/application.properties': 'server.port=8080\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
