import type { SignatureCases } from '../../core/signature-cases.js';

/** A JDK 17 HttpURLConnection stack trace as really printed (connection refused). */
const HUC_REFUSED_TRACE = [
  '2024-03-12 09:14:02.113 ERROR 1 --- [nio-8080-exec-3] c.e.orders.client.InventoryClient        : inventory lookup failed',
  '',
  'java.net.ConnectException: Connection refused',
  '\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)',
  '\tat java.base/sun.nio.ch.Net.pollConnectNow(Net.java:672)',
  '\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:547)',
  '\tat java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:602)',
  '\tat java.base/java.net.Socket.connect(Socket.java:633)',
  '\tat java.base/sun.net.NetworkClient.doConnect(NetworkClient.java:178)',
  '\tat java.base/sun.net.www.http.HttpClient.openServer(HttpClient.java:533)',
].join('\n');

export default {
  'java/connection-refused': {
    match: [
      { text: 'java.net.ConnectException: Connection refused', fields: { code: 'ECONNREFUSED' } },
      { text: 'java.net.ConnectException: Connection refused (Connection refused)', fields: { detail: ' (Connection refused)' } },
      { text: HUC_REFUSED_TRACE },
      { text: 'Caused by: java.net.ConnectException: Connection refused: connect' },
      {
        text: '{"@timestamp":"2024-03-12T09:14:02.113Z","level":"ERROR","logger_name":"c.e.orders.client.InventoryClient","message":"inventory lookup failed","stack_trace":"java.net.ConnectException: Connection refused\\n\\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\\n"}',
      },
    ],
    nearMiss: [
      'java.net.SocketTimeoutException: Connect timed out',
      'java.net.ConnectException: Failed to connect to /127.0.0.1:8080',
      'io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:8080',
    ],
  },
  'java/okhttp-failed-to-connect': {
    match: [
      { text: 'java.net.ConnectException: Failed to connect to /127.0.0.1:18899', fields: { host: '127.0.0.1', port: '18899' } },
      {
        text: 'java.net.ConnectException: Failed to connect to localhost/127.0.0.1:8080',
        fields: { host: '127.0.0.1', port: '8080' },
      },
      {
        text: '2024-03-12 09:14:02.113 ERROR 1 --- [pool-2-thread-1] c.e.billing.PaymentGateway : charge failed\njava.net.ConnectException: Failed to connect to payments.internal/10.20.4.11:443\n\tat okhttp3.internal.connection.RealConnection.connectSocket(RealConnection.kt:297)\nCaused by: java.net.ConnectException: Connection refused',
        fields: { host: '10.20.4.11', port: '443' },
      },
    ],
    nearMiss: ['java.net.ConnectException: Connection refused', 'java.net.SocketTimeoutException: Connect timed out'],
  },
  'java/connect-timed-out': {
    match: [
      { text: 'java.net.SocketTimeoutException: Connect timed out' },
      { text: 'java.net.SocketTimeoutException: connect timed out' },
      {
        text: 'org.apache.http.conn.ConnectTimeoutException: Connect to 10.0.3.7:8080 [/10.0.3.7] failed: Connect timed out',
        fields: { host: '10.0.3.7', port: '8080' },
      },
      {
        text: 'org.apache.hc.client5.http.ConnectTimeoutException: Connect to http://10.0.3.7:8080 [/10.0.3.7] failed: Connect timed out',
        fields: { host: '10.0.3.7', port: '8080', scheme: 'http' },
      },
      { text: 'java.net.http.HttpConnectTimeoutException: HTTP connect timed out' },
    ],
    nearMiss: ['java.net.SocketTimeoutException: Read timed out', 'io.netty.channel.ConnectTimeoutException: connection timed out: user-service/10.0.3.7:8080'],
  },
  'java/read-timed-out': {
    match: [
      { text: 'java.net.SocketTimeoutException: Read timed out', fields: { detail: 'Read timed out' } },
      {
        text: 'Caused by: java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)',
      },
      { text: 'java.net.SocketTimeoutException: timeout', fields: { detail: 'timeout' } },
      { text: 'java.net.http.HttpTimeoutException: request timed out' },
    ],
    nearMiss: ['java.net.SocketTimeoutException: Connect timed out', 'java.net.http.HttpConnectTimeoutException: HTTP connect timed out'],
  },
  'java/unknown-host': {
    match: [
      { text: 'java.net.UnknownHostException: user-service', fields: { host: 'user-service' } },
      {
        text: 'java.net.UnknownHostException: nonexistent.invalid: Name or service not known',
        fields: { host: 'nonexistent.invalid', detail: 'Name or service not known' },
      },
      {
        text: "java.net.UnknownHostException: Failed to resolve 'inventory' [A(1), AAAA(28)] after 2 queries ",
        fields: { host: 'inventory' },
      },
      {
        text: 'Caused by: java.net.UnknownHostException: db.internal.example: nodename nor servname provided, or not known',
        fields: { host: 'db.internal.example' },
      },
    ],
    nearMiss: ['java.net.UnknownHostException: user-service: Temporary failure in name resolution', 'java.net.ConnectException: Connection refused'],
  },
  'java/unknown-host-temporary-failure': {
    match: [
      {
        text: 'java.net.UnknownHostException: user-service: Temporary failure in name resolution',
        fields: { host: 'user-service', code: 'EAI_AGAIN' },
      },
      {
        text: 'Caused by: java.net.UnknownHostException: postgres: Try again',
        fields: { host: 'postgres' },
      },
    ],
    nearMiss: ['java.net.UnknownHostException: nonexistent.invalid: Name or service not known', 'java.net.UnknownHostException: user-service'],
  },
  'java/no-route-to-host': {
    match: [
      { text: 'java.net.NoRouteToHostException: No route to host' },
      { text: 'java.net.NoRouteToHostException: No route to host (Host unreachable)', fields: { code: 'EHOSTUNREACH' } },
      { text: 'Caused by: java.net.NoRouteToHostException: No route to host\n\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)' },
    ],
    nearMiss: [
      'java.net.NoRouteToHostException: Cannot assign requested address (Address not available)',
      'java.net.SocketException: Network is unreachable (connect failed)',
    ],
  },
  'java/connection-reset': {
    match: [
      { text: 'java.net.SocketException: Connection reset', fields: { code: 'ECONNRESET' } },
      { text: 'java.net.SocketException: Connection reset by peer', fields: { detail: ' by peer' } },
      {
        text: 'Nov 21, 2026 2:25:52 AM org.apache.http.impl.execchain.RetryExec execute\nINFO: I/O exception (java.net.SocketException) caught when processing request to {}->http://127.0.0.1:18802: Connection reset\njava.net.SocketException: Connection reset',
      },
      { text: 'javax.net.ssl.SSLException: Connection reset' },
    ],
    nearMiss: ['java.net.SocketException: Socket is closed', 'java.net.SocketException: Unexpected end of file from server'],
  },
  'java/broken-pipe': {
    match: [{ text: 'java.net.SocketException: Broken pipe', fields: { code: 'EPIPE' } }, { text: 'java.net.SocketException: Broken pipe (Write failed)' }],
    nearMiss: ['org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe', 'java.net.SocketException: Connection reset by peer'],
  },
  'java/tls-pkix-path-building-failed': {
    match: [
      {
        text: 'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
      },
      {
        text: 'Caused by: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
      },
    ],
    nearMiss: [
      'javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed',
      'javax.net.ssl.SSLException: Unsupported or unrecognized SSL message',
    ],
  },
  'java/tls-unrecognized-ssl-message': {
    match: [
      { text: 'javax.net.ssl.SSLException: Unsupported or unrecognized SSL message' },
      {
        text: '2024-03-12 09:14:02.113 ERROR 1 --- [nio-8080-exec-1] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() threw exception\njavax.net.ssl.SSLException: Unsupported or unrecognized SSL message\n\tat java.base/sun.security.ssl.SSLSocketInputRecord.handleUnknownRecord(SSLSocketInputRecord.java:451)',
      },
    ],
    nearMiss: [
      'javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake',
      'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
    ],
  },
  'java/tls-hostname-mismatch': {
    match: [
      {
        text: 'javax.net.ssl.SSLHandshakeException: No subject alternative names matching IP address 127.0.0.1 found',
        fields: { host: '127.0.0.1' },
      },
      {
        text: 'Caused by: java.security.cert.CertificateException: No subject alternative DNS name matching localhost found.',
        fields: { host: 'localhost' },
      },
      { text: 'java.security.cert.CertificateException: No name matching api.internal found', fields: { host: 'api.internal' } },
    ],
    nearMiss: [
      'javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure',
      'javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed',
    ],
  },
  'java/tls-handshake-failed': {
    match: [
      { text: 'javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake' },
      { text: 'Caused by: java.io.EOFException: SSL peer shut down incorrectly' },
      {
        text: 'javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure',
        fields: { detail: 'handshake_failure' },
      },
      { text: 'javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version', fields: { detail: 'protocol_version' } },
    ],
    nearMiss: [
      'javax.net.ssl.SSLException: Unsupported or unrecognized SSL message',
      'javax.net.ssl.SSLHandshakeException: No subject alternative names matching IP address 10.0.3.7 found',
    ],
  },
  'java/apache-httpclient-connect-refused': {
    match: [
      {
        text: 'org.apache.http.conn.HttpHostConnectException: Connect to 127.0.0.1:18899 [/127.0.0.1] failed: Connection refused',
        fields: { host: '127.0.0.1', port: '18899', code: 'ECONNREFUSED' },
      },
      {
        text: 'org.apache.http.conn.HttpHostConnectException: Connect to localhost:8080 [localhost/127.0.0.1, localhost/0:0:0:0:0:0:0:1] failed: Connection refused (Connection refused)',
        fields: { host: '127.0.0.1', port: '8080' },
      },
      {
        text: 'org.apache.hc.client5.http.HttpHostConnectException: Connect to http://127.0.0.1:18899 [/127.0.0.1] failed: Connection refused',
        fields: { host: '127.0.0.1', port: '18899', scheme: 'http' },
      },
      {
        text: '2024-03-12 09:14:02.113 ERROR 1 --- [nio-8080-exec-7] c.e.web.ProfileController : upstream call failed\norg.apache.http.conn.HttpHostConnectException: Connect to profile-service:8081 [profile-service/172.18.0.6] failed: Connection refused\n\tat org.apache.http.impl.conn.DefaultHttpClientConnectionOperator.connect(DefaultHttpClientConnectionOperator.java:156)\nCaused by: java.net.ConnectException: Connection refused',
        fields: { host: '172.18.0.6', port: '8081' },
      },
    ],
    nearMiss: [
      'org.apache.http.conn.HttpHostConnectException: Connect to 10.0.3.7:8080 [/10.0.3.7] failed: Connection timed out (Connection timed out)',
      'org.apache.http.conn.ConnectTimeoutException: Connect to 127.0.0.1:18808 [/127.0.0.1] failed: Connect timed out',
    ],
  },
  'java/apache-httpclient-no-response': {
    match: [
      {
        text: 'org.apache.http.NoHttpResponseException: 127.0.0.1:18803 failed to respond',
        fields: { host: '127.0.0.1', port: '18803' },
      },
      {
        text: 'Nov 21, 2026 2:25:52 AM org.apache.http.impl.execchain.RetryExec execute\nINFO: I/O exception (org.apache.http.NoHttpResponseException) caught when processing request to {}->http://127.0.0.1:18803: The target server failed to respond',
        fields: { host: '127.0.0.1', port: '18803' },
      },
      { text: 'org.apache.hc.core5.http.NoHttpResponseException: The target server failed to respond' },
      {
        text: 'Caused by: org.apache.http.NoHttpResponseException: orders.internal:443 failed to respond',
        fields: { host: 'orders.internal', port: '443' },
      },
    ],
    nearMiss: [
      'INFO: I/O exception (java.net.SocketException) caught when processing request to {}->http://127.0.0.1:18802: Connection reset',
      'org.apache.http.conn.HttpHostConnectException: Connect to 127.0.0.1:18899 [/127.0.0.1] failed: Connection refused',
    ],
  },
  'java/apache-httpclient-pool-timeout': {
    match: [
      { text: 'org.apache.http.conn.ConnectionPoolTimeoutException: Timeout waiting for connection from pool' },
      {
        text: 'org.apache.hc.core5.http.ConnectionRequestTimeoutException: Timeout deadline: 1000 MILLISECONDS, actual: 1000 MILLISECONDS',
        fields: { detail: '1000 MILLISECONDS' },
      },
    ],
    nearMiss: [
      'org.apache.http.conn.ConnectTimeoutException: Connect to 10.0.3.7:8080 [/10.0.3.7] failed: Connect timed out',
      'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=4)',
    ],
  },
  'java/okhttp-unexpected-end-of-stream': {
    match: [
      {
        text: 'java.io.IOException: unexpected end of stream on http://127.0.0.1:18803/...',
        fields: { scheme: 'http', host: '127.0.0.1', port: '18803' },
      },
      {
        text: 'java.io.IOException: unexpected end of stream on https://api.partner.example/...\nCaused by: java.io.EOFException: \\n not found: limit=0 content=…',
        fields: { scheme: 'https', host: 'api.partner.example' },
      },
      {
        text: 'java.io.IOException: unexpected end of stream on Connection{user-service:8080, proxy=DIRECT hostAddress=user-service/10.0.3.7:8080 cipherSuite=none protocol=http/1.1}',
        fields: { host: 'user-service', port: '8080' },
      },
    ],
    nearMiss: ['java.io.EOFException: \\n not found: limit=0 content=…', 'java.net.SocketException: Unexpected end of file from server'],
  },
  'java/spring-rest-connection-refused': {
    match: [
      {
        text: 'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user-service:8080/users": Connection refused; nested exception is java.net.ConnectException: Connection refused',
        fields: { host: 'user-service', port: '8080', scheme: 'http', code: 'ECONNREFUSED' },
      },
      {
        text: 'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://localhost:8081/api/stock/42": Connection refused',
        fields: { host: 'localhost', port: '8081' },
      },
      {
        text: 'org.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://billing:9000/charges": Connect to billing:9000 [billing/172.18.0.9] failed: Connection refused; nested exception is org.apache.http.conn.HttpHostConnectException: Connect to billing:9000 [billing/172.18.0.9] failed: Connection refused',
        fields: { host: 'billing', port: '9000' },
      },
    ],
    nearMiss: [
      'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user-service:8080/users": Read timed out; nested exception is java.net.SocketTimeoutException: Read timed out',
      'org.springframework.web.client.HttpServerErrorException$ServiceUnavailable: 503 Service Unavailable: [no body]',
    ],
  },
  'java/spring-rest-read-timeout': {
    match: [
      {
        text: 'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user-service:8080/users": Read timed out; nested exception is java.net.SocketTimeoutException: Read timed out',
        fields: { host: 'user-service', port: '8080' },
      },
      {
        text: 'org.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://reports:8080/reports/generate": Read timed out',
        fields: { host: 'reports' },
      },
    ],
    nearMiss: [
      'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user-service:8080/users": Connection refused',
      'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://10.0.3.7:8080/users": Connect timed out',
    ],
  },
  'java/spring-rest-unknown-host': {
    match: [
      {
        text: 'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user-service:8080/users": user-service; nested exception is java.net.UnknownHostException: user-service',
        fields: { host: 'user-service', port: '8080' },
      },
      {
        text: 'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://inventory/api/items": inventory: Name or service not known',
        fields: { host: 'inventory' },
      },
    ],
    nearMiss: [
      'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user-service:8080/users": Connection refused',
      'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user-service:8080/users": user-service-v2',
    ],
  },
  'java/spring-rest-io-error': {
    match: [
      {
        text: 'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://10.0.3.7:8080/users": Connect timed out',
        fields: { host: '10.0.3.7', port: '8080', detail: 'Connect timed out' },
      },
      {
        text: 'org.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://orders:8080/orders": Connection reset; nested exception is java.net.SocketException: Connection reset',
        fields: { host: 'orders', detail: 'Connection reset' },
      },
      {
        text: 'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "https://payments.internal/charges": Unsupported or unrecognized SSL message',
        fields: { scheme: 'https', host: 'payments.internal' },
      },
    ],
    nearMiss: [
      'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user-service:8080/users": Connection refused',
      'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user-service:8080/users": user-service; nested exception is java.net.UnknownHostException: user-service',
      'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user-service:8080/users": Read timed out',
    ],
  },
  'java/webclient-request-failed': {
    match: [
      {
        text: 'org.springframework.web.reactive.function.client.WebClientRequestException: Connection refused: localhost/127.0.0.1:8080; nested exception is io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:8080',
        fields: { host: '127.0.0.1', port: '8080', detail: 'Connection refused' },
      },
      {
        text: 'org.springframework.web.reactive.function.client.WebClientRequestException: Connection prematurely closed BEFORE response',
        fields: { detail: 'Connection prematurely closed BEFORE response' },
      },
      {
        text: "org.springframework.web.reactive.function.client.WebClientRequestException: Failed to resolve 'inventory' [A(1), AAAA(28)] after 2 queries ",
      },
    ],
    nearMiss: [
      'org.springframework.web.reactive.function.client.WebClientResponseException$ServiceUnavailable: 503 Service Unavailable from GET http://inventory:8080/items',
      'io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:8080',
    ],
  },
  'java/feign-connection-refused': {
    match: [
      {
        text: 'feign.RetryableException: Connection refused executing GET http://service-name/endpoint',
        fields: { host: 'service-name', scheme: 'http', code: 'ECONNREFUSED' },
      },
      {
        text: 'feign.RetryableException: Connection refused (Connection refused) executing POST http://localhost:8082/api/payments',
        fields: { host: 'localhost', port: '8082' },
      },
      {
        text: '2024-03-12 09:14:02.113 ERROR 1 --- [nio-8080-exec-2] c.e.checkout.CheckoutService : payment failed\nfeign.RetryableException: Connection refused executing GET http://inventory:8080/items/42\n\tat feign.FeignException.errorExecuting(FeignException.java:268)',
        fields: { host: 'inventory', port: '8080' },
      },
    ],
    nearMiss: [
      'feign.RetryableException: Read timed out executing GET http://inventory:8080/items/42',
      'feign.FeignException$ServiceUnavailable: [503] during [GET] to [http://inventory/items/42] [InventoryClient#getItem(Long)]: [Load balancer does not contain an instance for the service inventory]',
    ],
  },
  'java/feign-read-timeout': {
    match: [
      {
        text: 'feign.RetryableException: Read timed out executing GET http://inventory:8080/items/42',
        fields: { host: 'inventory', port: '8080' },
      },
      { text: 'feign.RetryableException: timeout executing POST http://reports/generate', fields: { host: 'reports' } },
    ],
    nearMiss: [
      'feign.RetryableException: Connection refused executing GET http://inventory:8080/items/42',
      'feign.RetryableException: connect timed out executing GET http://10.0.3.7:8080/items/42',
    ],
  },
  'java/feign-unknown-host': {
    match: [
      {
        text: 'feign.RetryableException: user-service executing GET http://user-service/users/1',
        fields: { host: 'user-service', scheme: 'http' },
      },
      {
        text: 'feign.RetryableException: inventory: Name or service not known executing GET http://inventory:8080/items/42',
        fields: { host: 'inventory', port: '8080' },
      },
    ],
    nearMiss: [
      'feign.RetryableException: Connection refused executing GET http://user-service/users/1',
      'feign.RetryableException: user-service executing GET http://user-service-v2/users/1',
    ],
  },
  'java/feign-retryable-io-error': {
    match: [
      {
        text: 'feign.RetryableException: connect timed out executing GET http://10.0.3.7:8080/items/42',
        fields: { host: '10.0.3.7', port: '8080', detail: 'connect timed out' },
      },
      {
        text: 'feign.RetryableException: Connection reset executing POST http://orders:8080/orders',
        fields: { detail: 'Connection reset' },
      },
      {
        text: 'feign.RetryableException: user-service executing GET http://user-service-v2/users/1',
        fields: { host: 'user-service-v2' },
      },
    ],
    nearMiss: [
      'feign.RetryableException: Connection refused executing GET http://service-name/endpoint',
      'feign.RetryableException: Read timed out executing GET http://inventory:8080/items/42',
      'feign.RetryableException: user-service executing GET http://user-service/users/1',
    ],
  },
  'java/loadbalancer-no-instances': {
    match: [
      {
        text: '2024-03-12 09:14:02.113  WARN 1 --- [ctor-http-nio-3] o.s.c.l.core.RoundRobinLoadBalancer      : No servers available for service: user-service',
        fields: { backend: 'user-service' },
      },
      {
        text: 'com.netflix.client.ClientException: Load balancer does not have available server for client: inventory',
        fields: { backend: 'inventory' },
      },
      {
        text: 'feign.FeignException$ServiceUnavailable: [503] during [GET] to [http://inventory/items/42] [InventoryClient#getItem(Long)]: [Load balancer does not contain an instance for the service inventory]',
        fields: { backend: 'inventory' },
      },
    ],
    nearMiss: [
      'org.springframework.cloud.gateway.support.NotFoundException: 503 SERVICE_UNAVAILABLE "Unable to find instance for user-service"',
      '2024-03-12 09:13:58.402  INFO 1 --- [nfoReplicator-0] com.netflix.discovery.DiscoveryClient    : DiscoveryClient_USER-SERVICE/10.0.3.7:user-service:8081 - registration status: 204',
    ],
  },
  'java/hikari-pool-empty': {
    match: [
      {
        text: 'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 1001ms (total=0, active=0, idle=0, waiting=0)',
        fields: { backend: 'HikariPool-1', detail: '1001ms' },
      },
      {
        text: [
          'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30002ms (total=0, active=0, idle=0, waiting=0)',
          '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)',
          'Caused by: org.postgresql.util.PSQLException: Connection to localhost:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.',
          'Caused by: java.net.ConnectException: Connection refused',
        ].join('\n'),
      },
    ],
    nearMiss: [
      'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=4)',
      '2024-03-12 09:14:02.113  INFO 1 --- [           main] com.zaxxer.hikari.HikariDataSource       : HikariPool-1 - Start completed.',
    ],
  },
  'java/hikari-pool-exhausted': {
    match: [
      {
        text: 'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=4)',
        fields: { backend: 'HikariPool-1', detail: '30000ms' },
      },
      {
        text: 'java.sql.SQLTransientConnectionException: OrdersPool - Connection is not available, request timed out after 30005ms.',
        fields: { backend: 'OrdersPool' },
      },
    ],
    nearMiss: [
      'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 1001ms (total=0, active=0, idle=0, waiting=0)',
      '2024-03-12 09:14:02.113 DEBUG 1 --- [l-1 housekeeper] com.zaxxer.hikari.pool.HikariPool        : HikariPool-1 - Pool stats (total=10, active=10, idle=0, waiting=4)',
    ],
  },
  'java/postgres-connection-refused': {
    match: [
      {
        text: 'org.postgresql.util.PSQLException: Connection to 127.0.0.1:18899 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.',
        fields: { host: '127.0.0.1', port: '18899', code: 'ECONNREFUSED' },
      },
      {
        text: 'Caused by: org.postgresql.util.PSQLException: Connection to localhost:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.',
        fields: { host: 'localhost', port: '5432' },
      },
    ],
    nearMiss: [
      'org.postgresql.util.PSQLException: The connection attempt failed.',
      'org.postgresql.util.PSQLException: FATAL: password authentication failed for user "app"',
    ],
  },
  'java/circuit-breaker-open': {
    match: [
      {
        text: "io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'inventoryService' is OPEN and does not permit further calls",
        fields: { backend: 'inventoryService', detail: 'OPEN' },
      },
      {
        text: 'com.netflix.hystrix.exception.HystrixRuntimeException: InventoryClient#getItem(Long) short-circuited and no fallback available.',
        fields: { backend: 'InventoryClient#getItem(Long)' },
      },
      { text: 'java.lang.RuntimeException: Hystrix circuit short-circuited and is OPEN' },
    ],
    nearMiss: [
      "io.github.resilience4j.bulkhead.BulkheadFullException: Bulkhead 'inventoryService' is full and does not permit further calls",
      "io.github.resilience4j.ratelimiter.RequestNotPermitted: RateLimiter 'inventoryService' does not permit further calls",
    ],
  },
  'java/netty-connection-refused': {
    match: [
      {
        text: 'io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:8080',
        fields: { host: '127.0.0.1', port: '8080', code: 'ECONNREFUSED' },
      },
      {
        text: 'Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: finishConnect(..) failed: Connection refused: grpc-server/10.0.3.12:9090',
        fields: { host: '10.0.3.12', port: '9090' },
      },
    ],
    nearMiss: ['io.netty.channel.ConnectTimeoutException: connection timed out: grpc-server/10.0.3.12:9090', 'java.net.ConnectException: Connection refused'],
  },
  'java/grpc-unavailable-io-exception': {
    match: [
      { text: 'io.grpc.StatusRuntimeException: UNAVAILABLE: io exception', fields: { code: 'UNAVAILABLE' } },
      {
        text: 'io.grpc.StatusRuntimeException: UNAVAILABLE: io exception\n\tat io.grpc.stub.ClientCalls.toStatusRuntimeException(ClientCalls.java:268)\nCaused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:9090',
      },
    ],
    nearMiss: [
      'io.grpc.StatusRuntimeException: UNAVAILABLE: Network closed for unknown reason',
      'io.grpc.StatusRuntimeException: DEADLINE_EXCEEDED: deadline exceeded after 4.999s',
    ],
  },
  'java/grpc-unavailable-network-closed': {
    match: [{ text: 'io.grpc.StatusRuntimeException: UNAVAILABLE: Network closed for unknown reason' }],
    nearMiss: ['io.grpc.StatusRuntimeException: UNAVAILABLE: io exception', 'io.grpc.StatusRuntimeException: UNAVAILABLE: Channel shutdownNow invoked'],
  },
  'java/grpc-unavailable-unresolved-host': {
    match: [{ text: 'io.grpc.StatusRuntimeException: UNAVAILABLE: Unable to resolve host inventory-grpc', fields: { host: 'inventory-grpc' } }],
    nearMiss: ['io.grpc.StatusRuntimeException: UNAVAILABLE: io exception', 'java.net.UnknownHostException: inventory-grpc'],
  },
  'java/grpc-unavailable-proxy-reset': {
    match: [
      {
        text: 'io.grpc.StatusRuntimeException: UNAVAILABLE: upstream connect error or disconnect/reset before headers. reset reason: connection failure',
        fields: { resetReason: 'connection failure' },
      },
      {
        text: 'io.grpc.StatusRuntimeException: UNAVAILABLE: upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused',
        fields: { resetReason: 'remote connection failure' },
      },
    ],
    nearMiss: ['io.grpc.StatusRuntimeException: UNAVAILABLE: io exception', 'io.grpc.StatusRuntimeException: UNAVAILABLE: no healthy upstream'],
  },
} satisfies SignatureCases;
