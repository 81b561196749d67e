import type { SignatureCases } from '../../core/signature-cases.js';

const P = '[Tue Mar 12 09:14:02.123456 2024]';
const REFUSED = `${P} [proxy:error] [pid 1234:tid 140234567890] (111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (localhost:8080) failed`;
const TIMEOUT = `${P} [proxy:error] [pid 1234:tid 140234567890] (70007)The timeout specified has expired: AH00957: HTTP: attempt to connect to 10.0.4.12:8080 (10.0.4.12:8080) failed`;
const NOROUTE = `${P} [proxy:error] [pid 1234:tid 140234567890] (113)No route to host: AH00957: HTTP: attempt to connect to 10.0.5.20:8080 (backend.internal:8080) failed`;
const ACQUIRED = `${P} [proxy:debug] [pid 1234:tid 140234567890] proxy_util.c(2797): AH00942: HTTP: has acquired connection for (localhost:8080)`;
const STATUS_RESET = `${P} [proxy_http:error] [pid 1234:tid 140234567890] (104)Connection reset by peer: [client 172.18.0.1:51544] AH01102: error reading status line from remote server 172.18.0.3:8080`;
const STATUS_TIMEOUT = `${P} [proxy_http:error] [pid 1234:tid 140234567890] (70007)The timeout specified has expired: [client 10.0.1.7:51544] AH01102: error reading status line from remote server app:8080, referer: https://app.example.com/`;

export default {
  'apache/connect-refused': {
    match: [
      { text: REFUSED, fields: { errno: '111', upstream: '127.0.0.1:8080', host: 'localhost', port: '8080', code: 'ECONNREFUSED' } },
      {
        text: `${P} [proxy:error] [pid 1234] (111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:3000 (*) failed`,
        fields: { errno: '111', host: '127.0.0.1', port: '3000' },
      },
      {
        text: `apache-1  | ${P} [proxy:error] [pid 17:tid 140034] (111)Connection refused: AH00957: http: attempt to connect to 172.18.0.3:3000 (app:3000) failed`,
        fields: { errno: '111', host: 'app', port: '3000' },
      },
    ],
    nearMiss: [TIMEOUT, ACQUIRED],
  },
  'apache/connect-timeout': {
    match: [
      { text: TIMEOUT, fields: { errno: '70007', upstream: '10.0.4.12:8080', port: '8080' } },
      {
        text: `${P} [proxy:error] [pid 1234:tid 140234567890] (110)Connection timed out: AH00957: HTTPS: attempt to connect to 10.0.4.13:443 (api.internal:443) failed`,
        fields: { errno: '110', host: 'api.internal', port: '443' },
      },
    ],
    nearMiss: [REFUSED, STATUS_TIMEOUT],
  },
  'apache/connect-no-route': {
    match: [
      { text: NOROUTE, fields: { errno: '113', host: 'backend.internal', port: '8080' } },
      {
        text: `${P} [proxy:error] [pid 1234] (101)Network is unreachable: AH00957: HTTP: attempt to connect to [2001:db8::20]:8080 (*) failed`,
        fields: { errno: '101', host: '2001:db8::20', port: '8080' },
      },
    ],
    nearMiss: [REFUSED, TIMEOUT],
  },
  'apache/connect-failed-other': {
    match: [
      {
        text: `${P} [proxy:error] [pid 2211:tid 140234567890] (13)Permission denied: AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (127.0.0.1) failed`,
        fields: { errno: '13', detail: 'Permission denied', host: '127.0.0.1', port: '8080' },
      },
      {
        text: `${P} [proxy:error] [pid 1234:tid 140234567890] (99)Cannot assign requested address: AH00957: HTTP: attempt to connect to 10.0.4.12:8080 (10.0.4.12:8080) failed`,
        fields: { errno: '99' },
      },
    ],
    nearMiss: [REFUSED, TIMEOUT, NOROUTE],
  },
  'apache/worker-disabled': {
    match: [
      {
        text: `${P} [proxy:error] [pid 1234:tid 140234567890] AH00959: ap_proxy_connect_backend disabling worker for (localhost:8080) for 60s`,
        fields: { host: 'localhost', port: '8080', detail: '60' },
      },
      { text: `${P} [proxy:error] [pid 1234] AH00959: ap_proxy_connect_backend disabling worker for (127.0.0.1) for 60s`, fields: { host: '127.0.0.1' } },
      { text: `${P} [proxy:error] [pid 1234] AH00959: ap_proxy_connect_backend disabling worker for (*) for 60s` },
    ],
    nearMiss: [REFUSED, `${P} [proxy:error] [pid 1234:tid 140234567890] AH00940: HTTP: disabled connection for (localhost:8080)`],
  },
  'apache/failed-to-make-connection': {
    match: [
      {
        text: `${P} [proxy_http:error] [pid 1234:tid 140234567890] [client 172.18.0.1:51544] AH01114: HTTP: failed to make connection to backend: localhost`,
        fields: { host: 'localhost' },
      },
      {
        text: `${P} [proxy_http:error] [pid 1234:tid 140234567890] [client 172.18.0.1:51544] AH01114: HTTP: failed to make connection to backend: app:3000`,
        fields: { host: 'app', port: '3000' },
      },
    ],
    nearMiss: [REFUSED, ACQUIRED],
  },
  'apache/disabled-connection': {
    match: [
      {
        text: `${P} [proxy:error] [pid 1234:tid 140234567890] AH00940: HTTP: disabled connection for (localhost:8080)`,
        fields: { host: 'localhost', port: '8080' },
      },
      { text: `${P} [proxy:error] [pid 1234] AH00940: HTTP: disabled connection for (backend)`, fields: { host: 'backend' } },
    ],
    nearMiss: [ACQUIRED, `${P} [proxy:error] [pid 1234:tid 140234567890] AH00959: ap_proxy_connect_backend disabling worker for (localhost:8080) for 60s`],
  },
  'apache/all-workers-busy': {
    match: [
      {
        text: `${P} [proxy:error] [pid 1234:tid 140234567890] [client 10.0.1.7:51544] AH00934: all workers are busy.  Unable to serve balancer://mycluster/app`,
        fields: { upstream: 'balancer://mycluster/app' },
      },
      { text: `${P} [proxy:error] [pid 1234] [client 10.0.1.7:51544] AH00934: all workers are busy.  Unable to serve /orders`, fields: { path: '/orders' } },
    ],
    nearMiss: [
      `${P} [mpm_event:error] [pid 1234:tid 140234567890] AH00485: scoreboard is full, not at MaxRequestWorkers`,
      `${P} [mpm_prefork:error] [pid 1234] AH00161: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting`,
    ],
  },
  'apache/status-line-read-failed': {
    match: [
      { text: STATUS_RESET, fields: { errno: '104', detail: 'Connection reset by peer', upstream: '172.18.0.3:8080', host: '172.18.0.3', port: '8080' } },
      {
        text: '[Tue Mar 12 09:14:02 2024] [error] [client 10.0.1.7] (20014)Internal error: proxy: error reading status line from remote server 127.0.0.1:8080',
        fields: { upstream: '127.0.0.1:8080' },
      },
      {
        text: `${P} [proxy_http:error] [pid 1234:tid 140234567890] [client 172.18.0.1:51544] AH01102: error reading status line from remote server localhost:9000`,
        fields: { host: 'localhost', port: '9000' },
      },
    ],
    nearMiss: [
      STATUS_TIMEOUT,
      REFUSED,
      '[Tue Mar 12 09:14:02 2024] [error] [client 10.0.1.7] (70007)The timeout specified has expired: proxy: error reading status line from remote server 127.0.0.1:8080',
    ],
  },
  'apache/status-line-read-timeout': {
    match: [
      { text: STATUS_TIMEOUT, fields: { errno: '70007', upstream: 'app:8080', host: 'app', port: '8080' } },
      {
        text: `${P} [proxy_http:error] [pid 1234:tid 140234567890] (110)Connection timed out: [client 10.0.1.7:51544] AH01102: error reading status line from remote server 10.0.4.12:8080`,
        fields: { errno: '110' },
      },
      {
        text: '[Tue Mar 12 09:14:02 2024] [error] [client 10.0.1.7] (70007)The timeout specified has expired: proxy: error reading status line from remote server 127.0.0.1:8080',
        fields: { errno: '70007', upstream: '127.0.0.1:8080' },
      },
    ],
    nearMiss: [STATUS_RESET, TIMEOUT],
  },
  'apache/proxy-invalid-response-page': {
    match: [
      {
        text: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>502 Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>\n<p>The proxy server received an invalid\nresponse from an upstream server.<br />\nThe proxy server could not handle the request<p>Reason: <strong>Error reading from remote server</strong></p></p>\n</body></html>',
      },
    ],
    nearMiss: [
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>503 Service Unavailable</title>\n</head><body>\n<h1>Service Unavailable</h1>\n<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\nproblems. Please try again later.</p>\n</body></html>',
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    ],
  },
  'apache/error-reading-from-remote-server': {
    match: [
      {
        text: `${P} [proxy:error] [pid 1234:tid 140234567890] [client 172.18.0.1:51544] AH00898: Error reading from remote server returned by /api/users`,
        fields: { path: '/api/users' },
      },
      {
        text: '<p>The proxy server could not handle the request <em><a href="/api/users">GET&nbsp;/api/users</a></em>.<p>\nReason: <strong>Error reading from remote server</strong></p></p>',
      },
    ],
    nearMiss: [
      `${P} [proxy:error] [pid 1234:tid 140234567890] [client 172.18.0.1:51544] AH00898: DNS lookup failure for: backend returned by /api/users`,
      ACQUIRED,
    ],
  },
  'apache/dns-lookup-failure': {
    match: [
      {
        text: `${P} [proxy:error] [pid 1234:tid 140234567890] [client 172.18.0.1:51544] AH00898: DNS lookup failure for: backend returned by /api/users`,
        fields: { host: 'backend', path: '/api/users' },
      },
      {
        text: '<p>The proxy server could not handle the request <em><a href="/">GET&nbsp;/</a></em>.<p>\nReason: <strong>DNS lookup failure for: api.internal</strong></p></p>',
        fields: { host: 'api.internal' },
      },
      { text: '[Tue Mar 12 09:14:02 2024] [error] [client 10.0.1.7] proxy: DNS lookup failure for: app returned by /', fields: { host: 'app' } },
    ],
    nearMiss: [
      `${P} [proxy:error] [pid 1234:tid 140234567890] [client 172.18.0.1:51544] AH00898: Error reading from remote server returned by /api/users`,
      REFUSED,
    ],
  },
  'apache/pass-request-body-failed': {
    match: [
      {
        text: `${P} [proxy_http:error] [pid 1234:tid 140234567890] (104)Connection reset by peer: [client 10.0.1.7:51544] AH01097: pass request body failed to 172.18.0.3:8080 (app) from 10.0.1.7 ()`,
        fields: { upstream: '172.18.0.3:8080', host: 'app', client: '10.0.1.7' },
      },
      {
        text: `${P} [proxy:error] [pid 1234:tid 140234567890] (32)Broken pipe: [client 10.0.1.7:51544] AH01084: pass request body failed to 127.0.0.1:8080 (localhost)`,
        fields: { host: 'localhost' },
      },
    ],
    nearMiss: [STATUS_RESET, `${P} [core:error] [pid 1234:tid 140234567890] [client 10.0.1.7:51544] AH00126: Invalid URI in request POST /upload HTTP/1.1`],
  },
  'apache/error-reading-response': {
    match: [
      { text: `${P} [proxy_http:error] [pid 1234:tid 140234567890] (104)Connection reset by peer: [client 10.0.1.7:51544] AH01110: error reading response` },
      {
        text: `${P} [proxy_http:error] [pid 1234:tid 140234567890] (70007)The timeout specified has expired: [client 10.0.1.7:51544] AH01110: Network error reading response`,
      },
    ],
    nearMiss: [STATUS_RESET, ACQUIRED],
  },
  'apache/corrupt-status-line': {
    match: [
      {
        text: `${P} [proxy_http:error] [pid 1234:tid 140234567890] [client 10.0.1.7:51544] Corrupt status line returned by remote server: SSH-2.0-OpenSSH_9.2p1`,
        fields: { detail: 'SSH-2.0-OpenSSH_9.2p1' },
      },
    ],
    nearMiss: [STATUS_RESET, `${P} [proxy_http:error] [pid 1234] [client 10.0.1.7:51544] AH01104: bad HTTP/1.1 header returned by /api (GET)`],
  },
  'apache/timeout-on-100-continue': {
    match: [
      { text: `${P} [proxy_http:error] [pid 1234:tid 140234567890] [client 10.0.1.7:51544] Timeout on 100-Continue returned by /upload` },
      {
        text: `${P} [proxy_http:debug] [pid 1234:tid 140234567890] mod_proxy_http.c(1155): (70007)The timeout specified has expired: [client 10.0.1.7:51544] AH01103: read timeout`,
      },
    ],
    nearMiss: [STATUS_TIMEOUT, TIMEOUT],
  },
  'apache/no-protocol-handler': {
    match: [
      {
        text: `${P} [proxy:warn] [pid 1234:tid 140234567890] [client 172.18.0.1:51544] AH01144: No protocol handler was valid for the URL /api/users (scheme 'http'). If you are using a DSO version of mod_proxy, make sure the proxy submodules are included in the configuration using LoadModule.`,
        fields: { path: '/api/users', scheme: 'http' },
      },
      {
        text: `${P} [proxy:warn] [pid 1234] [client 172.18.0.1:51544] AH01144: No protocol handler was valid for the URL /ws (scheme 'ws').`,
        fields: { scheme: 'ws' },
      },
    ],
    nearMiss: [ACQUIRED, `${P} [proxy:debug] [pid 1234] mod_proxy.c(1465): [client 172.18.0.1:51544] AH01143: Running scheme http handler (attempt 0)`],
  },
  'apache/ssl-proxy-not-enabled': {
    match: [
      {
        text: `${P} [proxy:error] [pid 1234:tid 140234567890] AH00961: HTTPS: failed to enable ssl support for 10.0.4.20:443 (api.internal)`,
        fields: { upstream: '10.0.4.20:443', host: 'api.internal', port: '443' },
      },
    ],
    nearMiss: [REFUSED, `${P} [ssl:warn] [pid 1234] AH01909: www.example.com:443:0 server certificate does NOT include an ID which matches the server name`],
  },
  'apache/ssl-proxy-handshake-failed': {
    match: [
      {
        text: `${P} [ssl:error] [pid 1234:tid 140234567890] [remote 10.0.4.20:443] AH02003: SSL Proxy connect failed`,
        fields: { detail: 'AH02003: SSL Proxy connect failed' },
      },
      {
        text: `${P} [ssl:error] [pid 1234:tid 140234567890] [remote 10.0.4.20:443] AH02005: SSL Proxy: Peer certificate does not match for hostname api.internal`,
        fields: { host: 'api.internal' },
      },
      { text: `${P} [ssl:info] [pid 1234:tid 140234567890] [remote 10.0.4.20:443] AH02252: SSL Proxy: Peer certificate is expired` },
    ],
    nearMiss: [
      `${P} [ssl:warn] [pid 1234] AH01909: www.example.com:443:0 server certificate does NOT include an ID which matches the server name`,
      `${P} [ssl:info] [pid 1234:tid 140234567890] [client 10.0.1.7:51544] AH02008: SSL library error 1 in handshake (server www.example.com:443)`,
    ],
  },
} satisfies SignatureCases;
