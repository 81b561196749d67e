import type { SignatureCases } from '../../core/signature-cases.js';

// Lines marked "nginx 1.22.1" were produced by a real nginx 1.22.1 (OpenSSL 3.0, Linux) against local
// test upstreams; only addresses, pids, paths and timestamps were rewritten to realistic values.

const TIMEOUT_READ_HEADER =
  '2024/03/12 09:14:02 [error] 31#31: *7 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /api/orders HTTP/1.1", upstream: "http://172.18.0.5:8080/api/orders", host: "localhost:8080"';
const REFUSED =
  '2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "http://127.0.0.1:3000/api/users", host: "localhost:8080"';

export default {
  'nginx/connect-refused': {
    match: [
      // nginx 1.22.1
      { text: REFUSED, fields: { errno: '111', host: '127.0.0.1', port: '3000', scheme: 'http', client: '172.18.0.1' } },
      // docker compose prefix + json-file log shipped line
      {
        text: 'web-1  | 2024/06/01 18:22:41 [error] 29#29: *12 connect() failed (111: Connection refused) while connecting to upstream, client: 172.20.0.1, server: _, request: "POST /graphql HTTP/1.1", upstream: "http://172.20.0.3:4000/graphql", host: "localhost"',
        fields: { host: '172.20.0.3', port: '4000', code: 'ECONNREFUSED' },
      },
      // nginx from Homebrew on macOS: ECONNREFUSED is 61
      {
        text: '2024/02/20 11:05:13 [error] 80123#0: *3 connect() failed (61: Connection refused) while connecting to upstream, client: 127.0.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://[::1]:5173/", host: "localhost:8080"',
        fields: { errno: '61', host: '::1', port: '5173' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:14:02 [error] 31#31: *7 upstream timed out (110: Connection timed out) while connecting to upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:3000/", host: "example.com"',
      // stream (TCP) proxy: same words, no HTTP status (NGX-35)
      '2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.3.17, server: 0.0.0.0:5432, upstream: "10.0.3.40:5432", bytes from/to client:0/0, bytes from/to upstream:0/0',
    ],
  },

  'nginx/connect-to-refused': {
    match: [
      // nginx 1.22.1: socket file left behind by a dead gunicorn
      {
        text: '2024/03/12 09:20:11 [error] 31#31: *104 connect() to unix:/run/gunicorn/app.sock failed (111: Connection refused) while connecting to upstream, client: 10.0.1.23, server: app.example.com, request: "GET /health HTTP/1.1", upstream: "http://unix:/run/gunicorn/app.sock:/health", host: "app.example.com"',
        fields: { errno: '111', upstream: 'unix:/run/gunicorn/app.sock', host: 'unix:/run/gunicorn/app.sock' },
      },
      {
        text: '2023/11/02 07:41:09 [error] 1184#100211: *55 connect() to 127.0.0.1:9000 failed (61: Connection refused) while connecting to upstream, client: 192.168.1.20, server: shop.local, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "shop.local"',
        fields: { host: '127.0.0.1', port: '9000', errno: '61' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:20:11 [crit] 31#31: *104 connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 10.0.1.23, server: app.example.com, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "app.example.com"',
      REFUSED,
    ],
  },

  'nginx/unix-socket-missing': {
    match: [
      // nginx 1.22.1 (logged at [crit])
      {
        text: '2024/03/12 09:20:11 [crit] 31#31: *55 connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 10.0.1.23, server: app.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "app.example.com"',
        fields: { errno: '2', upstream: 'unix:/run/php/php8.2-fpm.sock', code: 'ENOENT' },
      },
      {
        text: 'nginx-1  | 2024/05/07 13:02:44 [crit] 22#22: *3 connect() to unix:/tmp/gunicorn.sock failed (2: No such file or directory) while connecting to upstream, client: 172.19.0.1, server: _, request: "GET /api/health HTTP/1.1", upstream: "http://unix:/tmp/gunicorn.sock:/api/health", host: "localhost"',
        fields: { upstream: 'unix:/tmp/gunicorn.sock' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:20:11 [error] 31#31: *104 connect() to unix:/run/gunicorn/app.sock failed (111: Connection refused) while connecting to upstream, client: 10.0.1.23, server: app.example.com, request: "GET /health HTTP/1.1", upstream: "http://unix:/run/gunicorn/app.sock:/health", host: "app.example.com"',
      '2024/03/12 09:20:11 [crit] 31#31: *1 open() "/var/www/html/favicon.ico" failed (2: No such file or directory), client: 10.0.1.23, server: app.example.com, request: "GET /favicon.ico HTTP/1.1", host: "app.example.com"',
    ],
  },

  'nginx/unix-socket-permission-denied': {
    match: [
      // nginx 1.22.1 (logged at [crit])
      {
        text: '2024/03/12 09:25:33 [crit] 8199#8199: *98 connect() to unix:/run/php/php-fpm.sock failed (13: Permission denied) while connecting to upstream, client: 10.0.1.23, server: localhost, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php-fpm.sock:", host: "example.com"',
        fields: { errno: '13', upstream: 'unix:/run/php/php-fpm.sock', code: 'EACCES' },
      },
      {
        text: '2024/01/09 16:44:02 [crit] 1402#1402: *1 connect() to 127.0.0.1:8000 failed (13: Permission denied) while connecting to upstream, client: 10.8.0.4, server: app.internal, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "app.internal"',
        fields: { host: '127.0.0.1', port: '8000' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:33 [crit] 31#31: *98 open() "/var/www/html/index.html" failed (13: Permission denied), client: 10.0.1.23, server: localhost, request: "GET / HTTP/1.1", host: "example.com"',
      '2024/03/12 09:25:33 [crit] 31#31: *98 connect() to unix:/run/php/php-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 10.0.1.23, server: localhost, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php-fpm.sock:", host: "example.com"',
    ],
  },

  'nginx/unix-socket-backlog-full': {
    match: [
      // nginx 1.22.1 (logged at [error])
      {
        text: '2024/03/12 09:25:39 [error] 8377#8377: *106 connect() to unix:/run/uwsgi/app.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 10.0.1.23, server: localhost, request: "GET /reports HTTP/1.1", upstream: "uwsgi://unix:/run/uwsgi/app.sock:", host: "example.com"',
        fields: { errno: '11', upstream: 'unix:/run/uwsgi/app.sock' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:39 [error] 31#31: *106 connect() to unix:/run/uwsgi/app.sock failed (111: Connection refused) while connecting to upstream, client: 10.0.1.23, server: localhost, request: "GET / HTTP/1.1", upstream: "uwsgi://unix:/run/uwsgi/app.sock:", host: "example.com"',
      '2024/03/12 09:25:39 [alert] 31#31: *106 recv() failed (11: Resource temporarily unavailable), client: 10.0.1.23',
    ],
  },

  'nginx/no-route-to-host': {
    match: [
      {
        text: '2024/05/02 14:03:11 [error] 29#29: *1042 connect() failed (113: No route to host) while connecting to upstream, client: 10.42.0.1, server: _, request: "GET /api/v1/orders HTTP/1.1", upstream: "http://10.42.1.57:8080/api/v1/orders", host: "shop.example.com"',
        fields: { errno: '113', host: '10.42.1.57', port: '8080' },
      },
      {
        text: '2024/05/02 14:03:11 [error] 29#29: *1043 connect() to 10.42.1.57:8080 failed (113: Host is unreachable) while connecting to upstream, client: 10.42.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://10.42.1.57:8080/", host: "shop.example.com"',
        fields: { host: '10.42.1.57', port: '8080' },
      },
    ],
    nearMiss: [
      '2024/05/02 14:03:11 [error] 29#29: *1042 connect() failed (111: Connection refused) while connecting to upstream, client: 10.42.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://10.42.1.57:8080/", host: "shop.example.com"',
      '2024/05/02 14:03:11 [error] 29#29: send() failed (113: No route to host) while resolving, resolver: 10.96.0.10:53',
    ],
  },

  'nginx/network-unreachable': {
    match: [
      {
        text: '2024/04/18 08:12:55 [error] 7#7: *21 connect() to [2606:4700:3033::6815:1b0c]:443 failed (101: Network is unreachable) while connecting to upstream, client: 172.17.0.1, server: proxy, request: "GET /v1/status HTTP/1.1", upstream: "https://[2606:4700:3033::6815:1b0c]:443/v1/status", host: "localhost:8080"',
        fields: { errno: '101', host: '2606:4700:3033::6815:1b0c', port: '443' },
      },
      {
        text: '2024/04/18 08:12:55 [error] 7#7: *22 connect() failed (101: Network is unreachable) while connecting to upstream, client: 172.17.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://[::1]:3000/", host: "localhost"',
        fields: { host: '::1', port: '3000' },
      },
    ],
    nearMiss: [
      '2024/04/18 08:12:55 [error] 7#7: *21 connect() failed (113: No route to host) while connecting to upstream, client: 172.17.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://10.1.2.3:3000/", host: "localhost"',
      '2024/04/18 08:12:55 [emerg] 1#1: socket() [::]:80 failed (97: Address family not supported by protocol)',
    ],
  },

  'nginx/connect-timeout': {
    match: [
      {
        text: '2024/03/12 09:14:02 [error] 31#31: *7 upstream timed out (110: Connection timed out) while connecting to upstream, client: 10.0.0.12, server: api.example.com, request: "GET /v2/items HTTP/1.1", upstream: "http://10.0.3.21:8080/v2/items", host: "api.example.com"',
        fields: { errno: '110', host: '10.0.3.21', port: '8080' },
      },
      {
        text: '2024/03/12 09:14:02 [error] 31#31: *9 connect() failed (110: Connection timed out) while connecting to upstream, client: 10.0.0.12, server: api.example.com, request: "GET / HTTP/1.1", upstream: "http://10.0.3.21:8080/", host: "api.example.com"',
        fields: { errno: '110', host: '10.0.3.21' },
      },
      {
        text: '2024/03/12 09:14:02 [error] 4411#0: *9 upstream timed out (60: Operation timed out) while connecting to upstream, client: 127.0.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://192.168.64.3:80/", host: "localhost:8080"',
        fields: { errno: '60' },
      },
    ],
    nearMiss: [TIMEOUT_READ_HEADER, REFUSED],
  },

  'nginx/read-header-timeout': {
    match: [
      // nginx 1.22.1
      { text: TIMEOUT_READ_HEADER, fields: { errno: '110', host: '172.18.0.5', port: '8080', scheme: 'http' } },
      {
        text: '{"log":"2024/03/12 09:14:02 [error] 24#24: *1193 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.244.0.1, server: reports.example.com, request: \\"GET /export HTTP/1.1\\", upstream: \\"http://10.244.2.31:5000/export\\", host: \\"reports.example.com\\"\\n","stream":"stderr","time":"2024-03-12T09:14:02.118Z"}',
        fields: { host: '10.244.2.31', port: '5000' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:14:02 [error] 31#31: *7 upstream timed out (110: Connection timed out) while reading upstream, client: 172.18.0.1, server: localhost, request: "GET /download HTTP/1.1", upstream: "http://172.18.0.5:8080/download", host: "localhost:8080"',
      '2024/03/12 09:14:02 [error] 31#31: *7 upstream timed out (110: Connection timed out) while connecting to upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://172.18.0.5:8080/", host: "localhost:8080"',
    ],
  },

  'nginx/send-timeout': {
    match: [
      // nginx 1.22.1
      {
        text: '2024/03/12 09:25:15 [error] 7258#7258: *79 upstream timed out (110: Connection timed out) while sending request to upstream, client: 10.0.0.12, server: files.example.com, request: "POST /upload HTTP/1.1", upstream: "http://10.0.2.14:8000/upload", host: "files.example.com"',
        fields: { errno: '110', host: '10.0.2.14', port: '8000' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:15 [warn] 7258#7258: *79 a client request body is buffered to a temporary file /var/cache/nginx/client_temp/0000000001, client: 10.0.0.12, server: files.example.com, request: "POST /upload HTTP/1.1", host: "files.example.com"',
      TIMEOUT_READ_HEADER,
    ],
  },

  'nginx/body-read-timeout': {
    match: [
      // nginx 1.22.1
      {
        text: '2024/03/12 09:24:50 [error] 6441#6441: *27 upstream timed out (110: Connection timed out) while reading upstream, client: 10.0.0.12, server: localhost, request: "GET /reports/2024.csv HTTP/1.1", upstream: "http://10.0.2.14:8000/reports/2024.csv", host: "reports.example.com"',
        fields: { host: '10.0.2.14', port: '8000' },
      },
    ],
    nearMiss: [
      TIMEOUT_READ_HEADER,
      '2024/03/12 09:24:50 [info] 6441#6441: *112 upstream timed out (110: Connection timed out) while proxying upgraded connection, client: 10.0.0.12, server: localhost, request: "GET /ws HTTP/1.1", upstream: "http://10.0.2.14:8000/ws", host: "chat.example.com"',
    ],
  },

  'nginx/websocket-idle-timeout': {
    match: [
      // nginx 1.22.1 (logged at [info])
      {
        text: '2024/03/12 09:25:45 [info] 8513#8513: *112 upstream timed out (110: Connection timed out) while proxying upgraded connection, client: 10.0.0.12, server: localhost, request: "GET /ws/socket HTTP/1.1", upstream: "http://10.0.2.14:3001/ws/socket", host: "chat.example.com"',
        fields: { host: '10.0.2.14', port: '3001' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:50 [error] 6441#6441: *27 upstream timed out (110: Connection timed out) while reading upstream, client: 10.0.0.12, server: localhost, request: "GET /big HTTP/1.1", upstream: "http://10.0.2.14:8000/big", host: "example.com"',
      '2024/03/12 09:25:45 [info] 8513#8513: *112 client 10.0.0.12 closed keepalive connection while proxying upgraded connection',
    ],
  },

  'nginx/tls-handshake-timeout': {
    match: [
      // nginx 1.22.1
      {
        text: '2024/03/12 09:25:12 [error] 7258#7258: *73 upstream timed out (110: Connection timed out) while SSL handshaking to upstream, client: 10.0.0.12, server: localhost, request: "GET /api HTTP/1.1", upstream: "https://10.0.2.14:8080/api", host: "example.com"',
        fields: { host: '10.0.2.14', port: '8080', scheme: 'https' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:12 [error] 7258#7258: *73 peer closed connection in SSL handshake while SSL handshaking to upstream, client: 10.0.0.12, server: localhost, request: "GET /api HTTP/1.1", upstream: "https://10.0.2.14:8443/api", host: "example.com"',
      TIMEOUT_READ_HEADER,
    ],
  },

  'nginx/no-live-upstreams': {
    match: [
      // nginx 1.22.1
      {
        text: '2024/03/12 09:25:16 [error] 7258#7258: *88 no live upstreams while connecting to upstream, client: 10.0.0.12, server: localhost, request: "GET /checkout HTTP/1.1", upstream: "http://api_backend/checkout", host: "shop.example.com"',
        fields: { backend: 'api_backend', scheme: 'http' },
      },
      {
        text: '2024/01/15 22:10:03 [error] 1234#1234: *5678 no live upstreams while connecting to upstream, client: 203.0.113.50, server: grpc.example.com, request: "POST /orders.OrderService/Create HTTP/2.0", upstream: "grpc://orders_grpc", host: "grpc.example.com:443"',
        fields: { backend: 'orders_grpc' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:16 [warn] 7258#7258: *85 upstream server temporarily disabled while connecting to upstream, client: 10.0.0.12, server: localhost, request: "GET /checkout HTTP/1.1", upstream: "http://10.0.1.31:8080/checkout", host: "shop.example.com"',
      '2024/03/12 09:25:16 [error] 31#31: *5 no live upstreams while connecting to upstream, client: 10.0.3.17, server: 0.0.0.0:6379, upstream: "redis_pool", bytes from/to client:0/0, bytes from/to upstream:0/0',
    ],
  },

  'nginx/upstream-server-temporarily-disabled': {
    match: [
      // nginx 1.22.1 (logged at [warn])
      {
        text: '2024/03/12 09:25:16 [warn] 7258#7258: *85 upstream server temporarily disabled while connecting to upstream, client: 10.0.0.12, server: localhost, request: "GET /checkout HTTP/1.1", upstream: "http://10.0.1.31:8080/checkout", host: "shop.example.com"',
        fields: { host: '10.0.1.31', port: '8080' },
      },
      {
        text: '2024/03/12 09:26:40 [warn] 31#31: *201 upstream server temporarily disabled while reading response header from upstream, client: 10.0.0.12, server: localhost, request: "GET /checkout HTTP/1.1", upstream: "http://10.0.1.32:8080/checkout", host: "shop.example.com"',
        fields: { host: '10.0.1.32' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:16 [error] 7258#7258: *88 no live upstreams while connecting to upstream, client: 10.0.0.12, server: localhost, request: "GET /checkout HTTP/1.1", upstream: "http://api_backend/checkout", host: "shop.example.com"',
      REFUSED,
    ],
  },

  'nginx/upstream-closed-before-header': {
    match: [
      // nginx 1.22.1 (backend closed after reading the request; also what plain HTTP to a Node TLS port gives)
      {
        text: '2024/03/12 09:24:47 [error] 6441#6441: *5 upstream prematurely closed connection while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "http://172.18.0.4:3000/api/users", host: "localhost:8080"',
        fields: { host: '172.18.0.4', port: '3000' },
      },
      {
        text: '2024/03/12 09:24:58 [error] 6441#6441: *51 upstream prematurely closed connection while reading response header from upstream, client: 10.0.0.12, server: localhost, request: "POST /helloworld.Greeter/SayHello HTTP/2.0", upstream: "grpc://10.0.4.8:50051", host: "grpc.example.com"',
        fields: { scheme: 'grpc', host: '10.0.4.8', port: '50051' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:50 [error] 6441#6441: *29 upstream prematurely closed connection while reading upstream, client: 172.18.0.1, server: localhost, request: "GET /download HTTP/1.1", upstream: "http://172.18.0.4:3000/download", host: "localhost:8080"',
      '2024/03/12 09:25:10 [error] 7258#7258: *65 upstream prematurely closed FastCGI stdout while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "localhost"',
    ],
  },

  'nginx/upstream-closed-during-body': {
    match: [
      // nginx 1.22.1
      {
        text: '2024/03/12 09:24:50 [error] 6441#6441: *29 upstream prematurely closed connection while reading upstream, client: 172.18.0.1, server: localhost, request: "GET /download/report.pdf HTTP/1.1", upstream: "http://172.18.0.4:3000/download/report.pdf", host: "localhost:8080"',
        fields: { host: '172.18.0.4', port: '3000' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:47 [error] 6441#6441: *5 upstream prematurely closed connection while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /api HTTP/1.1", upstream: "http://172.18.0.4:3000/api", host: "localhost:8080"',
      '2024/03/12 09:24:50 [info] 6441#6441: *29 client prematurely closed connection while sending to client, client: 172.18.0.1, server: localhost, request: "GET /download/report.pdf HTTP/1.1", upstream: "http://172.18.0.4:3000/download/report.pdf", host: "localhost:8080"',
    ],
  },

  'nginx/upstream-reset-before-header': {
    match: [
      // nginx 1.22.1 (backend socket.resetAndDestroy())
      {
        text: '2024/03/12 09:24:47 [error] 6441#6441: *7 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "http://172.18.0.4:3000/api/users", host: "localhost:8080"',
        fields: { errno: '104', host: '172.18.0.4', port: '3000', code: 'ECONNRESET' },
      },
      {
        text: '[pod/ingress-nginx-controller-6f7d8c9b5-x2k4p/controller] 2024/03/12 09:24:47 [error] 41#41: *18231 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 10.244.0.1, server: api.example.com, request: "GET /v1/orders HTTP/2.0", upstream: "http://10.244.1.17:8080/v1/orders", host: "api.example.com"',
        fields: { host: '10.244.1.17', port: '8080' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:50 [error] 6441#6441: *31 readv() failed (104: Connection reset by peer) while reading upstream, client: 172.18.0.1, server: localhost, request: "GET /big HTTP/1.1", upstream: "http://172.18.0.4:3000/big", host: "localhost:8080"',
      '2024/03/12 09:24:47 [info] 6441#6441: *7 recv() failed (104: Connection reset by peer) while reading client request line, client: 172.18.0.1, server: 0.0.0.0:80',
    ],
  },

  'nginx/upstream-reset-during-body': {
    match: [
      // nginx 1.22.1 prints readv() here
      {
        text: '2024/03/12 09:24:50 [error] 6441#6441: *31 readv() failed (104: Connection reset by peer) while reading upstream, client: 172.18.0.1, server: localhost, request: "GET /export.csv HTTP/1.1", upstream: "http://172.18.0.4:3000/export.csv", host: "localhost:8080"',
        fields: { errno: '104', host: '172.18.0.4' },
      },
      {
        text: '2024/03/12 09:24:50 [error] 31#31: *31 recv() failed (104: Connection reset by peer) while reading upstream, client: 172.18.0.1, server: localhost, request: "GET /events HTTP/1.1", upstream: "http://172.18.0.4:3000/events", host: "localhost:8080"',
        fields: { port: '3000' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:47 [error] 6441#6441: *7 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /api HTTP/1.1", upstream: "http://172.18.0.4:3000/api", host: "localhost:8080"',
      '2024/03/12 09:24:50 [info] 31#31: *31 writev() failed (104: Connection reset by peer) while sending to client, client: 172.18.0.1, server: localhost, request: "GET /events HTTP/1.1", upstream: "http://172.18.0.4:3000/events", host: "localhost:8080"',
    ],
  },

  'nginx/send-request-failed': {
    match: [
      // nginx 1.22.1 (backend reset while a 30 MB upload was being sent)
      {
        text: '2024/03/12 09:25:39 [error] 8377#8377: *108 writev() failed (104: Connection reset by peer) while sending request to upstream, client: 10.0.0.12, server: localhost, request: "POST /upload HTTP/1.1", upstream: "http://10.0.2.14:8000/upload", host: "files.example.com"',
        fields: { errno: '104', host: '10.0.2.14', port: '8000' },
      },
      {
        text: '2024/03/12 09:25:39 [error] 31#31: *110 writev() failed (32: Broken pipe) while sending request to upstream, client: 10.0.0.12, server: localhost, request: "POST /api/import HTTP/1.1", upstream: "http://10.0.2.14:8000/api/import", host: "files.example.com"',
        fields: { errno: '32' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:39 [info] 31#31: *110 writev() failed (32: Broken pipe) while sending to client, client: 10.0.0.12, server: localhost, request: "GET /big HTTP/1.1", upstream: "http://10.0.2.14:8000/big", host: "files.example.com"',
      '2024/03/12 09:25:15 [error] 7258#7258: *79 upstream timed out (110: Connection timed out) while sending request to upstream, client: 10.0.0.12, server: localhost, request: "POST /upload HTTP/1.1", upstream: "http://10.0.2.14:8000/upload", host: "files.example.com"',
    ],
  },

  'nginx/host-not-found-in-upstream': {
    match: [
      // nginx 1.22.1, nginx -t with an unresolvable proxy_pass host (printed without the port)
      {
        text: '2024/03/12 09:25:42 [emerg] 8498#8498: host not found in upstream "orders-api" in /etc/nginx/conf.d/default.conf:14',
        fields: { upstream: 'orders-api', host: 'orders-api', detail: '/etc/nginx/conf.d/default.conf:14' },
      },
      // nginx 1.22.1, server line of an upstream{} block (printed with the port)
      {
        text: 'nginx-1  | nginx: [emerg] host not found in upstream "payments-svc:9000" in /etc/nginx/nginx.conf:21',
        fields: { host: 'payments-svc', port: '9000' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:42 [emerg] 1#1: host not found in resolver "kube-dns.kube-system.svc.cluster.local" in /etc/nginx/nginx.conf:18',
      '2024/03/12 09:25:13 [error] 31#31: *58 invalid host in upstream "127.0.0.1/api/users", client: 127.0.0.1, server: localhost, request: "GET /x HTTP/1.1", host: "localhost"',
    ],
  },

  'nginx/resolver-host-not-found': {
    match: [
      // nginx 1.22.1 (resolver answering NXDOMAIN)
      {
        text: '2024/03/12 09:24:58 [error] 6441#6441: *59 orders-svc could not be resolved (3: Host not found), client: 10.244.0.1, server: api.example.com, request: "GET /orders HTTP/1.1", host: "api.example.com"',
        fields: { host: 'orders-svc', errno: '3', client: '10.244.0.1' },
      },
      {
        text: '2024/03/12 09:24:58 [error] 24#24: *7 payments.prod could not be resolved (3: Host not found), client: 10.244.0.1, server: _, request: "POST /pay HTTP/1.1", host: "shop.example.com"',
        fields: { host: 'payments.prod' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:58 [error] 6441#6441: *61 orders-svc could not be resolved (2: Server failure), client: 10.244.0.1, server: api.example.com, request: "GET /orders HTTP/1.1", host: "api.example.com"',
      '2024/03/12 09:25:42 [emerg] 1#1: host not found in upstream "orders-svc" in /etc/nginx/conf.d/default.conf:9',
    ],
  },

  'nginx/resolver-error': {
    match: [
      // nginx 1.22.1 (resolver answering SERVFAIL)
      {
        text: '2024/03/12 09:24:58 [error] 6441#6441: *61 orders-svc could not be resolved (2: Server failure), client: 10.244.0.1, server: api.example.com, request: "GET /orders HTTP/1.1", host: "api.example.com"',
        fields: { host: 'orders-svc', errno: '2', detail: 'Server failure' },
      },
      // nginx 1.22.1 (resolver port closed)
      {
        text: '2024/03/12 09:25:00 [error] 6441#6441: *63 backend.default.svc.cluster.local could not be resolved (110: Operation timed out), client: 172.17.0.1, server: _, request: "GET /orders HTTP/1.1", host: "localhost:8080"',
        fields: { host: 'backend.default.svc.cluster.local', errno: '110' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:58 [error] 6441#6441: *59 orders-svc could not be resolved (3: Host not found), client: 10.244.0.1, server: api.example.com, request: "GET /orders HTTP/1.1", host: "api.example.com"',
      '2024/03/12 09:24:58 [error] 6441#6441: recv() failed (111: Connection refused) while resolving, resolver: 127.0.0.11:53',
    ],
  },

  'nginx/no-resolver-defined': {
    match: [
      // nginx 1.22.1 (proxy_pass http://$backend:8080 without a resolver)
      {
        text: '2024/03/12 09:24:58 [error] 6441#6441: *57 no resolver defined to resolve backend, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", host: "localhost:8080"',
        fields: { host: 'backend', client: '172.18.0.1' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:58 [error] 6441#6441: *59 backend could not be resolved (3: Host not found), client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", host: "localhost:8080"',
      // OCSP stapling, not an upstream
      '2024/03/12 09:24:58 [warn] 31#31: no resolver defined to resolve ocsp.r3.example.net while requesting certificate status, responder: ocsp.r3.example.net, certificate: "/etc/nginx/certs/site.pem"',
    ],
  },

  'nginx/no-port-in-upstream': {
    match: [
      // nginx 1.22.1 (fastcgi_pass $php_host; with a value without port)
      {
        text: '2024/03/12 09:25:13 [error] 7258#7258: *78 no port in upstream "php-fpm", client: 172.18.0.1, server: localhost, request: "GET /index.php HTTP/1.1", host: "localhost:8080"',
        fields: { host: 'php-fpm' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:13 [error] 7258#7258: *58 invalid host in upstream "127.0.0.1/api/users", client: 127.0.0.1, server: localhost, request: "GET /x HTTP/1.1", host: "localhost"',
      '2024/03/12 09:25:42 [emerg] 1#1: host not found in upstream "php-fpm" in /etc/nginx/conf.d/default.conf:12',
    ],
  },

  'nginx/upstream-header-too-big': {
    match: [
      // nginx 1.22.1 (20 kB Set-Cookie)
      {
        text: '2024/03/12 09:24:47 [error] 6441#6441: *9 upstream sent too big header while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /login/callback HTTP/1.1", upstream: "http://172.18.0.4:3000/login/callback", host: "localhost:8080"',
        fields: { host: '172.18.0.4', port: '3000' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:47 [info] 6441#6441: *9 client sent too long header line: "Cookie: session=..." while reading client request headers, client: 172.18.0.1, server: localhost, host: "localhost:8080"',
      '2024/03/12 09:24:48 [error] 6441#6441: *15 upstream sent invalid header: "X-Bad\\x01..." while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://172.18.0.4:3000/", host: "localhost:8080"',
    ],
  },

  'nginx/upstream-invalid-header': {
    match: [
      // nginx 1.22.1
      {
        text: '2024/03/12 09:24:48 [error] 6441#6441: *15 upstream sent invalid header: "X-Bad\\x01..." while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "http://172.18.0.4:3000/api/users", host: "localhost:8080"',
        fields: { host: '172.18.0.4', detail: 'X-Bad\\x01...' },
      },
      {
        text: '2019/08/02 10:11:12 [error] 1102#0: *44 upstream sent invalid header while reading response header from upstream, client: 10.1.1.5, server: legacy.example.com, request: "GET / HTTP/1.1", upstream: "http://10.1.1.9:8081/", host: "legacy.example.com"',
        fields: { port: '8081' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:48 [info] 6441#6441: *15 client sent invalid header line: "X-Bad\\x01" while reading client request headers, client: 172.18.0.1, server: localhost, host: "localhost:8080"',
      '2024/03/12 09:24:47 [error] 6441#6441: *9 upstream sent too big header while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://172.18.0.4:3000/", host: "localhost:8080"',
    ],
  },

  'nginx/upstream-not-http': {
    match: [
      // nginx 1.22.1 (proxy_pass to a Redis-like port)
      {
        text: '2024/03/12 09:24:48 [error] 6441#6441: *17 upstream sent no valid HTTP/1.0 header while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "http://172.18.0.6:6379/api/users", host: "localhost:8080"',
        fields: { host: '172.18.0.6', port: '6379' },
      },
      // nginx 1.22.1 access log of the same request: status 009
      {
        text: '172.18.0.1 - - [12/Mar/2024:09:24:48 +0000] "GET /api/users HTTP/1.1" 009 28 "-" "curl/7.88.1"',
        fields: { status: '009' },
      },
    ],
    nearMiss: [
      '172.18.0.1 - - [12/Mar/2024:09:24:48 +0000] "GET /api/users HTTP/1.1" 200 28 "-" "curl/7.88.1"',
      '2024/03/12 09:24:48 [info] 6441#6441: *17 client sent invalid request while reading client request line, client: 172.18.0.1, server: localhost, request: "\\x16\\x03\\x01"',
    ],
  },

  'nginx/upstream-invalid-framing-header': {
    match: [
      {
        text: '2024/06/20 10:02:33 [error] 30#30: *412 upstream sent duplicate header line: "Content-Length: 3", previous value: "Content-Length: 2" while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /api HTTP/1.1", upstream: "http://172.18.0.4:3000/api", host: "localhost:8080"',
        fields: { host: '172.18.0.4' },
      },
      {
        text: '2024/06/20 10:02:33 [error] 30#30: *413 upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /api HTTP/1.1", upstream: "http://172.18.0.4:3000/api", host: "localhost:8080"',
        fields: { detail: '"Content-Length" and "Transfer-Encoding" headers at the same time' },
      },
    ],
    nearMiss: [
      '2024/06/20 10:02:33 [error] 30#30: *23 upstream sent invalid chunked response while reading upstream, client: 172.18.0.1, server: localhost, request: "GET /api HTTP/1.1", upstream: "http://172.18.0.4:3000/api", host: "localhost:8080"',
      '2024/06/20 10:02:33 [info] 30#30: *9 client sent duplicate header line: "Host: a", previous value: "Host: b" while reading client request headers, client: 172.18.0.1, server: localhost',
    ],
  },

  'nginx/upstream-invalid-body-framing': {
    match: [
      // nginx 1.22.1
      {
        text: '2024/03/12 09:24:48 [error] 6441#6441: *23 upstream sent invalid chunked response while reading upstream, client: 172.18.0.1, server: localhost, request: "GET /api/feed HTTP/1.1", upstream: "http://172.18.0.4:3000/api/feed", host: "localhost:8080"',
        fields: { detail: 'invalid chunked response', host: '172.18.0.4' },
      },
      // nginx 1.22.1 (logged at [warn])
      {
        text: '2024/03/12 09:24:48 [warn] 6441#6441: *25 upstream sent more data than specified in "Content-Length" header while reading upstream, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "http://172.18.0.4:3000/api/users", host: "localhost:8080"',
        fields: { port: '3000' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:48 [info] 6441#6441: *23 client sent invalid chunked body while reading client request body, client: 172.18.0.1, server: localhost, request: "POST /api HTTP/1.1", host: "localhost:8080"',
      '2024/03/12 09:24:50 [error] 6441#6441: *29 upstream prematurely closed connection while reading upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://172.18.0.4:3000/", host: "localhost:8080"',
    ],
  },

  'nginx/tls-to-plaintext-port': {
    match: [
      // nginx 1.22.1 + OpenSSL 3
      {
        text: '2024/03/12 09:24:47 [error] 6441#6441: *11 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "https://172.18.0.4:8080/api/users", host: "localhost:8080"',
        fields: { host: '172.18.0.4', port: '8080', scheme: 'https', code: '0A00010B' },
      },
      // OpenSSL 1.1.1 wording
      {
        text: '2021/09/14 16:20:01 [error] 22#22: *3 SSL_do_handshake() failed (SSL: error:1408F10B:SSL routines:ssl3_get_record:wrong version number) while SSL handshaking to upstream, client: 10.0.0.7, server: _, request: "GET / HTTP/1.1", upstream: "https://10.0.0.21:80/", host: "app.example.com"',
        fields: { code: '1408F10B', port: '80' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:50 [error] 6441#6441: *37 SSL_do_handshake() failed (SSL: error:0A00042E:SSL routines::tlsv1 alert protocol version:SSL alert number 70) while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "https://172.18.0.4:8443/", host: "localhost:8080"',
      '2024/03/12 09:24:47 [info] 6441#6441: *11 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking, client: 172.18.0.1, server: 0.0.0.0:443',
    ],
  },

  'nginx/tls-handshake-rejected': {
    match: [
      // nginx 1.22.1 + OpenSSL 3 (upstream accepts TLS 1.3 only, nginx offers 1.2)
      {
        text: '2024/03/12 09:24:50 [error] 6441#6441: *37 SSL_do_handshake() failed (SSL: error:0A00042E:SSL routines::tlsv1 alert protocol version:SSL alert number 70) while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "https://172.18.0.4:8443/api/users", host: "localhost:8080"',
        fields: { detail: 'tlsv1 alert protocol version', host: '172.18.0.4', port: '8443' },
      },
      {
        text: '2023/10/05 12:00:01 [error] 29#29: *88 SSL_do_handshake() failed (SSL: error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream, client: 10.0.0.7, server: _, request: "GET / HTTP/1.1", upstream: "https://52.84.10.23:443/", host: "cdn-proxy.example.com"',
        fields: { detail: 'sslv3 alert handshake failure' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:47 [error] 6441#6441: *11 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "https://172.18.0.4:8080/", host: "localhost:8080"',
      '2024/03/12 09:24:50 [info] 6441#6441: *37 SSL_do_handshake() failed (SSL: error:0A000412:SSL routines::sslv3 alert bad certificate:SSL alert number 42) while SSL handshaking, client: 172.18.0.1, server: 0.0.0.0:443',
    ],
  },

  'nginx/upstream-cert-verify-failed': {
    match: [
      // nginx 1.22.1 + OpenSSL 3 (self-signed upstream certificate, proxy_ssl_verify on)
      {
        text: '2024/03/12 09:24:50 [error] 6441#6441: *39 upstream SSL certificate verify error: (18:self-signed certificate) while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET /v1/charge HTTP/1.1", upstream: "https://10.0.5.12:8443/v1/charge", host: "pay.example.com"',
        fields: { detail: '18:self-signed certificate', host: '10.0.5.12', port: '8443' },
      },
      // nginx 1.22.1 + OpenSSL 3 (leaf signed by a CA missing from proxy_ssl_trusted_certificate)
      {
        text: '2024/03/12 09:25:25 [error] 7606#7606: *90 upstream SSL certificate verify error: (21:unable to verify the first certificate) while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET /v1/charge HTTP/1.1", upstream: "https://10.0.5.12:8443/v1/charge", host: "pay.example.com"',
        fields: { detail: '21:unable to verify the first certificate' },
      },
      {
        text: '2024/03/12 09:25:25 [error] 31#31: *91 upstream SSL certificate verify error: (20:unable to get local issuer certificate) while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "https://10.0.5.12:8443/", host: "pay.example.com"',
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:25 [error] 7606#7606: *92 upstream SSL certificate does not match "payments.internal" while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "https://10.0.5.12:8443/", host: "pay.example.com"',
      '2024/03/12 09:25:25 [info] 31#31: *91 client SSL certificate verify error: (18:self-signed certificate) while reading client request headers, client: 172.18.0.1, server: localhost',
    ],
  },

  'nginx/upstream-cert-name-mismatch': {
    match: [
      // nginx 1.22.1
      {
        text: '2024/03/12 09:25:25 [error] 7606#7606: *92 upstream SSL certificate does not match "payments.internal" while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET /v1/charge HTTP/1.1", upstream: "https://10.0.5.12:8443/v1/charge", host: "pay.example.com"',
        fields: { detail: 'payments.internal', host: '10.0.5.12', port: '8443' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:25 [error] 7606#7606: *90 upstream SSL certificate verify error: (21:unable to verify the first certificate) while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "https://10.0.5.12:8443/", host: "pay.example.com"',
      '2024/03/12 09:25:25 [warn] 1#1: "ssl_stapling" ignored, host not found in OCSP responder "ocsp.example.net" in the certificate "/etc/nginx/certs/site.pem"',
    ],
  },

  'nginx/tls-peer-closed-handshake': {
    match: [
      // nginx 1.22.1 (upstream FIN on ClientHello)
      {
        text: '2024/03/12 09:24:58 [error] 6441#6441: *45 peer closed connection in SSL handshake while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "https://10.0.5.12:8443/api/users", host: "localhost:8080"',
        fields: { host: '10.0.5.12', port: '8443' },
      },
      // nginx 1.22.1 (upstream RST on ClientHello)
      {
        text: '2024/03/12 09:24:58 [error] 6441#6441: *47 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "https://10.0.5.12:8443/api/users", host: "localhost:8080"',
        fields: { errno: '104' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:58 [info] 6441#6441: *45 peer closed connection in SSL handshake while SSL handshaking, client: 172.18.0.1, server: 0.0.0.0:443',
      '2024/03/12 09:25:12 [error] 7258#7258: *73 upstream timed out (110: Connection timed out) while SSL handshaking to upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "https://10.0.5.12:8443/", host: "localhost:8080"',
    ],
  },

  'nginx/fastcgi-closed-stdout': {
    match: [
      // nginx 1.22.1 (FastCGI server ended the request without headers)
      {
        text: '2024/03/12 09:25:10 [error] 7258#7258: *65 upstream prematurely closed FastCGI stdout while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://172.18.0.7:9000", host: "localhost:8080"',
        fields: { scheme: 'fastcgi', host: '172.18.0.7', port: '9000' },
      },
      {
        text: '2024/03/12 09:25:10 [error] 12#12: *3 upstream prematurely closed FastCGI stdout while reading response header from upstream, client: 10.0.0.4, server: wp.example.com, request: "POST /wp-admin/admin-ajax.php HTTP/2.0", upstream: "fastcgi://unix:/run/php/php8.1-fpm.sock:", host: "wp.example.com"',
      },
    ],
    nearMiss: [
      '2024/03/12 09:25:10 [error] 12#12: *3 FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined variable $x in /var/www/index.php on line 4" while reading response header from upstream, client: 10.0.0.4, server: wp.example.com, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.1-fpm.sock:", host: "wp.example.com"',
      '2024/03/12 09:24:47 [error] 6441#6441: *5 upstream prematurely closed connection while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://172.18.0.4:3000/", host: "localhost:8080"',
    ],
  },

  'nginx/grpc-backend-not-http2': {
    match: [
      // nginx 1.22.1 (grpc_pass to an HTTP/1.1 port answering 400): 4740180 as in the catalog
      {
        text: '2024/03/12 09:24:58 [error] 6441#6441: *49 upstream sent too large http2 frame: 4740180 while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "POST /helloworld.Greeter/SayHello HTTP/2.0", upstream: "grpc://10.0.4.8:8080", host: "grpc.example.com:443"',
        fields: { detail: '4740180', host: '10.0.4.8', port: '8080', scheme: 'grpc' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:58 [error] 6441#6441: *53 upstream rejected request with error 7 while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "POST /x HTTP/2.0", upstream: "grpc://10.0.4.8:50051", host: "grpc.example.com"',
      '2024/03/12 09:24:58 [info] 6441#6441: *49 client sent too large http2 frame: 16777215 while processing HTTP/2 connection, client: 172.18.0.1, server: 0.0.0.0:443',
    ],
  },

  'nginx/grpc-upstream-reset': {
    match: [
      // nginx 1.22.1 (backend RST_STREAM REFUSED_STREAM)
      {
        text: '2024/03/12 09:24:58 [error] 6441#6441: *53 upstream rejected request with error 7 while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "POST /orders.OrderService/Create HTTP/2.0", upstream: "grpc://10.0.4.8:50051", host: "grpc.example.com"',
        fields: { detail: 'rejected request with error 7', host: '10.0.4.8', port: '50051' },
      },
      {
        text: '2024/03/12 09:30:00 [error] 31#31: *77 upstream sent goaway with error 11 while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "POST /orders.OrderService/List HTTP/2.0", upstream: "grpc://10.0.4.8:50051", host: "grpc.example.com"',
        fields: { detail: 'sent goaway with error 11' },
      },
    ],
    nearMiss: [
      '2024/03/12 09:24:58 [error] 6441#6441: *49 upstream sent too large http2 frame: 4740180 while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "POST /x HTTP/2.0", upstream: "grpc://10.0.4.8:8080", host: "grpc.example.com"',
      '2024/03/12 09:24:58 [info] 6441#6441: *53 client sent goaway with error 0 while processing HTTP/2 connection, client: 172.18.0.1, server: 0.0.0.0:443',
    ],
  },

  'nginx/client-closed-request': {
    match: [
      // nginx 1.22.1 (logged at [info]; curl -m 1 against a 3 s backend)
      {
        text: '2024/03/12 09:25:16 [info] 7258#7258: *83 epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream, client: 10.0.0.12, server: localhost, request: "GET /report HTTP/1.1", upstream: "http://10.0.2.14:8000/report", host: "reports.example.com"',
        fields: { host: '10.0.2.14', port: '8000', status: '499' },
      },
      {
        text: '2024/03/12 09:25:16 [info] 31#31: *84 client prematurely closed connection, so upstream connection is closed too while reading response header from upstream, client: 10.0.0.12, server: localhost, request: "GET /report HTTP/1.1", upstream: "http://10.0.2.14:8000/report", host: "reports.example.com"',
      },
      // nginx 1.22.1 access log line of the same request
      {
        text: '10.0.0.12 - - [12/Mar/2024:09:25:16 +0000] "GET /report HTTP/1.1" 499 0 "-" "curl/7.88.1"',
        fields: { status: '499' },
      },
    ],
    nearMiss: [
      '10.0.0.12 - - [12/Mar/2024:09:25:16 +0000] "GET /report HTTP/1.1" 200 4990 "-" "curl/7.88.1"',
      '2024/03/12 09:24:50 [info] 6441#6441: *29 client prematurely closed connection while sending to client, client: 10.0.0.12, server: localhost, request: "GET /big HTTP/1.1", upstream: "http://10.0.2.14:8000/big", host: "reports.example.com"',
    ],
  },

  'nginx/stream-proxy-failure': {
    match: [
      {
        text: '2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.3.17, server: 0.0.0.0:5432, upstream: "10.0.3.40:5432", bytes from/to client:0/0, bytes from/to upstream:0/0',
        fields: { errno: '111', host: '10.0.3.40', port: '5432', client: '10.0.3.17' },
      },
      {
        text: '2024/03/12 09:15:02 [error] 31#31: *9 upstream timed out (110: Connection timed out) while connecting to upstream, client: 10.0.3.17, server: 0.0.0.0:6379, upstream: "10.0.3.41:6379", bytes from/to client:0/0, bytes from/to upstream:0/0',
        fields: { errno: '110', host: '10.0.3.41' },
      },
      {
        text: '2024/03/12 09:16:02 [error] 31#31: *11 no live upstreams while connecting to upstream, client: 10.0.3.17, server: 0.0.0.0:1883, upstream: "mqtt_backend", bytes from/to client:0/0, bytes from/to upstream:0/0',
        fields: { upstream: 'mqtt_backend' },
      },
    ],
    nearMiss: [REFUSED, '2024/03/12 09:14:02 [info] 31#31: *7 client 10.0.3.17:51234 connected to 0.0.0.0:5432'],
  },

  'nginx/access-log-upstream-never-connected': {
    match: [
      // nginx 1.22.1, custom log_format with ua/us/uct/uht (connection refused)
      {
        text: '172.18.0.1 - - [12/Mar/2024:09:25:49 +0000] "GET /api/orders HTTP/1.1" 502 157 "-" "curl/7.88.1" rt=0.000 ua="172.18.0.5:8080" us="502" ut="0.000" uct="-" uht="-"',
        fields: { status: '502', upstream: '172.18.0.5:8080', host: '172.18.0.5', port: '8080' },
      },
      // nginx 1.22.1, two servers tried (proxy_next_upstream)
      {
        text: '172.18.0.1 - - [12/Mar/2024:09:25:51 +0000] "GET /checkout HTTP/1.1" 502 157 "-" "curl/7.88.1" rt=0.000 ua="10.0.1.31:8080, 10.0.1.32:8080" us="502, 502" ut="0.000, 0.000" uct="-, -" uht="-, -"',
        fields: { status: '502', host: '10.0.1.31' },
      },
      // nginx 1.22.1, escape=json log_format
      {
        text: '{"time":"2024-03-12T09:25:49+00:00","remote_addr":"172.18.0.1","request":"GET /api/orders HTTP/1.1","status":502,"upstream_addr":"172.18.0.5:8080","upstream_status":"502","upstream_connect_time":"-","upstream_header_time":"-","upstream_response_time":"0.000","request_time":0.000}',
        fields: { status: '502', upstream: '172.18.0.5:8080' },
      },
      // fields in another order (connect time first, address last)
      {
        text: '10.0.0.7 - - [12/Mar/2024:09:40:02 +0000] "GET /api/cart HTTP/1.1" 502 150 "-" "Mozilla/5.0" request_time=0.001 upstream_connect_time=- upstream_status=502 upstream_addr=10.0.2.9:8080',
        fields: { status: '502', host: '10.0.2.9', port: '8080' },
      },
    ],
    nearMiss: [
      // connected, no header (504 read timeout)
      '172.18.0.1 - - [12/Mar/2024:09:25:51 +0000] "GET /api/orders HTTP/1.1" 504 167 "-" "curl/7.88.1" rt=2.003 ua="172.18.0.5:8080" us="504" ut="2.002" uct="0.000" uht="-"',
      '172.18.0.1 - - [12/Mar/2024:09:25:51 +0000] "GET /v1/charge HTTP/1.1" 200 2 "-" "curl/7.88.1" rt=0.003 ua="172.18.0.5:8443" us="200" ut="0.003" uct="0.002" uht="0.003"',
    ],
  },

  'nginx/access-log-upstream-no-header': {
    match: [
      // nginx 1.22.1 (proxy_read_timeout)
      {
        text: '172.18.0.1 - - [12/Mar/2024:09:25:51 +0000] "GET /api/orders HTTP/1.1" 504 167 "-" "curl/7.88.1" rt=2.003 ua="172.18.0.5:8080" us="504" ut="2.002" uct="0.000" uht="-"',
        fields: { status: '504', upstream: '172.18.0.5:8080' },
      },
      // nginx 1.22.1, escape=json log_format (backend reset)
      {
        text: '{"time":"2024-03-12T09:25:51+00:00","remote_addr":"172.18.0.1","request":"GET /api/orders HTTP/1.1","status":502,"upstream_addr":"172.18.0.5:8080","upstream_status":"502","upstream_connect_time":"0.000","upstream_header_time":"-","upstream_response_time":"0.000","request_time":0.000}',
        fields: { status: '502', host: '172.18.0.5' },
      },
      // custom log_format without the connect time: a 504 is a timeout (proxy_read_timeout 60s)
      {
        text: '10.0.0.7 - - [21/Nov/2026:10:01:00 +0000] "GET /api/report HTTP/1.1" 504 167 "-" "curl/8.5.0" rt=60.002 ua="10.0.2.9:8080" us="504" uht="-" urt="60.001"',
        fields: { status: '504', upstream: '10.0.2.9:8080' },
      },
    ],
    nearMiss: [
      '172.18.0.1 - - [12/Mar/2024:09:25:49 +0000] "GET /api/orders HTTP/1.1" 502 157 "-" "curl/7.88.1" rt=0.000 ua="172.18.0.5:8080" us="502" ut="0.000" uct="-" uht="-"',
      // no connect time and a 502: refused and reset look the same, so only the generic entry applies
      '10.0.0.7 - - [21/Nov/2026:10:01:00 +0000] "GET /api/report HTTP/1.1" 502 157 "-" "curl/8.5.0" rt=0.001 ua="10.0.2.9:8080" us="502" uht="-" urt="0.001"',
      // the same 504 line, but the connect time says it never connected
      '10.0.0.7 - - [21/Nov/2026:10:01:00 +0000] "GET /api/report HTTP/1.1" 504 167 "-" "curl/8.5.0" rt=60.002 ua="10.0.2.9:8080" us="504" uct="-" uht="-" urt="60.001"',
      '172.18.0.1 - - [12/Mar/2024:09:24:48 +0000] "GET /api/users HTTP/1.1" 200 12 "-" "curl/7.88.1" rt=0.001 ua="172.18.0.5:8080" us="200" ut="0.000" uct="0.000" uht="0.000"',
    ],
  },

  'nginx/access-log-upstream-error': {
    match: [
      // nginx 1.22.1, key=value log_format
      {
        text: '172.18.0.1 - - [12/Mar/2024:09:25:51 +0000] "GET /api/orders HTTP/1.1" 504 167 "-" "curl/7.88.1" upstream_addr=172.18.0.5:8080 upstream_status=504 upstream_response_time=2.002 upstream_connect_time=0.000',
        fields: { status: '504', upstream: '172.18.0.5:8080', port: '8080' },
      },
      // retried on a second server that answered 200
      {
        text: '10.0.0.7 - - [12/Mar/2024:09:30:12 +0000] "GET /api/cart HTTP/1.1" 200 512 "-" "Mozilla/5.0" ua="10.0.0.1:80, 10.0.0.2:80" us="502, 200" rt=0.012',
        fields: { status: '502', upstream: '10.0.0.1:80' },
      },
      {
        text: '203.0.113.9 - - [12/Mar/2024:09:31:40 +0000] "POST /login HTTP/2.0" 502 150 "-" "okhttp/4.12.0" us="502"',
        fields: { status: '502' },
      },
    ],
    nearMiss: [
      '172.18.0.1 - - [12/Mar/2024:09:25:51 +0000] "GET /v1/charge HTTP/1.1" 200 2 "-" "curl/7.88.1" rt=0.003 ua="172.18.0.5:8443" us="200" ut="0.003" uct="0.002" uht="0.003"',
      // nginx itself answered 502 but no upstream was tried (no resolver): us="-"
      '172.18.0.1 - - [12/Mar/2024:09:24:58 +0000] "GET /orders HTTP/1.1" 502 157 "-" "curl/7.88.1" rt=0.000 ua="-" us="-" ut="-" uct="-" uht="-"',
      '172.18.0.1 - - [12/Mar/2024:09:24:58 +0000] "GET /status HTTP/1.1" 502 157 "-" "curl/7.88.1" status=502',
    ],
  },
} satisfies SignatureCases;
