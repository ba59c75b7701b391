import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PublicWhen, RequireRole } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/errors/api-error.responses';
import { MetricsConfig } from '../config/configuration';
import { MetricsService } from './metrics.service';

/** Registered only with METRICS_ENABLED=true; open to anyone with METRICS_PUBLIC=true. */
@ApiTags('monitoring')
@Controller('metrics')
@RequireRole('monitor')
@PublicWhen(MetricsConfig, (metrics) => metrics.isPublic)
@ApiErrorResponses('RATE_LIMIT_EXCEEDED')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format); public when METRICS_PUBLIC=true',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description:
      'api_requests_total, device_commands_total, cache_hits_total, ... and process metrics',
  })
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.scrape();
  }
}
