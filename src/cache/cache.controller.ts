import { Controller, Delete, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Caller, RequireRole } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/errors/api-error.responses';
import type { CallContext } from '../probe/probe.types';
import { CacheAdminService } from './cache-admin.service';
import { CacheKeyPipe } from './cache-key.pipe';
import {
  CacheClearedResponse,
  CacheDeletedResponse,
  CacheEntryDetailResponse,
  CacheListResponse,
  CacheStatusResponse,
} from './cache.responses';

const KEY_PARAM = {
  name: 'key',
  description: 'ping_ or traceroute_ and 32 hex digits, as in metadata.cache_key',
  example: 'ping_0123456789abcdef0123456789abcdef',
};

@ApiTags('cache')
@Controller('api/cache')
@RequireRole('operator')
@ApiErrorResponses('RATE_LIMIT_EXCEEDED', 'INTERNAL_ERROR')
export class CacheController {
  constructor(private readonly cache: CacheAdminService) {}

  @Get('status')
  @ApiOperation({
    summary: 'Backend, entries, hits, misses, hit rate, evictions and coalesced requests',
  })
  @ApiOkResponse({ type: CacheStatusResponse })
  status() {
    return this.cache.status();
  }

  @Get()
  @ApiOperation({
    summary: 'List fresh entries: key, test type, router, target, age and time left',
  })
  @ApiOkResponse({ type: CacheListResponse })
  list() {
    return this.cache.list();
  }

  @Get(':key')
  @ApiOperation({ summary: 'One fresh entry with its cached measurement' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: CacheEntryDetailResponse })
  @ApiErrorResponses('INVALID_REQUEST', 'NOT_FOUND')
  entry(@Param('key', CacheKeyPipe) key: string) {
    return this.cache.entry(key);
  }

  @Delete(':key')
  @ApiOperation({ summary: 'Remove one entry and its last good copy (audited as cache_cleared)' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: CacheDeletedResponse })
  @ApiErrorResponses('INVALID_REQUEST', 'NOT_FOUND')
  remove(@Param('key', CacheKeyPipe) key: string, @Caller() caller: CallContext) {
    return this.cache.remove(key, caller);
  }

  @Delete()
  @RequireRole('admin')
  @ApiOperation({
    summary:
      "Remove every entry and last good copy of this service (never other applications' keys); audited",
  })
  @ApiOkResponse({ type: CacheClearedResponse })
  clear(@Caller() caller: CallContext) {
    return this.cache.clear(caller);
  }
}
