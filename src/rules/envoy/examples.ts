/** Shared pieces of the Envoy rules' example projects: Envoy in Compose with its bootstrap mounted. */

export const envoyCompose = (backends: string) => `services:
  envoy:
    image: envoyproxy/envoy:v1.31-latest
    command: ["envoy", "-c", "/etc/envoy/envoy.yaml"]
    ports:
      - "8080:10000"
    volumes:
      - ./envoy/envoy.yaml:/etc/envoy/envoy.yaml:ro
${backends}`;

const DEFAULT_ROUTES = `                        - match: { prefix: "/" }
                          route: { cluster: app }
`;

/** A bootstrap with one HTTP listener on 10000 whose routes (default: `/` → cluster `app`) lead to `clusters`. */
export function envoyBootstrap(clusters: string, routes = DEFAULT_ROUTES, httpFilters = ''): string {
  return `admin:
  address:
    socket_address: { address: 127.0.0.1, port_value: 9901 }

static_resources:
  listeners:
    - name: ingress
      address:
        socket_address: { address: 0.0.0.0, port_value: 10000 }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: ingress_http
                route_config:
                  name: local_route
                  virtual_hosts:
                    - name: app
                      domains: ["*"]
                      routes:
${routes}                http_filters:
${httpFilters}                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
  clusters:
${clusters}`;
}

/** A STRICT_DNS cluster with one endpoint; `extra` lines (6-space indented) go before `load_assignment`. */
export function envoyCluster(name: string, host: string, port: number, extra = '', type = 'STRICT_DNS'): string {
  return `    - name: ${name}
      type: ${type}
      connect_timeout: 1s
${extra}      load_assignment:
        cluster_name: ${name}
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address:
                      address: ${host}
                      port_value: ${port}
`;
}
