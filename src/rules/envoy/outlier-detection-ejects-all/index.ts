import { defineRule } from '../../../core/define-rule.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';
import { replaceValue } from '../../text-edits.js';

const BACKENDS = `  app:
    image: ghcr.io/example/shop:1.8
    expose:
      - "8080"
`;

const outlier = (percent: number, panic: number) => `      outlier_detection:
        consecutive_5xx: 3
        interval: 10s
        base_ejection_time: 30s
        max_ejection_percent: ${percent}
      common_lb_config:
        healthy_panic_threshold:
          value: ${panic}
`;

export default defineRule({
  id: 'envoy/outlier-detection-ejects-all',
  domain: 'envoy',
  cause: 'outlier-ejection',
  severity: 'warning',
  title: 'Envoy outlier detection can eject every host of a cluster while panic mode is off',
  catalog: ['X10'],
  docs: {
    why: 'Outlier detection ejects hosts that return errors. Envoy normally protects the last hosts two ways: `max_ejection_percent` (default 10 %, though one host is always ejectable) and panic mode (below `healthy_panic_threshold`, default 50 %, it ignores health and uses every host). With panic mode switched off (`healthy_panic_threshold: 0`) and `max_ejection_percent: 100` — or a single host — a burst of 5xx ejects everything and every request gets `503 no healthy upstream` (flag `UH`) for the whole `base_ejection_time`, growing with each ejection.',
    problem: {
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, outlier(100, 0))) },
    },
    fixed: { files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, outlier(50, 50))) } },
    remediation:
      'Keep panic mode on (leave `healthy_panic_threshold` at its default 50 %), and cap `max_ejection_percent` below 100 with enough hosts that ejecting some leaves the rest serving.',
    references: [
      'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier',
      'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/panic_threshold',
    ],
  },
  check(ctx) {
    for (const config of ctx.facts.envoy.configs) {
      for (const cluster of config.clusters) {
        const od = cluster.outlierDetection;
        if (!od || cluster.panicThreshold?.value !== 0) continue;
        const all = (od.maxEjectionPercent?.value ?? 10) >= 100;
        const single = cluster.endpoints.length === 1;
        if (!all && !single) continue;
        const how = all
          ? `\`max_ejection_percent: ${od.maxEjectionPercent!.value}\` lets it eject every host`
          : `it has a single endpoint (${cluster.endpoints[0]!.text}), and one host is always ejectable`;
        const fix = replaceValue(ctx.facts, cluster.panicThreshold.at, '50', "turn panic mode back on (Envoy's default 50 %)");
        ctx.report({
          message: `cluster \`${cluster.name.value}\` has outlier detection, ${how}, and panic mode is off (\`healthy_panic_threshold: 0\`): after a burst of errors every request gets 503 no healthy upstream (UH) until the ejection ends.`,
          at: cluster.panicThreshold.at,
          ...(fix ? { fix } : {}),
          related: [{ at: od.maxEjectionPercent?.at ?? od.at, message: 'outlier detection' }],
        });
      }
    }
  },
});
