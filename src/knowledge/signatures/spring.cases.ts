import type { SignatureCases } from '../../core/signature-cases.js';

export default {
  'spring/gateway-no-instance': {
    match: [
      {
        text: '2024-03-12 09:14:02.113 DEBUG 1 --- [ctor-http-nio-3] o.s.w.s.h.ResponseStatusExceptionHandler : [3f2a1b4c-12] Resolved [NotFoundException: 503 SERVICE_UNAVAILABLE "Unable to find instance for user-service"] for HTTP GET /users/1',
        fields: { backend: 'user-service', status: '503' },
      },
      {
        text: 'org.springframework.cloud.gateway.support.NotFoundException: 503 SERVICE_UNAVAILABLE "Unable to find instance for USER-SERVICE"',
        fields: { backend: 'USER-SERVICE' },
      },
      {
        text: 'org.springframework.cloud.gateway.support.NotFoundException: 404 NOT_FOUND "Unable to find instance for orders"',
        fields: { backend: 'orders', status: '404' },
      },
      {
        text: '{"timestamp":"2024-03-12T09:14:02.113+00:00","path":"/users/1","status":503,"error":"Service Unavailable","requestId":"3f2a1b4c-12","message":"Unable to find instance for user-service"}',
        fields: { backend: 'user-service' },
      },
    ],
    nearMiss: [
      '2024-03-12 09:14:02.113  WARN 1 --- [ctor-http-nio-3] o.s.c.l.core.RoundRobinLoadBalancer      : No servers available for service: user-service',
      '2024-03-12 09:13:58.402  INFO 1 --- [nfoReplicator-0] com.netflix.discovery.DiscoveryClient    : DiscoveryClient_USER-SERVICE/10.0.3.7:user-service:8081 - registration status: 204',
    ],
  },
  'spring/gateway-response-timeout': {
    match: [
      {
        text: 'org.springframework.web.server.ResponseStatusException: 504 GATEWAY_TIMEOUT "Response took longer than timeout: PT5S"',
        fields: { status: '504', detail: 'PT5S' },
      },
      {
        text: '2024-03-12 09:14:02.113 DEBUG 1 --- [     parallel-3] o.s.w.s.h.ResponseStatusExceptionHandler : [7b1e9c2d-48] Resolved [ResponseStatusException: 504 GATEWAY_TIMEOUT "Response took longer than timeout: PT0.5S"] for HTTP GET /reports/daily',
        fields: { detail: 'PT0.5S' },
      },
      {
        text: 'Caused by: java.util.concurrent.TimeoutException: Response took longer than timeout: PT30S',
        fields: { detail: 'PT30S' },
      },
    ],
    nearMiss: [
      "java.util.concurrent.TimeoutException: Did not observe any item or terminal signal within 5000ms in 'flatMap' (and no fallback has been configured)",
      'io.netty.handler.timeout.ReadTimeoutException: null',
    ],
  },
  'spring/netty-connection-refused': {
    match: [
      {
        text: 'io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:8080',
        fields: { host: '127.0.0.1', port: '8080', code: 'ECONNREFUSED' },
      },
      {
        text: 'io.netty.channel.AbstractChannel$AnnotatedConnectException: finishConnect(..) failed: Connection refused: user-service/172.18.0.7:8081',
        fields: { host: '172.18.0.7', port: '8081' },
      },
      {
        text: [
          '2024-03-12T09:14:02.113Z ERROR 1 --- [ctor-http-nio-3] a.w.r.e.AbstractErrorWebExceptionHandler : [3f2a1b4c-12]  500 Server Error for HTTP GET "/users/1"',
          '',
          'io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /127.0.0.1:8081',
          '\tSuppressed: reactor.core.publisher.FluxOnAssembly$OnAssemblyException: ',
          'Error has been observed at the following site(s):',
          '\t*__checkpoint ⇢ org.springframework.cloud.gateway.filter.WeightCalculatorWebFilter [DefaultWebFilterChain]',
          '\t*__checkpoint ⇢ HTTP GET "/users/1" [ExceptionHandlingWebHandler]',
          'Original Stack Trace:',
          'Caused by: java.net.ConnectException: Connection refused',
          '\tat java.base/sun.nio.ch.Net.pollConnect(Native Method) ~[na:na]',
        ].join('\n'),
        fields: { host: '127.0.0.1', port: '8081' },
      },
      {
        text: '{"timestamp":"2024-03-12T09:14:02.113+00:00","path":"/users/1","status":500,"error":"Internal Server Error","requestId":"3f2a1b4c-12","message":"Connection refused: localhost/127.0.0.1:8080"}',
        fields: { host: '127.0.0.1', port: '8080' },
      },
      {
        text: 'io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/0:0:0:0:0:0:0:1:8080',
        fields: { host: '0:0:0:0:0:0:0:1', port: '8080' },
      },
    ],
    nearMiss: [
      'io.netty.channel.ConnectTimeoutException: connection timed out: user-service/10.0.3.7:8080',
      'java.net.ConnectException: Connection refused: connect',
      '2024-03-12 09:14:02.113 DEBUG 1 --- [ctor-http-nio-2] r.n.http.client.HttpClientConnect        : [a1b2c3d4-1, L:/10.0.1.5:43210 - R:user-service/10.0.3.7:8080] Handler is being applied: {uri=http://user-service:8080/users/1, method=GET}',
    ],
  },
  'spring/netty-connect-timeout': {
    match: [
      {
        text: 'io.netty.channel.ConnectTimeoutException: connection timed out: user-service/10.0.3.7:8080',
        fields: { host: '10.0.3.7', port: '8080' },
      },
      {
        text: 'io.netty.channel.ConnectTimeoutException: connection timed out after 45000 ms: payments.internal/10.20.4.11:443',
        fields: { host: '10.20.4.11', port: '443', detail: '45000 ms' },
      },
      {
        text: 'org.springframework.web.reactive.function.client.WebClientRequestException: connection timed out after 10000 ms: inventory/10.96.41.7:8080',
        fields: { host: '10.96.41.7', port: '8080' },
      },
    ],
    nearMiss: [
      'org.apache.http.conn.ConnectTimeoutException: Connect to 10.0.3.7:8080 [/10.0.3.7] failed: Connect timed out',
      '2024/03/12 09:14:02 [error] 31#31: *7 upstream timed out (110: Connection timed out) while connecting to upstream, client: 172.18.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://10.0.3.7:8080/", host: "example.com"',
    ],
  },
  'spring/premature-close-before-response': {
    match: [
      { text: 'reactor.netty.http.client.PrematureCloseException: Connection prematurely closed BEFORE response' },
      {
        text: [
          '2024-03-12T09:14:02.113Z ERROR 1 --- [ctor-http-nio-5] a.w.r.e.AbstractErrorWebExceptionHandler : [5d0c8e1a-103]  500 Server Error for HTTP POST "/orders"',
          '',
          'reactor.netty.http.client.PrematureCloseException: Connection prematurely closed BEFORE response',
        ].join('\n'),
      },
      {
        text: 'org.springframework.web.reactive.function.client.WebClientRequestException: Connection prematurely closed BEFORE response',
      },
    ],
    nearMiss: [
      'reactor.netty.http.client.PrematureCloseException: Connection prematurely closed DURING response',
      'reactor.netty.channel.AbortedException: Connection has been closed BEFORE send operation',
    ],
  },
  'spring/premature-close-during-response': {
    match: [
      { text: 'reactor.netty.http.client.PrematureCloseException: Connection prematurely closed DURING response' },
      {
        text: '2024-03-12 09:14:02.113  WARN 1 --- [ctor-http-nio-4] r.netty.http.client.HttpClientConnect    : [9e2f4a10-1, L:/10.0.1.5:51544 ! R:reports/10.0.3.9:8080] The connection observed an error, the request will be retried\nreactor.netty.http.client.PrematureCloseException: Connection prematurely closed DURING response',
      },
    ],
    nearMiss: [
      'reactor.netty.http.client.PrematureCloseException: Connection prematurely closed BEFORE response',
      'reactor.netty.channel.AbortedException: Connection has been closed',
    ],
  },
  'spring/reactor-pool-acquire-failed': {
    match: [
      {
        text: 'reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException: Pending acquire queue has reached its maximum size of 1000',
      },
      {
        text: 'reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException: Pool#acquire(Duration) has been pending for more than the configured timeout of 45000ms',
        fields: { detail: 'PoolAcquireTimeoutException: Pool#acquire(Duration) has been pending for more than the configured timeout of 45000ms' },
      },
      {
        text: '2024-03-12T09:14:02.113Z ERROR 1 --- [ctor-http-nio-7] a.w.r.e.AbstractErrorWebExceptionHandler : [c0ffee12-9]  500 Server Error for HTTP GET "/catalog/items"\n\nreactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException: Pending acquire queue has reached its maximum size of 32',
      },
    ],
    nearMiss: [
      '2024-03-12 09:14:02.113 DEBUG 1 --- [ctor-http-nio-2] r.n.resources.PooledConnectionProvider   : [a1b2c3d4] Created a new pooled channel, now: 12 active connections, 0 inactive connections and 0 pending acquire requests.',
      'org.apache.http.conn.ConnectionPoolTimeoutException: Timeout waiting for connection from pool',
    ],
  },
  'spring/netty-read-timeout': {
    match: [
      { text: 'io.netty.handler.timeout.ReadTimeoutException: null' },
      {
        text: 'org.springframework.web.reactive.function.client.WebClientRequestException: nested exception is io.netty.handler.timeout.ReadTimeoutException',
      },
      {
        text: '2024-03-12 09:14:02.113 ERROR 1 --- [ctor-http-nio-2] a.w.r.e.AbstractErrorWebExceptionHandler : [4c1d2e3f-7]  500 Server Error for HTTP GET "/slow"\n\nio.netty.handler.timeout.ReadTimeoutException: null',
      },
    ],
    nearMiss: ['io.netty.handler.timeout.WriteTimeoutException: null', 'java.net.SocketTimeoutException: Read timed out'],
  },
} satisfies SignatureCases;
