import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SummariseOptions } from '../../src/evidence/log-summary/summarise-logs.js';
import { analyse, failuresByUpstream, requestsByUpstream } from './helpers.js';

/**
 * Variants the per-format fixtures do not show: JSON and multi-line layouts, lines without the
 * syslog prefix, transport-failure reasons, and near-miss lines that look like failures but are not
 * (client aborts, rate limits, answers the backend sent itself, notices). Each case lists the
 * matching lines and the near misses; the counts say the near misses were not counted.
 */
interface VariantCase {
  name: string;
  format: string;
  lines: string[];
  options?: (dir: string) => Partial<SummariseOptions>;
  failures: Record<string, number>;
  requests?: Record<string, number>;
  causes?: Record<string, string>;
  /** Records counted as failures: the sample minus its near misses (and, for multi-line records, their continuation lines). */
  matched: number;
}

const tmp = mkdtempSync(join(tmpdir(), 'updoc-formats-variants-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CASES: VariantCase[] = [
  {
    name: 'HAProxy without the syslog prefix: HTTP SC/SH count, a client abort (CD) and a clean TCP session do not; a TCP sC counts',
    format: 'haproxy',
    lines: [
      '10.1.0.5:51234 [12/Mar/2024:09:14:02.123] fe_http be_app/app1 0/0/1/12/13 200 512 - - ---- 12/12/3/1/0 0/0 "GET /api HTTP/1.1"',
      '10.1.0.5:51235 [12/Mar/2024:09:14:03.000] fe_http be_app/app2 0/0/-1/-1/3003 503 216 - - SC-- 12/12/3/1/3 0/0 "GET /api HTTP/1.1"',
      '10.1.0.6:51236 [12/Mar/2024:09:14:04.000] fe_http be_app/app1 0/0/0/-1/2 502 216 - - SH-- 12/12/3/1/0 0/0 "GET /api HTTP/1.1"',
      '10.1.0.7:51237 [12/Mar/2024:09:14:05.000] fe_http be_app/app1 12/0/0/-1/20 400 0 - - CD-- 12/12/3/1/0 0/0 "POST /upload HTTP/1.1"',
      '10.1.0.8:5555 [12/Mar/2024:09:14:07.000] fe_db be_db/db1 1/0/5000 0 sC 1/1/0/0/3 0/0',
      '10.1.0.8:5556 [12/Mar/2024:09:14:08.000] fe_db be_db/db1 1/0/120000 5120 -- 1/1/0/0/0 0/0',
    ],
    failures: { 'be_app/app2': 1, 'be_app/app1': 1, 'be_db/db1': 1 },
    requests: { 'be_app/app1': 3, 'be_app/app2': 1, 'be_db/db1': 2 },
    causes: { 'be_app/app2': 'not-listening', 'be_app/app1': 'upstream-reset', 'be_db/db1': 'network-blocked' },
    matched: 3,
  },
  {
    name: 'Envoy JSON: UF with a TLS transport failure reason is a TLS problem; UO counts; a rate limit (RL) does not',
    format: 'envoy-json',
    lines: [
      '{"start_time":"2024-03-12T09:14:02.310Z","method":"GET","path":"/api","protocol":"HTTP/1.1","response_code":503,"response_flags":"UF","response_code_details":"upstream_reset_before_response_started{connection_failure,TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED}","upstream_transport_failure_reason":"TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED","bytes_received":0,"bytes_sent":190,"duration":3,"upstream_host":"10.0.2.9:8443","upstream_cluster":"outbound|8443||pay.shop.svc.cluster.local","authority":"pay.shop.svc"}',
      '{"start_time":"2024-03-12T09:14:03.310Z","method":"GET","path":"/api","protocol":"HTTP/1.1","response_code":429,"response_flags":"RL","bytes_received":0,"bytes_sent":18,"duration":0,"upstream_host":null,"upstream_cluster":"outbound|8443||pay.shop.svc.cluster.local","authority":"pay.shop.svc"}',
      '{"start_time":"2024-03-12T09:14:04.310Z","method":"GET","path":"/api","protocol":"HTTP/1.1","response_code":503,"response_flags":"UO","bytes_received":0,"bytes_sent":81,"duration":0,"upstream_host":null,"upstream_cluster":"outbound|8443||pay.shop.svc.cluster.local","authority":"pay.shop.svc"}',
      '{"start_time":"2024-03-12T09:14:05.310Z","method":"GET","path":"/api","protocol":"HTTP/1.1","response_code":200,"response_flags":"-","bytes_received":0,"bytes_sent":81,"duration":4,"upstream_host":"10.0.2.9:8443","upstream_cluster":"outbound|8443||pay.shop.svc.cluster.local","authority":"pay.shop.svc"}',
    ],
    failures: { '10.0.2.9:8443': 1, 'outbound|8443||pay.shop.svc.cluster.local': 1 },
    causes: { '10.0.2.9:8443': 'tls-mismatch', 'outbound|8443||pay.shop.svc.cluster.local': 'circuit-open' },
    matched: 2,
  },
  {
    name: 'Istio text format: %UPSTREAM_TRANSPORT_FAILURE_REASON% tells a TLS failure from a refused connection',
    format: 'istio',
    lines: [
      '[2024-03-12T09:14:02.310Z] "GET /productpage HTTP/1.1" 503 UF upstream_reset_before_response_started{connection_failure,TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED} - "TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED" 0 190 2 - "-" "curl/8.5.0" "5d6e2f1a-0001" "productpage:9080" "10.244.1.7:9080" outbound|9080||productpage.default.svc.cluster.local - 10.96.1.2:9080 10.244.0.9:51234 - default',
      '[2024-03-12T09:14:03.310Z] "GET /productpage HTTP/1.1" 503 UF upstream_reset_before_response_started{connection_failure} - "delayed_connect_error:_111" 0 91 1 - "-" "curl/8.5.0" "5d6e2f1a-0002" "productpage:9080" "10.244.1.8:9080" outbound|9080||productpage.default.svc.cluster.local - 10.96.1.2:9080 10.244.0.9:51235 - default',
      '[2024-03-12T09:14:04.000Z] "GET /nothing HTTP/1.1" 404 NR route_not_found - "-" 0 0 0 - "-" "curl/8.5.0" "5d6e2f1a-0003" "productpage:9080" "-" - - 10.96.1.2:9080 10.244.0.9:51236 - default',
    ],
    failures: { '10.244.1.7:9080': 1, '10.244.1.8:9080': 1 },
    causes: { '10.244.1.7:9080': 'tls-mismatch', '10.244.1.8:9080': 'not-listening' },
    matched: 2,
  },
  {
    name: 'nginx JSON access log (log_format escape=json from --nginx-conf): retries count per failed attempt',
    format: 'nginx-access',
    lines: [
      '{"time":"2024-03-12T09:14:02+00:00","remote_addr":"10.1.2.3","request":"GET /api HTTP/1.1","status":200,"upstream_addr":"10.0.0.5:3000","upstream_status":"200","upstream_connect_time":"0.001","upstream_response_time":"0.012","request_time":0.013}',
      '{"time":"2024-03-12T09:14:03+00:00","remote_addr":"10.1.2.3","request":"GET /api HTTP/1.1","status":200,"upstream_addr":"10.0.0.6:3000, 10.0.0.5:3000","upstream_status":"502, 200","upstream_connect_time":"-, 0.001","upstream_response_time":"0.000, 0.012","request_time":0.013}',
      '{"time":"2024-03-12T09:14:04+00:00","remote_addr":"10.1.2.3","request":"GET /api HTTP/1.1","status":504,"upstream_addr":"10.0.0.7:3000","upstream_status":"504","upstream_connect_time":"0.001","upstream_response_time":"60.001","request_time":60.002}',
      '{"time":"2024-03-12T09:14:05+00:00","remote_addr":"10.1.2.3","request":"GET /api HTTP/1.1","status":500,"upstream_addr":"10.0.0.5:3000","upstream_status":"500","upstream_connect_time":"0.001","upstream_response_time":"0.020","request_time":0.021}',
    ],
    options: (dir) => {
      const conf = join(dir, 'nginx-json.conf');
      writeFileSync(
        conf,
        `http {\n  log_format json_combined escape=json '{"time":"$time_iso8601","remote_addr":"$remote_addr","request":"$request","status":$status,"upstream_addr":"$upstream_addr","upstream_status":"$upstream_status","upstream_connect_time":"$upstream_connect_time","upstream_response_time":"$upstream_response_time","request_time":$request_time}';\n}\n`,
      );
      return { nginxConf: conf };
    },
    failures: { '10.0.0.6:3000': 1, '10.0.0.7:3000': 1 },
    requests: { '10.0.0.5:3000': 3, '10.0.0.6:3000': 1, '10.0.0.7:3000': 1 },
    matched: 2,
  },
  {
    name: 'GCP load balancer: a 502 the backend sent itself (response_sent_by_backend) does not count',
    format: 'gcp-lb',
    lines: [
      '{"httpRequest":{"requestMethod":"GET","requestUrl":"https://shop.example.com/api","status":502,"latency":"0.040s","remoteIp":"192.0.2.10"},"jsonPayload":{"@type":"type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry","statusDetails":"response_sent_by_backend"},"resource":{"type":"http_load_balancer","labels":{"backend_service_name":"shop-api-backend"}},"timestamp":"2024-03-12T09:14:02.123Z","severity":"WARNING"}',
      '{"httpRequest":{"requestMethod":"GET","requestUrl":"https://shop.example.com/api","status":502,"latency":"0.001s","remoteIp":"192.0.2.10"},"jsonPayload":{"@type":"type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry","statusDetails":"backend_connection_closed_before_data_sent_to_client"},"resource":{"type":"http_load_balancer","labels":{"backend_service_name":"shop-api-backend"}},"timestamp":"2024-03-12T09:14:03.123Z","severity":"WARNING"}',
    ],
    failures: { 'shop-api-backend': 1 },
    requests: { 'shop-api-backend': 2 },
    causes: { 'shop-api-backend': 'keepalive-race' },
    matched: 1,
  },
  {
    name: 'Apache error log: AH01102 (timeout reading the status line) and AH00940 (disabled worker) count; AH00558 does not',
    format: 'apache-error',
    lines: [
      '[Tue Mar 12 09:14:02.123456 2024] [proxy_http:error] [pid 8:tid 141] (70007)The timeout specified has expired: [client 192.0.2.10:51234] AH01102: error reading status line from remote server 127.0.0.1:8080',
      "[Tue Mar 12 09:14:03.000000 2024] [core:warn] [pid 1:tid 140] AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.18.0.3. Set the 'ServerName' directive globally to suppress this message",
      '[Tue Mar 12 09:14:04.000000 2024] [proxy:error] [pid 9:tid 142] AH00940: http: disabled connection for (127.0.0.1:8080)',
    ],
    failures: { '127.0.0.1:8080': 2 },
    matched: 2,
  },
  {
    name: 'Spring Boot JSON (logstash encoder): the stack_trace field is matched; an INFO line is not',
    format: 'json',
    lines: [
      '{"@timestamp":"2024-03-12T09:14:02.123Z","@version":"1","message":"I/O error on GET request for \\"http://user-service:8081/users/42\\": Connection refused","logger_name":"c.e.shop.UserClient","thread_name":"http-nio-8080-exec-1","level":"ERROR","level_value":40000,"stack_trace":"org.springframework.web.client.ResourceAccessException: I/O error on GET request for \\"http://user-service:8081/users/42\\": Connection refused\\n\\tat org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)\\nCaused by: java.net.ConnectException: Connection refused\\n\\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\\n"}',
      '{"@timestamp":"2024-03-12T09:14:03.000Z","@version":"1","message":"GET /orders/7 200","logger_name":"c.e.shop.OrderController","thread_name":"http-nio-8080-exec-2","level":"INFO","level_value":20000}',
    ],
    failures: { 'user-service:8081': 1 },
    causes: { 'user-service:8081': 'not-listening' },
    matched: 1,
  },
  {
    name: 'Go JSON (slog, zap): a refused dial names its address; a client timeout counts without one; "listening" does not',
    format: 'json',
    lines: [
      '{"time":"2024-03-12T09:14:02.123Z","level":"ERROR","msg":"upstream request failed","err":"dial tcp 10.0.3.4:9000: connect: connection refused","upstream":"10.0.3.4:9000"}',
      '{"time":"2024-03-12T09:14:03.000Z","level":"INFO","msg":"listening","addr":":8080"}',
      '{"level":"error","ts":1710234844.5,"caller":"proxy/proxy.go:88","msg":"round trip failed","error":"context deadline exceeded (Client.Timeout exceeded while awaiting headers)"}',
    ],
    failures: { '10.0.3.4:9000': 1, '(unknown)': 1 },
    causes: { '10.0.3.4:9000': 'not-listening', '(unknown)': 'slow-upstream' },
    matched: 2,
  },
  {
    name: 'Python JSON (structlog): the traceback in exc_info is matched; "retrying" is not a failure',
    format: 'json',
    lines: [
      '{"timestamp": "2024-03-12T09:14:02.123Z", "level": "error", "event": "request to billing failed", "exc_info": "Traceback (most recent call last):\\n  File \\"/app/client.py\\", line 12, in charge\\n    r = requests.post(url)\\nrequests.exceptions.ConnectionError: HTTPConnectionPool(host=\'billing\', port=8000): Max retries exceeded with url: /charge (Caused by NewConnectionError(\'<urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused\'))"}',
      '{"timestamp": "2024-03-12T09:14:03.000Z", "level": "info", "event": "retrying billing in 2s"}',
    ],
    failures: { 'billing:8000': 1 },
    causes: { 'billing:8000': 'not-listening' },
    matched: 1,
  },
  {
    name: 'kubectl get events -A (NAMESPACE column): probe failures count, a Normal event does not',
    format: 'kubectl-events',
    lines: [
      'NAMESPACE   LAST SEEN   TYPE      REASON      OBJECT                   MESSAGE',
      'shop        3m          Warning   Unhealthy   pod/api-7d9c5-abcde      Liveness probe failed: Get "http://10.244.1.23:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      'shop        2m          Normal    Pulled      pod/api-7d9c5-abcde      Container image "shop/api:1.2" already present on machine',
      'kube-system 1m          Warning   Unhealthy   pod/coredns-5d78c-xyz    Readiness probe failed: HTTP probe failed with statuscode: 503',
    ],
    failures: { '10.244.1.23:8080': 1, '(unknown)': 1 },
    causes: { '10.244.1.23:8080': 'slow-upstream' },
    matched: 2,
  },
  {
    name: 'Node.js: an unhandled ECONNRESET with its stack is one record; a successful reconnect line is not a failure',
    format: 'node',
    lines: [
      'Error: read ECONNRESET',
      '    at TCP.onStreamRead (node:internal/stream_base_commons:217:20) {',
      '  errno: -104,',
      "  code: 'ECONNRESET',",
      "  syscall: 'read'",
      '}',
      'Error: connect ECONNREFUSED 10.0.5.5:6379',
      '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {',
      '  errno: -111,',
      "  code: 'ECONNREFUSED',",
      "  syscall: 'connect',",
      "  address: '10.0.5.5',",
      '  port: 6379',
      '}',
      'redis reconnected to 10.0.5.5:6379',
    ],
    failures: { '10.0.5.5:6379': 1, '(unknown)': 1 },
    causes: { '10.0.5.5:6379': 'not-listening' },
    matched: 2,
  },
];

describe('updoc logs: format variants and near misses', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = mkdtempSync(join(tmp, 'case-'));
      const file = join(dir, 'sample.log');
      writeFileSync(file, `${c.lines.join('\n')}\n`);
      const r = await analyse([file], c.options?.(dir) ?? {});
      const f = r.summary.files[0];
      expect(f.format).toBe(c.format);
      expect(f.problems).toEqual([]);
      expect(failuresByUpstream(r)).toEqual(c.failures);
      const failures = Object.values(c.failures).reduce((a, b) => a + b, 0);
      expect(r.summary.totals.failures).toBe(failures);
      // Every line is read; only the failing records are matched, the near misses are left out.
      expect(f.lines).toBe(c.lines.length);
      expect(f.matched).toBe(c.matched);
      if (c.requests) expect(requestsByUpstream(r)).toEqual(c.requests);
      for (const [upstream, cause] of Object.entries(c.causes ?? {}))
        expect(Object.keys(r.byUpstream.find((u) => u.upstream === upstream)?.byCause ?? {}), upstream).toEqual([cause]);
    });
  }
});
