// Reference point: a bare node:http server answering every request with one Redis GET.
// PORT=... REDIS_URL=redis://127.0.0.1:6379/9 node scripts/bench/reference/node-http.js
const { createServer } = require('node:http');
const { Redis } = require('ioredis');

const redis = new Redis(process.env.REDIS_URL);
createServer((req, res) => {
  req.resume();
  req.on('end', async () => {
    const value = await redis.get('k');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(value);
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
