import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, RequireRole } from '../auth/auth.decorators';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: 200 while the process can serve; checks no dependency' })
  @ApiOkResponse({ description: '`{ status: "ok" }`' })
  live() {
    return this.health.live();
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary:
      'Readiness: 200 when it can do its job (Redis reachable if configured and required), else 503',
  })
  @ApiOkResponse({ description: 'ready' })
  @ApiServiceUnavailableResponse({ description: 'not ready: the failing checks are listed' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const result = await this.health.ready();
    if (result.status !== 'ok') res.status(503);
    return result;
  }

  @Get()
  @RequireRole('monitor')
  @ApiOperation({
    summary: 'Detail: healthy, degraded or unhealthy, with components, cache and performance',
  })
  @ApiOkResponse({
    description:
      'status, version, timestamp, uptime_seconds, components{redis, ssh_pool}, cache, performance',
  })
  detail() {
    return this.health.detail();
  }
}
