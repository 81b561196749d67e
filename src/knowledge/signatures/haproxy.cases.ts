import type { SignatureCases } from '../../core/signature-cases.js';

// Lines marked "real" were printed by HAProxy 2.6.12 run locally (client addresses/names kept or lightly
// renamed); the syslog prefix is how rsyslog writes them to /var/log/haproxy.log.
const SH_LINE = '127.0.0.1:33516 [21/Nov/2026:02:25:03.433] fe_reset be_reset/web1 0/0/0/-1/0 502 209 - - SH-- 1/1/0/0/0 0/0 "GET /api/users?id=42 HTTP/1.1"';
const sH_LINE = '127.0.0.1:37452 [21/Nov/2026:02:25:02.423] fe_hang be_hang/slow1 0/0/0/-1/1001 504 198 - - sH-- 1/1/0/0/0 0/0 "GET /api/users?id=42 HTTP/1.1"';
const SC_LINE =
  '127.0.0.1:43982 [21/Nov/2026:02:24:59.396] fe_refused be_refused/app1 0/0/-1/-1/3004 503 217 - - SC-- 1/1/0/0/3 0/0 "GET /api/users?id=42 HTTP/1.1"';
const sC_LINE = '127.0.0.1:40946 [21/Nov/2026:02:25:45.615] fe_connto be_connto/db1 0/0/-1/-1/6006 503 217 - - sC-- 2/1/0/0/3 0/0 "GET /orders HTTP/1.1"';
const NOSRV_LINE =
  '127.0.0.1:60578 [21/Nov/2026:02:25:02.416] fe_refused_chk be_api/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET /api/users?id=42 HTTP/1.1"';
const SD_LINE =
  '127.0.0.1:41534 [21/Nov/2026:02:25:04.456] fe_bodyreset be_bodyreset/dl2 0/0/0/0/201 200 61 - - SD-- 1/1/0/0/0 0/0 "GET /api/users?id=42 HTTP/1.1"';
const sD_LINE = '127.0.0.1:50642 [21/Nov/2026:02:25:03.448] fe_stall be_stall/dl1 0/0/0/1/1000 200 135 - - sD-- 1/1/0/0/0 0/0 "GET /api/users?id=42 HTTP/1.1"';
const OK_LINE =
  'Mar 12 09:14:02 lb1 haproxy[1234]: 10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ be_api/api1 0/0/1/12/13 200 1734 - - ---- 12/12/3/1/0 0/0 "GET /api/users HTTP/1.1"';
const PR_LINE = '127.0.0.1:43952 [21/Nov/2026:02:25:11.722] fe_deny fe_deny/<NOSRV> 0/-1/-1/-1/0 403 192 - - PR-- 1/1/0/0/0 0/0 "GET /admin/users HTTP/1.1"';
const DOWN_L4CON =
  '[WARNING]  (6865) : Server be_api/api1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.';
const UP_LINE =
  'Nov 21 02:25:13 lb1 haproxy[6865]: Server be_hana/obs1 is UP, reason: Layer4 check passed, check duration: 0ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.';

export default {
  'haproxy/no-server-available': {
    match: [
      { text: NOSRV_LINE, fields: { backend: 'be_api', server: '<NOSRV>', status: '503', termination: 'SC--' } }, // real
      {
        text: 'Nov 21 02:25:03 lb1 haproxy[6865]: 127.0.0.1:58890 [21/Nov/2026:02:25:03.441] fe_chk500 be_chk500/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET /api/users?id=42 HTTP/1.1"',
        fields: { backend: 'be_chk500', termination: 'SC--' },
      }, // real
      {
        text: '127.0.0.1:44360 [21/Nov/2026:02:25:12.739] fe_queue be_queue/<NOSRV> 0/1025/-1/-1/1025 503 217 - - sQ-- 3/2/1/0/0 0/1 "GET /export HTTP/1.1"',
        fields: { backend: 'be_queue', termination: 'sQ--' },
      }, // real
      { text: '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>' }, // real
    ],
    nearMiss: [PR_LINE, SC_LINE, OK_LINE],
  },
  'haproxy/server-refused-connection': {
    match: [
      { text: SC_LINE, fields: { backend: 'be_refused', server: 'app1', status: '503', termination: 'SC--' } }, // real
      {
        text: 'Nov 21 02:25:07 lb1 haproxy[6865]: 172.18.0.1:45296 [21/Nov/2026:02:25:04.678] fe_hana be_hana/obs1 0/0/-1/-1/3003 503 217 - - SC-- 1/1/0/0/3 0/0 "GET /api/users?id=42 HTTP/1.1"',
        fields: { backend: 'be_hana', server: 'obs1', termination: 'SC--' },
      }, // real, syslog prefix
      {
        text: '127.0.0.1:40248 [21/Nov/2026:02:25:53.453] fe_tcp be_tcp_pg/pg1 1/-1/3006 0 SC 1/1/0/0/3 0/0',
        fields: { backend: 'be_tcp_pg', server: 'pg1', termination: 'SC' },
      }, // real, TCP log
      {
        text: '127.0.0.1:39848 [21/Nov/2026:02:26:28.647] fe_tlsup be_tlsup/api-tls 0/0/-1/-1/3006 503 217 SC-- "GET /v1/pay HTTP/1.1"',
        fields: { backend: 'be_tlsup', server: 'api-tls', termination: 'SC--' },
      }, // real, custom log-format without cookie fields
      { text: 'haproxy logs show termination state SC-- with Tc=-1 for every request to the api backend', fields: { termination: 'SC--' } },
      { text: '{"frontend":"www","backend":"be_api","server":"api2","status":503,"termination_state":"SC--"}', fields: { termination: 'SC--' } },
    ],
    nearMiss: [NOSRV_LINE, sC_LINE, SH_LINE, 'the termination state was sC-- which means the connect timeout fired'],
  },
  'haproxy/connect-timeout': {
    match: [
      { text: sC_LINE, fields: { backend: 'be_connto', server: 'db1', status: '503', termination: 'sC--' } }, // real
      {
        text: 'Mar 12 09:14:02 lb1 haproxy[1234]: 10.0.3.17:51544 [12/Mar/2024:09:13:57.112] www~ be_orders/orders2 0/0/-1/-1/5003 503 217 - - sC-- 10/10/2/0/3 0/0 "POST /orders HTTP/1.1"',
        fields: { backend: 'be_orders', server: 'orders2', termination: 'sC--' },
      },
      { text: '10.0.3.17:40112 [12/Mar/2024:09:14:02.001] pg_front be_pg/pg2 1/-1/5001 0 sC 3/3/2/0/3 0/0', fields: { termination: 'sC' } },
    ],
    nearMiss: [SC_LINE, sH_LINE, NOSRV_LINE],
  },
  'haproxy/server-aborted-before-headers': {
    match: [
      { text: SH_LINE, fields: { backend: 'be_reset', server: 'web1', status: '502', termination: 'SH--' } }, // real
      {
        text: 'Nov 21 02:25:52 lb1 haproxy[8593]: 127.0.0.1:43334 [21/Nov/2026:02:25:50.624] fe_cabort be_hang_long/slow2 0/0/0/-1/2512 502 209 - - SH-- 1/1/0/0/0 0/0 "GET /report HTTP/1.1"',
        fields: { backend: 'be_hang_long', termination: 'SH--' },
      }, // real
    ],
    nearMiss: [sH_LINE, SD_LINE, OK_LINE],
  },
  'haproxy/server-timeout-before-headers': {
    match: [
      { text: sH_LINE, fields: { backend: 'be_hang', server: 'slow1', status: '504', termination: 'sH--' } }, // real
      {
        text: 'Nov 21 02:25:17 lb1 haproxy[6865]: 127.0.0.1:44344 [21/Nov/2026:02:25:12.737] fe_queue be_queue/q1 0/0/0/-1/5000 504 198 - - sH-- 2/1/0/0/0 0/0 "GET /export HTTP/1.1"',
        fields: { backend: 'be_queue', server: 'q1', termination: 'sH--' },
      }, // real
      { text: 'HAProxy returns 504 with termination state sH-- after exactly 30s', fields: { termination: 'sH--' } },
    ],
    nearMiss: [SH_LINE, sD_LINE, OK_LINE],
  },
  'haproxy/server-died-during-data': {
    match: [
      { text: SD_LINE, fields: { backend: 'be_bodyreset', server: 'dl2', status: '200', termination: 'SD--' } }, // real
      {
        text: '127.0.0.1:54664 [21/Nov/2026:02:26:28.339] fe_chunk be_chunk/legacy3 0/0/0/2/302 200 63 - - SD-- 1/1/0/0/0 0/0 "GET /feed HTTP/1.1"',
        fields: { termination: 'SD--' },
      }, // real: broken chunk size mid-body
    ],
    nearMiss: [sD_LINE, SH_LINE, OK_LINE],
  },
  'haproxy/server-timeout-during-data': {
    match: [
      { text: sD_LINE, fields: { backend: 'be_stall', server: 'dl1', status: '200', termination: 'sD--' } }, // real
      { text: '10.0.3.17:40330 [12/Mar/2024:10:02:11.442] ws_front be_ws/ws1 1/0/3600002 18234 sD 40/40/38/19/0 0/0', fields: { termination: 'sD' } },
    ],
    nearMiss: [SD_LINE, sH_LINE, OK_LINE],
  },
  'haproxy/queue-timeout': {
    match: [
      {
        text: '127.0.0.1:44360 [21/Nov/2026:02:25:12.739] fe_queue be_queue/<NOSRV> 0/1025/-1/-1/1025 503 217 - - sQ-- 3/2/1/0/0 0/1 "GET /export HTTP/1.1"',
        fields: { backend: 'be_queue', status: '503', termination: 'sQ--' },
      }, // real
    ],
    nearMiss: [NOSRV_LINE, sH_LINE],
  },
  'haproxy/proxy-socket-limit': {
    match: [
      {
        text: 'Mar 12 09:14:02 lb1 haproxy[1234]: 10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ be_api/api1 0/0/-1/-1/0 503 217 - - PC-- 4000/4000/1893/470/0 0/0 "GET /api/users HTTP/1.1"',
        fields: { backend: 'be_api', server: 'api1', termination: 'PC--' },
      },
    ],
    nearMiss: [SC_LINE, PR_LINE],
  },
  'haproxy/local-resource-exhausted': {
    match: [
      {
        text: 'Mar 12 09:14:02 lb1 haproxy[1234]: 10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ be_api/api3 0/0/-1/-1/3 503 217 - - RC-- 2011/2011/2004/668/0 0/0 "GET /api/items HTTP/1.1"',
        fields: { backend: 'be_api', server: 'api3', termination: 'RC--' },
      },
    ],
    nearMiss: [SC_LINE, PR_LINE],
  },
  'haproxy/invalid-response-blocked': {
    match: [
      {
        text: '127.0.0.1:35054 [21/Nov/2026:02:25:04.664] fe_badhdr be_badhdr/legacy1 0/0/0/-1/0 502 209 - - PH-- 1/1/0/0/0 0/0 "GET /api/users?id=42 HTTP/1.1"',
        fields: { backend: 'be_badhdr', server: 'legacy1', status: '502', termination: 'PH--' },
      }, // real: invalid header name
      {
        text: 'Nov 21 02:25:04 lb1 haproxy[6865]: 127.0.0.1:58922 [21/Nov/2026:02:25:04.671] fe_badchunk be_badchunk/legacy2 0/0/0/-1/0 502 209 - - PH-- 1/1/0/0/0 0/0 "GET /api/users?id=42 HTTP/1.1"',
        fields: { termination: 'PH--' },
      }, // real: invalid chunk size in the first packet
    ],
    nearMiss: [SH_LINE, PR_LINE],
  },
  'haproxy/invalid-chunked-body-blocked': {
    match: [
      {
        text: '10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ be_legacy/legacy1 0/0/0/4/9 200 512 - - PD-- 3/3/1/1/0 0/0 "GET /export.csv HTTP/1.1"',
        fields: { backend: 'be_legacy', termination: 'PD--' },
      },
    ],
    nearMiss: [SD_LINE, PR_LINE],
  },
  'haproxy/request-blocked-by-proxy': {
    match: [
      { text: PR_LINE, fields: { backend: 'fe_deny', server: '<NOSRV>', status: '403', termination: 'PR--' } }, // real
      {
        text: 'Mar 12 09:14:02 lb1 haproxy[1234]: 10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ www/<NOSRV> -1/-1/-1/-1/0 400 187 - - PR-- 1/1/0/0/0 0/0 "<BADREQ>"',
        fields: { status: '400', termination: 'PR--' },
      },
    ],
    nearMiss: [NOSRV_LINE, OK_LINE],
  },
  'haproxy/client-gave-up-waiting-for-server': {
    match: [
      {
        text: '127.0.0.1:47326 [21/Nov/2026:02:25:17.742] fe_tcp be_tcp_pg/pg1 1/-1/2000 0 CC 2/1/0/0/2 0/0',
        fields: { backend: 'be_tcp_pg', termination: 'CC' },
      }, // real: client closed while HAProxy retried the connect
      {
        text: 'Mar 12 09:14:32 lb1 haproxy[1234]: 10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ be_reports/rep1 0/0/1/-1/30001 -1 0 - - CH-- 7/7/2/1/0 0/0 "GET /reports/monthly HTTP/1.1"',
        fields: { backend: 'be_reports', status: '-1', termination: 'CH--' },
      },
      {
        text: '10.0.3.17:51546 [12/Mar/2024:09:14:02.120] www~ be_api/<NOSRV> 0/9998/-1/-1/9998 503 0 - - CQ-- 120/120/100/0/0 0/57 "GET /api/items HTTP/1.1"',
        fields: { termination: 'CQ--' },
      },
    ],
    nearMiss: [
      sH_LINE,
      'Mar 12 09:14:02 lb1 haproxy[1234]: 10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ be_api/api1 0/0/0/120/4011 200 88213 - - CD-- 5/5/1/1/0 0/0 "GET /download HTTP/1.1"',
    ],
  },
  'haproxy/client-aborted-or-timed-out': {
    match: [
      {
        text: 'Mar 12 09:14:02 lb1 haproxy[1234]: 10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ be_api/api1 0/0/0/120/4011 200 88213 - - CD-- 5/5/1/1/0 0/0 "GET /download HTTP/1.1"',
        fields: { backend: 'be_api', server: 'api1', termination: 'CD--' },
      },
      {
        text: '10.0.3.17:51560 [12/Mar/2024:09:14:07.118] www~ www/<NOSRV> -1/-1/-1/-1/5000 408 212 - - cR-- 3/3/0/0/0 0/0 "<BADREQ>"',
        fields: { status: '408', termination: 'cR--' },
      },
    ],
    nearMiss: ['10.0.3.17:51546 [12/Mar/2024:09:14:02.120] www~ be_api/api2 0/0/1/-1/30001 -1 0 - - CH-- 7/7/2/1/0 0/0 "GET /reports HTTP/1.1"', SD_LINE],
  },
  'haproxy/sessions-killed-server-state-change': {
    match: [
      {
        text: '127.0.0.1:34220 [21/Nov/2026:02:26:09.516] fe_downkill be_downkill/dl3 0/0/0/3/1515 200 135 - - DD-- 2/1/0/0/0 0/0 "GET /download/file.iso HTTP/1.1"',
        fields: { backend: 'be_downkill', server: 'dl3', termination: 'DD--' },
      }, // real: on-marked-down shutdown-sessions
      {
        text: 'Nov 21 02:26:10 lb1 haproxy[8971]: 127.0.0.1:38154 [21/Nov/2026:02:26:09.516] fe_kill be_kill/dl4 0/0/0/3/1328 200 135 - - KD-- 3/1/0/0/0 0/0 "GET /download/file.iso HTTP/1.1"',
        fields: { backend: 'be_kill', termination: 'KD--' },
      }, // real: "shutdown sessions server" on the runtime API
    ],
    nearMiss: [SD_LINE, OK_LINE],
  },
  'haproxy/server-marked-down': {
    match: [
      { text: DOWN_L4CON, fields: { backend: 'be_api', server: 'api1', detail: 'Layer4 connection problem, info: "Connection refused"' } }, // real
      {
        text: 'Nov 21 02:24:54 lb1 haproxy[6865]: Server be_chk500/app1 is DOWN, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: 14ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_chk500', server: 'app1', detail: 'Layer7 wrong status, code: 500, info: "Internal Server Error"' },
      }, // real
      {
        text: 'Backup Server be_api/api2 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_api', server: 'api2' },
      }, // real
      {
        text: 'Server be_api/api1 is DOWN. 0 active and 1 backup servers left. Running on backup. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_api', server: 'api1' },
      }, // real, with option log-health-checks
    ],
    nearMiss: [
      UP_LINE,
      '[WARNING]  (8971) : Server be_dns/api1 is going DOWN for maintenance (DNS NX status). 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    ],
  },
  'haproxy/backend-has-no-server-available': {
    match: [
      { text: "[ALERT]    (6865) : backend 'be_api' has no server available!", fields: { backend: 'be_api' } }, // real (stderr)
      { text: 'Nov 21 02:24:53 lb1 haproxy[6865]: backend be_api has no server available!', fields: { backend: 'be_api' } }, // real (syslog)
      { text: 'Mar 12 09:14:02 lb1 haproxy[1234]: proxy be_static has no server available!', fields: { backend: 'be_static' } },
    ],
    nearMiss: [NOSRV_LINE, UP_LINE],
  },
  'haproxy/check-layer4-connection-problem': {
    match: [
      { text: DOWN_L4CON, fields: { backend: 'be_api', server: 'api1', detail: 'Connection refused' } }, // real
      {
        text: 'Nov 21 02:27:31 lb1 haproxy[11575]: Health check for server be_api/api1 failed, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms, status: 0/2 DOWN.',
        fields: { backend: 'be_api', server: 'api1', detail: 'Connection refused' },
      }, // real, option log-health-checks
      {
        text: 'Health check for backup server be_api/api2 failed, reason: Layer4 connection problem, info: "No route to host", check duration: 3012ms, status: 0/2 DOWN.',
        fields: { backend: 'be_api', server: 'api2', detail: 'No route to host' },
      },
      { text: 'stats page: api1 DOWN  L4CON in 0ms  1/2 fails' },
    ],
    nearMiss: [
      UP_LINE,
      '[WARNING]  (8593) : Server be_l4tout/db2 is DOWN, reason: Layer4 timeout, check duration: 1001ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    ],
  },
  'haproxy/check-layer4-timeout': {
    match: [
      {
        text: '[WARNING]  (8593) : Server be_l4tout/db2 is DOWN, reason: Layer4 timeout, check duration: 1001ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_l4tout', server: 'db2' },
      }, // real (full accept queue)
      { text: 'show servers: be_pg/pg2 check_status=L4TOUT check_duration=2001' },
    ],
    nearMiss: [DOWN_L4CON, 'Server be_api/api1 is DOWN, reason: Layer7 timeout, check duration: 1001ms. 0 active and 0 backup servers left.'],
  },
  'haproxy/check-tls-layer-failure': {
    match: [
      {
        text: 'Nov 21 02:24:54 lb1 haproxy[6865]: Server be_ssl_chk/tls1 is DOWN, reason: Layer6 invalid response, info: "SSL handshake failure", check duration: 1ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_ssl_chk', server: 'tls1', detail: 'SSL handshake failure' },
      }, // real: check-ssl against a plaintext port
      {
        text: '[WARNING]  (6865) : Server be_ssl_hang/tls2 is DOWN, reason: Layer6 timeout, check duration: 1001ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_ssl_hang', server: 'tls2' },
      }, // real
      { text: 'api-tls1 DOWN L6RSP in 2ms' },
    ],
    nearMiss: [DOWN_L4CON, UP_LINE],
  },
  'haproxy/check-wrong-http-status': {
    match: [
      {
        text: '[WARNING]  (6865) : Server be_chk500/app1 is DOWN, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: 14ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_chk500', server: 'app1', detail: 'code: 500, info: "Internal Server Error"' },
      }, // real
      {
        text: 'Mar 12 09:14:02 lb1 haproxy[1234]: Health check for server be_web/web2 failed, reason: Layer7 wrong status, code: 404, info: "Not Found", check duration: 3ms, status: 0/2 DOWN.',
        fields: { backend: 'be_web', server: 'web2', detail: 'code: 404, info: "Not Found"' },
      },
      { text: 'web2 DOWN L7STS/503 in 4ms', fields: { detail: '503' } },
    ],
    nearMiss: [
      'Mar 12 09:14:05 lb1 haproxy[1234]: Health check for server be_web/web2 succeeded, reason: Layer7 check passed, code: 200, check duration: 2ms, status: 1/2 DOWN.',
      'Server be_banner_chk/ssh1 is DOWN, reason: Layer7 invalid response, check duration: 1ms. 0 active and 0 backup servers left.',
    ],
  },
  'haproxy/check-layer7-invalid-response': {
    match: [
      {
        text: '[WARNING]  (6865) : Server be_banner_chk/ssh1 is DOWN, reason: Layer7 invalid response, check duration: 1ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_banner_chk', server: 'ssh1' },
      }, // real: httpchk against an SSH banner
      { text: 'check_status=L7RSP last_chk="Layer7 invalid response"' },
    ],
    nearMiss: [
      'Server be_slow_chk/slowchk1 is DOWN, reason: Layer7 timeout, check duration: 879ms. 0 active and 0 backup servers left.',
      'Server be_ssl_chk/tls1 is DOWN, reason: Layer6 invalid response, info: "SSL handshake failure", check duration: 1ms. 0 active and 0 backup servers left.',
    ],
  },
  'haproxy/check-layer7-timeout': {
    match: [
      {
        text: 'Nov 21 02:24:55 lb1 haproxy[6865]: Server be_slow_chk/slowchk1 is DOWN, reason: Layer7 timeout, check duration: 879ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_slow_chk', server: 'slowchk1' },
      }, // real
      { text: 'app3 DOWN L7TOUT in 2001ms' },
    ],
    nearMiss: [
      '[WARNING]  (8593) : Server be_l4tout/db2 is DOWN, reason: Layer4 timeout, check duration: 1001ms. 0 active and 0 backup servers left.',
      'Server be_banner_chk/ssh1 is DOWN, reason: Layer7 invalid response, check duration: 1ms. 0 active and 0 backup servers left.',
    ],
  },
  'haproxy/check-socket-error': {
    match: [
      {
        text: 'Mar 12 09:14:02 lb1 haproxy[1234]: Server be_api/api1 is DOWN, reason: Socket error, info: "Too many sockets on the process", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_api', server: 'api1', detail: 'Too many sockets on the process' },
      },
      { text: 'api1 DOWN SOCKERR in 0ms' },
    ],
    nearMiss: [DOWN_L4CON, 'Mar 12 09:14:02 app1 node[311]: Error: socket hang up'],
  },
  'haproxy/health-analyze-marked-down': {
    match: [
      {
        text: '[WARNING]  (6865) : Server be_hana/obs1 is DOWN, reason: Health analyze, info: "Detected 1 consecutive errors, last one was: L4 unsuccessful connection". 0 active and 0 backup servers left. 1 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_hana', server: 'obs1', detail: 'Detected 1 consecutive errors, last one was: L4 unsuccessful connection' },
      }, // real
      { text: 'obs1 DOWN HANA in 0ms' },
    ],
    nearMiss: [UP_LINE, DOWN_L4CON],
  },
  'haproxy/conn-error-returned-by-os': {
    match: [
      {
        text: '10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ be_api/api1 0/0/-1/-1/3004 503 217 SC-- bc_err=5 bc_err_str="ECONNREFUSED returned by OS" "GET /api/users HTTP/1.1"',
        fields: { code: 'ECONNREFUSED' },
      },
      {
        text: 'Health check for server be_db/db1 failed, reason: Layer4 connection problem, info: "ENETUNREACH returned by OS"',
        fields: { code: 'ENETUNREACH' },
      },
    ],
    nearMiss: [DOWN_L4CON, SC_LINE],
  },
  'haproxy/conn-error-ssl-handshake': {
    match: [
      {
        text: 'Server be_ssl_chk/tls1 is DOWN, reason: Layer6 invalid response, info: "SSL handshake failure", check duration: 1ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { detail: 'SSL handshake failure' },
      }, // real
      {
        text: '10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ be_pay/pay1 0/0/-1/-1/12 503 217 SC-- bc_err_str="Server presented an SSL certificate different from the configured one" "POST /pay HTTP/1.1"',
        fields: { detail: 'Server presented an SSL certificate different from the configured one' },
      },
      { text: 'bc_err_str="Timeout during SSL handshake"', fields: { detail: 'Timeout during SSL handshake' } },
    ],
    nearMiss: [
      // real: a client failed its handshake with the HAProxy frontend; not an upstream problem
      '127.0.0.1:59756 [21/Nov/2026:02:26:28.333] fe_tls/1: SSL handshake failure',
      UP_LINE,
    ],
  },
  'haproxy/conn-error-local-resources': {
    match: [
      { text: 'bc_err_str="Out of local source ports on the system"', fields: { detail: 'Out of local source ports on the system' } },
      {
        text: 'Mar 12 09:14:02 lb1 haproxy[1234]: 10.0.3.17:51544 [12/Mar/2024:09:14:02.117] www~ be_api/api1 0/0/-1/-1/0 503 217 PC-- bc_err_str="Too many sockets on the system" "GET / HTTP/1.1"',
        fields: { detail: 'Too many sockets on the system' },
      },
    ],
    nearMiss: [SC_LINE, "Mar 12 09:14:02 lb1 haproxy[1234]: Proxy www reached process FD limit (maxsock=4096). Please check 'ulimit-n' and restart."],
  },
  'haproxy/server-address-unresolvable': {
    match: [
      {
        text: "[ALERT]    (10017) : config : [haproxy4.cfg:12] : 'server be_app/app1' : could not resolve address 'api.internal'.",
        fields: { backend: 'be_app', server: 'app1', host: 'api.internal' },
      }, // real (refuses to start)
      {
        text: "[WARNING]  (10020) : config : [haproxy4.cfg:12] : 'server be_app/app1' : could not resolve address 'api.internal', disabling server.",
        fields: { host: 'api.internal', detail: ', disabling server' },
      }, // real, init-addr last,libc,none
      {
        text: "haproxy-1  | [ALERT]    (1) : config : [/usr/local/etc/haproxy/haproxy.cfg:31] : 'server web/web1' : could not resolve address 'web'.",
        fields: { backend: 'web', server: 'web1', host: 'web' },
      },
    ],
    nearMiss: [
      '[ALERT]    (10017) : config : Failed to initialize server(s) addr.',
      '[WARNING]  (8971) : Server be_dns/api1 is going DOWN for maintenance (DNS NX status). 1 active and 0 backup servers left.',
    ],
  },
  'haproxy/server-dns-maintenance': {
    match: [
      {
        text: '[WARNING]  (8971) : Server be_dns/api1 is going DOWN for maintenance (DNS NX status). 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { backend: 'be_dns', server: 'api1', detail: 'DNS NX status' },
      }, // real
      {
        text: 'Nov 21 02:26:11 lb1 haproxy[8971]: Server be_dns/pay1 is going DOWN for maintenance (DNS refused status). 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
        fields: { server: 'pay1', detail: 'DNS refused status' },
      }, // real
      {
        text: '[WARNING]  (8593) : Server be_dns/cat1 was DOWN and now enters maintenance (DNS timeout status).',
        fields: { backend: 'be_dns', server: 'cat1', detail: 'DNS timeout status' },
      }, // real
    ],
    nearMiss: [
      'Mar 12 09:14:02 lb1 haproxy[1234]: Server be_api/api1 is going DOWN for maintenance. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
      DOWN_L4CON,
    ],
  },
  'haproxy/502-error-page': {
    match: [
      { text: '<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>' }, // real
      {
        text: '$ curl -s http://127.0.0.1:8080/api\n<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>',
      },
    ],
    nearMiss: [
      "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>",
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    ],
  },
  'haproxy/504-error-page': {
    match: [
      { text: "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>" }, // real
    ],
    nearMiss: [
      '<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>',
      '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center><hr><center>nginx</center></body></html>',
    ],
  },
} satisfies SignatureCases;
