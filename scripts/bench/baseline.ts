import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';

/**
 * The cache-hit baseline: a bare node:http server that reads the request, does the same Redis
 * GET the collector does for a cache hit, and answers the same bytes the collector answered.
 * Run in a process of its own (forked by the bench), like the collector, so the load generator
 * never shares its event loop.
 */
export async function serveBaseline(
  redisUrl: string,
  key: string,
  bodyFile: string,
): Promise<void> {
  const answer = readFileSync(bodyFile);
  // The collector's connection options that matter for a GET: auto-pipelining, no offline queue.
  const redis = new Redis(redisUrl, { enableAutoPipelining: true, enableOfflineQueue: true });
  const server = createServer((req, res) => {
    req.resume();
    req.once('end', () => {
      redis.get(key).then(
        (value) => {
          if (value === null) {
            res.statusCode = 404;
            res.end();
            return;
          }
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.setHeader('Content-Length', answer.length);
          res.end(answer);
        },
        () => {
          res.statusCode = 500;
          res.end();
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send?.({ port: (server.address() as AddressInfo).port });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    redis.disconnect();
  });
}
