import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RequestCounters } from '../stats/request.counters';
import { MetricsService } from './metrics.service';

/**
 * Counts and times every HTTP response, including those refused by guards, pipes and the
 * body parser, which an interceptor would never see. Register it first in bootstrap:
 * `app.use(app.get(HttpMetricsMiddleware).handle)`.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(
    private readonly metrics: MetricsService,
    private readonly counters: RequestCounters,
  ) {}

  /** The middleware as a bound function, for `app.use`. */
  readonly handle = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observeRequest(req.method, routeLabel(req), res.statusCode, seconds);
      this.counters.record(res.statusCode);
    });
    next();
  };

  use(req: Request, res: Response, next: NextFunction): void {
    this.handle(req, res, next);
  }
}

/**
 * The route pattern Express matched (`/api/cache/:key`), never the raw path, so label values stay
 * few whatever clients send; requests no route matched are 'unmatched'.
 */
export function routeLabel(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route;
  if (typeof route?.path !== 'string') return 'unmatched';
  return `${req.baseUrl}${route.path}`;
}
