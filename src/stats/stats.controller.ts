import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/errors/api-error.responses';
import { StatsResponse } from './stats.responses';
import { StatsService } from './stats.service';

@ApiTags('monitoring')
@Controller('api/stats')
@RequireRole('monitor')
@ApiErrorResponses('RATE_LIMIT_EXCEEDED')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Requests, cache, SSH connections and tests of this replica (tests and failures over 24 h)',
  })
  @ApiOkResponse({ type: StatsResponse })
  report() {
    return this.stats.report();
  }
}
