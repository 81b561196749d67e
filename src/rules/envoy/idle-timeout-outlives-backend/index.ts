import { defineRule } from '../../../core/define-rule.js';
import { isJsonFile } from '../../../inputs/envoy/queries.js';
import { insertLinesBefore, pathsByTarget } from '../../proxy-paths.js';
import { keepAliveBehind } from '../../backend-app.js';
import { envoyBootstrap, envoyCluster, envoyCompose } from '../examples.js';
import { replaceValue } from '../../text-edits.js';

const BACKENDS = `  app:
    image: node:22-alpine
    working_dir: /srv
    command: ["node", "server.js"]
    expose:
      - "3000"
`;

const idle = (seconds: number) => `      typed_extension_protocol_options:
        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
          common_http_protocol_options:
            idle_timeout: ${seconds}s
          explicit_http_config:
            http_protocol_options: {}
`;

/** Envoy's upstream idle timeout when none is configured. */
const DEFAULT_IDLE = 3600;

export default defineRule({
  id: 'envoy/idle-timeout-outlives-backend',
  domain: 'envoy',
  cause: 'keepalive-race',
  severity: 'warning',
  title: 'Envoy keeps idle upstream connections longer than the backend does',
  catalog: ['X12'],
  docs: {
    why: 'Envoy reuses idle upstream connections for up to `idle_timeout` (default 1 hour). A backend that closes idle keep-alive connections sooner — Node.js after 5 s, gunicorn after 2 s, embedded Tomcat after 60 s — races with it: Envoy sends a request on a connection the backend is closing and the client gets an occasional `503 upstream connect error or disconnect/reset before headers. reset reason: connection termination` (flag `UC`), mostly after quiet periods.',
    problem: {
      description: 'The Node.js backend closes idle connections after 5 s; Envoy keeps them for an hour.',
      files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 3000)) },
    },
    fixed: { files: { 'docker-compose.yml': envoyCompose(BACKENDS), 'envoy/envoy.yaml': envoyBootstrap(envoyCluster('app', 'app', 3000, idle(4))) } },
    remediation:
      "Set the cluster's `common_http_protocol_options.idle_timeout` below the backend's keep-alive timeout (or raise the backend's, e.g. Node.js `server.keepAliveTimeout`), and consider `retry_on: reset` for idempotent routes.",
    references: [
      'https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/core/v3/protocol.proto#envoy-v3-api-field-config-core-v3-httpprotocoloptions-idle-timeout',
      'https://nodejs.org/api/http.html#serverkeepalivetimeout',
    ],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'envoy');
    for (const config of ctx.facts.envoy.configs) {
      for (const cluster of config.clusters) {
        // HTTP/2 connections are long-lived sessions with their own keep-alive (PING): backends' HTTP/1.1 idle timers do not apply.
        if (cluster.protocol !== 'http1' || (cluster.usedBy.length > 0 && cluster.usedBy.every((r) => r.kind === 'tcp_proxy'))) continue;
        const timeout = cluster.idleTimeout?.value ?? DEFAULT_IDLE;
        if (timeout === 0) continue;
        for (const endpoint of cluster.endpoints) {
          const path = paths.get(endpoint.id);
          if (path?.status !== 'resolved') continue;
          const known = keepAliveBehind(ctx.facts, path.backend);
          // A keep-alive written in a Spring file is reported by spring/keep-alive-below-proxy-idle, where it is changed.
          if (!known || known.springSetting || timeout < known.seconds) continue;
          const safe = Math.max(1, Math.floor(known.seconds) - 1);
          const canInsert = !cluster.node.get('typed_extension_protocol_options') && cluster.protocol === 'http1' && !isJsonFile(cluster.insertAt.file);
          const fix = cluster.idleTimeout
            ? replaceValue(ctx.facts, cluster.idleTimeout.at, `${safe}s`, `close idle connections before ${path.backend?.label ?? 'the backend'} does`)
            : canInsert
              ? insertLinesBefore(
                  ctx.facts,
                  cluster.insertAt,
                  [
                    'typed_extension_protocol_options:',
                    '  envoy.extensions.upstreams.http.v3.HttpProtocolOptions:',
                    '    "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
                    '    common_http_protocol_options:',
                    `      idle_timeout: ${safe}s`,
                    '    explicit_http_config:',
                    '      http_protocol_options: {}',
                  ],
                  'close idle connections before the backend does',
                )
              : undefined;
          ctx.report({
            message: `cluster \`${cluster.name.value}\` keeps idle connections for ${timeout} s${cluster.idleTimeout ? '' : " (Envoy's default idle_timeout)"}, but ${path.backend?.label ?? endpoint.text} closes them after ${known.seconds} s (${known.source}): requests on a connection being closed fail with 503 (UC) now and then.`,
            at: cluster.idleTimeout?.at ?? cluster.name.at,
            ...(fix ? { fix } : {}),
            ...(known.at ? { related: [{ at: known.at, message: known.source }] } : {}),
          });
          break;
        }
      }
    }
  },
});
