import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { CacheConfig } from '../config/configuration';
import { AccessAudit } from './access.audit';
import { AccessGuard } from './access.guard';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { AuthEvents } from './auth.events';
import { KeyNotice } from './key.notice';
import { KeyStore } from './key.store';
import { RateLimitStorage } from './rate-limit.storage';
import { RateLimitNamespace, RateLimiter } from './rate.limiter';
import { RouteRulesCheck } from './route-rules.check';
import { RoutePolicy } from './route.policy';
import { ScopeService } from './scope.service';

/**
 * API keys, roles, scopes and rate limits. Registers the one global guard (deny by default) and
 * the invalid-request audit interceptor; exports the scope check for the probe module, the key
 * store for bootstrap (SIGHUP -> `reload()`, `generatedKey`) and the counters for metrics.
 */
@Module({
  imports: [AuditModule, DiscoveryModule],
  providers: [
    KeyNotice,
    KeyStore,
    ApiKeyAuthenticator,
    AuthEvents,
    AccessAudit,
    RoutePolicy,
    RouteRulesCheck,
    ScopeService,
    { provide: RateLimitNamespace, useValue: new RateLimitNamespace('sentinel:rate-limit:') },
    {
      provide: RateLimitStorage,
      inject: [CacheConfig],
      useFactory: (cache: CacheConfig) => new RateLimitStorage(cache.redisUrl),
    },
    RateLimiter,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [ScopeService, KeyStore, AuthEvents],
})
export class AuthModule {}
