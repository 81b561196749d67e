import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster } from '../examples.js';

const cluster = (timeout: string) => envoyCluster('app', 'app', 8080).replace('connect_timeout: 1s', `connect_timeout: ${timeout}`);
const routeWith = (timeout: string) => `                        - match: { prefix: "/" }
                          route: { cluster: app, timeout: ${timeout} }
`;

export default [
  {
    name: 'connect timeout equal to the route timeout',
    files: { 'envoy/envoy.yaml': envoyBootstrap(cluster('5s'), routeWith('5s')) },
    expect: ['envoy/envoy.yaml:31:24'],
    fixes: ['1s'],
  },
  {
    name: 'near miss: Envoy-docs style 0.25s, and a long connect timeout on a route without a timeout (0 = none)',
    files: {
      'envoy/envoy.yaml': envoyBootstrap(
        cluster('0.25s') + cluster('30s').replace(/app/g, 'slow'),
        `${routeWith('0s')}`.replace('cluster: app', 'cluster: slow') + routeWith('10s'),
      ),
    },
    expect: [],
  },
] satisfies RuleCase[];
