import { defineRule } from '../../../core/define-rule.js';
import { listenPorts, pathsByTarget } from '../../proxy-paths.js';
import { HEALTH_PATH, healthEndpointsBehind, samePathFamily } from '../../backend-app.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';
import { replaceValue } from '../../text-edits.js';

const BACKENDS = `  app:
    image: ghcr.io/example/shop:1.8
    environment:
      PORT: "8080"
    expose:
      - "8080"
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]
      interval: 10s
`;

const check = (path: string, port?: number) => {
  const cluster = envoyCluster(
    'app',
    'app',
    8080,
    `      health_checks:
        - timeout: 2s
          interval: 5s
          unhealthy_threshold: 3
          healthy_threshold: 1
          http_health_check:
            path: ${path}
`,
  );
  return port === undefined
    ? cluster
    : cluster.replace(
        '                  address:\n',
        `                  health_check_config:\n                    port_value: ${port}\n                  address:\n`,
      );
};

export default defineRule({
  id: 'envoy/health-check-mismatch',
  domain: 'envoy',
  cause: 'no-healthy-upstream',
  severity: 'warning',
  title: 'Envoy active health checks probe a port or path the backend does not serve',
  catalog: ['X17', 'X16'],
  docs: {
    why: 'With `health_checks`, Envoy routes only to hosts whose check passes. A check on a port the backend does not listen on (`health_check_config.port_value`), or on a health path it does not have (`/health` when the app serves `/healthz`), fails forever: every host stays unhealthy and requests get `503 no healthy upstream` (flag `UH`) although the application works.',
    problem: {
      description: 'The app serves `/healthz` (its Compose healthcheck says so) on 8080 only.',
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(check('/health', 9090)) },
    },
    fixed: { files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(check('/healthz')) } },
    remediation:
      "Check the port traffic goes to (drop `health_check_config.port_value`, or use a port the backend listens on) and the path the backend's own health check uses (Compose healthcheck, readiness probe, Spring actuator).",
    references: [
      'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/health_checking',
      'https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/endpoint/v3/endpoint_components.proto#envoy-v3-api-msg-config-endpoint-v3-endpoint-healthcheckconfig',
    ],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'envoy');
    for (const config of ctx.facts.envoy.configs) {
      for (const cluster of config.clusters) {
        if (cluster.healthChecks.length === 0) continue;
        let pathReported = false;
        for (const endpoint of cluster.endpoints) {
          const path = paths.get(endpoint.id);
          if (path?.status !== 'resolved' || !path.backend) continue;
          const ports = listenPorts(path.backend);
          const hc = endpoint.healthCheckPort;
          if (hc && endpoint.port !== undefined && ports.includes(endpoint.port) && !ports.includes(hc.value)) {
            const fix = replaceValue(ctx.facts, hc.at, String(endpoint.port), `check the traffic port ${endpoint.port}`);
            ctx.report({
              message: `endpoint ${endpoint.text} of cluster \`${cluster.name.value}\` is health-checked on port ${hc.value}, where ${path.backend.label} does not listen (it listens on ${ports.join(', ')}): the host never turns healthy and Envoy answers 503 (UH).`,
              at: hc.at,
              ...(fix ? { fix } : {}),
            });
          }
          if (pathReported) continue;
          const checkPort = hc?.value ?? endpoint.port;
          const endpoints = healthEndpointsBehind(ctx.facts, path.backend).filter((e) => e.path && HEALTH_PATH.test(e.path));
          for (const h of cluster.healthChecks) {
            if (h.kind !== 'http' || !h.path || !HEALTH_PATH.test(h.path.value)) continue;
            // A check port nothing listens on is reported above; the path is then compared with every endpoint.
            const onPort = endpoints.filter((e) => e.port === undefined || e.port === checkPort || (checkPort !== undefined && !ports.includes(checkPort)));
            if (onPort.length === 0 || onPort.some((e) => samePathFamily(e.path!, h.path!.value))) continue;
            const wanted = onPort[0]!;
            ctx.report({
              message: `cluster \`${cluster.name.value}\` health-checks \`${h.path.value}\`, but ${path.backend.label} serves its health endpoint at \`${wanted.path}\` (${wanted.source}): if \`${h.path.value}\` answers 404 every host is unhealthy and Envoy answers 503 (UH).`,
              at: h.path.at,
              fix: replaceValue(ctx.facts, h.path.at, wanted.path!, `check \`${wanted.path}\``)!,
              related: [{ at: wanted.at, message: wanted.source }],
            });
            pathReported = true;
          }
        }
      }
    }
  },
});
