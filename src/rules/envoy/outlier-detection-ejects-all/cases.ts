import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster } from '../examples.js';

const outlier = (lines: string) => `      outlier_detection:
        consecutive_5xx: 5
${lines}`;

const twoHosts = (extra: string) =>
  envoyCluster('app', 'app-1', 8080, extra).replace(
    '              - endpoint:\n',
    '              - endpoint:\n                  address:\n                    socket_address: { address: app-2, port_value: 8080 }\n              - endpoint:\n',
  );

export default [
  {
    name: 'one host, default max_ejection_percent (one host is always ejectable), panic mode off',
    files: {
      'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, outlier('      common_lb_config:\n        healthy_panic_threshold: { value: 0 }\n'))),
    },
    expect: ['envoy/envoy.yaml:35:43'],
    fixes: ['50'],
  },
  {
    name: 'near miss: max_ejection_percent 100 but panic mode at its default',
    files: { 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080, outlier('        max_ejection_percent: 100\n'))) },
    expect: [],
  },
  {
    name: 'near miss: panic mode off, two hosts, default max_ejection_percent (10 %)',
    files: { 'envoy/envoy.yaml': envoyBootstrap(twoHosts(outlier('      common_lb_config:\n        healthy_panic_threshold: { value: 0 }\n'))) },
    expect: [],
  },
] satisfies RuleCase[];
