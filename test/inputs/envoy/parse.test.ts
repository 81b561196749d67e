import { describe, expect, it } from 'vitest';
import { parseEnvoy } from '../../../src/inputs/envoy/parse-envoy.js';
import { envoyTargets } from '../../../src/inputs/envoy/topology.js';
import { envoyBootstrap, envoyCluster } from '../../../src/rules/envoy/examples.js';
import { lintProject } from '../../helpers/lint-project.js';
import { memoryInput } from '../compose/compose-input.js';

function parse(files: Record<string, string>) {
  const input = memoryInput(files);
  const facts = parseEnvoy(input);
  return { facts, problems: input.reported.map((p) => `${p.at.file}:${p.at.line}:${p.at.column} ${p.message}`) };
}

const at = (p: { file: string; line: number; column: number } | undefined) => (p ? `${p.file}:${p.line}:${p.column}` : undefined);

const FULL = `static_resources:
  listeners:
    - name: edge
      address:
        socket_address: { address: 0.0.0.0, port_value: 8443 }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: edge
                route_config:
                  virtual_hosts:
                    - name: api
                      domains: ["api.example.com"]
                      routes:
                        - match: { prefix: "/grpc.health.v1.Health/", grpc: {} }
                          route: { cluster: inventory, timeout: 5s }
                        - match: { path: "/" }
                          route:
                            weighted_clusters:
                              clusters:
                                - { name: web, weight: 80 }
                                - { name: web-canary, weight: 20 }
                            request_mirror_policies:
                              - cluster: shadow
                    - name: other
                      domains: ["*"]
                      routes:
                        - match: { safe_regex: { regex: "^/x.*" } }
                          route: { cluster: web }
                http_filters:
                  - name: envoy.filters.http.router
    - name: pg
      address:
        socket_address: { address: 0.0.0.0, port_value: 5432 }
      filter_chains:
        - filters:
            - name: envoy.filters.network.tcp_proxy
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                stat_prefix: pg
                cluster: db
  clusters:
    - name: inventory
      type: STRICT_DNS
      connect_timeout: { seconds: 1, nanos: 500000000 }
      typed_extension_protocol_options:
        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
          common_http_protocol_options: { idle_timeout: 30s }
          explicit_http_config:
            http2_protocol_options: {}
      transport_socket:
        name: envoy.transport_sockets.tls
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
          sni: inventory.internal
          common_tls_context:
            alpn_protocols: [h2]
      health_checks:
        - timeout: 1s
          interval: 10s
          grpc_health_check: {}
      circuit_breakers:
        thresholds:
          - priority: HIGH
            max_connections: 2048
      outlier_detection:
        consecutive_5xx: 5
        max_ejection_percent: 50
        base_ejection_time: 30s
      common_lb_config:
        healthy_panic_threshold: { value: 25 }
      load_assignment:
        cluster_name: inventory
        endpoints:
          - lb_endpoints:
              - endpoint:
                  health_check_config: { port_value: 9901 }
                  address:
                    socket_address: { address: inventory, port_value: 50051 }
              - endpoint:
                  address:
                    pipe: { path: /run/inventory.sock }
    - name: web
      connect_timeout: 0.25s
      http2_protocol_options: {}
      load_assignment:
        cluster_name: web
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: { address: 10.0.0.7, port_value: 8080 }
    - name: db
      type: LOGICAL_DNS
      connect_timeout: 2s
      load_assignment:
        cluster_name: db
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: { address: postgres, port_value: 5432 }
    - name: discovered
      type: EDS
      eds_cluster_config: { eds_config: { ads: {} } }
`;

describe('Envoy bootstrap', () => {
  it('reads clusters with every setting the rules use, with positions', () => {
    const { facts, problems } = parse({ 'envoy.yaml': FULL });
    expect(problems).toEqual([]);
    const [config] = facts.configs;
    expect(config!.id).toBe('envoy:envoy.yaml');
    const inventory = config!.clusters.find((c) => c.name.value === 'inventory')!;
    expect(inventory.discovery).toBe('STRICT_DNS');
    expect(inventory.connectTimeout?.value).toBe(1.5);
    expect(inventory.protocol).toBe('http2');
    expect(at(inventory.protocolAt)).toBe('envoy.yaml:53:13');
    expect(inventory.idleTimeout).toEqual({ value: 30, at: expect.objectContaining({ line: 51, column: 57 }) });
    expect(inventory.tls).toMatchObject({ sni: { value: 'inventory.internal' }, alpn: ['h2'] });
    expect(inventory.healthChecks).toMatchObject([{ kind: 'grpc', timeout: { value: 1 }, interval: { value: 10 } }]);
    expect(inventory.circuitBreakers).toMatchObject([{ priority: 'HIGH', maxConnections: { value: 2048 } }]);
    expect(inventory.outlierDetection).toMatchObject({ consecutive5xx: { value: 5 }, maxEjectionPercent: { value: 50 }, baseEjectionTime: { value: 30 } });
    expect(inventory.panicThreshold?.value).toBe(25);
    expect(inventory.endpoints.map((e) => [e.text, at(e.hostAt), at(e.portAt), e.healthCheckPort?.value])).toEqual([
      ['inventory:50051', 'envoy.yaml:82:48', 'envoy.yaml:82:71', 9901],
      ['unix:/run/inventory.sock', undefined, undefined, undefined],
    ]);
    const web = config!.clusters.find((c) => c.name.value === 'web')!;
    expect([web.discovery, web.connectTimeout?.value, web.protocol]).toEqual(['STATIC', 0.25, 'http2']);
    expect(config!.clusters.find((c) => c.name.value === 'discovered')!.discovery).toBe('EDS');
  });

  it('links routes (plain, weighted, mirror, tcp_proxy) to clusters and keeps the undefined ones', () => {
    const { facts } = parse({ 'envoy.yaml': FULL });
    const config = facts.configs[0]!;
    const web = config.clusters.find((c) => c.name.value === 'web')!;
    expect(web.usedBy.map((r) => `${r.kind} ${r.route}`)).toEqual([
      'weighted listener `edge` (:8443), virtual host `api`, route `/`',
      'route listener `edge` (:8443), virtual host `other`, route `^/x.*`',
    ]);
    const inventory = config.clusters.find((c) => c.name.value === 'inventory')!;
    expect(inventory.usedBy[0]).toMatchObject({ kind: 'route', timeout: { value: 5 }, grpc: { reason: expect.stringContaining('match.grpc') } });
    expect(config.clusters.find((c) => c.name.value === 'db')!.usedBy.map((r) => r.kind)).toEqual(['tcp_proxy']);
    expect(config.danglingRoutes.map((r) => `${r.cluster.value} ${at(r.cluster.at)}`)).toEqual(['web-canary envoy.yaml:24:43', 'shadow envoy.yaml:26:42']);
    expect(config.listeners.map((l) => [l.name, l.port])).toEqual([
      ['edge', 8443],
      ['pg', 5432],
    ]);
  });

  it('makes one target per endpoint of DNS and static clusters (not EDS), with schemes', () => {
    const { facts } = parse({ 'envoy.yaml': FULL });
    expect(envoyTargets(facts.configs[0]!).map((t) => `${t.text} ${t.scheme}${t.unixSocket ? ' unix' : ''}`)).toEqual([
      'inventory:50051 h2',
      'unix:/run/inventory.sock h2 unix',
      '10.0.0.7:8080 h2c',
      'postgres:5432 tcp',
    ]);
  });

  it('reads lowerCamelCase JSON and the deprecated cluster-level options', () => {
    const json = JSON.stringify({
      staticResources: {
        clusters: [
          {
            name: 'api',
            type: 'STRICT_DNS',
            connectTimeout: '3s',
            commonHttpProtocolOptions: { idleTimeout: '15s' },
            protocolSelection: 'USE_DOWNSTREAM_PROTOCOL',
            loadAssignment: {
              clusterName: 'api',
              endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: 'api', portValue: 3000 } } } }] }],
            },
          },
        ],
      },
    });
    const { facts, problems } = parse({ 'envoy.json': json });
    expect(problems).toEqual([]);
    const api = facts.configs[0]!.clusters[0]!;
    expect([api.connectTimeout?.value, api.idleTimeout?.value, api.protocol, api.endpoints[0]!.text]).toEqual([3, 15, 'downstream', 'api:3000']);
  });

  it('joins file-based CDS/LDS resources to the bootstrap that names them', () => {
    const bootstrap =
      'node: { id: edge, cluster: edge }\ndynamic_resources:\n  cds_config:\n    path_config_source: { path: /etc/envoy/cds.yaml }\nstatic_resources: {}\n';
    const cds = `resources:\n  - "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster\n    name: api\n    type: STRICT_DNS\n    load_assignment:\n      cluster_name: api\n      endpoints:\n        - lb_endpoints:\n            - endpoint: { address: { socket_address: { address: api, port_value: 3000 } } }\n`;
    const { facts } = parse({ 'envoy/envoy.yaml': bootstrap, 'envoy/cds.yaml': cds });
    expect(facts.configs.map((c) => [c.id, c.files, c.clusters.map((x) => x.name.value)])).toEqual([
      ['envoy:envoy/envoy.yaml', ['envoy/envoy.yaml', 'envoy/cds.yaml'], ['api']],
    ]);
  });

  it('does not call a route dangling when clusters come from CDS over a management server', () => {
    const bootstrap = envoyBootstrap(envoyCluster('xds', 'control-plane', 18000)).replace(
      'static_resources:',
      'dynamic_resources:\n  cds_config: { ads: {} }\n  ads_config: { api_type: GRPC }\nstatic_resources:',
    );
    const routed = bootstrap.replace('route: { cluster: app }', 'route: { cluster: orders }');
    const { facts } = parse({ 'envoy.yaml': routed });
    expect(facts.configs[0]!.dynamicClusters).toBe(true);
    expect(facts.configs[0]!.danglingRoutes).toEqual([]);
  });

  it('ignores YAML that is not Envoy, even when it mentions clusters', () => {
    const { facts } = parse({
      'values.yaml': 'clusters:\n  - name: a\nstatic: true\n',
      'k8s.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n',
    });
    expect(facts.configs).toEqual([]);
  });
});

describe('bad Envoy input', () => {
  it('reports a bad duration, a nameless cluster, v2 `hosts` and a missing port, and still reads the rest', () => {
    const yaml = `static_resources:
  clusters:
    - type: STRICT_DNS
    - name: slow
      connect_timeout: 5
      load_assignment:
        cluster_name: slow
        endpoints:
          - lb_endpoints:
              - endpoint: { address: { socket_address: { address: slow } } }
    - name: legacy
      hosts:
        - socket_address: { address: legacy, port_value: 80 }
    - name: ok
      load_assignment:
        cluster_name: ok
        endpoints:
          - lb_endpoints:
              - endpoint: { address: { socket_address: { address: 10.1.1.1, port_value: 80 } } }
`;
    const { facts, problems } = parse({ 'envoy.yaml': yaml });
    expect(problems).toEqual([
      'envoy.yaml:3:7 cluster without a `name`: Envoy refuses it',
      'envoy.yaml:5:24 connect_timeout `5` is not a duration (e.g. 0.25s)',
      'envoy.yaml:10:56 endpoint of cluster `slow` has no `port_value`',
      'envoy.yaml:12:7 `hosts` is an Envoy v2 field that v3 rejects: list the endpoints under `load_assignment`',
    ]);
    expect(facts.configs[0]!.clusters.map((c) => `${c.name.value}:${c.endpoints.map((e) => e.text).join(',')}`)).toEqual([
      'slow:slow:?',
      'legacy:legacy:80',
      'ok:10.1.1.1:80',
    ]);
  });

  it('reports a cluster defined twice', () => {
    const { problems } = parse({ 'envoy.yaml': envoyBootstrap(envoyCluster('app', 'a', 1) + envoyCluster('app', 'b', 2)) });
    expect(problems).toEqual([expect.stringMatching(/^envoy\.yaml:\d+:13 cluster `app` is defined twice/)]);
  });

  it('never throws on truncated bootstraps', () => {
    for (let cut = 0; cut < FULL.length; cut += 23) expect(() => parse({ 'envoy.yaml': FULL.slice(0, cut) })).not.toThrow();
  });
});

describe('Envoy in a Kubernetes ConfigMap', () => {
  it('is parsed in place (positions in the YAML file) and located in the pod that mounts it', async () => {
    const manifest = `apiVersion: v1
kind: ConfigMap
metadata:
  name: edge-envoy
data:
  envoy.yaml: |
    static_resources:
      clusters:
        - name: api
          type: STRICT_DNS
          load_assignment:
            cluster_name: api
            endpoints:
              - lb_endpoints:
                  - endpoint:
                      address:
                        socket_address: { address: api, port_value: 80 }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: edge
spec:
  selector: { matchLabels: { app: edge } }
  template:
    metadata: { labels: { app: edge } }
    spec:
      containers:
        - name: envoy
          image: envoyproxy/envoy:v1.31-latest
          volumeMounts: [{ name: config, mountPath: /etc/envoy }]
      volumes:
        - name: config
          configMap: { name: edge-envoy }
`;
    const { facts } = await lintProject({ 'k8s/edge.yaml': manifest });
    const config = facts.envoy.configs[0]!;
    expect(config.id).toBe('envoy:k8s/edge.yaml#edge-envoy/envoy.yaml');
    expect(at(config.clusters[0]!.endpoints[0]!.hostAt)).toBe('k8s/edge.yaml:17:52');
    expect(facts.topology.proxies.find((p) => p.id === config.id)?.runtime?.label).toBe('Deployment `edge`');
  });
});
