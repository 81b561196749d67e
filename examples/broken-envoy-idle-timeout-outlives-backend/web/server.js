// Minimal front end: answers / and the health endpoint Envoy and Compose check.
const http = require('node:http');

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') return res.end('ok');
  res.setHeader('content-type', 'text/html');
  res.end('<h1>Inventory</h1>');
});
// Node.js default: idle keep-alive connections are closed after 5 s (Envoy's idle_timeout is 4 s).
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '0.0.0.0');
