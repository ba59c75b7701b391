import type { Server } from 'node:http';
import type { INestApplication, LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Drains before it closes. Nest's own shutdown hooks destroy modules (the SSH pool, Redis) before
 * the HTTP server stops, which would fail tests still running; this stops accepting first, lets
 * in-flight requests finish (bounded), and only then closes the app.
 */
export class GracefulShutdown {
  private inFlight = 0;
  private draining = false;
  private idle: (() => void) | undefined;

  /** Express middleware that counts requests in flight. */
  readonly track = (_req: Request, res: Response, next: NextFunction): void => {
    this.inFlight += 1;
    if (this.draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    });
    next();
  };

  get isDraining(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Stop accepting, wait for in-flight requests up to `timeoutMs`, then close the app. */
  async shutdown(app: INestApplication, timeoutMs: number, logger: LoggerService): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const server = app.getHttpServer() as Server;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    logger.log(`Shutting down: ${this.inFlight} request(s) in flight`, 'Shutdown');
    const drained = new Promise<void>((resolve) => {
      if (this.inFlight === 0) resolve();
      else this.idle = resolve;
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([drained.then(() => 'drained' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout')
      logger.warn(
        `Shutdown: ${this.inFlight} request(s) cut off after ${timeoutMs} ms`,
        'Shutdown',
      );
    server.closeAllConnections();
    await closed;
    await app.close();
  }
}
