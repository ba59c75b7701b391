import { type DynamicModule, Global, Module } from '@nestjs/common';
import {
  AuditConfig,
  AuthConfig,
  CacheConfig,
  type Configuration,
  DeviceConfig,
  MetricsConfig,
  RateLimitConfig,
  ServerConfig,
} from './configuration';

const SECTIONS = [
  ServerConfig,
  AuthConfig,
  DeviceConfig,
  CacheConfig,
  RateLimitConfig,
  AuditConfig,
  MetricsConfig,
];

/** Provides each validated config section under its own class token, to every module. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(configuration: Configuration): DynamicModule {
    const values = Object.values(configuration) as object[];
    const providers = SECTIONS.map((section) => ({
      provide: section,
      useValue: values.find((value) => value instanceof section),
    }));
    return { module: AppConfigModule, providers, exports: SECTIONS };
  }
}
