import type { CauseId } from '../../src/core/ids.js';

/**
 * Realistic pastes as people post them in issue threads and chats (wrapped, prefixed, quoted, several
 * messages at once), each with the cause the thread settled on. `top` must rank first; `top3` (when
 * given) must all be within the first three.
 */
export interface CorpusCase {
  name: string;
  text: string;
  platform?: string;
  context?: string;
  top: CauseId;
  top3?: CauseId[];
}

export const CORPUS: readonly CorpusCase[] = [
  {
    name: 'nginx in compose → 127.0.0.1 (compose prefix)',
    text: `proxy-1  | 2024/02/11 18:22:03 [error] 22#22: *4 connect() failed (111: Connection refused) while connecting to upstream, client: 172.20.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "localhost"`,
    top: 'wrong-host-localhost',
  },
  {
    name: 'nginx → localhost, docker bridge client address only',
    text: `2023/10/05 12:01:44 [error] 31#31: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 172.17.0.1, server: example.com, request: "GET /favicon.ico HTTP/1.1", upstream: "http://127.0.0.1:5000/favicon.ico", host: "example.com"`,
    top: 'wrong-host-localhost',
  },
  {
    name: 'nginx → 127.0.0.1 on a plain VM, app stopped',
    text: `2024/01/09 03:12:55 [error] 1021#1021: *88 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.7, server: shop.example.org, request: "GET / HTTP/2.0", upstream: "http://127.0.0.1:8080/", host: "shop.example.org"`,
    platform: 'vm',
    top: 'not-listening',
  },
  {
    name: 'ingress-nginx refused on a pod IP while the pod keeps restarting (CrashLoopBackOff)',
    text: `2024/07/22 19:05:11 [error] 31#31: *8812 connect() failed (111: Connection refused) while connecting to upstream, client: 10.244.0.1, server: shop.example.com, request: "GET /api/catalog HTTP/1.1", upstream: "http://10.244.3.14:8080/api/catalog", host: "shop.example.com"`,
    platform: 'kubernetes',
    context: 'the catalog pod keeps restarting, kubectl shows CrashLoopBackOff',
    top: 'not-listening',
  },
  {
    name: 'near miss: the same refusal on a pod IP while the pod is running — bind address or port',
    text: `2024/07/22 19:05:11 [error] 31#31: *8812 connect() failed (111: Connection refused) while connecting to upstream, client: 10.244.0.1, server: shop.example.com, request: "GET /api/catalog HTTP/1.1", upstream: "http://10.244.3.14:8080/api/catalog", host: "shop.example.com"`,
    platform: 'kubernetes',
    context: 'the catalog pod is running and its logs look fine',
    top: 'bind-loopback',
    top3: ['port-mismatch'],
  },
  {
    name: 'nginx refused to a container IP with docker context',
    text: `2024/03/01 10:00:01 [error] 7#7: *12 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.2, server: _, request: "GET /api HTTP/1.1", upstream: "http://172.18.0.3:3000/api", host: "app.local"`,
    context: 'nginx and the api are separate containers in docker-compose; inside the api container curl localhost:3000 works',
    top: 'bind-loopback',
    // Not wrong-host-localhost: nginx connected to 172.18.0.3, another container, not its own loopback.
    top3: ['bind-loopback', 'port-mismatch'],
  },
  {
    name: 'Envoy body, legacy wording with errno 111',
    text: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111',
    top: 'not-listening',
  },
  {
    name: 'Envoy body, connection termination, idle',
    text: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    context: 'happens randomly, mostly on the first request after the service was idle for a few minutes',
    top: 'keepalive-race',
  },
  {
    name: 'Istio no healthy upstream on kubernetes',
    text: 'no healthy upstream',
    platform: 'kubernetes',
    top: 'no-endpoints',
    top3: ['no-endpoints', 'no-healthy-upstream'],
  },
  {
    name: 'Envoy overflow',
    text: 'upstream connect error or disconnect/reset before headers. reset reason: overflow',
    top: 'circuit-open',
  },
  {
    name: 'nginx upstream timed out reading header',
    text: `2024/05/14 16:40:11 [error] 3412#3412: *99123 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.1.2.3, server: api.example.com, request: "POST /reports/export HTTP/1.1", upstream: "http://10.0.3.21:8080/reports/export", host: "api.example.com"`,
    top: 'slow-upstream',
    top3: ['slow-upstream', 'timeout-misaligned'],
  },
  {
    name: 'nginx upstream timed out while connecting',
    text: `2024/05/14 16:40:11 [error] 3412#3412: *4 upstream timed out (110: Connection timed out) while connecting to upstream, client: 10.1.2.3, server: api.example.com, request: "GET / HTTP/1.1", upstream: "http://10.0.3.21:8080/", host: "api.example.com"`,
    top: 'network-blocked',
  },
  {
    name: 'nginx prematurely closed, keep-alive',
    text: `2024/06/02 08:00:03 [error] 55#55: *20391 upstream prematurely closed connection while reading response header from upstream, client: 10.2.0.4, server: _, request: "GET /v1/items HTTP/1.1", upstream: "http://10.2.1.15:3000/v1/items", host: "api"`,
    context: 'node backend behind nginx with keepalive 32 in the upstream block, intermittent 502s',
    top: 'keepalive-race',
  },
  {
    name: 'nginx no live upstreams',
    text: `2024/04/22 11:11:11 [error] 8#8: *5512 no live upstreams while connecting to upstream, client: 10.0.0.9, server: www, request: "GET / HTTP/1.1", upstream: "http://backend/", host: "www.example.com"`,
    top: 'no-healthy-upstream',
  },
  {
    name: 'nginx host not found in upstream at startup (compose)',
    text: `nginx-1  | 2024/01/30 09:00:00 [emerg] 1#1: host not found in upstream "api:3000" in /etc/nginx/conf.d/default.conf:12\nnginx-1  | nginx: [emerg] host not found in upstream "api:3000" in /etc/nginx/conf.d/default.conf:12\nnginx-1 exited with code 1`,
    top: 'dns-failure',
    top3: ['dns-failure', 'startup-order'],
  },
  {
    name: 'nginx SSL wrong version number to plain backend',
    text: `2024/07/07 12:12:12 [error] 9#9: *1 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 10.0.0.1, server: _, request: "GET / HTTP/1.1", upstream: "https://10.0.0.7:8080/", host: "x"`,
    top: 'tls-mismatch',
  },
  {
    name: 'nginx php-fpm unix socket missing',
    text: `2024/02/02 02:02:02 [crit] 812#812: *3 connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 192.0.2.10, server: blog.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "blog.example.com"`,
    top: 'not-listening',
  },
  {
    name: 'nginx SELinux permission denied',
    text: `2024/03/03 03:03:03 [crit] 1500#1500: *1 connect() to 127.0.0.1:8080 failed (13: Permission denied) while connecting to upstream, client: 198.51.100.4, server: app.example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8080/", host: "app.example.com"`,
    context: 'CentOS 8 server, app runs fine with curl localhost:8080',
    top: 'network-blocked',
  },
  {
    name: 'Node ECONNREFUSED ::1',
    text: `Error: connect ECONNREFUSED ::1:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16) {\n  errno: -111,\n  code: 'ECONNREFUSED',\n  syscall: 'connect',\n  address: '::1',\n  port: 5432\n}`,
    top: 'wrong-host-localhost',
  },
  {
    name: 'Node ENOTFOUND in compose',
    text: `api-1  | Error: getaddrinfo ENOTFOUND postgres\napi-1  |     at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26) {\napi-1  |   errno: -3008,\napi-1  |   code: 'ENOTFOUND',\napi-1  |   syscall: 'getaddrinfo',\napi-1  |   hostname: 'postgres'\napi-1  | }`,
    top: 'dns-failure',
  },
  {
    name: 'Node ECONNREFUSED 127.0.0.1 in a container',
    text: `web-1  | Error: connect ECONNREFUSED 127.0.0.1:6379\nweb-1  |     at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)`,
    top: 'wrong-host-localhost',
  },
  {
    name: 'Spring RestTemplate refused, kubernetes',
    text: `org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://localhost:8081/api/users": Connection refused; nested exception is java.net.ConnectException: Connection refused`,
    platform: 'kubernetes',
    top: 'wrong-host-localhost',
  },
  {
    name: 'Hikari pool exhausted',
    text: `java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)`,
    top: 'resource-exhaustion',
  },
  {
    name: 'resilience4j breaker open',
    text: `io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'inventory' is OPEN and does not permit further calls`,
    top: 'circuit-open',
  },
  {
    name: 'Go dial tcp refused to a pod IP in k8s',
    text: `2024/08/01 10:10:10 http: proxy error: dial tcp 10.244.0.15:8080: connect: connection refused`,
    context: 'kubernetes, the pod is Running and the readiness probe fails too',
    top: 'bind-loopback',
    top3: ['bind-loopback', 'port-mismatch'],
  },
  {
    name: 'Go lookup no such host (docker embedded DNS)',
    text: `dial tcp: lookup auth-service on 127.0.0.11:53: no such host`,
    top: 'dns-failure',
  },
  {
    name: 'Python requests refused localhost in docker',
    text: `requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /api/predict (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3c2a1b6d90>: Failed to establish a new connection: [Errno 111] Connection refused'))`,
    context: 'two containers in docker compose, streamlit frontend calling the fastapi backend',
    top: 'wrong-host-localhost',
  },
  {
    name: 'curl refused on a VM',
    text: `$ curl -v http://127.0.0.1:9000/health\n*   Trying 127.0.0.1:9000...\n* connect to 127.0.0.1 port 9000 failed: Connection refused\n* Failed to connect to 127.0.0.1 port 9000 after 0 ms: Couldn't connect to server\ncurl: (7) Failed to connect to 127.0.0.1 port 9000 after 0 ms: Couldn't connect to server`,
    platform: 'vm',
    top: 'not-listening',
  },
  {
    name: 'HAProxy NOSRV 503',
    text: `Mar 12 09:14:02 lb1 haproxy[1234]: 203.0.113.9:51234 [12/Mar/2024:09:14:02.123] fe_http be_app/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"`,
    top: 'no-healthy-upstream',
  },
  {
    name: 'HAProxy server DOWN Layer4 refused',
    text: `[WARNING]  (8) : Server be_app/app1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.\n[ALERT]    (8) : backend 'be_app' has no server available!`,
    top: 'no-healthy-upstream',
    top3: ['not-listening', 'no-healthy-upstream'],
  },
  {
    name: 'ALB 504 target timeout',
    text: `http 2024-05-01T10:00:00.123456Z app/prod-alb/50dc6c495c0c9188 203.0.113.5:2817 10.0.1.12:80 0.000 60.001 -1 504 - 34 366 "GET http://www.example.com:80/slow HTTP/1.1" "curl/8.0" - - arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2024-05-01T09:59:00.123000Z "forward" "-" "-" "10.0.1.12:80" "-" "-" "-"`,
    top: 'slow-upstream',
    top3: ['slow-upstream', 'timeout-misaligned'],
  },
  {
    name: 'ALB 502 intermittent after idle (keep-alive)',
    text: `502 Bad Gateway\nawselb/2.0`,
    context: 'node express app behind an AWS ALB, random 502s, ALB idle timeout 60s',
    top: 'keepalive-race',
  },
  {
    name: 'Cloudflare 522',
    text: `Error 522 Connection timed out\nCloudflare Ray ID: 8a1b2c3d4e5f6a7b`,
    top: 'network-blocked',
  },
  {
    name: 'ingress-nginx service has no active endpoints',
    text: `W0110 10:32:04.123456       7 controller.go:1214] Service "shop/web" does not have any active Endpoint.`,
    top: 'no-endpoints',
  },
  {
    name: 'k8s readiness probe refused',
    text: `  Warning  Unhealthy  2m (x24 over 6m)  kubelet  Readiness probe failed: Get "http://10.244.1.7:8080/healthz": dial tcp 10.244.1.7:8080: connect: connection refused`,
    top: 'bind-loopback',
    top3: ['bind-loopback', 'port-mismatch', 'startup-order'],
  },
  {
    name: 'Traefik bad gateway to localhost in compose',
    text: `traefik-1  | time="2024-02-02T10:00:00Z" level=debug msg="'502 Bad Gateway' caused by: dial tcp 127.0.0.1:8080: connect: connection refused"`,
    top: 'wrong-host-localhost',
  },
  {
    name: 'Caddy dial refused',
    text: `{"level":"error","ts":1706868000.123,"logger":"http.log.error","msg":"dial tcp [::1]:3000: connect: connection refused","request":{"remote_ip":"127.0.0.1","method":"GET","host":"localhost","uri":"/"},"duration":0.0008,"status":502,"err_id":"abc","err_trace":"reverseproxy.statusError (reverseproxy.go:1248)"}`,
    top: 'wrong-host-localhost',
  },
  {
    name: 'bare 504 with long reports',
    text: '504 Gateway Time-out',
    context: 'report export endpoint takes about 2 minutes',
    top: 'timeout-misaligned',
    top3: ['timeout-misaligned', 'slow-upstream'],
  },
  {
    name: 'bare 502 at startup after deploy',
    text: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center></body></html>',
    context: 'only for about 30 seconds after every docker compose up, then it works',
    top: 'startup-order',
  },
  {
    name: 'Envoy JSON access log UH in istio',
    text: `{"start_time":"2024-06-01T12:00:00.000Z","method":"GET","path":"/","protocol":"HTTP/1.1","response_code":503,"response_flags":"UH","response_code_details":"no_healthy_upstream","upstream_host":null,"upstream_cluster":"outbound|80||reviews.bookinfo.svc.cluster.local","duration":0}`,
    top: 'no-endpoints',
    top3: ['no-endpoints', 'no-healthy-upstream'],
  },
  {
    name: 'Istio STRICT mTLS toward pod without sidecar',
    text: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    context: 'istio with PeerAuthentication STRICT, the legacy service in namespace old has no sidecar',
    top: 'tls-mismatch',
  },
  {
    name: 'Node socket hang up under load',
    text: `Error: socket hang up\n    at connResetException (node:internal/errors:720:14)\n    at Socket.socketOnEnd (node:_http_client:525:23) {\n  code: 'ECONNRESET'\n}`,
    context: 'keep-alive agent, happens after the connection sat idle',
    top: 'keepalive-race',
  },
  {
    name: 'gRPC unavailable refused',
    text: `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:50051: connect: connection refused"`,
    platform: 'kubernetes',
    top: 'wrong-host-localhost',
  },
  {
    name: 'Apache AH00957 refused',
    text: `[Tue Mar 05 10:00:00.123456 2024] [proxy:error] [pid 1234:tid 5678] (111)Connection refused: AH00957: http: attempt to connect to 127.0.0.1:8080 (localhost:8080) failed\n[Tue Mar 05 10:00:00.123500 2024] [proxy_http:error] [pid 1234:tid 5678] [client 198.51.100.2:50000] AH01114: HTTP: failed to make connection to backend: localhost`,
    platform: 'vm',
    top: 'not-listening',
  },
  {
    name: 'wrapped terminal paste of an nginx line',
    text: `2024/02/11 18:22:03 [error] 22#22: *4 connect() failed (111: Connection refused) while connecting to upstrea\nm, client: 172.20.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/",\n host: "localhost"`,
    top: 'wrong-host-localhost',
  },
  {
    name: 'JSON-escaped nginx line from a log shipper',
    text: `{"log":"2024/02/11 18:22:03 [error] 22#22: *4 connect() failed (111: Connection refused) while connecting to upstream, client: 10.244.0.1, server: _, request: \\"GET / HTTP/1.1\\", upstream: \\"http://127.0.0.1:8000/\\", host: \\"web\\"\\n","stream":"stderr","time":"2024-02-11T18:22:03.12Z","kubernetes":{"pod_name":"web-7d9c","namespace_name":"shop"}}`,
    top: 'wrong-host-localhost',
  },
  {
    name: 'prose around the error: uvicorn bound to 127.0.0.1 in compose',
    text: `I have nginx and a FastAPI app in docker compose. The app logs:
api-1    | INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)
and nginx says
proxy-1  | 2024/04/02 10:00:00 [error] 30#30: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 172.21.0.1, server: _, request: "GET /docs HTTP/1.1", upstream: "http://172.21.0.3:8000/docs", host: "localhost"`,
    top: 'bind-loopback',
  },
  {
    name: 'prose: nginx docker container → localhost',
    text: `My nginx runs in a docker container and proxies to my node app on localhost:3000, which works in the browser.
connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.5, server: app, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:3000/", host: "app"`,
    top: 'wrong-host-localhost',
  },
  {
    name: 'php-fpm unix socket permission denied',
    text: `2024/01/15 10:20:30 [crit] 1234#1234: *5 connect() to unix:/var/run/php/php7.4-fpm.sock failed (13: Permission denied) while connecting to upstream, client: 203.0.113.50, server: example.com, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/var/run/php/php7.4-fpm.sock:", host: "example.com"`,
    top: 'config-error',
  },
  {
    name: 'mongo ECONNREFUSED 127.0.0.1 in compose context',
    text: `MongooseServerSelectionError: connect ECONNREFUSED 127.0.0.1:27017\n    at NativeConnection.Connection.openUri (/usr/src/app/node_modules/mongoose/lib/connection.js:825:32)`,
    context: 'node app and mongo in docker-compose',
    top: 'wrong-host-localhost',
  },
  {
    name: 'Java UnknownHostException for a Eureka service',
    text: `java.net.UnknownHostException: eureka-server: Name or service not known\n\tat java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)`,
    top: 'dns-failure',
  },
  {
    name: 'Ribbon load balancer has no server',
    text: `com.netflix.client.ClientException: Load balancer does not have available server for client: user-service`,
    top: 'no-endpoints',
  },
  {
    name: 'Go i/o timeout to the kubernetes API ClusterIP',
    text: `E0312 09:14:02.123456       1 reflector.go:138] Failed to watch *v1.Pod: failed to list *v1.Pod: Get "https://10.96.0.1:443/api/v1/pods?limit=500&resourceVersion=0": dial tcp 10.96.0.1:443: i/o timeout`,
    top: 'network-blocked',
  },
  {
    name: 'Envoy TLS wrong version number',
    text: 'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: TLS_error:|268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER:TLS_error_end',
    top: 'tls-mismatch',
  },
  {
    name: 'Envoy TLS error with only the BoringSSL number (268435581 = CERTIFICATE_VERIFY_FAILED)',
    text: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error: 268435581',
    top: 'tls-mismatch',
  },
  {
    name: 'Istio sidecar: upstream certificate expired',
    text: `[2024-06-03T08:12:44.101Z] "GET /v1/orders HTTP/1.1" 503 UF,URX upstream_reset_before_response_started{remote_connection_failure|TLS_error:|268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:verify_cert_failed:_X509_verify_cert:_certificate_verification_error_at_depth_0:_certificate_has_expired:TLS_error_end} - "TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end" 0 190 12 - "-" "curl/8.5.0" "5d1c7e0a-3f7b-4a21-9c1e-2b9f0a1d7e44" "orders.example.com" "203.0.113.20:443" outbound|443||orders.example.com - 203.0.113.20:443 10.244.2.9:51544 - -`,
    top: 'tls-mismatch',
  },
  {
    name: 'cloudflared in compose: the origin container refuses (not loopback)',
    text: `tunnel-1  | 2024-08-14T10:02:11Z ERR  error="Unable to reach the origin service. The service may be down or it may not be responding to traffic from cloudflared: dial tcp 172.18.0.3:8080: connect: connection refused" cfRay=8b2f1c3d4e5f6a7b-FRA event=1 ingressRule=0 originService=http://app:8080`,
    top: 'not-listening',
    top3: ['port-mismatch'],
  },
  {
    name: 'cloudflared in compose → localhost (its own container)',
    text: `tunnel-1  | 2024-08-14T10:02:11Z ERR  error="Unable to reach the origin service. The service may be down or it may not be responding to traffic from cloudflared: dial tcp 127.0.0.1:8080: connect: connection refused" cfRay=8b2f1c3d4e5f6a7b-FRA event=1 ingressRule=0 originService=http://localhost:8080`,
    top: 'wrong-host-localhost',
  },
  {
    name: 'ingress-nginx 503 page in kubernetes',
    text: '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>',
    platform: 'kubernetes',
    top: 'no-endpoints',
  },
  {
    name: 'nginx recv() reset by php-fpm',
    text: `2024/02/20 14:00:00 [error] 2020#2020: *881 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 198.51.100.9, server: shop.example.com, request: "POST /checkout HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "shop.example.com"`,
    platform: 'vm',
    top: 'upstream-reset',
  },
  {
    name: 'Istio reset connection termination with port named tcp',
    text: `[2024-03-01T08:00:00.000Z] "GET /api HTTP/1.1" 503 UC upstream_reset_before_response_started{connection_termination} - "-" 0 95 1 - "-" "curl/7.88.1" "abc" "orders:8080" "10.244.3.4:8080" outbound|8080||orders.shop.svc.cluster.local 10.244.1.2:40000 10.96.12.34:8080 10.244.1.2:39998 - default`,
    context: 'the service port is named tcp-web and the app speaks HTTP; always fails',
    top: 'protocol-mismatch',
  },
  {
    name: 'Spring Cloud Gateway connection refused to localhost in k8s',
    text: `io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:8081\nCaused by: java.net.ConnectException: Connection refused`,
    platform: 'kubernetes',
    top: 'wrong-host-localhost',
  },
  {
    name: 'curl could not resolve compose service name from the host',
    text: 'curl: (6) Could not resolve host: api',
    top: 'dns-failure',
  },
  {
    name: 'nginx upstream sent too big header',
    text: `2024/05/05 05:05:05 [error] 12#12: *301 upstream sent too big header while reading response header from upstream, client: 10.0.0.3, server: auth.example.com, request: "GET /callback?code=abc HTTP/1.1", upstream: "http://10.0.0.8:8080/callback?code=abc", host: "auth.example.com"`,
    top: 'config-error',
  },
];
