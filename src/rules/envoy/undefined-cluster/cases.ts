import type { RuleCase } from '../../rule-case.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';

const BACKENDS = '  app:\n    image: ghcr.io/example/shop:1.8\n    expose:\n      - "8080"\n';

const weighted = `                        - match: { prefix: "/" }
                          route:
                            weighted_clusters:
                              clusters:
                                - { name: app, weight: 90 }
                                - { name: app-canary, weight: 10 }
`;

const TCP = `static_resources:
  listeners:
    - name: postgres
      address:
        socket_address: { address: 0.0.0.0, port_value: 5432 }
      filter_chains:
        - filters:
            - name: envoy.filters.network.tcp_proxy
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                stat_prefix: pg
                cluster: postgres
  clusters:
    - name: postgres
      type: STRICT_DNS
      connect_timeout: 1s
      load_assignment:
        cluster_name: postgres
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: { address: db, port_value: 5432 }
`;

export default [
  {
    name: 'a weighted canary cluster that was never defined (no close name: no fix)',
    files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 8080), weighted) },
    expect: ['envoy/envoy.yaml:27:43'],
    fixes: [undefined],
  },
  {
    name: 'near miss: clusters come from a management server (ADS)',
    files: {
      'envoy/envoy.yaml': `dynamic_resources:\n  ads_config:\n    api_type: GRPC\n    grpc_services:\n      - envoy_grpc: { cluster_name: xds }\n  cds_config: { ads: {} }\n${envoyBootstrap(envoyCluster('xds', 'control-plane', 18000), weighted).replace(/^admin:[\s\S]*?\n\n/, '')}`,
    },
    expect: [],
  },
  {
    name: 'near miss: a tcp_proxy naming a defined cluster',
    files: { 'envoy/envoy.yaml': TCP },
    expect: [],
  },
] satisfies RuleCase[];
