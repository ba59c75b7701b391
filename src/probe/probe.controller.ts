import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, RequireRole } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/errors/api-error.responses';
import { BatchService } from './batch.service';
import { ConnectionTestService } from './connection-test.service';
import { BatchRequestDto } from './dto/batch-request.dto';
import { ConnectionTestDto } from './dto/connection-test.dto';
import { TestRequestDto } from './dto/test-request.dto';
import { ProbeService } from './probe.service';
import type { CallContext } from './probe.types';

@ApiTags('tests')
@Controller('api')
@RequireRole('operator')
@ApiErrorResponses(
  'INVALID_REQUEST',
  'RATE_LIMIT_EXCEEDED',
  'MIKROTIK_CONNECTION_FAILED',
  'MIKROTIK_AUTH_FAILED',
  'MIKROTIK_HOST_KEY_MISMATCH',
  'MIKROTIK_COMMAND_FAILED',
  'DEVICE_BUSY',
  'TIMEOUT_ERROR',
)
export class ProbeController {
  constructor(
    private readonly probe: ProbeService,
    private readonly batch: BatchService,
    private readonly connection: ConnectionTestService,
  ) {}

  @Post('test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run one ping or traceroute on one router' })
  @ApiOkResponse({ description: 'The measurement (100 % loss is a success with null RTTs)' })
  runTest(@Body() body: TestRequestDto, @Caller() caller: CallContext) {
    return this.probe.runTest(body, caller);
  }

  @Post('test/batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run 1-50 tests on one router; each answers with its result or its error envelope',
  })
  runBatch(@Body() body: BatchRequestDto, @Caller() caller: CallContext) {
    return this.batch.runBatch(body, caller);
  }

  @Post('connection-test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in to a router and report its identity, version and load' })
  testConnection(@Body() body: ConnectionTestDto, @Caller() caller: CallContext) {
    return this.connection.test(body, caller);
  }
}
