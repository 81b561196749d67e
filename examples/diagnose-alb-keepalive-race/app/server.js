// shop-api: Express on Node.js 20 behind an AWS Application Load Balancer (idle timeout 60 s).
const express = require('express');
const app = express();

app.get('/healthz', (req, res) => res.send('ok'));
app.use('/api', require('./routes'));

const server = app.listen(process.env.PORT || 3000, () => {
  console.log(`shop-api listening on port ${server.address().port}`);
});
// Node's default server.keepAliveTimeout is 5 s: the ALB keeps idle connections for 60 s and reuses
// one the app has just closed, which ends in a 502 with no target response.
