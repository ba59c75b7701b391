import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  Body,
  Controller,
  Delete,
  Get,
  type INestApplication,
  Post,
  ValidationPipe,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { IsIn, IsString } from 'class-validator';
import { AuditSink } from '../../src/audit/audit.sink';
import { Caller, Public, PublicWhen, RequireRole } from '../../src/auth/auth.decorators';
import { AuthModule } from '../../src/auth/auth.module';
import { KeyNotice } from '../../src/auth/key.notice';
import { RateLimitNamespace } from '../../src/auth/rate.limiter';
import { ScopeService } from '../../src/auth/scope.service';
import { RecordingAuditSink } from '../../src/auth/testing/recording-audit.sink';
import { DomainError } from '../../src/common/errors/domain.error';
import { ErrorFilter } from '../../src/common/errors/error.filter';
import { requestIdMiddleware } from '../../src/common/http/request-id';
import { MetricsConfig, loadConfiguration } from '../../src/config/configuration';
import { AppConfigModule } from '../../src/config/config.module';
import type { Env } from '../../src/config/env.reader';
import type { CallContext } from '../../src/probe/probe.types';
import { AccessAudit } from '../../src/auth/access.audit';

/** Keys of each role for the boundary specs (secrets long enough for API_KEYS). */
export const KEYS = {
  monitor: 'monitor-key-000000000001',
  operator: 'operator-key-00000000002',
  admin: 'admin-key-00000000000003',
  wrong: 'nobody-issued-this-key-04',
} as const;

export const API_KEYS = `mon:monitor:${KEYS.monitor},ops:operator:${KEYS.operator},root:admin:${KEYS.admin}`;

class ProbeDto {
  @IsString() @IsIn(['ping', 'traceroute']) test_type!: string;
}

class CapturedNotice extends KeyNotice {
  readonly shown: string[] = [];
  override show(key: string): void {
    this.shown.push(key);
  }
}

/** Stand-ins for the real controllers: one route per access level, as the app declares them. */
@Controller('t')
class AccessController {
  constructor(private readonly scopes: ScopeService) {}

  @Get('public') @Public() open() {
    return { ok: 'public' };
  }
  @Get('monitor') @RequireRole('monitor') monitor() {
    return { ok: 'monitor' };
  }
  @Post('operator') @RequireRole('operator') operator(@Body() body: ProbeDto) {
    return { ok: 'operator', test_type: body.test_type };
  }
  @Delete('admin') @RequireRole('admin') admin() {
    return { ok: 'admin' };
  }
  @Get('forgotten') forgotten() {
    return { ok: 'no rule' };
  }
  @Get('metrics')
  @RequireRole('monitor')
  @PublicWhen(MetricsConfig, (metrics) => metrics.isPublic)
  metrics() {
    return { ok: 'metrics' };
  }
  @Post('scoped') @RequireRole('operator') scopedCheck(
    @Body() body: { device: string; target: string },
    @Caller() caller: CallContext,
  ) {
    this.scopes.assertAllowed(caller, body.device, body.target);
    return { ok: 'in scope' };
  }
  @Get('invalid') @RequireRole('monitor') invalid() {
    throw new DomainError('INVALID_REQUEST', 'count must be 1-100');
  }
}

export interface AuthApp {
  app: INestApplication;
  /** http://127.0.0.1:<port>: one listening server for all of a spec's requests. */
  url: string;
  audit: RecordingAuditSink;
  notice: CapturedNotice;
  prefix: string;
}

/**
 * A small Nest app with the real AuthModule (global guard, limits, audit interceptor), the real
 * error filter and a validation pipe like bootstrap's, over `env`. Audit lines are recorded in
 * memory; rate-limit counters get a prefix of their own unless one is given.
 */
export async function startAuthApp(
  env: Env,
  prefix = `test:auth:${randomUUID()}:`,
): Promise<AuthApp> {
  const audit = new RecordingAuditSink();
  const notice = new CapturedNotice();
  const module = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(loadConfiguration({ AUDIT_LOG_FILE: '/dev/null', ...env })),
      AuthModule,
    ],
    controllers: [AccessController],
  })
    .overrideProvider(AuditSink)
    .useValue(audit)
    .overrideProvider(KeyNotice)
    .useValue(notice)
    .overrideProvider(RateLimitNamespace)
    .useValue(new RateLimitNamespace(prefix))
    .compile();
  const app = module.createNestApplication<NestExpressApplication>({ logger: false });
  // Lets the specs speak from many addresses through X-Forwarded-For.
  app.set('trust proxy', true);
  app.use(requestIdMiddleware);
  const access = app.get(AccessAudit);
  app.useGlobalFilters(new ErrorFilter((req, detail) => access.invalidRequest(req, detail)));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, audit, notice, prefix };
}
