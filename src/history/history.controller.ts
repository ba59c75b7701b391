import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, RequireRole } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/errors/api-error.responses';
import type { CallContext } from '../probe/probe.types';
import { HistoryQueryDto, HistoryTargetsQueryDto } from './dto/history-query.dto';
import { HistoryResponse, HistoryTargetsResponse } from './dto/history.responses';
import { HistoryReader } from './history.reader';

@ApiTags('history')
@Controller('api/history')
@RequireRole('monitor')
@ApiErrorResponses('INVALID_REQUEST', 'RATE_LIMIT_EXCEEDED')
export class HistoryController {
  constructor(private readonly reader: HistoryReader) {}

  @Get()
  @ApiOperation({
    summary: 'Past results of one device, test type and target, as compact points for a graph',
    description:
      'Every fresh result (not cache hits) is kept, bounded by HISTORY_MAX_POINTS per series and HISTORY_RETENTION seconds. ' +
      'ping points: t, loss (percent), min, median, avg, max, jitter (ms, null = not measured); ' +
      'traceroute points: t, hop_count, reached, path_hash, path, path_changed.',
  })
  @ApiOkResponse({ type: HistoryResponse })
  read(@Query() query: HistoryQueryDto, @Caller() caller: CallContext) {
    return this.reader.read(query, caller);
  }

  @Get('targets')
  @ApiOperation({
    summary: 'Every device, target and test type with history, and its newest point',
  })
  @ApiOkResponse({ type: HistoryTargetsResponse })
  targets(@Query() query: HistoryTargetsQueryDto, @Caller() caller: CallContext) {
    return this.reader.targets(query, caller);
  }
}
