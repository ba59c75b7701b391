import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { RequireRole } from '../auth/auth.decorators';
import { type Role, ROLES } from '../auth/principal';
import { ApiErrorResponses } from '../common/errors/api-error.responses';
import { DomainError } from '../common/errors/domain.error';

class WhoamiResponse {
  @ApiProperty({
    example: 'noc-screen',
    description: 'the id of the API key (`anonymous` with ENABLE_AUTH=false)',
  })
  key_id!: string;
  @ApiProperty({ enum: ROLES })
  role!: Role;
}

@ApiTags('dashboard')
@Controller('api/whoami')
export class WhoamiController {
  @Get()
  @RequireRole('monitor')
  @ApiOperation({
    summary:
      "The calling key's id and role, so a client (the dashboard) shows only what the key may use",
  })
  @ApiOkResponse({ type: WhoamiResponse })
  @ApiErrorResponses('RATE_LIMIT_EXCEEDED')
  whoami(@Req() req: Request): WhoamiResponse {
    // The global guard sets the principal on every route that is not public.
    const principal = req.principal;
    if (principal === undefined) throw new DomainError('UNAUTHORIZED', 'An API key is required');
    return { key_id: principal.keyId, role: principal.role };
  }
}
