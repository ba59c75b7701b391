// Reference point: bare Express 5 with its JSON body parser, answering with one Redis GET.
const express = require('express');
const { Redis } = require('ioredis');

const redis = new Redis(process.env.REDIS_URL);
const app = express();
app.set('etag', false);
app.use(express.json());
app.post('/api/test', async (_req, res) => {
  res.json(JSON.parse(await redis.get('k')));
});
app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
