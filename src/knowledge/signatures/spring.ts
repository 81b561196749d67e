import { defineSignature } from '../../core/define-signature.js';

/**
 * Spring Cloud Gateway, Reactor Netty and Netty texts (catalog section 10). SCG and WebClient surface
 * Netty's exceptions unchanged; Spring 6 wrappers (WebClientRequestException) repeat the Netty message
 * without the class name, so the Netty patterns accept the bare message in its `<name>/<ip>:<port>`
 * form too. The Netty class lines are shared with the generic Java signatures (java.ts), which is
 * expected: both describe the same event. Netty and Spring were not available locally: [kb]/[src].
 */
const SCG_SRC =
  'https://github.com/spring-cloud/spring-cloud-gateway/blob/v4.1.0/spring-cloud-gateway-server/src/main/java/org/springframework/cloud/gateway/filter';
const NETTY_SRC = 'https://github.com/netty/netty/blob/netty-4.1.118.Final';
const REACTOR_NETTY_SRC = 'https://github.com/reactor/reactor-netty/blob/v1.1.15/reactor-netty-http/src/main/java/reactor/netty/http/client';

/** `name/ip:port` as Netty prints an InetSocketAddress (name may be empty: `/127.0.0.1:8080`). */
const NETTY_ADDR = String.raw`[\w.-]*\/(?<host>[0-9a-fA-F:.]+|[\w.-]+):(?<port>\d{1,5})\b`;

export const signatures = [
  defineSignature({
    id: 'spring/gateway-no-instance',
    catalog: 'SCG-NOINST',
    platform: 'spring',
    title: 'Unable to find instance for <service-id> (lb:// route)',
    keywords: ['unable to find instance for'],
    pattern: /(?:NotFoundException: )?(?:(?<status>503) SERVICE_UNAVAILABLE |(?<status_2>404) NOT_FOUND )?"?Unable to find instance for (?<backend>[\w.:-]+)/i,
    phase: 'dns',
    status: 503,
    meaning:
      'The gateway route uses lb://<service>, and the load balancer found no instance of that service in discovery (Eureka, Consul, Kubernetes). The gateway answers 503 (404 with spring.cloud.gateway.loadbalancer.use404=true) without trying any connection.',
    causes: { 'no-endpoints': 0.45, 'startup-order': 0.3, 'config-error': 0.25 },
    checks: [
      'curl -s http://<eureka-host>:8761/eureka/apps | grep -i {backend}   # is the service registered (name as registered, usually upper case)?',
      'kubectl get endpoints {backend}   # with Spring Cloud Kubernetes discovery: does the Service have ready endpoints?',
      'Compare the lb://{backend} route URI with spring.application.name of the target service (typos, case).',
    ],
    fix: 'Make the target register under exactly the name used in lb://<service-id> (and wait for registration at startup), or fix the route URI.',
    source: `${SCG_SRC}/ReactiveLoadBalancerClientFilter.java`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'spring/gateway-response-timeout',
    catalog: 'SCG-TIMEOUT',
    platform: 'spring',
    title: '504 GATEWAY_TIMEOUT "Response took longer than timeout: PT<n>S"',
    keywords: ['response took longer than timeout'],
    pattern: /(?:(?<status>504) GATEWAY_TIMEOUT )?"?Response took longer than timeout: (?<detail>PT\d+(?:\.\d+)?S)/i,
    phase: 'read-headers',
    status: 504,
    meaning:
      'The gateway connected and sent the request, but the backend did not answer within the configured response timeout (spring.cloud.gateway.httpclient.response-timeout or the route metadata response-timeout), so the gateway answered 504.',
    causes: { 'slow-upstream': 0.6, 'timeout-misaligned': 0.4 },
    checks: [
      'curl -s -o /dev/null -w "%{time_starttransfer}\\n" http://<backend-host>:<port>/<path>   # from the gateway pod: how long until the first byte?',
      'grep -rn "response-timeout" src/main/resources/   # global httpclient.response-timeout vs per-route metadata',
    ],
    fix: 'Speed up the backend endpoint or raise the response timeout for that route (metadata response-timeout) to match the real latency.',
    source: `${SCG_SRC}/NettyRoutingFilter.java`,
    evidence: 'src',
  }),
  defineSignature({
    id: 'spring/netty-connection-refused',
    catalog: 'SCG-REFUSED',
    platform: 'spring',
    title: 'AnnotatedConnectException: Connection refused: <host>/<ip>:<port>',
    keywords: ['connection refused: '],
    pattern: new RegExp(String.raw`(?:AnnotatedConnectException: )?(?:(?:finishConnect|connect)\(\.\.\) failed: )?Connection refused: ${NETTY_ADDR}`, 'i'),
    phase: 'connect',
    status: 500,
    meaning:
      'Netty (used by Spring Cloud Gateway and WebClient) got a TCP reset when connecting to the backend: nothing listens on that address and port. The gateway answers 500 with its default error handler unless customised.',
    causes: { 'not-listening': 0.45, 'wrong-host-localhost': 0.35, 'port-mismatch': 0.2 },
    checks: [
      'ss -ltnp "sport = :{port}"   # on the target host/container: is anything listening on {port}?',
      'curl -v http://{host}:{port}/   # from inside the gateway container/pod',
      'If {host} is 127.0.0.1 or localhost inside a container, route to the service/container name instead.',
    ],
    fix: 'Point the route URI at the address and port where the backend listens (a service name, not localhost, from inside a container), or start the backend.',
    source: `${NETTY_SRC}/transport/src/main/java/io/netty/channel/AbstractChannel.java`,
    evidence: 'kb',
    fields: { code: 'ECONNREFUSED' },
  }),
  defineSignature({
    id: 'spring/netty-connect-timeout',
    catalog: 'SCG-CONNTIMEOUT',
    platform: 'spring',
    title: 'ConnectTimeoutException: connection timed out after <n> ms: <host>/<ip>:<port>',
    keywords: ['connection timed out'],
    pattern: new RegExp(String.raw`(?:io\.netty\.channel\.ConnectTimeoutException: )?connection timed out(?: after (?<detail>\d+ ms))?: ${NETTY_ADDR}`, 'i'),
    phase: 'connect',
    status: [500, 504],
    meaning:
      "Netty's connect timeout (CONNECT_TIMEOUT_MILLIS, spring.cloud.gateway.httpclient.connect-timeout) expired before the TCP handshake completed: the SYN was dropped or the address has no live host.",
    causes: { 'network-blocked': 0.6, 'no-endpoints': 0.3, 'slow-upstream': 0.1 },
    checks: [
      'nc -vz -w 3 {host} {port}   # from inside the gateway container/pod',
      'kubectl get endpoints -A | grep {host}   # is {host} a stale pod IP?',
      'Check security groups / NetworkPolicy / firewall rules for {host}:{port}.',
    ],
    fix: 'Open the network path to {host}:{port} or route to a live address; only raise connect-timeout if the network is known to be slow.',
    source: `${NETTY_SRC}/transport/src/main/java/io/netty/channel/nio/AbstractNioChannel.java`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'spring/premature-close-before-response',
    catalog: 'SCG-PREMATURE',
    platform: 'spring',
    title: 'PrematureCloseException: Connection prematurely closed BEFORE response',
    keywords: ['connection prematurely closed before response'],
    pattern: /(?:reactor\.netty\.http\.client\.PrematureCloseException: )?Connection prematurely closed BEFORE response/i,
    phase: 'read-headers',
    status: [500, 502],
    meaning:
      'Reactor Netty sent the request on a (usually pooled) connection and the server closed it before any response byte arrived. Typical cause: the backend or an LB closed an idle keep-alive connection just as the gateway reused it.',
    causes: { 'keepalive-race': 0.55, 'upstream-reset': 0.45 },
    checks: [
      'Compare the pool maxIdleTime (spring.cloud.gateway.httpclient.pool.max-idle-time) with the backend/LB keep-alive idle timeout: it must be shorter.',
      'Check the backend logs and restarts at the time of the error (crash or OOM kill closes connections).',
    ],
    fix: 'Set the pool max-idle-time (and max-life-time) below the backend or load balancer keep-alive timeout so stale connections are never reused.',
    source: `${REACTOR_NETTY_SRC}/HttpClientOperations.java`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'spring/premature-close-during-response',
    catalog: 'SCG-PREMATURE',
    platform: 'spring',
    title: 'PrematureCloseException: Connection prematurely closed DURING response',
    keywords: ['connection prematurely closed during response'],
    pattern: /(?:reactor\.netty\.http\.client\.PrematureCloseException: )?Connection prematurely closed DURING response/i,
    phase: 'read-body',
    status: null,
    meaning:
      'The backend started a response and the connection was closed before the body was complete: the backend crashed or aborted the stream, or an intermediate LB cut it on an idle/total timeout.',
    causes: { 'upstream-reset': 0.6, 'keepalive-race': 0.25, 'slow-upstream': 0.15 },
    checks: [
      'Check the backend logs for errors or restarts while it was streaming the response.',
      'Check idle/total timeouts of any load balancer between the gateway and the backend (long downloads, server-sent events).',
    ],
    fix: 'Fix the backend failure mid-response, or raise the idle timeout of the intermediate load balancer for long responses.',
    source: `${REACTOR_NETTY_SRC}/HttpClientOperations.java`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'spring/reactor-pool-acquire-failed',
    catalog: 'SCG-POOL',
    platform: 'spring',
    title: 'Reactor Netty pool: pending acquire queue full / acquire timeout',
    keywords: ['pending acquire queue has reached its maximum size', 'pool#acquire(duration) has been pending'],
    pattern:
      /(?<detail>PoolAcquirePendingLimitException: Pending acquire queue has reached its maximum size of \d+|PoolAcquireTimeoutException: Pool#acquire\(Duration\) has been pending for more than the configured timeout of \d+ ?ms|Pending acquire queue has reached its maximum size of \d+|Pool#acquire\(Duration\) has been pending for more than the configured timeout of \d+ ?ms)/i,
    phase: 'pool',
    status: [500, 503],
    meaning:
      'All connections of the Reactor Netty pool to that backend were busy and the request could not get one (queue full or acquire timeout): too many concurrent requests for the pool size, usually because the backend answers slowly.',
    causes: { 'resource-exhaustion': 0.55, 'slow-upstream': 0.45 },
    checks: [
      'grep -rn "httpclient.pool" src/main/resources/   # max-connections, acquire-timeout, type',
      'Look at the backend latency at that time: slow responses hold pool connections longer.',
      'curl -s localhost:8080/actuator/metrics/reactor.netty.connection.provider.pending.connections   # if Micrometer metrics are enabled',
    ],
    fix: 'Fix the backend latency first; then size spring.cloud.gateway.httpclient.pool.max-connections / acquire-timeout for the real concurrency.',
    source: 'https://github.com/reactor/reactor-pool/blob/v1.0.5/reactor-pool/src/main/java/reactor/pool/SimpleDequePool.java',
    evidence: 'kb',
  }),
  defineSignature({
    id: 'spring/netty-read-timeout',
    catalog: 'SCG-READTIMEOUT',
    platform: 'spring',
    title: 'io.netty.handler.timeout.ReadTimeoutException',
    keywords: ['readtimeoutexception'],
    pattern: /io\.netty\.handler\.timeout\.ReadTimeoutException\b/,
    phase: 'read-headers',
    status: [500, 504],
    meaning:
      "Netty's ReadTimeoutHandler fired: the connection was open but no data arrived within the read timeout (WebClient/Reactor Netty responseTimeout or a ReadTimeoutHandler). The message is usually null.",
    causes: { 'slow-upstream': 0.6, 'timeout-misaligned': 0.4 },
    checks: [
      'curl -s -o /dev/null -w "%{time_starttransfer}\\n" http://<backend-host>:<port>/<path>   # real time to first byte of the backend',
      'grep -rn "ReadTimeoutHandler\\|responseTimeout\\|response-timeout" src/   # which timeout is configured where',
    ],
    fix: 'Speed up the backend call or raise the read/response timeout to match its real latency.',
    source: `${NETTY_SRC}/handler/src/main/java/io/netty/handler/timeout/ReadTimeoutHandler.java`,
    evidence: 'kb',
  }),
];
