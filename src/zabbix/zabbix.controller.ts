import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, RequireRole } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/errors/api-error.responses';
import type { CallContext } from '../probe/probe.types';
import { DiscoveryQueryDto } from './discovery-query.dto';
import { ZabbixService } from './zabbix.service';

@ApiTags('zabbix')
@Controller('api/zabbix')
export class ZabbixController {
  constructor(private readonly zabbix: ZabbixService) {}

  @Get('discovery')
  @RequireRole('monitor')
  @ApiErrorResponses('INVALID_REQUEST', 'RATE_LIMIT_EXCEEDED')
  @ApiOperation({
    summary: 'Zabbix low-level discovery: one {#DEVICE}/{#TARGET} pair per inventory target',
    description:
      'Feeds the discovery rule of config/zabbix/tripleplay_sentinel_template.yaml. Filtered by `device` and by the device and target scopes of the API key.',
  })
  @ApiOkResponse({
    description: 'LLD rows',
    schema: {
      type: 'array',
      items: {
        type: 'object',
        properties: { '{#DEVICE}': { type: 'string' }, '{#TARGET}': { type: 'string' } },
        required: ['{#DEVICE}', '{#TARGET}'],
      },
      example: [
        { '{#DEVICE}': 'core-1', '{#TARGET}': '8.8.8.8' },
        { '{#DEVICE}': 'core-1', '{#TARGET}': '1.1.1.1' },
      ],
    },
  })
  discovery(@Query() query: DiscoveryQueryDto, @Caller() caller: CallContext) {
    return this.zabbix.discovery(caller, query.device);
  }
}
